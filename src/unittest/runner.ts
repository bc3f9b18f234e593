// Runs promtool-format rule unit tests, with promtool's semantics: input
// series loaded lazily up to each evaluation time, every group evaluated at
// each step of `evaluation_interval` up to the latest `eval_time`, firing
// alerts compared at the evaluation at or before each alert `eval_time`,
// then `promql_expr_test` queries. Failure texts follow promtool's.

import { readInputTextSync } from '../fs/read.js';
import path from 'node:path';
import { type FileDiagnostic, isReadError, readErrorDiagnostic } from '../diagnostics.js';
import type { Expr } from '../promql/ast.js';
import { walk } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { prometheusParseErrorText } from '../diagnostics.js';
import type { Labels } from '../model/labels.js';
import { compareLabels, labelsEqual, labelsFromRecord, withLabel } from '../model/labels.js';
import type { FloatHistogram } from '../model/histogram.js';
import { parseSeriesDescription, parseSeriesLabels } from '../samples/series-notation.js';
import type { RuleFile } from '../rulefmt/model.js';
import { GroupEvaluator } from '../rules/group.js';
import type { EvalGroup, RangeStepsResult, RuleBackend, Sample as RuleSample, TemplateExpander } from '../rules/types.js';
import { evalGroupsFromRuleFile } from '../rules/from-rulefmt.js';
import { isBatchable } from '../rules/batch.js';
import type { UnitTestFile, TestGroup } from './file.js';
import { maxEvalTimeMs, parseUnitTestFile } from './file.js';
import type { AlertView, SampleView } from './messages.js';
import { alertListString, goDurationString, indentLines, sampleListString } from './messages.js';
import { globFiles } from './glob.js';
import { compileRegex } from '../regex/re2.js';
import { behaviourAt } from '../version/differences.js';
import type { PrometheusVersion } from '../version/version.js';

/** An instant-query result as the runner needs it. */
export type InstantResult =
  | {
      readonly ok: true;
      readonly samples: readonly { readonly labels: Labels; readonly value: number; readonly histogram?: FloatHistogram }[];
      readonly scalar: boolean;
    }
  | { readonly ok: false; readonly error: string };

/** The storage + engine a test group runs on; one per test group. */
export interface TestEngine {
  append(labels: Labels, timeMs: number, value: number): void;
  appendHistogram(labels: Labels, timeMs: number, h: FloatHistogram): void;
  query(expr: Expr, timeMs: number): InstantResult;
  /** Bulk append of one series' samples (optional; faster than one append per sample). */
  appendMany?(labels: Labels, times: Float64Array, values: Float64Array): void;
  /** One range query, as the samples of each step (see RuleBackend.queryRange). */
  queryRange?(expr: Expr, startMs: number, endMs: number, stepMs: number): RangeStepsResult;
}

export interface RunnerDeps {
  newEngine(options: { subqueryStepMs: number; prometheusVersion: PrometheusVersion }): TestEngine;
  /** Template expansion for alert labels and annotations. */
  expander(context: { externalLabels: Labels; externalURL: string; engine: TestEngine }): TemplateExpander;
  /** Loads and validates a rule file. */
  loadRuleFile(
    filePath: string,
    options: { ignoreUnknownFields: boolean; prometheusVersion: PrometheusVersion },
  ): { file?: RuleFile; diagnostics: FileDiagnostic[] };
  /** Formats a histogram as a test expression (for failure messages and comparison). */
  histogramString(h: FloatHistogram): string;
  /**
   * Rule files that exist only in memory (absolute path → content), such as a
   * rule pack compiled for its tests: `rule_files` naming one of these paths
   * matches it without touching the disk, and loadRuleFile serves it.
   */
  readonly inMemoryRuleFiles?: ReadonlyMap<string, string>;
}

