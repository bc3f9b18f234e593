// One entry point for recorded samples: `loadSamples(path)` picks the format
// from the file extension (or, failing that, from the content) and returns
// the neutral `LoadedSamples` form.

import { checkReadable, DEFAULT_INPUT_LIMITS, describeReadError, readInputBytesSync } from '../fs/read.js';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { extname } from 'node:path';
import { type FileDiagnostic, readErrorDiagnostic } from '../diagnostics.js';
import { parseTestScript } from './test-script/script.js';
import { classicHistogramsToNhcb } from './test-script/script-nhcb.js';
import { addSequence } from './input-series.js';
import { parseOpenMetrics, parseOpenMetricsFile } from './openmetrics.js';
import { parsePromApiJson } from './prom-api-json.js';
import { parseCsvSamples } from './csv.js';
import { looksLikeTsdbDump, parseTsdbDump } from './tsdb-dump.js';
import { type LoadedSamples, SeriesAccumulator } from './types.js';

export * from './types.js';
export { parseOpenMetrics, parseOpenMetricsFile, OpenMetricsReader } from './openmetrics.js';
export { parsePromApiJson } from './prom-api-json.js';
export { parseCsvSamples, parseCsvTime } from './csv.js';
export { parseTsdbDump } from './tsdb-dump.js';
export { loadInputSeries, addSequence, type InputSeriesEntry, type InputSeriesDiagnostic } from './input-series.js';
export { parseSeriesDescription, parseSeriesLabels, parseValueSequence, type SequenceValue, type SeriesDescription } from './series-notation.js';
export { parseDuration, formatDuration } from './duration.js';

export type SampleFormat = 'openmetrics' | 'prom-api-json' | 'promqltest' | 'csv' | 'tsdb-dump';

const FORMAT_BY_EXTENSION: Readonly<Record<string, SampleFormat>> = {
  '.om': 'openmetrics',
  '.txt': 'openmetrics',
  '.prom': 'openmetrics',
  '.json': 'prom-api-json',
  '.test': 'promqltest',
  '.csv': 'csv',
  '.dump': 'tsdb-dump',
};

