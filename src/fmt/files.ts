// formatFiles: the library behind `promforge fmt` for files on disk. Finds
// the files (directories walked as every command walks them), formats the
// rule files among them — unit tests, packs and other YAML are skipped with a
// note, by content (src/fs/classify.ts) — and writes the changed ones
// atomically unless asked only to check.
import path from 'node:path';
import type { FileDiagnostic } from '../diagnostics.js';
import { classifyText, skipNote } from '../fs/classify.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { describeReadError, readInputBytesSync } from '../fs/read.js';
import { expandPaths } from '../rulefmt/check.js';
import { decodeRuleBytes, MAX_RULE_FILE_BYTES } from '../rulefmt/load.js';
import { formatRuleText, type FormatOptions } from './format.js';

export type FileOutcome =
  | { readonly status: 'unchanged'; readonly file: string; readonly diagnostics: FileDiagnostic[] }
  | { readonly status: 'formatted' | 'would-reformat'; readonly file: string; readonly diagnostics: FileDiagnostic[] }
  /** The file has errors; nothing was written. */
  | { readonly status: 'invalid'; readonly file: string; readonly diagnostics: FileDiagnostic[] }
  | { readonly status: 'skipped'; readonly file: string; readonly note: string }
  /** Could not be read or written. */
  | { readonly status: 'io-error'; readonly file: string; readonly message: string };

export interface FormatFilesOptions extends FormatOptions {
  readonly cwd: string;
  /** Only report what would change (`fmt --check`). */
  readonly checkOnly?: boolean;
}

export interface FormatFilesResult {
  readonly outcomes: FileOutcome[];
  /** Paths that could not be expanded (missing, symlink loops). */
  readonly usageErrors: string[];
}

export async function formatFiles(paths: readonly string[], options: FormatFilesOptions): Promise<FormatFilesResult> {
  const expanded = await expandPaths(paths, options.cwd);
  const outcomes: FileOutcome[] = [];
  for (const file of expanded.files) outcomes.push(await formatOneFile(file, options));
  return { outcomes, usageErrors: expanded.errors };
}

async function formatOneFile(file: string, options: FormatFilesOptions): Promise<FileOutcome> {
  const abs = path.resolve(options.cwd, file);
  // The shared bounded reader: a FIFO named on the command line is refused, not waited on.
  const read = readInputBytesSync(abs, { maxFileBytes: MAX_RULE_FILE_BYTES });
  if (!read.ok) return { status: 'io-error', file, message: `cannot read: ${read.error}` };
  const decoded = decodeRuleBytes(file, read.value);
  if (!decoded.ok) return { status: 'invalid', file, diagnostics: [decoded.diagnostic] };
  const text = decoded.text;
  const classification = classifyText(text);
  if (classification.kind !== 'rules') return { status: 'skipped', file, note: skipNote(classification) };
  const r = formatRuleText(text, file, options);
  if (r.text === undefined || r.diagnostics.some((d) => d.severity === 'error')) return { status: 'invalid', file, diagnostics: r.diagnostics };
  if (!r.changed) return { status: 'unchanged', file, diagnostics: r.diagnostics };
  if (options.checkOnly) return { status: 'would-reformat', file, diagnostics: r.diagnostics };
  try {
    await writeFileAtomic(abs, r.text);
  } catch (e) {
    return { status: 'io-error', file, message: `cannot write: ${describeReadError(e)}` };
  }
  return { status: 'formatted', file, diagnostics: r.diagnostics };
}