export interface RunOptions {
  /** The test file's text, when it is not (or not yet) on disk as it should be read; filePath still names it. */
  readonly source?: string;
  /** Regular expressions matched (unanchored, joined with `|`) against test group names. */
  readonly run?: readonly string[];
  readonly ignoreUnknownFields?: boolean;
  /** Run under this Prometheus version, whatever the file's own `prometheusVersion:` says. */
  readonly prometheusVersion?: PrometheusVersion;
  /** The version for files that do not say (e.g. from .promforge.yaml); default the 3.x target. */
  readonly defaultPrometheusVersion?: PrometheusVersion;
  /**
   * PromQL features to reject, as Prometheus does when their flags are off.
   * `promtool test rules` always enables both; its Go tests switch them off.
   */
  readonly disabledFeatures?: readonly DisableableFeature[];
  /** Observes the firing alerts found at each alert_rule_test check (snapshot tests use it). */
  /**
   * Most input samples one test group may expand to, across all its
   * input_series (default MAX_SAMPLES_PER_TEST); checked before allocating.
   */
  readonly maxSamplesPerTest?: number;
  /** Called after each test group is run: groups done, of the groups the file has. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly onAlertCheck?: (check: {
    readonly group: string;
    readonly evalTimeMs: number;
    readonly alertname: string;
    readonly firing: readonly AlertView[];
  }) => void;
}

/** Default for RunOptions.maxSamplesPerTest: ~250 MB of expanded input at most. */
export const MAX_SAMPLES_PER_TEST = 5_000_000;

export type DisableableFeature = 'at-modifier' | 'negative-offset';

/** The first use of a disabled feature in an expression, as Prometheus's parser words it. */
export function disabledFeatureUse(expr: Expr, disabled: readonly DisableableFeature[]): string | undefined {
  if (disabled.length === 0) return undefined;
  let found: string | undefined;
  walk(expr, (node) => {
    if (found) return false;
    const mods = node.kind === 'VectorSelector' || node.kind === 'SubqueryExpr' ? node : node.kind === 'MatrixSelector' ? node.vector : undefined;
    if (!mods) return undefined;
    if (mods.at && disabled.includes('at-modifier')) found = '@ modifier is disabled';
    else if (mods.offset && disabled.includes('negative-offset') && mods.offset.kind === 'DurationLiteral' && mods.offset.ms < 0)
      found = 'negative offset is disabled';
    return undefined;
  });
  return found;
}

export interface GroupResult {
  /** The group's `name:`, '' when it has none. */
  readonly name: string;
  /** Its position in the file's `tests:` list, from 0. */
  readonly index: number;
  readonly failures: string[];
  readonly durationMs: number;
}

/**
 * How a test group is named in reports (JUnit, failure lists): its own
 * name, or — like promtool, which knows an unnamed group only by its place —
 * the file it is in and its index there: `tests/api.test.yml#2`.
 */
export function testGroupLabel(file: string, group: Pick<GroupResult, 'name' | 'index'>): string {
  return group.name !== '' ? group.name : `${file}#${group.index}`;
}

export interface FileResult {
  readonly file: string;
  /** Problems that stopped the file from running at all (unreadable, invalid YAML...). */
  readonly diagnostics: FileDiagnostic[];
  readonly groups: GroupResult[];
  readonly passed: boolean;
}

/** Past the last input sample by more than this (the 5m lookback plus slack), nothing of the input is visible. */
const BEYOND_DATA_MARGIN_MS = 60 * 60_000;

export function runUnitTestFile(filePath: string, deps: RunnerDeps, options: RunOptions = {}): FileResult {
  const read: { ok: true; value: string } | { ok: false; error: string } =
    options.source !== undefined ? { ok: true, value: options.source } : readInputTextSync(filePath);
  if (!read.ok) {
    return { file: filePath, diagnostics: [readErrorDiagnostic(filePath, read.error)], groups: [], passed: false };
  }
  const text = read.value;
  const parsed = parseUnitTestFile(filePath, text, {
    ...(options.prometheusVersion ? { version: options.prometheusVersion } : {}),
    ...(options.defaultPrometheusVersion ? { defaultVersion: options.defaultPrometheusVersion } : {}),
  });
  if (!parsed.file) return { file: filePath, diagnostics: parsed.diagnostics, groups: [], passed: false };
  const unit = parsed.file;

  const orderIndex = new Map<string, number>();
  for (const [i, name] of unit.groupEvalOrder.entries()) {
    if (orderIndex.has(name)) {
      const diag: FileDiagnostic = {
        code: 'unittest/test-file',
        severity: 'error',
        message: `group name repeated in evaluation order: ${name}`,
        file: filePath,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        source: 'unittest',
      };
      return { file: filePath, diagnostics: [diag], groups: [], passed: false };
    }
    orderIndex.set(name, i);
  }

  // promtool's --run: Go's regexp.MatchString (unanchored) over the joined patterns.
  const runCompiled = options.run && options.run.length > 0 ? compileRegex(options.run.join('|')) : undefined;
  const runRe = runCompiled?.ok ? { test: (name: string) => runCompiled.re.matcher(name).find() } : runCompiled ? { test: () => false } : undefined;
  const baseDir = path.dirname(filePath);
  const ruleFiles: string[] = [];
  const missing: FileDiagnostic[] = [];
  for (const rf of unit.ruleFiles) {
    // A problem with this rule_files entry, at its pattern.
    const ruleFileProblem = (message: string): FileDiagnostic => ({
      code: 'unittest/rule-files',
      severity: 'error',
      message,
      file: filePath,
      line: rf.pos.line,
      column: rf.pos.column,
      endLine: rf.pos.line,
      endColumn: rf.pos.column + rf.pattern.length,
      source: 'unittest',
    });
    const pattern = path.isAbsolute(rf.pattern) ? rf.pattern : path.join(baseDir, rf.pattern);
    const globbed = deps.inMemoryRuleFiles?.has(path.resolve(pattern)) ? { ok: true as const, files: [path.resolve(pattern)] } : globFiles(pattern);
    if (!globbed.ok) {
      missing.push(ruleFileProblem(`rule_files: "${rf.pattern}": ${globbed.error}`));
      continue;
    }
    const matched = globbed.files;
    // promtool only warns here and runs the tests without those rules, which
    // lets a typo pass silently; a missing rule file is an error for us.
    if (matched.length === 0 && !/[*?[\\]/.test(rf.pattern)) {
      // A plain name, not a pattern: the file is simply not there.
      missing.push(readErrorDiagnostic(path.resolve(pattern), 'ENOENT: no such file or directory'));
    } else if (matched.length === 0) {
      missing.push(ruleFileProblem(`rule_files: "${rf.pattern}" matches no file`));
    }
    ruleFiles.push(...matched);
  }
  if (missing.length > 0) return { file: filePath, diagnostics: missing, groups: [], passed: false };
  // Each rule file is read once for the whole file; one that cannot be read
  // stops the file (an I/O failure), while invalid rules fail each group as in promtool.
  const loadedRules = ruleFiles.map((rf) => ({
    path: rf,
    loaded: deps.loadRuleFile(rf, { ignoreUnknownFields: options.ignoreUnknownFields ?? false, prometheusVersion: unit.prometheusVersion }),
  }));
  const unreadable = loadedRules.flatMap((r) => r.loaded.diagnostics.filter(isReadError));
  if (unreadable.length > 0) return { file: filePath, diagnostics: unreadable, groups: [], passed: false };
  const groups: GroupResult[] = [];
  unit.tests.forEach((tg, i) => {
    options.onProgress?.(i, unit.tests.length);
    if (runRe && !runRe.test(tg.name)) return;
    const started = performance.now();
    const failures = runTestGroup(unit, tg, loadedRules, orderIndex, deps, options);
    groups.push({ name: tg.name, index: i, failures, durationMs: performance.now() - started });
  });
  options.onProgress?.(unit.tests.length, unit.tests.length);
  return { file: filePath, diagnostics: [], groups, passed: groups.every((g) => g.failures.length === 0) };
}

function runTestGroup(
  unit: UnitTestFile,
  tg: TestGroup,
  ruleFiles: readonly { readonly path: string; readonly loaded: { file?: RuleFile; diagnostics: FileDiagnostic[] } }[],
  orderIndex: ReadonlyMap<string, number>,
  deps: RunnerDeps,
  options: RunOptions,
): string[] {
  const version = unit.prometheusVersion;
  // Before 2.49 a group without `interval` loads its series at 0s intervals.
  const intervalMs = tg.intervalMs || (behaviourAt(version, 'unittest-interval-default') ? unit.evaluationIntervalMs : 0);
  const evalIntervalMs = unit.evaluationIntervalMs;
  const mint = tg.startTimestampMs;
  const maxEval = maxEvalTimeMs(tg);
  const maxt = mint + maxEval;
  // The last evaluation (the loop below steps from mint to maxt): input is
  // appended up to each evaluation's time, so samples after this one are
  // never read, whatever the expressions say.
  const lastEvalMs = mint + Math.floor(maxEval / evalIntervalMs) * evalIntervalMs;

  // Input series, expanded now and appended lazily (promtool's WithSamplesTill).
  const inputs: { labels: Labels; times: Float64Array; values: Float64Array; hists: { t: number; h: FloatHistogram }[]; next: number; nextHist: number }[] = [];
  const maxSamples = options.maxSamplesPerTest ?? MAX_SAMPLES_PER_TEST;
  // Positions up to the last evaluation are built; later ones only counted
  // (`0x10000000` in a real suite means "for ever", evaluated for an hour).
  // At a 0s interval every value lands on mint; the TSDB keeps the first.
  const keepValues = intervalMs === 0 ? 1 : Math.floor((lastEvalMs - mint) / intervalMs) + 1;
  let expanded = 0;
  // When the last input sample is, kept or not (for the expectations-past-the-data check below).
  let lastInputMs = -Infinity;
  for (const s of tg.inputSeries) {
    const remaining = maxSamples - expanded;
    const description = `${s.series} ${s.values}`;
    const limitMessage = `the test group's input series expand to more than ${maxSamples} samples up to the last evaluation (the limit; raise it with --max-samples-per-test)`;
    const desc = parseSeriesDescription(description, { maxValues: remaining, limitMessage, keepValues });
    if (!desc.series) {
      // promtool prints the series parser's error alone (`1:48: parse error:
      // …`, counted in "<series> <values>"); we put the series' place before it.
      const d = desc.diagnostics[0]!;
      const text = d.message === limitMessage ? `input series ${JSON.stringify(s.series)}: ${d.message}` : prometheusParseErrorText(description, d);
      return [`${unit.path}:${s.pos.line}:${s.pos.column}: ${text}`];
    }
    expanded += desc.series.values.length;
    // Filled in place (a real suite has a million-sample series): at most one float per value.
    const values = desc.series.values;
    const count = values.length;
    const last = intervalMs === 0 ? (values[0] !== undefined && values[0].kind !== 'omitted' ? 0 : -1) : desc.series.lastSampleIndex;
    if (last >= 0) lastInputMs = Math.max(lastInputMs, mint + last * intervalMs);
    const ts = new Float64Array(count);
    const vs = new Float64Array(count);
    let floats = 0;
    const hists: { t: number; h: FloatHistogram }[] = [];
    for (let k = 0; k < count; k++) {
      const v = values[k]!;
      const t = mint + k * intervalMs;
      if (v.kind === 'float') {
        ts[floats] = t;
        vs[floats++] = v.value;
      } else if (v.kind === 'histogram') hists.push({ t, h: v.histogram });
    }
    const [times, floatValues] = floats === count ? [ts, vs] : [ts.slice(0, floats), vs.slice(0, floats)];
    inputs.push({ labels: desc.series.labels, times, values: floatValues, hists, next: 0, nextHist: 0 });
  }
  const engine = deps.newEngine({ subqueryStepMs: evalIntervalMs, prometheusVersion: version });
  const loadTill = (t: number): void => {
    for (const s of inputs) {
      let end = s.next;
      while (end < s.times.length && s.times[end]! <= t) end++;
      if (end > s.next) {
        if (engine.appendMany) engine.appendMany(s.labels, s.times.subarray(s.next, end), s.values.subarray(s.next, end));
        else for (let i = s.next; i < end; i++) engine.append(s.labels, s.times[i]!, s.values[i]!);
        s.next = end;
      }
      while (s.nextHist < s.hists.length && s.hists[s.nextHist]!.t <= t) {
        const h = s.hists[s.nextHist++]!;
        engine.appendHistogram(s.labels, h.t, h.h);
      }
    }
  };

  // Rule groups.
  const evalGroups: EvalGroup[] = [];
  const loadErrors: string[] = [];
  for (const { path: rf, loaded: r } of ruleFiles) {
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length > 0 || !r.file) {
      for (const d of errs) loadErrors.push(`${d.file}:${d.line}:${d.column}: ${d.prometheusMessage ?? d.message}`);
      continue;
    }
    const groups = evalGroupsFromRuleFile(r.file, version);
    for (const g of groups) {
      for (const rule of g.rules) {
        const use = disabledFeatureUse(rule.expr, options.disabledFeatures ?? []);
        if (use) loadErrors.push(`${rf}: group "${g.name}", rule "${rule.name}": ${use}`);
      }
    }
    evalGroups.push(...groups);
  }
  if (loadErrors.length > 0) return loadErrors;
  const ordered = evalGroups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => (orderIndex.get(a.g.name) ?? 0) - (orderIndex.get(b.g.name) ?? 0) || a.i - b.i)
    .map((x) => x.g);

