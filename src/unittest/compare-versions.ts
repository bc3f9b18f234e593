// The 2.x → 3.x upgrade report for unit tests (`promforge test
// --compare-versions A,B`): every test file runs under both versions, and
// every test group, alert check and promql check whose pass/fail differs is
// listed with the reasons src/upgrade/diagnose.ts finds in the rules and the
// input series. The runner's failure texts say which checks failed (they are
// promtool's, keyed by alertname/expr and eval_time); the parsed test file
// says which checks exist.

import { formatFileDiagnostic } from '../diagnostics.js';
import path from 'node:path';
import type { Expr } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { evalGroupsFromRuleFile } from '../rules/from-rulefmt.js';
import type { EvalRule } from '../rules/types.js';
import { parseSeriesDescription } from '../samples/series-notation.js';
import { readInputTextSync } from '../fs/read.js';
import { type Reason, type SampledSeries, diagnose, showDuration, withRecordingDependencies } from '../upgrade/diagnose.js';
import { unitTestFieldsUnavailable, type DifferenceId } from '../version/differences.js';
import { type PrometheusVersion, formatVersion } from '../version/version.js';
import { type TestGroup, type UnitTestFile, maxEvalTimeMs, parseUnitTestFile } from './file.js';
import { globFiles } from './glob.js';
import { type FileResult, type RunOptions, type RunnerDeps, runUnitTestFile } from './runner.js';

export type CheckOutcome = 'passes' | 'fails';

export type ComparedCheck =
  | { readonly kind: 'alert'; readonly alertname: string; readonly evalTime: string }
  | { readonly kind: 'promql'; readonly expr: string; readonly evalTime: string }
  /** The group as a whole: its rules or input did not load, or a rule failed to evaluate. */
  | { readonly kind: 'group' }
  /** The file as a whole: it did not parse or name its rule files under one version. */
  | { readonly kind: 'file' };

export interface OutcomeDifference {
  readonly file: string;
  /** The test group's name (`#N`, its index in `tests:`, without one); absent for file-level differences. */
  readonly group?: string;
  readonly check: ComparedCheck;
  /** Under versions[0] and versions[1]. */
  readonly outcomes: readonly [CheckOutcome, CheckOutcome];
  readonly reasons: readonly Reason[];
  /** What failed, in promtool's words, under the version where it fails. */
  readonly failure?: string;
}

export interface FileComparison {
  readonly file: string;
  readonly passed: readonly [boolean, boolean];
  readonly differences: readonly OutcomeDifference[];
}

export interface VersionComparison {
  readonly versions: readonly [string, string];
  readonly files: readonly FileComparison[];
  readonly differences: readonly OutcomeDifference[];
}

type Versions = readonly [PrometheusVersion, PrometheusVersion];

/** Runs every file under both versions and lists what differs. */
export function compareTestVersions(
  files: readonly string[],
  deps: RunnerDeps,
  versions: Versions,
  options: Omit<RunOptions, 'prometheusVersion' | 'defaultPrometheusVersion'> = {},
  shownAs: (f: string) => string = (f) => f,
): VersionComparison {
  const compared = files.map((f) => compareTestFile(f, deps, versions, options, shownAs(f)));
  return { versions: [formatVersion(versions[0]), formatVersion(versions[1])], files: compared, differences: compared.flatMap((c) => c.differences) };
}

const filePassed = (r: FileResult): boolean => r.passed && r.diagnostics.length === 0;

