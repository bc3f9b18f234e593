// checkFiles: the library behind `promforge check`. Expands paths (files,
// directories walked for *.yml/*.yaml, `-` for stdin), loads and validates
// every file, and adds the duplicate-rules lint. I/O problems are usage errors
// (exit 2); problems in the files are diagnostics.
// Synchronous I/O on purpose: a CLI reading many small files one after the
// other spends most of an async read waiting for the event loop.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileDiagnostic } from '../diagnostics.js';
import { findDuplicateRules } from './duplicates.js';
import { decodeRuleBytes, loadRuleText, MAX_RULE_FILE_BYTES, type LoadOptions } from './load.js';
import type { RuleFile } from './model.js';
import { classifyText, type Classification } from '../fs/classify.js';
import { expandPaths, ioMessage } from '../fs/expand.js';

export { expandPaths };

export interface CheckOptions extends LoadOptions {
  /** Reads standard input for a `-` path. */
  readonly readStdin?: () => Promise<string>;
  /** Resolves relative paths (default: process.cwd()). */
  readonly cwd?: string;
  /** Largest file accepted, in bytes (default MAX_RULE_FILE_BYTES). */
  readonly maxFileBytes?: number;
  /**
   * What to do with a YAML file that is not a rule file by content (see
   * src/fs/classify.ts) but was named on the command line: `check` it as a
   * rule file anyway, as promtool would (default; found in a directory, it is
   * always skipped), or `skip` it (lint and fmt, which pre-commit hands every
   * staged YAML file). Unit-test files and rule packs are always skipped.
   */
  readonly namedOtherYaml?: 'check' | 'skip';
}

/** A file left out because its content is not a rule file. */
export interface SkippedFile {
  readonly file: string;
  readonly classification: Classification;
}

export interface CheckResult {
  /** Models of every file that could be read as YAML. */
  readonly files: RuleFile[];
  /** Problems in the files, in path order then file order. */
  readonly diagnostics: FileDiagnostic[];
  /** Problems that kept promforge from reading some input (missing file, loop, too large). */
  readonly usageErrors: string[];
  /** Number of files looked at. */
  readonly fileCount: number;
  /** Files read but not checked: unit tests, rule packs, other YAML. */
  readonly skipped: SkippedFile[];
}

export const STDIN_PATH = '<stdin>';

export async function checkFiles(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxFileBytes ?? MAX_RULE_FILE_BYTES;
  const { files: toCheck, errors, named } = await expandPaths(paths, cwd);
  const usageErrors = [...errors];
  const skipped: SkippedFile[] = [];
  const files: RuleFile[] = [];
  const diagnostics: FileDiagnostic[] = [];
  let fileCount = 0;
  for (const p of toCheck) {
    let text: string;
    const display = p === '-' ? STDIN_PATH : p;
    if (p === '-') {
      if (!options.readStdin) {
        usageErrors.push('-: standard input is not available');
        continue;
      }
      text = await options.readStdin();
      if (text.length > maxBytes) {
        usageErrors.push(`-: standard input is too large to be a rule file (over ${maxBytes} bytes)`);
        continue;
      }
    } else {
      const abs = path.resolve(cwd, p);
      try {
        const st = statSync(abs);
        // Reading a FIFO would block forever; a device could be endless.
        if (!st.isFile() && !st.isDirectory()) {
          usageErrors.push(`${p}: cannot read: not a regular file (a FIFO, socket or device)`);
          continue;
        }
        if (st.size > maxBytes) {
          usageErrors.push(`${p}: file is too large to be a rule file (${st.size} bytes; the limit is ${maxBytes})`);
          continue;
        }
        const decoded = decodeRuleBytes(display, readFileSync(abs));
        fileCount++;
        if (!decoded.ok) {
          diagnostics.push(decoded.diagnostic);
          continue;
        }
        text = decoded.text;
      } catch (e) {
        usageErrors.push(`${p}: ${ioMessage(e)}`);
        continue;
      }
    }
    if (p === '-') fileCount++;
    const classification = classifyText(text);
    const checkAnyway = classification.kind === 'other' && (p === '-' || named.has(p)) && (options.namedOtherYaml ?? 'check') === 'check';
    if (classification.kind !== 'rules' && !checkAnyway) {
      fileCount--;
      skipped.push({ file: display, classification });
      continue;
    }
    const loaded = loadRuleText(text, display, options);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.file) {
      files.push(loaded.file);
      if (!loaded.diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...findDuplicateRules(loaded.file));
    }
  }
  return { files, diagnostics, usageErrors, fileCount, skipped };
}