  const backend: RuleBackend = {
    query: (expr, t) => {
      const r = engine.query(expr, t);
      return r.ok ? { ok: true, samples: r.samples.map((s): RuleSample => ({ labels: s.labels, value: s.value })) } : r;
    },
    append: (labels, t, v) => engine.append(labels, t, v),
    ...(engine.queryRange ? { queryRange: engine.queryRange.bind(engine) } : {}),
    ...(engine.appendMany ? { appendMany: engine.appendMany.bind(engine) } : {}),
  };
  const expander = deps.expander({ externalLabels: labelsFromRecord(tg.externalLabels), externalURL: tg.externalURL, engine });
  const evaluators = ordered.map((g) => new GroupEvaluator(g, backend, expander));

  for (const a of tg.alertRuleTests) {
    if (a.alertname === '') {
      return [`an item under alert_rule_test misses required attribute alertname at eval_time ${a.evalTimeText}${tg.name ? ` (in TestGroup ${tg.name})` : ''}`];
    }
  }
  const alertTimes = [...new Set(tg.alertRuleTests.map((a) => a.evalTimeMs))].sort((x, y) => x - y);
  // An expectation at a time far past every input sample checks nothing the
  // input could produce: empty expectations there pass vacuously. promtool
  // runs them silently; we refuse them (rules reading no input, such as
  // vector(1) or absent(), are unaffected when the expectation is non-empty).
  if (Number.isFinite(lastInputMs)) {
    const horizon = lastInputMs + BEYOND_DATA_MARGIN_MS;
    const beyond = [
      ...tg.alertRuleTests
        .filter((a) => mint + a.evalTimeMs > horizon && a.expAlerts.length === 0)
        .map((a) => ({ pos: a.pos, at: a.evalTimeMs, what: `alert_rule_test for ${a.alertname} at eval_time ${a.evalTimeText}` })),
      ...tg.promqlExprTests
        .filter((p) => mint + p.evalTimeMs > horizon && p.expSamples.length === 0)
        .map((p) => ({ pos: p.pos, at: p.evalTimeMs, what: `promql_expr_test ${JSON.stringify(p.expr)} at eval_time ${p.evalTimeText}` })),
    ];
    if (beyond.length > 0) {
      return beyond.map(
        (b) =>
          `    line ${b.pos.line}: ${b.what} expects nothing, ${goDurationString(mint + b.at - lastInputMs)} after the last input sample (${goDurationString(lastInputMs - mint)}): it cannot fail; move it within the input's time range`,
      );
    }
  }
  const errs: string[] = [];
  const testName = tg.name ? `    name: ${tg.name},\n` : '';
  // When no rule can look past its evaluation time, all input up to the last
  // evaluation can be loaded at once and rules evaluated as range queries.
  const noRuleLooksAhead = ordered.every((g) => g.rules.every((r) => isBatchable(r.expr, new Set(), new Set())));
  if (noRuleLooksAhead && engine.queryRange) {
    // Exactly what the step-by-step loop would have loaded by its last evaluation.
    loadTill(lastEvalMs);
    const outputs = new Set(['ALERTS', 'ALERTS_FOR_STATE', ...ordered.flatMap((g) => g.rules.filter((r) => r.kind === 'recording').map((r) => r.name))]);
    const available = new Set<string>();
    for (const ev of evaluators) ev.prepare(mint, lastEvalMs, evalIntervalMs, outputs, available);
  }
  let curr = 0;
  for (let ts = mint; ts <= maxt; ts += evalIntervalMs) {
    loadTill(ts);
    const evalErrs: string[] = [];
    for (const ev of evaluators) {
      for (const e of ev.evaluate(ts)) evalErrs.push(`    rule: ${e.rule}, time: ${goDurationString(ts)}, err: ${e.message}`);
    }
    if (evalErrs.length > 0) return [...errs, ...evalErrs];

    while (curr < alertTimes.length && ts - mint <= alertTimes[curr]! && alertTimes[curr]! < ts + evalIntervalMs - mint) {
      const t = alertTimes[curr]!;
      for (const testcase of tg.alertRuleTests.filter((a) => a.evalTimeMs === t)) {
        const got: AlertView[] = [];
        for (const ev of evaluators) {
          ev.group.rules.forEach((rule, i) => {
            if (rule.kind !== 'alerting' || rule.name !== testcase.alertname) return;
            for (const a of ev.alertStates[i]!.activeAlerts()) if (a.phase === 'firing') got.push({ labels: a.labels, annotations: a.annotations });
          });
        }
        options.onAlertCheck?.({ group: tg.name, evalTimeMs: t, alertname: testcase.alertname, firing: got });
        const exp: AlertView[] = testcase.expAlerts.map((a) => ({
          labels: withLabel(labelsFromRecord(a.labels), 'alertname', testcase.alertname),
          annotations: labelsFromRecord(a.annotations),
        }));
        const byLabels = (x: AlertView, y: AlertView): number => compareLabels(x.labels, y.labels) || compareLabels(x.annotations, y.annotations);
        got.sort(byLabels);
        exp.sort(byLabels);
        const same = got.length === exp.length && got.every((g, i) => labelsEqual(g.labels, exp[i]!.labels) && labelsEqual(g.annotations, exp[i]!.annotations));
        if (!same) {
          errs.push(
            `${testName}    alertname: ${testcase.alertname}, time: ${testcase.evalTimeText}, \n        exp:${indentLines(alertListString(exp), '            ')}, \n        got:${indentLines(alertListString(got), '            ')}`,
          );
        }
      }
      curr++;
    }
  }