export function compareTestFile(
  filePath: string,
  deps: RunnerDeps,
  versions: Versions,
  options: Omit<RunOptions, 'prometheusVersion' | 'defaultPrometheusVersion'> = {},
  shown = filePath,
): FileComparison {
  const results = versions.map((v) => runUnitTestFile(filePath, deps, { ...options, prometheusVersion: v })) as [FileResult, FileResult];
  const passed = [filePassed(results[0]), filePassed(results[1])] as const;
  const differences: OutcomeDifference[] = [];
  const outcome = (ok: boolean): CheckOutcome => (ok ? 'passes' : 'fails');

  // The file itself failed under one version only (an unknown field, a rule file that does not load).
  const fileOk = results.map((r) => r.diagnostics.length === 0);
  if (fileOk[0] !== fileOk[1]) {
    const bad = results[fileOk[0] ? 1 : 0];
    const messages = bad.diagnostics.map((d) => formatFileDiagnostic({ ...d, file: path.basename(d.file) }));
    differences.push({
      file: shown,
      check: { kind: 'file' },
      outcomes: [outcome(fileOk[0]!), outcome(fileOk[1]!)],
      reasons: fileReasons(messages, versions),
      failure: messages.join('\n'),
    });
    return { file: shown, passed, differences };
  }
  if (!fileOk[0]) return { file: shown, passed, differences };

  const read = options.source !== undefined ? { ok: true as const, value: options.source } : readInputTextSync(filePath);
  const unit = read.ok ? parseUnitTestFile(filePath, read.value, { version: versions[0] }).file : undefined;
  if (!unit) return { file: shown, passed, differences };
  // Each version's runner words an eval_time its own way (2.x prints `1d`, 3.x
  // the text as written, `24h`): a check's failure is looked up by the text
  // its version prints.
  const newerUnit = read.ok ? parseUnitTestFile(filePath, read.value, { version: versions[1] }).file : undefined;
  const rules = loadRules(filePath, unit, deps, versions, options.ignoreUnknownFields ?? false);

  unit.tests.forEach((tg, i) => {
    // An unnamed group is known by its place in the file (the file heads the report).
    const name = tg.name || `#${i}`;
    const perVersion = results.map((r) => classify(r.groups.find((g) => g.index === i)?.failures ?? []));
    const [f0, f1] = perVersion as [Classified, Classified];
    const series = inputSeries(tg, unit);
    const groupFailed = [f0.other.length > 0, f1.other.length > 0];
    if (groupFailed[0] || groupFailed[1]) {
      if (f0.other.join('\n') === f1.other.join('\n')) return;
      const exprs = [...rules.values()].map((r) => r.expr);
      differences.push({
        file: shown,
        group: name,
        check: { kind: 'group' },
        outcomes: [outcome(!groupFailed[0]), outcome(!groupFailed[1])],
        reasons: diagnose({ exprs, evalTimesMs: [], series, versions }),
        failure: (groupFailed[0] ? f0 : f1).other.join('\n'),
      });
      return;
    }
    const showTime = (ms: number): string => showDuration(ms - tg.startTimestampMs);
    /** Records the check (`keys`: as each version words it) when it fails under one version only, with the reasons found in `exprs` over `evalTimesMs`. */
    const compareCheck = (keys: readonly [string, string], check: OutcomeDifference['check'], exprs: readonly Expr[], evalTimesMs: readonly number[]): void => {
      const fails = [f0.checks.has(keys[0]), f1.checks.has(keys[1])];
      if (fails[0] === fails[1]) return;
      differences.push({
        file: shown,
        group: name,
        check,
        outcomes: [outcome(!fails[0]), outcome(!fails[1])],
        reasons: diagnose({
          exprs: withDependencies(exprs, rules),
          evalTimesMs,
          series,
          versions,
          defaultSubqueryStepMs: unit.evaluationIntervalMs,
          showTime,
        }),
        failure: fails[0] ? f0.checks.get(keys[0])! : f1.checks.get(keys[1])!,
      });
    };
    const newer = newerUnit?.tests[i];
    tg.alertRuleTests.forEach((a, j) => {
      const alertRules = [...rules.values()].filter((r) => r.kind === 'alerting' && r.name === a.alertname);
      const holdMs = Math.max(0, ...alertRules.map((r) => (r.kind === 'alerting' ? r.forMs + r.keepFiringForMs : 0)));
      const t = tg.startTimestampMs + a.evalTimeMs;
      const evalTimesMs = gridTimes(tg.startTimestampMs, t - holdMs - unit.evaluationIntervalMs, t, unit.evaluationIntervalMs);
      compareCheck(
        [alertKey(a.alertname, a.evalTimeText), alertKey(a.alertname, newer?.alertRuleTests[j]?.evalTimeText ?? a.evalTimeText)],
        { kind: 'alert', alertname: a.alertname, evalTime: a.evalTimeText },
        alertRules.map((r) => r.expr),
        evalTimesMs,
      );
    });
    tg.promqlExprTests.forEach((p, j) => {
      const parsed = versions.map((v) => parseExpr(p.expr, { version: v }).expr).find((e) => e !== undefined);
      compareCheck(
        [exprKey(p.expr, p.evalTimeText), exprKey(p.expr, newer?.promqlExprTests[j]?.evalTimeText ?? p.evalTimeText)],
        { kind: 'promql', expr: p.expr, evalTime: p.evalTimeText },
        parsed ? [parsed] : [],
        [tg.startTimestampMs + p.evalTimeMs],
      );
    });
  });
  return { file: shown, passed, differences };
}

