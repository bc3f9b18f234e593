// `promforge lint --cache`: a content-hash result cache in the manner of
// ESLint's. A run whose inputs are all unchanged prints the stored result
// without loading the rule loader, PromQL parser or any check: the warm path
// lists the files, hashes them and reads one cache entry.
//
// What a result depends on, and so what the key holds:
// - the content of every linted file, with its path and order. Checks see the
//   whole rule set at once (recording rules and their label flow, metrics the
//   set reads with rate(), rule/duplicate and rule/dependency across files),
//   so one file's problems can change when any other file of the run changes;
//   an entry is therefore keyed by all of them together and editing any file
//   lints the run again;
// - the effective config (and the config file's text, whose positions usage
//   errors quote), --metadata/--samples/--scrape-interval/--dialect and the
//   resolved Prometheus version, the content of the metadata and samples files;
// - promforge's version and build (checks and their wording change between
//   builds), and the cache format.
// Not cached (always linted): --fix (it writes files), --prometheus (the
// server's answers change), standard input, and runs where a path cannot be
// listed or read (the linter reports those itself).
//
// An entry is one JSON file in the cache directory, written atomically; one
// that cannot be read or parsed is ignored with a notice and replaced, never
// an error.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { FileDiagnostic } from '../diagnostics.js';
import { writeFileAtomicSync } from '../fs/atomic.js';
import { lintFileList } from '../lint/files.js';
import type { LintRunOptions, LintRunResult } from '../lint/run.js';
import type { CheckInfo } from '../lint/check-info.js';

/** Bumped when the entry layout or the meaning of a key changes. */
const CACHE_FORMAT = 1;
/** Entries kept in the directory (one per distinct run: file set, config, flags). */
const MAX_ENTRIES = 16;
/** Files larger than this are not hashed; the linter refuses rule files far smaller. */
const MAX_HASHED_BYTES = 64 * 1024 * 1024;

export interface LintCacheOptions {
  /** The cache directory (relative to the run's cwd). */
  readonly location: string;
  /** promforge's version plus anything that identifies the build. */
  readonly toolVersion: string;
  /** Where notices about an unusable cache go (never errors). */
  readonly notice: (message: string) => void;
  /** The linter, loaded only when the cache cannot answer (tests pass their own). */
  readonly lint?: (o: LintRunOptions) => Promise<LintRunResult>;
}

export interface CachedLintResult extends LintRunResult {
  /** Whether the result came from the cache (`hit`), was linted and stored (`stored`), or the cache was not used (`bypassed`). */
  readonly cache: 'hit' | 'stored' | 'bypassed';
}

interface StoredResult {
  readonly problems: FileDiagnostic[];
  /** Source texts by path; null when the text is the file's bytes as UTF-8 (most files), so it is not stored twice. */
  readonly sources: [string, string | null][];
  readonly checks: CheckInfo[];
  readonly usageErrors: string[];
}

interface StoredEntry {
  readonly promforgeLintCache: number;
  readonly key: string;
  readonly result: StoredResult;
}

async function loadLinter(): Promise<(o: LintRunOptions) => Promise<LintRunResult>> {
  return (await import('../lint/run.js')).runLint;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bytes of a regular file, or undefined when it is missing, not a file, too large or unreadable. */
function readRegularFile(abs: string): Buffer | undefined {
  try {
    const st = statSync(abs);
    if (!st.isFile() || st.size > MAX_HASHED_BYTES) return undefined;
    return readFileSync(abs);
  } catch {
    return undefined;
  }
}

/** A dependency that may be absent: its hash, or a marker (the linter then reports it, and that report is what is cached). */
function dependencyHash(abs: string): string {
  const bytes = readRegularFile(abs);
  return bytes === undefined ? 'unreadable' : sha256(bytes);
}

/** The config as the linter sees it, in a stable serialisable form. */
function configFingerprint(o: LintRunOptions): unknown {
  const c = o.config;
  return {
    path: c.path ?? null,
    dir: c.dir,
    include: c.include,
    exclude: c.exclude,
    dialect: c.dialect ?? null,
    metadata: c.metadata ?? null,
    scrapeInterval: c.scrapeInterval ?? null,
    evaluationInterval: c.evaluationInterval ?? null,
    prometheusVersion: c.prometheusVersion ?? null,
    checks: [...c.checks.entries()],
    text: c.path ? dependencyHash(c.path) : null,
  };
}

interface HashedFiles {
  readonly key: string;
  /** UTF-8 text of each file, by path as listed. */
  readonly texts: Map<string, string>;
}

/** Lists and hashes the run's inputs; undefined when the run is not cacheable. */
async function runKey(o: LintRunOptions, toolVersion: string): Promise<HashedFiles | undefined> {
  if (o.fix || o.server) return undefined;
  const listed = await lintFileList(o.paths, o.cwd, o.config);
  if (listed.errors.length > 0 || listed.files.includes('-')) return undefined;
  const texts = new Map<string, string>();
  const files: [string, string][] = [];
  for (const f of listed.files) {
    const bytes = readRegularFile(path.resolve(o.cwd, f));
    if (bytes === undefined) return undefined;
    files.push([f, sha256(bytes)]);
    texts.set(f, bytes.toString('utf8'));
  }
  const metadataFile = o.metadataFile ?? (o.config.metadata ? path.resolve(o.config.dir, o.config.metadata) : undefined);
  const key = sha256(
    JSON.stringify({
      format: CACHE_FORMAT,
      tool: toolVersion,
      cwd: o.cwd,
      paths: o.paths,
      options: {
        metadataFile: metadataFile ?? null,
        samples: o.samples,
        scrapeInterval: o.scrapeInterval ?? null,
        dialect: o.dialect ?? null,
        prometheusVersion: o.prometheusVersion ?? null,
      },
      config: configFingerprint(o),
      dependencies: [metadataFile, ...o.samples].filter((f) => f !== undefined).map((f) => [f, dependencyHash(path.resolve(o.cwd, f))]),
      files,
    }),
  );
  return { key, texts };
}

function entryPath(dir: string, key: string): string {
  return path.join(dir, `lint-${key.slice(0, 32)}.json`);
}

function isStoredEntry(v: unknown): v is StoredEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<StoredEntry>;
  const r = e.result as Partial<StoredResult> | undefined;
  return (
    e.promforgeLintCache === CACHE_FORMAT &&
    typeof e.key === 'string' &&
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(r.problems) &&
    Array.isArray(r.sources) &&
    Array.isArray(r.checks) &&
    Array.isArray(r.usageErrors)
  );
}

