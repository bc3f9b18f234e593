// `eval` commands of `.test` scripts (FORMAT §4.4–4.6): the header with its
// times and query, and the body of expectation directives, expected series,
// scalar and string lines.

import { labelsKey } from '../../model/labels.js';
import { compileRegex } from '../../promql/regex.js';
import { parseDuration } from '../duration.js';
import { parseGoNumber, readQuotedString } from '../../go/strconv.js';
import { parseSeriesDescription } from '../series-notation.js';
import type { ScriptDiagnostics, ScriptLine } from './script-lines.js';
import type { EvalCommand, EvalMode, ExpectedSeries, MessageExpectation, MessageMatcher } from './script-types.js';

type Header = EvalCommand['header'];

const WS = '[ \\t\\n\\f\\r]+';
// Same shape as upstream's patterns: `at` takes the first token; range
// `from`/`to` are greedy and `step` is lazy, so a query containing " to " or
// " step " can be mis-split exactly as upstream would.
const INSTANT_HEADER = new RegExp(`^eval(?:_(fail|warn|ordered|info))?${WS}instant${WS}(?:at${WS}(.+?))?${WS}(.+)$`, 'd');
const RANGE_HEADER = new RegExp(`^eval(?:_(fail|warn|info))?${WS}range${WS}from${WS}(.+)${WS}to${WS}(.+)${WS}step${WS}(.+?)${WS}(.+)$`, 'd');
const RANGE_VECTOR = new RegExp(`^expect range vector${WS}from${WS}(.+)${WS}to${WS}(.+)${WS}step${WS}(.+)$`, 'd');

/** The `expect <type>` directives and whether each takes a message matcher. */
const EXPECT_TYPES = ['fail', 'warn', 'info', 'no_warn', 'no_info', 'ordered'] as const;
type ExpectType = (typeof EXPECT_TYPES)[number];

interface TimeField {
  readonly what: string;
  readonly text: string;
  readonly start: number;
}

function parseTimeField(line: ScriptLine, field: TimeField, diags: ScriptDiagnostics): number | undefined {
  const d = parseDuration(field.text);
  if (d.ok) return d.ms;
  diags.error(line, `invalid ${field.what} definition ${JSON.stringify(field.text)}: ${d.error}`, field.start, field.start + field.text.length);
  return undefined;
}

function group(m: RegExpExecArray, n: number): TimeField & { present: boolean } {
  const text = m[n] ?? '';
  const start = m.indices?.[n]?.[0] ?? 0;
  return { what: '', text, start, present: m[n] !== undefined };
}

function parseHeader(line: ScriptLine, diags: ScriptDiagnostics): { header: Header; mode: EvalMode; query: string; queryStart: number } | undefined {
  const instant = INSTANT_HEADER.exec(line.text);
  if (instant !== null) {
    const header = (instant[1] === undefined ? 'eval' : `eval_${instant[1]}`) as Header;
    const at = group(instant, 2);
    const query = group(instant, 3);
    const atMs = parseTimeField(line, { ...at, what: 'timestamp' }, diags);
    if (atMs === undefined) return undefined;
    return { header, mode: { kind: 'instant', atMs }, query: query.text, queryStart: query.start };
  }
  const range = RANGE_HEADER.exec(line.text);
  if (range !== null) {
    const header = (range[1] === undefined ? 'eval' : `eval_${range[1]}`) as Header;
    const startMs = parseTimeField(line, { ...group(range, 2), what: 'start timestamp' }, diags);
    const endMs = parseTimeField(line, { ...group(range, 3), what: 'end timestamp' }, diags);
    const stepMs = parseTimeField(line, { ...group(range, 4), what: 'step' }, diags);
    const query = group(range, 5);
    if (startMs === undefined || endMs === undefined || stepMs === undefined) return undefined;
    if (endMs < startMs) {
      const to = group(range, 3);
      diags.error(line, `invalid test definition, end timestamp (${range[3]}) is before start timestamp (${range[2]})`, to.start, to.start + to.text.length);
      return undefined;
    }
    return { header, mode: { kind: 'range', startMs, endMs, stepMs }, query: query.text, queryStart: query.start };
  }
  diags.error(
    line,
    "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'",
  );
  return undefined;
}