interface Classified {
  /** Failures of one check, by alertKey/exprKey. */
  readonly checks: Map<string, string>;
  /** Failures that are not about one check (load and evaluation errors). */
  readonly other: string[];
}

const alertKey = (alertname: string, evalTime: string): string => `alert\u0000${alertname}\u0000${evalTime}`;
const exprKey = (expr: string, evalTime: string): string => `expr\u0000${expr}\u0000${evalTime}`;

// The runner's failure headers (promtool's): `alertname: A, time: T, ` and `expr: "E", time: T,`.
const ALERT_FAILURE = /^(?: {4}name: .*,\n)? {4}alertname: (.*?), time: (.*?), \n/;
const EXPR_FAILURE = /^ {4}expr: ("(?:[^"\\]|\\.)*"), time: (.*?),/;

function classify(failures: readonly string[]): Classified {
  const checks = new Map<string, string>();
  const other: string[] = [];
  for (const f of failures) {
    const a = ALERT_FAILURE.exec(f);
    const e = a ? undefined : EXPR_FAILURE.exec(f);
    if (a) checks.set(alertKey(a[1]!, a[2]!), f);
    else if (e) checks.set(exprKey(JSON.parse(e[1]!) as string, e[2]!), f);
    else other.push(f);
  }
  return { checks, other };
}

/** The rules of the test's rule files, by name (the first version they load under). */
function loadRules(filePath: string, unit: UnitTestFile, deps: RunnerDeps, versions: Versions, ignoreUnknownFields: boolean): Map<string, EvalRule> {
  const out = new Map<string, EvalRule>();
  for (const rf of unit.ruleFiles) {
    const pattern = path.isAbsolute(rf.pattern) ? rf.pattern : path.join(path.dirname(filePath), rf.pattern);
    const globbed = deps.inMemoryRuleFiles?.has(path.resolve(pattern)) ? { ok: true as const, files: [path.resolve(pattern)] } : globFiles(pattern);
    if (!globbed.ok) continue;
    for (const f of globbed.files) {
      for (const v of versions) {
        const loaded = deps.loadRuleFile(f, { ignoreUnknownFields, prometheusVersion: v });
        if (!loaded.file || loaded.diagnostics.some((d) => d.severity === 'error')) continue;
        for (const g of evalGroupsFromRuleFile(loaded.file, v)) for (const r of g.rules) if (!out.has(r.name)) out.set(r.name, r);
        break;
      }
    }
  }
  return out;
}

function withDependencies(exprs: readonly Expr[], rules: ReadonlyMap<string, EvalRule>): Expr[] {
  const recording = new Map<string, Expr>();
  for (const [name, r] of rules) if (r.kind === 'recording') recording.set(name, r.expr);
  return withRecordingDependencies(exprs, recording);
}

function gridTimes(origin: number, from: number, to: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = origin + Math.max(0, Math.ceil((from - origin) / stepMs)) * stepMs; t <= to; t += stepMs) out.push(t);
  return out;
}