/** The stored result for `key`; undefined on a miss, with a notice when the entry exists but is unusable. */
function readEntry(file: string, key: string, notice: (m: string) => void): StoredResult | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') notice(`cannot read the lint cache ${file} (${code ?? (e as Error).message}); linting without it`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    notice(`ignoring the corrupt lint cache entry ${file} (not valid JSON); it is rewritten`);
    return undefined;
  }
  if (!isStoredEntry(parsed)) {
    notice(`ignoring the lint cache entry ${file} (not a promforge lint cache entry of this version); it is rewritten`);
    return undefined;
  }
  // A prefix collision of the file name, or an entry copied by hand.
  return parsed.key === key ? parsed.result : undefined;
}

/** Keeps the newest MAX_ENTRIES entries; a cache directory never grows without bound. */
function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith('lint-') && n.endsWith('.json'))
    .map((n) => {
      const p = path.join(dir, n);
      try {
        return { p, t: statSync(p).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((e) => e !== undefined)
    .sort((a, b) => b.t - a.t);
  for (const e of entries.slice(MAX_ENTRIES)) {
    try {
      unlinkSync(e.p);
    } catch {
      // Another run pruned it first.
    }
  }
}

function toStored(result: LintRunResult, texts: ReadonlyMap<string, string>): StoredResult {
  return {
    problems: result.problems,
    sources: [...result.sources].map(([p, t]) => [p, texts.get(p) === t ? null : t]),
    checks: result.checks,
    usageErrors: result.usageErrors,
  };
}

function fromStored(stored: StoredResult, texts: ReadonlyMap<string, string>): LintRunResult | undefined {
  const sources = new Map<string, string>();
  for (const [p, t] of stored.sources) {
    const text = t ?? texts.get(p);
    if (text === undefined) return undefined;
    sources.set(p, text);
  }
  return { problems: stored.problems, sources, checks: stored.checks, usageErrors: stored.usageErrors, fixed: [] };
}

/** Whether the files still hold what was hashed (a file edited while it was linted is not stored under the old hash). */
function unchangedSince(o: LintRunOptions, texts: ReadonlyMap<string, string>): boolean {
  for (const [f, text] of texts) {
    const bytes = readRegularFile(path.resolve(o.cwd, f));
    if (bytes === undefined || bytes.toString('utf8') !== text) return false;
  }
  return true;
}

/**
 * runLint with a result cache: the same result (problems, their order,
 * sources, usage errors) as runLint, taken from the cache when every input
 * is unchanged.
 */
export async function runLintCached(o: LintRunOptions, cache: LintCacheOptions): Promise<CachedLintResult> {
  const lint = async (opts: LintRunOptions): Promise<LintRunResult> => (cache.lint ?? (await loadLinter()))(opts);
  const hashed = await runKey(o, cache.toolVersion);
  if (!hashed) return { ...(await lint(o)), cache: 'bypassed' };
  const dir = path.resolve(o.cwd, cache.location);
  const file = entryPath(dir, hashed.key);
  const stored = readEntry(file, hashed.key, cache.notice);
  const hit = stored ? fromStored(stored, hashed.texts) : undefined;
  if (hit) return { ...hit, cache: 'hit' };
  const result = await lint(o);
  if (!unchangedSince(o, hashed.texts)) return { ...result, cache: 'bypassed' };
  const entry: StoredEntry = { promforgeLintCache: CACHE_FORMAT, key: hashed.key, result: toStored(result, hashed.texts) };
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomicSync(file, `${JSON.stringify(entry)}\n`);
    prune(dir);
  } catch (e) {
    cache.notice(`cannot write the lint cache ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the result is not cached`);
    return { ...result, cache: 'bypassed' };
  }
  return { ...result, cache: 'stored' };
}