/** Parses `msg:<text>` / `regex:<pattern>` (or nothing) after an expect type. */
function parseMatcher(line: ScriptLine, type: ExpectType, rest: string, restStart: number, diags: ScriptDiagnostics): MessageMatcher | undefined {
  const trimmed = rest.trim();
  if (trimmed === '') return { kind: 'any' };
  const m = /^(msg|regex):([\s\S]*)$/.exec(trimmed);
  const text = m?.[2]?.trim() ?? '';
  if (m === null || text === '') {
    diags.error(line, 'invalid expect statement, must match `expect <type> <match_type>: <string>` format', restStart);
    return undefined;
  }
  if (m[1] === 'msg') return { kind: 'exact', text };
  const re = compileRegex(text);
  if (!re.ok) {
    diags.error(line, `invalid regex ${text} for ${type}: ${re.error}`, restStart);
    return undefined;
  }
  return { kind: 'regex', pattern: text };
}

interface BodyState {
  fail?: MessageExpectation;
  warn: MessageExpectation[];
  info: MessageExpectation[];
  noWarn: boolean;
  noInfo: boolean;
  ordered: boolean;
  series: Map<string, ExpectedSeries>;
  scalar?: { line: number; value: number };
  string?: { line: number; value: string };
  rangeVector?: { line: number; startMs: number; endMs: number; stepMs: number };
  failCount: number;
}

function applyExpect(line: ScriptLine, type: ExpectType, matcher: MessageMatcher, st: BodyState, diags: ScriptDiagnostics): void {
  const exp = { line: line.number, matcher };
  switch (type) {
    case 'fail':
      st.failCount++;
      if (st.failCount > 1) diags.error(line, 'invalid expect lines, multiple expect fail lines are not allowed');
      st.fail = exp;
      return;
    case 'warn':
    case 'no_warn':
      if (type === 'warn') st.warn.push(exp);
      else st.noWarn = true;
      if (st.warn.length > 0 && st.noWarn) diags.error(line, 'invalid expect lines, warn and no_warn cannot be used together');
      return;
    case 'info':
    case 'no_info':
      if (type === 'info') st.info.push(exp);
      else st.noInfo = true;
      if (st.info.length > 0 && st.noInfo) diags.error(line, 'invalid expect lines, info and no_info cannot be used together');
      return;
    case 'ordered':
      st.ordered = true;
      return;
  }
}

function parseRangeVector(line: ScriptLine, st: BodyState, diags: ScriptDiagnostics): void {
  const m = RANGE_VECTOR.exec(line.text);
  if (m === null) {
    diags.error(line, `invalid range vector definition ${JSON.stringify(line.text)}`);
    return;
  }
  // Same checks and order as upstream's parseDurations: from, to, to ≥ from, step.
  const startMs = parseTimeField(line, { ...group(m, 1), what: 'start timestamp' }, diags);
  if (startMs === undefined) return;
  const to = group(m, 2);
  const endMs = parseTimeField(line, { ...to, what: 'end timestamp' }, diags);
  if (endMs === undefined) return;
  if (endMs < startMs) {
    diags.error(line, `invalid test definition, end timestamp (${m[2]}) is before start timestamp (${m[1]})`, to.start, to.start + to.text.length);
    return;
  }
  const stepMs = parseTimeField(line, { ...group(m, 3), what: 'step' }, diags);
  if (stepMs === undefined) return;
  st.rangeVector = { line: line.number, startMs, endMs, stepMs };
}

/**
 * `expect string <quoted>`, read as upstream does: exactly one space after
 * the prefix, then Go's strconv.Unquote of the rest (so `"…"` with escapes,
 * `` `…` `` raw, or a one-character `'…'`).
 */
function parseExpectString(line: ScriptLine, st: BodyState, diags: ScriptDiagnostics): void {
  const prefix = 'expect string ';
  const arg = line.text.startsWith(prefix) ? line.text.slice(prefix.length) : line.text;
  const at = line.text.length - arg.length;
  if (line.text === 'expect string' || arg === '') {
    diags.error(line, 'expected string literal not valid - a quoted string literal is required');
    return;
  }
  const q = readQuotedString(arg, 0);
  const singleRune = arg.startsWith("'") && q.ok && [...q.value].length !== 1;
  if (!q.ok || q.end !== arg.length || singleRune) {
    diags.error(line, 'expected string literal not valid - check that the string is correctly quoted', at);
    return;
  }
  st.string = { line: line.number, value: q.value };
}