/** The format of a file: by extension, else by a look at its first non-blank line. */
export function detectSampleFormat(path: string, content?: string): SampleFormat | undefined {
  // `x.om.gz` is judged by `x.om`: the loaders decompress gzip transparently.
  const ext = extname(path.replace(/\.gz$/i, '')).toLowerCase();
  const byExt = FORMAT_BY_EXTENSION[ext];
  // `promtool tsdb dump > x.txt` is common: a `.txt` whose first line is a
  // dump line is read as one (OpenMetrics lines never start with `{`).
  if (ext === '.txt' && content !== undefined && looksLikeTsdbDump(firstNonBlankLine(content))) return 'tsdb-dump';
  if (byExt !== undefined || content === undefined) return byExt;
  const first = firstNonBlankLine(content);
  if (looksLikeTsdbDump(first)) return 'tsdb-dump';
  if (first.startsWith('{') || first.startsWith('[')) return 'prom-api-json';
  if (looksLikeTestScript(content)) return 'promqltest';
  if (first.startsWith('# TYPE') || first.startsWith('# HELP') || first.startsWith('# UNIT') || /^[a-zA-Z_:][a-zA-Z0-9_:]*[{ ]/.test(first)) {
    return 'openmetrics';
  }
  if (/^"?[A-Za-z_][^,]*,/.test(first)) return 'csv';
  return undefined;
}

/** The first few KB of a file (decompressed when gzipped), or undefined when it cannot be read. */
function peekHead(path: string): string | undefined {
  let fd: number | undefined;
  try {
    // Opening a FIFO blocks: look only at what the real read would accept.
    if (checkReadable(statSync(path)) !== undefined) return undefined;
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, n);
    // Z_SYNC_FLUSH: decompress what a truncated prefix of the stream holds.
    const text = /\.gz$/i.test(path) ? gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : bytes;
    return text.toString('utf8');
  } catch {
    // The real read reports the error with its reason.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function firstNonBlankLine(content: string): string {
  return (
    content
      .split('\n', 50)
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  );
}

/** Whether the first statement (comments skipped) is a `.test` script command, whatever the file is called. */
export function looksLikeTestScript(content: string): boolean {
  const first =
    content
      .split('\n')
      .find((l) => l.trim() !== '' && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  return /^(load|load_with_nhcb|eval|clear)\b/i.test(first);
}

export interface TestScriptSamplesOptions {
  /** A samples file: `eval` and `clear` are errors instead of being skipped. */
  readonly onlyLoadBlocks?: boolean;
}

/**
 * The samples of a `.test` script's load blocks, merged. Each block starts at
 * t = 0, as when the script runs; where two blocks write the same series at
 * the same time the later wins. `load_with_nhcb` blocks also yield their
 * NHCB histogram series. `clear` is ignored (with a note), because a
 * recording has no notion of dropping data. `@st` lines give the samples'
 * start timestamps.
 */
export function samplesFromTestScript(text: string, file = '<input>', options: TestScriptSamplesOptions = {}): LoadedSamples {
  const parsed = parseTestScript(text, file);
  const diagnostics: FileDiagnostic[] = [...parsed.diagnostics];
  const acc = new SeriesAccumulator(false);
  if (diagnostics.length > 0) return { series: [], metadata: new Map(), diagnostics };
  for (const cmd of parsed.commands) {
    if (cmd.kind !== 'load' && options.onlyLoadBlocks) {
      diagnostics.push({
        code: 'samples/syntax',
        severity: 'error',
        message: 'only load blocks are allowed in a samples file',
        file,
        line: cmd.line,
        column: 1,
        endLine: cmd.line,
        endColumn: 1,
        source: 'promqltest',
      });
      continue;
    }
    switch (cmd.kind) {
      case 'load': {
        for (const s of cmd.series) addSequence(acc, s.labels, s.values, cmd.stepMs, 0, s.startTimestampOffsets);
        if (!cmd.withNhcb) break;
        const nhcb = classicHistogramsToNhcb(cmd);
        for (const e of nhcb.errors) {
          diagnostics.push({
            code: 'promqltest/load',
            severity: 'error',
            message: e.message,
            file,
            line: e.line,
            column: 1,
            endLine: e.line,
            endColumn: 1,
            source: 'promqltest',
          });
        }
        for (const h of nhcb.series) for (const p of h.samples) acc.addHistogram(h.labels, p.t, p.histogram);
        break;
      }
      case 'clear':
        diagnostics.push({
          code: 'samples/note',
          severity: 'info',
          message: 'clear is ignored when loading samples: all load blocks are merged',
          file,
          line: cmd.line,
          column: 1,
          endLine: cmd.line,
          endColumn: 6,
          source: 'promqltest',
        });
        break;
      case 'eval':
        break;
    }
  }
  return { series: acc.finish(), metadata: new Map(), diagnostics };
}

/** Loads text already in memory in the given format. */
export function loadSamplesFromText(text: string, file: string, format: SampleFormat): LoadedSamples {
  switch (format) {
    case 'openmetrics':
      return parseOpenMetrics(text, file);
    case 'prom-api-json':
      return parsePromApiJson(text, file);
    case 'promqltest':
      return samplesFromTestScript(text, file);
    case 'csv':
      return parseCsvSamples(text, file);
    case 'tsdb-dump':
      return parseTsdbDump(text, file);
  }
}

export interface LoadSamplesOptions {
  readonly format?: SampleFormat;
  /** The name diagnostics use (default: the path). */
  readonly displayName?: string;
  /** Called as a streamed file is read: bytes of the file (as stored) read so far, of its size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Loads a recorded-samples file: `.om`/`.txt`/`.prom` OpenMetrics (streamed),
 * `.json` Prometheus API JSON, `.test` load blocks, `.csv` CSV; other names by
 * content; `.gz` decompressed. A file that cannot be read (missing, a
 * directory, not gzip, truncated) is one READ_ERROR_SOURCE diagnostic, never
 * an exception. `displayName` is the name diagnostics use (default: `path`).
 */
export async function loadSamples(path: string, options: LoadSamplesOptions = {}): Promise<LoadedSamples> {
  const file = options.displayName ?? path;
  const fail = (diagnostic: FileDiagnostic): LoadedSamples => ({ series: [], metadata: new Map(), diagnostics: [diagnostic] });
  let format = options.format ?? detectSampleFormat(path);
  // A `.txt` may hold `tsdb dump` output: peek before choosing the streamed OpenMetrics reader.
  if (options.format === undefined && format === 'openmetrics' && /\.txt(\.gz)?$/i.test(path)) {
    const head = peekHead(path);
    if (head !== undefined) format = detectSampleFormat(path, head);
  }
  if (format === 'openmetrics') return parseOpenMetricsFile(path, {}, file, options.onProgress);
  const read = readInputBytesSync(path);
  if (!read.ok) return fail(readErrorDiagnostic(file, read.error));
  let text: string;
  if (/\.gz$/i.test(path)) {
    // maxOutputLength: a gzip bomb stops at the input limit instead of filling memory.
    const max = DEFAULT_INPUT_LIMITS.maxFileBytes;
    try {
      text = gunzipSync(read.value, { maxOutputLength: max }).toString('utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const tooLarge = code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
      return fail(
        readErrorDiagnostic(
          file,
          tooLarge ? `decompressed content is over the ${max}-byte input limit (set PROMFORGE_MAX_INPUT_BYTES to raise it)` : describeReadError(e),
        ),
      );
    }
  } else text = read.value.toString('utf8');
  format ??= detectSampleFormat(path, text);
  if (format === undefined) {
    return fail({
      code: 'samples/format',
      severity: 'error',
      message: 'cannot tell the sample format: use .om/.txt/.prom (OpenMetrics), .json (Prometheus API JSON), .test (load blocks) or .csv (timestamp,value...)',
      file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      source: 'samples',
    });
  }
  return loadSamplesFromText(text, file, format);
}