  const floatsEqual = unit.fuzzyCompare ? fuzzyEqual : (a: number, b: number) => a === b;
  for (const tc of tg.promqlExprTests) {
    const parsed = parseExpr(tc.expr, { version });
    if (!parsed.expr) {
      const d = parsed.diagnostics[0]!;
      errs.push(`    expr: ${JSON.stringify(tc.expr)}, time: ${tc.evalTimeText}, err: ${prometheusParseErrorText(tc.expr, d)}`);
      continue;
    }
    const disabledUse = disabledFeatureUse(parsed.expr, options.disabledFeatures ?? []);
    if (disabledUse) {
      errs.push(`    expr: ${JSON.stringify(tc.expr)}, time: ${tc.evalTimeText}, err: ${disabledUse}`);
      continue;
    }
    const r = engine.query(parsed.expr, mint + tc.evalTimeMs);
    if (!r.ok) {
      errs.push(`    expr: ${JSON.stringify(tc.expr)}, time: ${tc.evalTimeText}, err: ${r.error}`);
      continue;
    }
    const got: SampleView[] = r.samples.map((s) => ({
      labels: s.labels,
      value: s.value,
      ...(s.histogram ? { histogram: deps.histogramString(s.histogram) } : {}),
    }));
    const exp: SampleView[] = [];
    let bad: string | undefined;
    for (const s of tc.expSamples) {
      // An empty `labels` is the empty label set (a scalar or an aggregated result).
      const ls = s.labels.trim() === '' ? { labels: [] as Labels, diagnostics: [] } : parseSeriesLabels(s.labels);
      if (!ls.labels || ls.diagnostics.length > 0) {
        bad = `labels ${JSON.stringify(s.labels)}: ${ls.diagnostics[0]?.message ?? 'invalid labels'}`;
        break;
      }
      let histogram: string | undefined;
      if (s.histogram) {
        const h = parseSeriesDescription(`{} ${s.histogram}`);
        const v = h.series?.values;
        if (!v || v.length !== 1 || v[0]!.kind !== 'histogram') {
          bad = `labels ${JSON.stringify(s.labels)}: ${h.diagnostics[0]?.message ?? 'expected one histogram'}`;
          break;
        }
        histogram = deps.histogramString(v[0]!.histogram);
      }
      exp.push({ labels: ls.labels, value: s.value, ...(histogram ? { histogram } : {}) });
    }
    if (bad) {
      errs.push(`    expr: ${JSON.stringify(tc.expr)}, time: ${tc.evalTimeText}, err: ${bad}`);
      continue;
    }
    got.sort((a, b) => compareLabels(a.labels, b.labels));
    exp.sort((a, b) => compareLabels(a.labels, b.labels));
    const same =
      got.length === exp.length &&
      got.every((g, i) => {
        const e = exp[i]!;
        if (!labelsEqual(g.labels, e.labels)) return false;
        if (g.histogram !== undefined || e.histogram !== undefined) return g.histogram === e.histogram;
        return floatsEqual(g.value, e.value);
      });
    if (!same) {
      errs.push(
        `    expr: ${JSON.stringify(tc.expr)}, time: ${tc.evalTimeText},\n        exp: ${sampleListString(exp)}\n        got: ${sampleListString(got)}`,
      );
    }
  }
  return errs;
}

const scratch = new DataView(new ArrayBuffer(8));

/** promtool's fuzzy comparison: equal, or one ULP apart. */
export function fuzzyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return nextAfter(a, -Infinity) === b || nextAfter(a, Infinity) === b;
}

function nextAfter(x: number, toward: number): number {
  if (x === toward) return x;
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  scratch.setFloat64(0, x);
  let bits = scratch.getBigUint64(0);
  bits += x < toward === x > 0 ? 1n : -1n;
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}
