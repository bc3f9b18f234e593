// promtool's `test rules` file format, read with positions: every field of
// every test group, strictly (unknown fields are errors, as promtool's
// UnmarshalStrict makes them), durations in Prometheus's format, and
// `start_timestamp` as RFC 3339 or Unix seconds.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
// Eval times print as promtool prints them: 3.x as written, 2.x as model.Duration.String() (0m → 0s).
import { parseGoNumber } from '../go/strconv.js';
import { formatDuration, parseDuration } from '../promql/literals.js';
import { type BehaviourDifference, unitTestFieldsUnavailable } from '../version/differences.js';
import { DEFAULT_VERSION, type PrometheusVersion, formatVersion, parsePrometheusVersion, versionText } from '../version/version.js';

export interface Pos {
  readonly line: number;
  readonly column: number;
}

export interface InputSeries {
  readonly series: string;
  readonly values: string;
  readonly pos: Pos;
}

export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertTestCase {
  readonly evalTimeMs: number;
  readonly evalTimeText: string;
  readonly alertname: string;
  readonly expAlerts: readonly ExpectedAlert[];
  readonly pos: Pos;
}

export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
  readonly histogram?: string;
  readonly pos: Pos;
}

export interface PromqlTestCase {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly evalTimeText: string;
  readonly expSamples: readonly ExpectedSample[];
  readonly pos: Pos;
  /** Position of the expression's value, for parse errors. */
  readonly exprPos: Pos;
}

export interface TestGroup {
  readonly name: string;
  /** Input series interval; defaults to the file's evaluation interval. */
  readonly intervalMs?: number;
  readonly inputSeries: readonly InputSeries[];
  readonly alertRuleTests: readonly AlertTestCase[];
  readonly promqlExprTests: readonly PromqlTestCase[];
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /** Unix milliseconds; 0 when not given. */
  readonly startTimestampMs: number;
  readonly pos: Pos;
}

/** The latest eval_time of a group's checks, 0 without any (promtool's maxEvalTime): evaluation runs from the start to it. */
export function maxEvalTimeMs(tg: TestGroup): number {
  let max = 0;
  for (const a of tg.alertRuleTests) max = Math.max(max, a.evalTimeMs);
  for (const p of tg.promqlExprTests) max = Math.max(max, p.evalTimeMs);
  return max;
}

export interface UnitTestFile {
  readonly path: string;
  readonly ruleFiles: readonly { readonly pattern: string; readonly pos: Pos }[];
  readonly evaluationIntervalMs: number;
  readonly groupEvalOrder: readonly string[];
  readonly fuzzyCompare: boolean;
  readonly tests: readonly TestGroup[];
  /** The Prometheus version the file runs under (see UnitTestFileOptions). */
  readonly prometheusVersion: PrometheusVersion;
}

export interface UnitTestFileOptions {
  /** Overrides the file's own `prometheusVersion:` (the CLI flag, --compare-versions). */
  readonly version?: PrometheusVersion;
  /** Used when neither `version` nor the file says (e.g. from .promforge.yaml). Default: the 3.x target. */
  readonly defaultVersion?: PrometheusVersion;
}

/**
 * `prometheusVersion` is promforge's own: the Prometheus version the tests
 * were written for. promtool rejects it, so files that promtool also runs
 * leave it out and pass --prometheus-version instead.
 */
const FILE_FIELDS = ['rule_files', 'evaluation_interval', 'group_eval_order', 'tests', 'fuzzy_compare', 'prometheusVersion'];
const GROUP_FIELDS = ['interval', 'input_series', 'alert_rule_test', 'promql_expr_test', 'external_labels', 'external_url', 'name', 'start_timestamp'];
const SERIES_FIELDS = ['series', 'values'];
const ALERT_TEST_FIELDS = ['eval_time', 'alertname', 'exp_alerts'];
const EXP_ALERT_FIELDS = ['exp_labels', 'exp_annotations'];
const PROMQL_TEST_FIELDS = ['expr', 'eval_time', 'exp_samples'];
const SAMPLE_FIELDS = ['labels', 'value', 'histogram'];

