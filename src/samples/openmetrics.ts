// OpenMetrics text with timestamps, as `promtool tsdb create-blocks-from
// openmetrics` accepts it: `# HELP`/`# TYPE`/`# UNIT` metadata, one sample per
// line (`name{labels} value timestamp`, timestamp in seconds, possibly
// fractional), exemplars after ` # ` skipped, and a mandatory final `# EOF`.
//
// Reading is line by line (`OpenMetricsReader`), so a file can be streamed.
// Every sample needs a timestamp (promtool refuses samples without one).
// Samples of one series must come in increasing time order: promtool's TSDB
// import rejects out-of-order samples, so we report them as errors (and drop
// them) instead of silently sorting, which keeps a file that loads here
// loadable by promtool too. A repeated timestamp with the same value is
// accepted, with a different value it is an error, as in Prometheus storage.
// A problem in a line unwinds that line's parse with a private exception,
// which `line()` turns into a diagnostic before reading on.

import { streamLines, type InputLimits } from '../fs/read.js';
import { type FileDiagnostic, readErrorDiagnostic } from '../diagnostics.js';
import { type Labels, METRIC_NAME_LABEL, labelsFromPairs, labelsToString } from '../model/labels.js';
import { parseGoFloat, parsePlainDecimalIn, readQuotedString } from '../go/strconv.js';
import { type LoadedSamples, type MetricMetadata, type MetricType, METRIC_TYPES, SeriesAccumulator, type SeriesSlot } from './types.js';

/** The sample-name suffixes each metric type allows after its family name. */
const FAMILY_SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ['_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['', '_count', '_sum', '_created'],
  info: ['_info'],
  stateset: [''],
  unknown: [''],
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

class LineError {
  constructor(
    readonly message: string,
    readonly column: number,
  ) {}
}

interface FamilyState {
  name: string;
  type?: MetricType;
  help?: string;
  unit?: string;
}

/** OpenMetrics escapes in label values and HELP: `\\`, `\"`, `\n`; others stay as written. */
function unescapeOM(s: string): string {
  return s.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** A series text already read (see OpenMetricsReader.seriesOf), and the family it was last found in. */
interface KnownSeries {
  readonly labels: Labels;
  readonly name: string;
  /** Made at the first sample added, so a series whose every line is refused does not appear. */
  slot: SeriesSlot | undefined;
  /** `family` was worked out under this family state and type. */
  familyOf: FamilyState | undefined;
  familyType: MetricType | undefined;
  family: string;
}

/**
 * Where a sample line's series text ends: after the metric name when no `{`
 * follows it, else after the `}` that closes the labels (quotes and escapes
 * inside values respected); -1 when the braces do not close.
 */
function seriesTextEnd(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) !== 123 && text.charCodeAt(i) !== 32) i++; // { and space
  if (text.charCodeAt(i) !== 123) return i;
  let inValue = false;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inValue) {
      if (c === 92)
        i++; // backslash: the next character is escaped
      else if (c === 34) inValue = false;
    } else if (c === 34) inValue = true;
    else if (c === 125) return i + 1;
  }
  return -1;
}

/** Whether `text` has " # " (an exemplar's start) at `pos`; by character codes, as startsWith is slow on sliced lines. */
function exemplarAt(text: string, pos: number): boolean {
  return text.charCodeAt(pos) === 32 && text.charCodeAt(pos + 1) === 35 && text.charCodeAt(pos + 2) === 32;
}

export class OpenMetricsReader {
  private readonly diagnostics: FileDiagnostic[] = [];
  private readonly acc = new SeriesAccumulator(true);
  private readonly known = new Map<string, KnownSeries>();
  private lastSeries: { readonly text: string; readonly known: KnownSeries } | undefined;
  private readonly metadata = new Map<string, MetricMetadata>();
  private family: FamilyState | undefined;
  private eofLine: number | undefined;
  private lastLine = 0;

  constructor(private readonly file: string) {}

  private error(line: number, column: number, message: string, endColumn = column): void {
    this.diagnostics.push({
      code: 'samples/syntax',
      severity: 'error',
      message,
      file: this.file,
      line,
      column,
      endLine: line,
      endColumn,
      source: 'openmetrics',
    });
  }

