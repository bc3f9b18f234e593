// promtool's `test rules` output and promforge's, reduced to comparable
// failure reports (shared by the differential unit-test suites).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    // GOGC=400: Go's collector runs a quarter as often; promtool's own CPU on
    // Wikimedia's suites drops by about a fifth (measured, 45 → 37 s) for at
    // most twice the memory (310 MB on the largest file). Its output is the same.
    const child = spawn(PROMTOOL_BIN, ['test', 'rules', path.basename(testFile)], {
      cwd: path.dirname(testFile),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GOGC: process.env['GOGC'] ?? '400' },
    });
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
 * A rough cost of a unit-test file for promtool: the samples its input series
 * expand to (the `xN` repeat counts). promtool's time grows with them (one
 * Wikimedia file loads a million-sample series), so starting the costly
 * files first keeps one of them from running alone at the end.
 */
function expansionCost(testFile: string): number {
  let text: string;
  try {
    text = readFileSync(testFile, 'utf8');
  } catch {
    return 0;
  }
  let cost = 0;
  for (const m of text.matchAll(/x(\d+)/g)) cost += Number(m[1]);
  return cost;
}

/** Runs promtool on every file, `concurrency` at a time (a pool: a slow file does not hold back a batch); results in `files` order. */
export async function runPromtoolAll(
  files: readonly string[],
  options: PromtoolRunOptions & { readonly concurrency: number; readonly longestFirst?: boolean },
): Promise<ToolReport[]> {
  const out: ToolReport[] = new Array<ToolReport>(files.length);
  const order = files.map((_, i) => i);
  if (options.longestFirst) {
    const cost = files.map(expansionCost);
    order.sort((a, b) => cost[b]! - cost[a]!);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const i = order[next++]!;
      out[i] = await runPromtool(files[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  return out;
}

// Normalisations of file-level problems (those printed instead of failure
// reports). Each is for a difference in how a problem is written down, never
// in what was found:
//
// 1. Locations. promforge starts each problem with its own `path:line:col: `
//    (the guide's diagnostic form, pointing at the offending character, the
//    path as resolved); promtool prints no location for an input-series error
//    (the message carries the series parser's own `1:48:`) and
//    `file: line:col: ` (the YAML node's start, the path relative to the
//    folder it runs in) for a rule-file error. Both become `file: ` with the
//    file relative to the test file's folder, and nothing for the test file
//    itself (promtool names it in its `Unit Testing:` header only).
// 2. Unknown fields. yaml.v2 gathers a file's unknown fields into one
//    `yaml: unmarshal errors:` list of `line N: field F not found in type T`;
//    promforge reports each as its own diagnostic at its line and column, with
//    its own type wording for test files. Both become `line N: field F not found`.
// 3. Duplicate series. `found duplicate series for the match group … [A, B]`
//    lists the two series in storage order, which promtool's loader builds by
//    ranging over a Go map: it differs from run to run (seen on
//    bad-rules-error-test.yml). The two are sorted.

const DUPLICATE_SERIES = /(found duplicate series for the match group \{.*?\} on the (?:left|right) hand-side of the operation: )\[(\{.*?\}), (\{.*?\})\];/g;

function sortedDuplicateSeries(line: string): string {
  return line.replace(DUPLICATE_SERIES, (_m, head: string, a: string, b: string) => `${head}[${[a, b].sort().join(', ')}];`);
}

/** promtool's output lines, normalised as described above. */
export function normalizePromtoolReport(lines: readonly string[]): string[] {
  return normalizeFieldErrors(lines.filter((l) => !/^\S+: yaml: unmarshal errors:$/.test(l)))
    .map((l) => l.replace(/^(\S+): \d+:\d+: /, '$1: '))
    .map(sortedDuplicateSeries);
}

/** promforge's report lines for `testFile`, normalised as described above. */
export function normalizePromforgeReport(lines: readonly string[], testFile: string): string[] {
  const dir = path.dirname(testFile);
  return lines
    .map((l) => {
      const m = /^([^\s:][^\s]*?):(\d+):\d+: (.*)$/.exec(l);
      if (!m) return l;
      const field = /^field (\S+) not found in /.exec(m[3]!);
      if (field) return `line ${m[2]}: field ${field[1]} not found`;
      return path.resolve(m[1]!) === path.resolve(testFile) ? m[3]! : `${path.relative(dir, m[1]!)}: ${m[3]}`;
    })
    .map(sortedDuplicateSeries);
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