class Reader {
  readonly diagnostics: FileDiagnostic[] = [];
  /** Fields (`section.name`) the running version does not know yet. */
  unavailable: ReadonlyMap<string, BehaviourDifference> = new Map();
  version: PrometheusVersion = DEFAULT_VERSION;
  constructor(
    readonly path: string,
    private readonly lines: LineCounter,
    private readonly doc: Document.Parsed,
  ) {}

  /** The node an alias (`*name`) refers to; other nodes as they are. Go's YAML decoder resolves aliases the same way. */
  deref<T extends Node | null | undefined>(node: T): T | Node {
    let n: Node | null | undefined = node;
    for (let hops = 0; n && isAlias(n) && hops < 100; hops++) n = (n.resolve(this.doc) as Node | undefined) ?? null;
    return n as T | Node;
  }

  pos(node: Node | null | undefined): Pos {
    const offset = node?.range?.[0] ?? 0;
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  error(message: string, node: Node | null | undefined): void {
    const range = node?.range ?? [0, 0, 0];
    const s = this.lines.linePos(range[0]);
    const e = this.lines.linePos(range[1]);
    this.diagnostics.push({
      code: 'unittest/test-file',
      severity: 'error',
      message,
      file: this.path,
      line: s.line,
      column: s.col,
      endLine: e.line,
      endColumn: e.col,
      source: 'unittest',
    });
  }

  /** The entries of a mapping, reporting unknown keys (strict decoding). */
  fields(given: Node | null | undefined, allowed: readonly string[], what: string, section: string): Map<string, Pair<Node, Node | null>> {
    const node = this.deref(given);
    const out = new Map<string, Pair<Node, Node | null>>();
    if (node === null || node === undefined) return out;
    if (!isMap(node)) {
      this.error(`${what} must be a mapping`, node);
      return out;
    }
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const added = this.unavailable.get(`${section}.${key}`);
      if (!allowed.includes(key)) this.error(`field ${key} not found in ${what}`, pair.key);
      else if (added)
        this.error(
          `field ${key} not found in ${what}: Prometheus ${formatVersion(this.version)} does not have it (added in ${added.since}, ${added.upstream})`,
          pair.key,
        );
      else if (out.has(key)) this.error(`field ${key} already set in ${what}`, pair.key);
      else out.set(key, pair);
    }
    return out;
  }

  string(pair: Pair<Node, Node | null> | undefined, what: string): string | undefined {
    const v = this.deref(pair?.value);
    if (v === undefined || v === null) return undefined;
    if (isScalar(v) && v.value === null) return undefined;
    if (!isScalar(v) || typeof v.value === 'object') {
      this.error(`${what} must be a string`, v);
      return undefined;
    }
    return scalarText(v);
  }

  duration(pair: Pair<Node, Node | null> | undefined, what: string): { ms: number; text: string } | undefined {
    const text = this.string(pair, what);
    if (text === undefined) return undefined;
    const d = parseDuration(text);
    if ('error' in d) {
      this.error(`${what}: ${d.error}`, pair!.value);
      return undefined;
    }
    return { ms: d.ms, text };
  }

  seq(pair: Pair<Node, Node | null> | undefined, what: string): Node[] {
    const v = this.deref(pair?.value);
    if (v === undefined || v === null || (isScalar(v) && v.value === null)) return [];
    if (!isSeq(v)) {
      this.error(`${what} must be a list`, v);
      return [];
    }
    return v.items as Node[];
  }