  /** Feeds one line (without its newline); `lineNo` is 1-based. */
  line(text: string, lineNo: number): void {
    this.lastLine = lineNo;
    if (this.eofLine !== undefined) {
      this.error(lineNo, 1, 'unexpected data after # EOF');
      return;
    }
    try {
      if (text === '# EOF') {
        this.eofLine = lineNo;
      } else if (text.charCodeAt(0) === 35) {
        this.metadataLine(text);
      } else if (text === '') {
        throw new LineError('unexpected empty line (OpenMetrics allows none)', 1);
      } else {
        this.sampleLine(text, lineNo);
      }
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.error(lineNo, e.column, e.message);
    }
  }

  private metadataLine(text: string): void {
    const m = /^# (HELP|TYPE|UNIT) /.exec(text);
    if (m === null) throw new LineError(`invalid metadata line ${JSON.stringify(text)}: expected # HELP, # TYPE, # UNIT or # EOF`, 1);
    const kind = m[1]!;
    const rest = text.slice(m[0].length);
    let name: string;
    let nameLen: number;
    if (rest.startsWith('"')) {
      const q = readQuotedString(rest, 0);
      if (!q.ok) throw new LineError(q.error, m[0].length + q.pos + 1);
      name = q.value;
      nameLen = q.end;
    } else {
      const nm = METRIC_NAME.exec(rest);
      if (nm === null) throw new LineError(`invalid metric name in # ${kind}`, m[0].length + 1);
      name = nm[0];
      nameLen = name.length;
    }
    const after = rest.slice(nameLen);
    if (after !== '' && !after.startsWith(' ')) throw new LineError(`unexpected character after metric name in # ${kind}`, m[0].length + nameLen + 1);
    const value = after.slice(1);
    if (this.family?.name !== name) {
      this.family = { name };
    }
    const fam = this.family;
    switch (kind) {
      case 'HELP':
        fam.help = unescapeOM(value);
        break;
      case 'TYPE': {
        const type = METRIC_TYPES.find((t) => t === value);
        if (type === undefined) throw new LineError(`invalid metric type ${JSON.stringify(value)}`, text.length - value.length + 1);
        fam.type = type;
        break;
      }
      case 'UNIT':
        if (value !== '' && !(name.endsWith(`_${value}`) || (name.endsWith(`_${value}_total`) && fam.type === 'counter'))) {
          throw new LineError(`unit ${JSON.stringify(value)} not a suffix of metric ${JSON.stringify(name)}`, text.length - value.length + 1);
        }
        fam.unit = value;
        break;
    }
    this.metadata.set(name, {
      type: fam.type ?? 'unknown',
      ...(fam.help !== undefined ? { help: fam.help } : {}),
      ...(fam.unit !== undefined ? { unit: fam.unit } : {}),
    });
  }

  /** The family a sample name belongs to: the current family if the name fits its type. */
  private familyOf(name: string): string {
    const fam = this.family;
    if (fam !== undefined) {
      for (const suffix of FAMILY_SUFFIXES[fam.type ?? 'unknown']) {
        if (name === fam.name + suffix) return fam.name;
      }
    }
    return name;
  }