/** The group's input series with their sample times, and how to extend each. */
function inputSeries(tg: TestGroup, unit: UnitTestFile): SampledSeries[] {
  const intervalMs = tg.intervalMs || unit.evaluationIntervalMs;
  // Windows are read at evaluation times: samples after the last one are counted, not listed
  // (a real suite writes `0x10000000` for "for ever").
  const maxEval = maxEvalTimeMs(tg);
  const keepValues = Math.floor(maxEval / intervalMs) + 1;
  const out: SampledSeries[] = [];
  for (const s of tg.inputSeries) {
    const desc = parseSeriesDescription(`${s.series} ${s.values}`, { maxValues: 1_000_000, keepValues });
    if (!desc.series) continue;
    const times: number[] = [];
    desc.series.values.forEach((v, k) => {
      if (v.kind !== 'omitted') times.push(tg.startTimestampMs + k * intervalMs);
    });
    const last = desc.series.lastSampleIndex < 0 ? undefined : tg.startTimestampMs + desc.series.lastSampleIndex * intervalMs;
    out.push({
      labels: desc.series.labels,
      times,
      ...(last !== undefined ? { lastSampleMs: last } : {}),
      extend: (untilMs) => (last === undefined ? undefined : extendValues(s.values, Math.ceil((untilMs - last) / intervalMs))),
    });
  }
  return out;
}

/** `values` with its last item repeated `more` more times: `1 2` → `1 2x5`, `0x3` → `0x8`. */
export function extendValues(values: string, more: number): string | undefined {
  if (more <= 0) return undefined;
  const items = values.trim().split(/\s+/);
  const lastItem = items[items.length - 1] ?? '';
  // Gaps and stale markers are not samples to extend; histograms are left alone.
  if (lastItem === '' || lastItem.startsWith('_') || lastItem.startsWith('stale') || lastItem.includes('{{')) return undefined;
  const repeated = /^(.*x)(\d+)$/.exec(lastItem);
  items[items.length - 1] = repeated ? `${repeated[1]}${Number(repeated[2]) + more}` : `${lastItem}x${more}`;
  return items.join(' ');
}

/** Reasons for a file that loads under one version only, from its messages. */
function fileReasons(messages: readonly string[], versions: Versions): Reason[] {
  const out: Reason[] = [];
  for (const v of versions) {
    for (const [field, d] of unitTestFieldsUnavailable(v)) {
      const name = field.split('.').pop()!;
      if (messages.some((m) => m.includes(name)))
        out.push({
          difference: d.id as DifferenceId,
          message: `\`${name}\` is not a unit-test field under ${formatVersion(v)} (it is from ${d.since}): ${d.after}`,
        });
    }
  }
  return out.length > 0 ? out : [{ difference: 'undiagnosed', message: messages[0] ?? 'the file does not load under one of the versions' }];
}

function describeCheck(d: OutcomeDifference): string {
  const where = d.group === undefined ? 'the file' : `test group ${d.group}`;
  switch (d.check.kind) {
    case 'alert':
      return `${where}, alert ${d.check.alertname} at eval_time ${d.check.evalTime}`;
    case 'promql':
      return `${where}, expr ${JSON.stringify(d.check.expr)} at eval_time ${d.check.evalTime}`;
    case 'group':
      return where;
    case 'file':
      return 'the file';
  }
}

/** The report as text: a summary line, then per file each differing check with its reasons. */
export function comparisonText(c: VersionComparison): string {
  const [a, b] = c.versions;
  const passing = (i: 0 | 1): number => c.files.filter((f) => f.passed[i]).length;
  const differing = c.files.filter((f) => f.differences.length > 0);
  const lines = [
    `Prometheus ${a} vs ${b}: ${c.files.length} test file(s); ${passing(0)} pass under ${a}, ${passing(1)} under ${b}; ` +
      (c.differences.length === 0 ? 'no outcome differs' : `${c.differences.length} outcome(s) differ in ${differing.length} file(s)`),
  ];
  for (const f of differing) {
    lines.push('', f.file);
    for (const d of f.differences) {
      lines.push(`  ${describeCheck(d)}: ${d.outcomes[0]} under ${a}, ${d.outcomes[1]} under ${b}`);
      for (const r of d.reasons) lines.push(`    - ${r.message} [${r.difference}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}