  stringMap(pair: Pair<Node, Node | null> | undefined, what: string): Record<string, string> {
    // Built without a prototype so keys like __proto__ are plain data.
    const out = Object.create(null) as Record<string, string>;
    const v = this.deref(pair?.value);
    if (v === undefined || v === null || (isScalar(v) && v.value === null)) return out;
    if (!isMap(v)) {
      this.error(`${what} must be a mapping`, v);
      return out;
    }
    for (const p of (v as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      const pv = this.deref(p.value);
      const value = pv === null ? '' : isScalar(pv) ? (pv.value === null ? '' : scalarText(pv)) : undefined;
      if (value === undefined) this.error(`${what}.${key} must be a string`, p.value);
      else out[key] = value;
    }
    return out;
  }
}

/**
 * A scalar as Go's YAML decoder gives it to a string field: plain scalars as
 * written (`0x720` stays "0x720", where YAML 1.2 would read the integer 1824;
 * `1e3` stays "1e3"), quoted ones unescaped.
 */
function scalarText(v: Scalar): string {
  if (v.type === 'PLAIN' && typeof v.source === 'string') return v.source;
  return String(v.value);
}

export function parseUnitTestFile(path: string, text: string, options: UnitTestFileOptions = {}): { file?: UnitTestFile; diagnostics: FileDiagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(path, lines, doc);
  for (const e of doc.errors) {
    const s = lines.linePos(e.pos[0]);
    const t = lines.linePos(e.pos[1]);
    r.diagnostics.push({
      code: 'yaml/syntax',
      severity: 'error',
      message: e.message.split('\n')[0]!,
      file: path,
      line: s.line,
      column: s.col,
      endLine: t.line,
      endColumn: t.col,
      source: 'yaml',
    });
  }
  if (r.diagnostics.length > 0) return { diagnostics: r.diagnostics };
  // The version decides which other fields exist, so it is read first.
  const contents = doc.contents as Node | null;
  const versionNode = isMap(contents)
    ? (contents as YAMLMap<Node, Node | null>).items.find((p) => isScalar(p.key) && p.key.value === 'prometheusVersion')?.value
    : undefined;
  let fileVersion: PrometheusVersion | undefined;
  if (versionNode) {
    const parsedVersion = isScalar(versionNode)
      ? parsePrometheusVersion(versionText(versionNode))
      : { ok: false as const, message: 'prometheusVersion must be a version such as 2.42 or 3' };
    if (parsedVersion.ok) fileVersion = parsedVersion.version;
    else r.error(parsedVersion.message, versionNode);
  }
  r.version = options.version ?? fileVersion ?? options.defaultVersion ?? DEFAULT_VERSION;
  r.unavailable = unitTestFieldsUnavailable(r.version);
  const top = r.fields(contents, FILE_FIELDS, 'the unit test file', 'file');

  const ruleFiles = r.seq(top.get('rule_files'), 'rule_files').flatMap((n) => {
    if (!isScalar(n) || typeof n.value !== 'string') {
      r.error('rule_files entries must be strings', n);
      return [];
    }
    return [{ pattern: n.value, pos: r.pos(n) }];
  });
  const evaluationIntervalMs = r.duration(top.get('evaluation_interval'), 'evaluation_interval')?.ms || 60_000;
  const groupEvalOrder = r.seq(top.get('group_eval_order'), 'group_eval_order').map((n) => (isScalar(n) ? String(n.value) : ''));
  const fuzzy = r.deref(top.get('fuzzy_compare')?.value);
  const fuzzyCompare = isScalar(fuzzy) ? fuzzy.value === true : false;
  if (fuzzy && !(isScalar(fuzzy) && typeof fuzzy.value === 'boolean')) r.error('fuzzy_compare must be true or false', fuzzy);

  const tests = r.seq(top.get('tests'), 'tests').map((node) => readGroup(r, node));
  if (r.diagnostics.length > 0) return { diagnostics: r.diagnostics };
  return { file: { path, ruleFiles, evaluationIntervalMs, groupEvalOrder, fuzzyCompare, tests, prometheusVersion: r.version }, diagnostics: [] };
}

function readGroup(r: Reader, node: Node): TestGroup {
  const f = r.fields(node, GROUP_FIELDS, 'a test group', 'group');
  const inputSeries = r.seq(f.get('input_series'), 'input_series').map((n) => {
    const s = r.fields(n, SERIES_FIELDS, 'an input series', 'series');
    return { series: r.string(s.get('series'), 'series') ?? '', values: r.string(s.get('values'), 'values') ?? '', pos: r.pos(n) };
  });
  const alertRuleTests = r.seq(f.get('alert_rule_test'), 'alert_rule_test').map((n) => {
    const a = r.fields(n, ALERT_TEST_FIELDS, 'an alert_rule_test item', 'alert_test');
    const evalTime = r.duration(a.get('eval_time'), 'eval_time');
    const expAlerts = r.seq(a.get('exp_alerts'), 'exp_alerts').map((e) => {
      const x = r.fields(e, EXP_ALERT_FIELDS, 'an exp_alerts item', 'alert');
      return { labels: r.stringMap(x.get('exp_labels'), 'exp_labels'), annotations: r.stringMap(x.get('exp_annotations'), 'exp_annotations') };
    });
    return {
      evalTimeMs: evalTime?.ms ?? 0,
      evalTimeText: r.version.major >= 3 ? (evalTime?.text ?? '0s') : formatDuration(evalTime?.ms ?? 0),
      alertname: r.string(a.get('alertname'), 'alertname') ?? '',
      expAlerts,
      pos: r.pos(n),
    };
  });
  const promqlExprTests = r.seq(f.get('promql_expr_test'), 'promql_expr_test').map((n) => {
    const p = r.fields(n, PROMQL_TEST_FIELDS, 'a promql_expr_test item', 'promql_test');
    const evalTime = r.duration(p.get('eval_time'), 'eval_time');
    const expSamples = r.seq(p.get('exp_samples'), 'exp_samples').map((e) => {
      const s = r.fields(e, SAMPLE_FIELDS, 'an exp_samples item', 'sample');
      const valueNode = r.deref(s.get('value')?.value);
      let value = 0;
      if (valueNode !== undefined && valueNode !== null) {
        const raw = isScalar(valueNode) ? valueNode.value : undefined;
        // A value written as a string (`Inf`, `NaN`, `1e3`) is read as Prometheus reads a number token.
        const parsed = typeof raw === 'number' ? { ok: true as const, value: raw } : typeof raw === 'string' ? parseGoNumber(raw.trim()) : undefined;
        if (!parsed?.ok) r.error('value must be a number', valueNode);
        else value = parsed.value;
      }
      const histogram = r.string(s.get('histogram'), 'histogram');
      return { labels: r.string(s.get('labels'), 'labels') ?? '', value, ...(histogram ? { histogram } : {}), pos: r.pos(e) };
    });
    const exprPair = p.get('expr');
    return {
      expr: r.string(exprPair, 'expr') ?? '',
      evalTimeMs: evalTime?.ms ?? 0,
      evalTimeText: r.version.major >= 3 ? (evalTime?.text ?? '0s') : formatDuration(evalTime?.ms ?? 0),
      expSamples,
      pos: r.pos(n),
      exprPos: r.pos(exprPair?.value ?? n),
    };
  });
  const interval = r.duration(f.get('interval'), 'interval');
  const startPair = f.get('start_timestamp');
  let startTimestampMs = 0;
  const startText = r.string(startPair, 'start_timestamp');
  if (startText !== undefined) {
    const t = parseTestTime(startText);
    if (t === undefined) r.error(`cannot parse "${startText}" to a valid timestamp`, startPair!.value);
    else startTimestampMs = t;
  }
  return {
    name: r.string(f.get('name'), 'name') ?? '',
    ...(interval ? { intervalMs: interval.ms } : {}),
    inputSeries,
    alertRuleTests,
    promqlExprTests,
    externalLabels: r.stringMap(f.get('external_labels'), 'external_labels'),
    externalURL: r.string(f.get('external_url'), 'external_url') ?? '',
    startTimestampMs,
    pos: r.pos(node),
  };
}

/** promtool's parseTime: Unix seconds (possibly fractional) or RFC 3339. */
export function parseTestTime(s: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