/** Parses an `eval` command at `lines[i]`; returns it (when valid) and the index of the next line to read. */
export function parseEvalCommand(lines: readonly ScriptLine[], i: number, diags: ScriptDiagnostics): { command?: EvalCommand; next: number } {
  const headerLine = lines[i]!;
  const before = diags.list.length;
  const head = parseHeader(headerLine, diags);
  const st: BodyState = { warn: [], info: [], noWarn: false, noInfo: false, ordered: false, series: new Map(), failCount: 0 };
  let j = i + 1;
  for (; j < lines.length && lines[j]!.text !== ''; j++) {
    const line = lines[j]!;
    const text = line.text;
    if (head?.header === 'eval_fail' && /^expected_fail_(message|regexp)/.test(text)) {
      const isRegex = text.startsWith('expected_fail_regexp');
      const rest = text.slice(isRegex ? 'expected_fail_regexp'.length : 'expected_fail_message'.length).trim();
      if (isRegex) {
        const re = compileRegex(rest);
        if (!re.ok) diags.error(line, `invalid regexp '${rest}' for expected_fail_regexp: ${re.error}`);
        st.fail = { line: line.number, matcher: { kind: 'regex', pattern: rest } };
      } else {
        st.fail = { line: line.number, matcher: { kind: 'exact', text: rest } };
      }
      j++; // this line ends the block; the next line is a new command
      break;
    }
    if (text.startsWith('expect range vector')) {
      parseRangeVector(line, st, diags);
      continue;
    }
    if (text.startsWith('expect string')) {
      parseExpectString(line, st, diags);
      continue;
    }
    // Upstream splits on a single space only, so `expect\tfail` is not a directive.
    if (text.split(' ')[0] === 'expect') {
      const m = /^expect[ \t]+(\S+)(.*)$/.exec(text);
      const type = EXPECT_TYPES.find((t) => t === m?.[1]);
      if (m === null || type === undefined) {
        diags.error(
          line,
          `invalid expect statement, must match \`expect <type> <match_type>: <string>\` format (unknown type ${JSON.stringify(m?.[1] ?? '')}, expected one of ${EXPECT_TYPES.join(', ')})`,
        );
        continue;
      }
      const restStart = text.length - m[2]!.length;
      const matcher = parseMatcher(line, type, m[2]!, restStart, diags);
      if (matcher !== undefined) applyExpect(line, type, matcher, st, diags);
      continue;
    }
    const scalar = parseGoNumber(text);
    if (scalar.ok) {
      st.scalar = { line: line.number, value: scalar.value };
      j++; // a scalar line ends the block
      break;
    }
    parseExpectedSeries(line, head?.mode.kind === 'instant' && st.rangeVector === undefined, st, diags);
  }
  if (head === undefined || diags.list.length > before) return { next: j };
  const fail = st.fail ?? (head.header === 'eval_fail' ? { line: headerLine.number, matcher: { kind: 'any' } as const } : undefined);
  const command: EvalCommand = {
    kind: 'eval',
    line: headerLine.number,
    header: head.header,
    mode: head.mode,
    query: head.query,
    queryColumn: headerLine.indent + head.queryStart + 1,
    expect: {
      ...(fail !== undefined ? { fail } : {}),
      warn: st.warn,
      noWarn: st.noWarn,
      info: st.info,
      noInfo: st.noInfo,
      ordered: st.ordered || head.header === 'eval_ordered',
      atLeastOneWarn: head.header === 'eval_warn',
      atLeastOneInfo: head.header === 'eval_info',
    },
    series: [...st.series.values()],
    ...(st.scalar !== undefined ? { scalar: st.scalar } : {}),
    ...(st.string !== undefined ? { string: st.string } : {}),
    ...(st.rangeVector !== undefined ? { rangeVector: st.rangeVector } : {}),
  };
  return { command, next: j };
}

function parseExpectedSeries(line: ScriptLine, singleValue: boolean, st: BodyState, diags: ScriptDiagnostics): void {
  const parsed = parseSeriesDescription(line.text);
  if (parsed.series === undefined) {
    diags.fromText(line, parsed.diagnostics, 0, `error parsing series ${JSON.stringify(line.text)}: `);
    return;
  }
  const { labels, values, labelsPos } = parsed.series;
  if (singleValue && values.length > 1) {
    diags.error(
      line,
      "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query",
      labelsPos.end,
    );
    return;
  }
  if (singleValue && values.length === 0) {
    // Upstream accepts this line and then crashes when comparing; reject it here.
    diags.error(line, 'expected series line has no value; an instant evaluation needs exactly one', labelsPos.start, labelsPos.end);
    return;
  }
  const key = labelsKey(labels);
  st.series.delete(key);
  st.series.set(key, { line: line.number, labels, values });
}