  /**
   * The series a line's `name{labels}` text stands for. Every sample of a
   * series repeats that text, so it is parsed once: a text is remembered only
   * once it parsed without error, and a line starting with a remembered text
   * reads the same characters to the same result.
   */
  private seriesOf(text: string): { known: KnownSeries; end: number } {
    // Lines of one series mostly come together: the previous line's series first, without a lookup.
    const last = this.lastSeries;
    // Compared as a slice: V8's startsWith on a line sliced from a chunk took
    // ~400 ns a line (1.3 s of loading the leak week), a slice and === ~60 ns.
    if (last !== undefined && text.charCodeAt(last.text.length) === 32 && text.slice(0, last.text.length) === last.text) {
      return { known: last.known, end: last.text.length };
    }
    const end = seriesTextEnd(text);
    const seriesText = end > 0 ? text.slice(0, end) : undefined;
    const known = seriesText !== undefined ? this.known.get(seriesText) : undefined;
    if (known !== undefined) {
      this.lastSeries = { text: seriesText!, known };
      return { known, end };
    }
    let pos = 0;
    const pairs: [string, string][] = [];
    const nm = METRIC_NAME.exec(text);
    if (nm !== null) {
      pairs.push([METRIC_NAME_LABEL, nm[0]]);
      pos = nm[0].length;
    } else if (text[0] !== '{') {
      throw new LineError(`invalid metric name at start of sample line`, 1);
    }
    if (text[pos] === '{') pos = readLabels(text, pos, pairs);
    const labels = labelsFromPairs(pairs);
    const name = pairs.find(([n]) => n === METRIC_NAME_LABEL)?.[1];
    if (name === undefined) throw new LineError('sample has no metric name', 1);
    const parsed: KnownSeries = { labels, name, slot: undefined, familyOf: undefined, familyType: undefined, family: name };
    const parsedText = text.slice(0, pos);
    this.known.set(parsedText, parsed);
    this.lastSeries = { text: parsedText, known: parsed };
    return { known: parsed, end: pos };
  }

  private sampleLine(text: string, lineNo: number): void {
    const { known, end } = this.seriesOf(text);
    const { labels, name } = known;
    let pos = end;
    if (text[pos] !== ' ') throw new LineError(`expected a space before the value, found ${describe(text, pos)}`, pos + 1);
    pos++;
    const valueEnd = tokenEnd(text, pos);
    const value = parseOMFloat(text, pos, valueEnd, 'value');
    pos = valueEnd;
    if (pos >= text.length || exemplarAt(text, pos)) {
      throw new LineError(`expected timestamp for series ${labelsToString(labels)}, got none (promtool needs one on every sample)`, pos + 1);
    }
    if (text[pos] !== ' ') throw new LineError(`expected a space before the timestamp, found ${describe(text, pos)}`, pos + 1);
    pos++;
    const tsEnd = tokenEnd(text, pos);
    const seconds = parseOMFloat(text, pos, tsEnd, 'timestamp');
    if (!Number.isFinite(seconds)) throw new LineError(`invalid timestamp ${text.slice(pos, tsEnd)}`, pos + 1);
    // Go converts with int64(ts*1000), truncating towards zero.
    const ms = Math.trunc(seconds * 1000);
    const tsColumn = pos + 1;
    pos = tsEnd;
    if (pos < text.length && !exemplarAt(text, pos)) {
      throw new LineError(`unexpected ${describe(text, pos)} after the timestamp (exemplars start with " # ")`, pos + 1);
    }
    // Anything after " # " is an exemplar, which loading does not keep.
    // The family depends on the # TYPE lines read so far, not on the line alone.
    if (known.familyOf !== this.family || known.familyType !== this.family?.type) {
      known.family = this.familyOf(name);
      known.familyOf = this.family;
      known.familyType = this.family?.type;
    }
    if (!this.metadata.has(known.family)) this.metadata.set(known.family, { type: 'unknown' });
    const slot = (known.slot ??= this.acc.series(labels));
    const rejected = this.acc.addFloatTo(slot, ms, value);
    if (rejected === 'out-of-order') {
      // A refused sample is not added: the last one is still the one it came after.
      const prev = this.acc.lastTimestamp(slot);
      this.error(lineNo, tsColumn, `out of order sample for ${labelsToString(labels)}: timestamp ${ms}ms is before the previous sample at ${prev}ms`);
    } else if (rejected === 'duplicate-timestamp') {
      this.error(lineNo, tsColumn, `duplicate sample for timestamp ${ms}ms of ${labelsToString(labels)} with a different value`);
    }
  }

  /** Finishes the input: checks `# EOF` and returns everything read. */
  end(): LoadedSamples {
    if (this.eofLine === undefined) this.error(Math.max(this.lastLine, 1), 1, 'data does not end with # EOF');
    return { series: this.acc.finish(), metadata: this.metadata, diagnostics: this.diagnostics };
  }
}

function describe(text: string, pos: number): string {
  return pos >= text.length ? 'end of line' : JSON.stringify(text[pos]);
}

