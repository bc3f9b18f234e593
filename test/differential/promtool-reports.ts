// promtool's `test rules` output and promforge's, reduced to comparable
// failure reports (shared by the differential unit-test suites).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { floatsAgree } from './compare.js';
import { PROMTOOL_BIN } from './prometheus-server.js';

export interface ToolReport {
  readonly passed: boolean;
  /** Failure text lines without blank lines, trailing spaces or the `FAILED:` header. */
  readonly lines: readonly string[];
}

export function normalizeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && l !== '  FAILED:' && !l.startsWith('Unit Testing:') && l !== '  SUCCESS');
}

/**
 * Failure reports keyed by their first line (`    alertname: X, time: T, ` or
 * `    expr: "…", time: T,`), each with its following lines joined; a test
 * group's `    name: …,` line belongs to the report after it.
 */
export function failureBlocks(lines: readonly string[]): Map<string, string> {
  const blocks = new Map<string, string>();
  let header: string | undefined;
  let body: string[] = [];
  let pendingName = '';
  const flush = (): void => {
    if (header !== undefined) blocks.set(header, body.join('\n'));
  };
  for (const l of lines) {
    if (l.startsWith('    name: ')) {
      pendingName = l;
      continue;
    }
    if (l.startsWith('    alertname: ') || l.startsWith('    expr: ')) {
      flush();
      header = l;
      body = pendingName ? [pendingName] : [];
      pendingName = '';
      continue;
    }
    body.push(l);
  }
  flush();
  // Anything before the first report (file errors) is compared as one block.
  return blocks.size > 0 || lines.length === 0 ? blocks : new Map([['<whole output>', lines.join('\n')]]);
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * Equal texts, except that numbers may differ within the engine tolerance:
 * promtool itself sums in an order that varies from run to run, so its last
 * digit is not stable.
 */
export function textsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  return na.length === nb.length && na.every((x, i) => floatsAgree(Number(x), Number(nb[i])));
}

export interface PromtoolRunOptions {
  /** Kill promtool after this long; a killed run rejects rather than counting as a failure. */
  readonly timeoutMs?: number;
}

/**
 * Runs `promtool test rules` in the test file's folder (rule_files are
 * relative to it). The options are an object, not a positional number, on
 * purpose: `files.map(runPromtool)` once passed the array index as the
 * timeout, so promtool was killed within milliseconds and every run looked
 * like a failure with an empty report.
 */
export function runPromtool(testFile: string, options: PromtoolRunOptions = {}): Promise<ToolReport> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, ['test', 'rules', path.basename(testFile)], { cwd: path.dirname(testFile), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`promtool test rules ${testFile} did not finish within ${timeoutMs} ms`));
      else if (code === null) reject(new Error(`promtool test rules ${testFile} was killed by ${signal ?? 'a signal'}`));
      else resolve({ passed: code === 0, lines: normalizeLines(out) });
    });
  });
}

/**
 * promtool's strict-YAML errors (`yaml: unmarshal errors:` then
 * `  line 23: field start_timestamp not found in type main.testGroup`) and
 * promforge's positioned diagnostics (`field start_timestamp not found in a
 * test group: …` at line 23), both as `line 23: field start_timestamp not found`.
 * Other lines pass unchanged.
 */
export function normalizeFieldErrors(lines: readonly string[]): string[] {
  return lines
    .filter((l) => l !== 'yaml: unmarshal errors:')
    .map((l) => l.replace(/^\s*line (\d+): field (\S+) not found in type \S+$/, 'line $1: field $2 not found'));
}

/** promforge's file diagnostics in the shape normalizeFieldErrors gives promtool's. */
export function promforgeFieldErrors(diagnostics: readonly { line: number; message: string }[]): string[] {
  return diagnostics.map((d) => {
    const m = /^field (\S+) not found in /.exec(d.message);
    return m ? `line ${d.line}: field ${m[1]} not found` : d.message;
  });
}
