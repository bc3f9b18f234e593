// Shared fixtures for the compiler tests: temporary pack directories and
// positions of text in them.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHIPPED_PACKS = ['rules/go-runtime', 'rules/http-golden-signals', 'rules/slo'];

/** Creates a temporary directory holding the given files (paths relative to it). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-compile-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

/** 1-based line:column of the `nth` occurrence of `needle` in `text`. */
export function lineColOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture does not contain ${JSON.stringify(needle)}`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** A minimal valid pack with one group around `rules` (YAML lines indented for the rules list). */
export function packText(options: { name?: string; parameters?: string; rules: string; extra?: string }): string {
  return [
    'apiVersion: promforge/v1',
    'kind: RulePack',
    'metadata:',
    `  name: ${options.name ?? 'demo'}`,
    '  version: 0.1.0',
    ...(options.parameters ? ['parameters:', options.parameters] : []),
    ...(options.extra ? [options.extra] : []),
    'groups:',
    '  - name: demo',
    '    rules:',
    options.rules,
    '',
  ].join('\n');
}