function tokenEnd(text: string, pos: number): number {
  const sp = text.indexOf(' ', pos);
  return sp < 0 ? text.length : sp;
}

/** Prometheus's textparse parseFloat of `text.slice(pos, end)`: Go floats, but no hex floats and no `_`. */
function parseOMFloat(text: string, pos: number, end: number, what: string): number {
  const plain = parsePlainDecimalIn(text, pos, end);
  if (plain !== undefined) return plain;
  const token = text.slice(pos, end);
  if (token === '') throw new LineError(`expected ${what}`, pos + 1);
  const r = /[pP_]/.test(token) ? undefined : parseGoFloat(token);
  if (r === undefined || !r.ok) throw new LineError(`invalid ${what} ${JSON.stringify(token)}`, pos + 1);
  return r.value;
}

/** Reads `{name="value",…}` from the `{` at `open`; returns the index after `}`. */
function readLabels(text: string, open: number, pairs: [string, string][]): number {
  let pos = open + 1;
  if (text[pos] === '}') return pos + 1;
  for (;;) {
    let name: string;
    if (text[pos] === '"') {
      const q = readQuotedString(text, pos);
      if (!q.ok) throw new LineError(q.error, q.pos + 1);
      name = q.value;
      pos = q.end;
      if (text[pos] !== '=') {
        // A lone quoted string in braces is the metric name.
        pairs.push([METRIC_NAME_LABEL, name]);
        name = '';
      }
    } else {
      const m = LABEL_NAME.exec(text.slice(pos));
      if (m === null) throw new LineError(`invalid label name, found ${describe(text, pos)}`, pos + 1);
      name = m[0];
      pos += name.length;
    }
    if (name !== '') {
      if (text[pos] !== '=') throw new LineError(`expected "=" after label name, found ${describe(text, pos)}`, pos + 1);
      pos++;
      if (text[pos] !== '"') throw new LineError(`expected a quoted label value, found ${describe(text, pos)}`, pos + 1);
      const end = findClosingQuote(text, pos + 1);
      if (end < 0) throw new LineError('unterminated label value', pos + 1);
      if (pairs.some(([n]) => n === name)) throw new LineError(`duplicate label name ${JSON.stringify(name)}`, pos + 1);
      pairs.push([name, unescapeOM(text.slice(pos + 1, end))]);
      pos = end + 1;
    }
    if (text[pos] === '}') return pos + 1;
    if (text[pos] !== ',') throw new LineError(`expected "," or "}" in labels, found ${describe(text, pos)}`, pos + 1);
    pos++;
    if (text[pos] === '}') return pos + 1;
  }
}

function findClosingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Parses a whole OpenMetrics text. */
export function parseOpenMetrics(text: string, file = '<input>'): LoadedSamples {
  const reader = new OpenMetricsReader(file);
  const lines = text === '' ? [] : text.split('\n');
  // A final newline after `# EOF` does not make an extra (empty) line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => reader.line(l.endsWith('\r') ? l.slice(0, -1) : l, i + 1));
  return reader.end();
}

/**
 * Streams an OpenMetrics file line by line. `display` is the name
 * diagnostics use (the path as the user wrote it).
 */
export async function parseOpenMetricsFile(
  path: string,
  limits: InputLimits = {},
  display = path,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<LoadedSamples> {
  const reader = new OpenMetricsReader(display);
  // Gzip-compressed files (`.gz`) are decompressed as they stream, within
  // the input limits (a short gzip can hold a 3 GB line).
  for await (const batch of streamLines(path, { ...limits, gzip: /\.gz$/i.test(path), ...(onProgress ? { onProgress } : {}) })) {
    if (!batch.ok) {
      // Reading stopped: nothing parsed so far is kept, the file as a whole is unreadable.
      const where = batch.number > 1 ? `at line ${batch.number}: ` : '';
      return { series: [], metadata: new Map(), diagnostics: [readErrorDiagnostic(display, `${where}${batch.error}`)] };
    }
    for (let i = 0; i < batch.lines.length; i++) reader.line(batch.lines[i]!, batch.firstNumber + i);
  }
  return reader.end();
}
