// Why one expression gives different results under two Prometheus versions,
// in terms a user can act on. The upgrade reports (src/unittest/compare-
// versions.ts, src/dryrun/compare-versions.ts) know *that* an outcome
// differs; this module looks at the expressions and the input samples for
// the mechanisms the differences table (differences.ts) records:
//   - a sample exactly on a window's lower edge (closed 2.x windows, left-open 3.x),
//   - a label value with a newline under a regex (`.` and newlines),
//   - a function, syntax or name one of the versions does not have.
// Each reason names the table entry it comes from.

import type { Expr, VectorSelector } from '../promql/ast.js';
import { allMatchers, metricNameOf, walk } from '../promql/ast.js';
import { printExpr } from '../promql/printer.js';
import { matcherTest } from '../engine/storage.js';
import type { Labels } from '../model/labels.js';
import { getLabel } from '../model/labels.js';
import { type DifferenceId, behaviourAt, difference, differencesBetween } from '../version/differences.js';
import { versionProblems } from '../promql/version-check.js';
import { type PrometheusVersion, compareVersions, formatVersion } from '../version/version.js';

/** Input samples as the diagnosis needs them: when each series has a sample. */
export interface SampledSeries {
  readonly labels: Labels;
  readonly times: ArrayLike<number>;
  /** When the series' last sample is, if `times` stops short of it (it may list only what evaluations can read). */
  readonly lastSampleMs?: number;
  /** Proposes an extension of the series so it covers `untilMs` (a unit test's `values` with more repeats). */
  readonly extend?: (untilMs: number) => string | undefined;
}

export interface Reason {
  readonly difference: DifferenceId | 'undiagnosed';
  readonly message: string;
}

export interface DiagnoseInput {
  /** The expressions the outcome depends on (an alert's rule and the rules it reads, a test's expression). */
  readonly exprs: readonly Expr[];
  /** When the outcome was decided (evaluation times, ms), oldest first. */
  readonly evalTimesMs: readonly number[];
  readonly series: readonly SampledSeries[];
  readonly versions: readonly [PrometheusVersion, PrometheusVersion];
  readonly lookbackMs?: number;
  /** Resolution of subqueries without a step (the evaluation interval). */
  readonly defaultSubqueryStepMs?: number;
  /** Shows a time to the user (default: Go duration since 0). */
  readonly showTime?: (ms: number) => string;
}

const DEFAULT_LOOKBACK_MS = 5 * 60_000;

function durationMs(d: { kind: string; ms?: number } | undefined): number | undefined {
  if (d === undefined) return 0;
  return d.kind === 'DurationLiteral' ? d.ms : undefined;
}

export function showDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return sign + out;
}

interface EdgeHit {
  readonly series: SampledSeries;
  readonly selector: string;
  readonly sampleMs: number;
  readonly evalMs: number;
  readonly windowMs: number;
  readonly kind: 'lookback' | 'range';
}

function matching(vs: VectorSelector, series: readonly SampledSeries[], dotAll: boolean): SampledSeries[] {
  const ms = allMatchers(vs);
  const tests = ms.map((m) => matcherTest(m, dotAll));
  return series.filter((s) => ms.every((m, i) => tests[i]!(getLabel(s.labels, m.name) ?? '')));
}

function hasSampleAt(times: ArrayLike<number>, t: number): boolean {
  // Input times are sorted: binary search.
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = times[mid]!;
    if (v === t) return true;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether a sample lies in (from, to]. */
function hasSampleIn(times: ArrayLike<number>, from: number, to: number): boolean {
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i]!;
    if (t <= from) return false;
    if (t <= to) return true;
  }
  return false;
}

/** Samples that sit exactly on the lower limit of a window the expression reads at one of the times. */
function windowEdgeSamples(expr: Expr, times: readonly number[], series: readonly SampledSeries[], lookbackMs: number, stepMs: number, out: EdgeHit[]): void {
  walk(expr, (node) => {
    if (node.kind === 'SubqueryExpr') {
      const range = durationMs(node.range);
      const offset = durationMs(node.offset);
      const step = node.step ? durationMs(node.step) : stepMs;
      if (range === undefined || offset === undefined || !step) return false;
      const inner = new Set<number>();
      for (const t0 of times) {
        const ref = (node.at?.kind === 'timestamp' ? node.at.ms : t0) - offset;
        for (let t = Math.ceil((ref - range) / step) * step; t <= ref; t += step) inner.add(t);
      }
      windowEdgeSamples(
        node.expr,
        [...inner].sort((a, b) => a - b),
        series,
        lookbackMs,
        stepMs,
        out,
      );
      return false;
    }
    if (node.kind !== 'VectorSelector' && node.kind !== 'MatrixSelector') return undefined;
    const vs = node.kind === 'VectorSelector' ? node : node.vector;
    const offset = durationMs(vs.offset);
    const windowMs = node.kind === 'VectorSelector' ? lookbackMs : durationMs(node.range);
    if (offset === undefined || windowMs === undefined) return false;
    // Either version's regex semantics may select the series; report both.
    const candidates = new Set([...matching(vs, series, true), ...matching(vs, series, false)]);
    for (const s of candidates) {
      for (const t of times) {
        const ref = (vs.at?.kind === 'timestamp' ? vs.at.ms : t) - offset;
        const edge = ref - windowMs;
        // An instant selector only loses the edge sample when nothing newer is in its lookback.
        if (hasSampleAt(s.times, edge) && (node.kind === 'MatrixSelector' || !hasSampleIn(s.times, edge, ref)))
          out.push({ series: s, selector: printExpr(node), sampleMs: edge, evalMs: t, windowMs, kind: node.kind === 'VectorSelector' ? 'lookback' : 'range' });
      }
    }
    return false;
  });
}

function labelsText(labels: Labels): string {
  const name = getLabel(labels, '__name__') ?? '';
  const rest = labels.filter((l) => l.name !== '__name__').map((l) => `${l.name}=${JSON.stringify(l.value)}`);
  return `${name}{${rest.join(', ')}}`;
}

/** Reasons the outcome differs between `versions`; at least one (an undiagnosed one lists the candidates). */
export function diagnose(input: DiagnoseInput): Reason[] {
  const [a, b] = input.versions;
  const [older, newer] = compareVersions(a, b) <= 0 ? [a, b] : [b, a];
  const show = input.showTime ?? showDuration;
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  const add = (r: Reason): void => {
    if (seen.has(r.message)) return;
    seen.add(r.message);
    reasons.push(r);
  };
  const o = formatVersion(older);
  const n = formatVersion(newer);

  // Functions, syntax and names one version lacks.
  for (const e of input.exprs) {
    for (const [v, other] of [
      [older, newer],
      [newer, older],
    ] as const) {
      for (const p of versionProblems(e, v)) {
        const d = difference(p.difference);
        const fix = d.functionsRemoved && d.functionsAdded ? `; ${d.functionsRemoved.join(', ')} is ${d.functionsAdded.join(', ')} from ${d.since}` : '';
        add({ difference: p.difference, message: `${p.message} under ${formatVersion(v)} (it works under ${formatVersion(other)}): ${d.after}${fix}` });
      }
    }
  }

  const opens = behaviourAt(older, 'left-open-windows') !== behaviourAt(newer, 'left-open-windows');
  if (opens) {
    const hits: EdgeHit[] = [];
    for (const e of input.exprs)
      windowEdgeSamples(e, input.evalTimesMs, input.series, input.lookbackMs ?? DEFAULT_LOOKBACK_MS, input.defaultSubqueryStepMs ?? 60_000, hits);
    // One reason per series and window: on a regular grid a range's edge holds a sample at every evaluation.
    const byWindow = new Map<string, EdgeHit[]>();
    for (const h of hits) {
      const key = `${labelsText(h.series.labels)}\u0000${h.selector}\u0000${h.kind}`;
      byWindow.set(key, [...(byWindow.get(key) ?? []), h]);
    }
    for (const group of byWindow.values()) {
      const h = group[0]!;
      const last = group[group.length - 1]!;
      const window = h.kind === 'lookback' ? `the ${showDuration(h.windowMs)} lookback of ${h.selector}` : `the range ${h.selector}`;
      const lastSample = h.series.lastSampleMs ?? h.series.times[h.series.times.length - 1];
      const lastEval = input.evalTimesMs[input.evalTimesMs.length - 1] ?? h.evalMs;
      const suggestion = h.series.extend && lastSample === last.sampleMs ? h.series.extend(lastEval) : undefined;
      const fix = suggestion
        ? `; extend the series, e.g. \`${suggestion}\``
        : h.kind === 'range'
          ? '; add a sample inside the window or lengthen the range'
          : '; add a sample after it';
      const where =
        group.length === 1
          ? `the input sample of ${labelsText(h.series.labels)} at ${show(h.sampleMs)} is exactly on the lower edge of ${window} at ${show(h.evalMs)}`
          : `input samples of ${labelsText(h.series.labels)} (at ${show(h.sampleMs)} … ${show(last.sampleMs)}) are exactly on the lower edge of ${window} at each of ${group.length} evaluations from ${show(h.evalMs)} to ${show(last.evalMs)}`;
      add({ difference: 'left-open-windows', message: `${where}: included under ${o}, left out under ${n}${fix}` });
    }
  }

  if (behaviourAt(older, 'regex-dot-matches-newline') !== behaviourAt(newer, 'regex-dot-matches-newline')) {
    for (const e of input.exprs) {
      walk(e, (node) => {
        const regexes: { text: string; label?: string }[] = [];
        if (node.kind === 'VectorSelector') for (const m of node.matchers) if (m.op === '=~' || m.op === '!~') regexes.push({ text: m.value, label: m.name });
        if (node.kind === 'Call' && node.func === 'label_replace') {
          const src = node.args[3];
          const re = node.args[4];
          if (re?.kind === 'StringLiteral' && src?.kind === 'StringLiteral') regexes.push({ text: re.value, label: src.value });
        }
        for (const r of regexes) {
          if (!r.text.includes('.')) continue;
          const withNewline = input.series.find((s) =>
            r.label === undefined ? s.labels.some((l) => l.value.includes('\n')) : (getLabel(s.labels, r.label) ?? '').includes('\n'),
          );
          if (withNewline) {
            add({
              difference: 'regex-dot-matches-newline',
              message: `the regex ${JSON.stringify(r.text)} meets the label value ${JSON.stringify(getLabel(withNewline.labels, r.label ?? '') ?? '')} of ${labelsText(withNewline.labels)}, which holds a newline: \`.\` matches it under ${n}, not under ${o}; write [^\\n] or (?s:.) to mean the same under both`,
            });
          }
        }
        return undefined;
      });
    }
  }

  if (reasons.length === 0) {
    const candidates = [
      ...(behaviourAt(older, 'rate-extrapolation-half-interval') !== behaviourAt(newer, 'rate-extrapolation-half-interval') &&
      input.exprs.some(usesExtrapolation)
        ? (['rate-extrapolation-half-interval'] as const)
        : []),
      ...(behaviourAt(older, 'left-open-subqueries') !== behaviourAt(newer, 'left-open-subqueries') && input.exprs.some(hasSubquery)
        ? (['left-open-subqueries'] as const)
        : []),
      ...(opens ? (['left-open-windows'] as const) : []),
    ];
    if (candidates.length > 0 && candidates[0] !== 'left-open-windows') {
      for (const id of candidates)
        add({ difference: id, message: `${difference(id).after} (${difference(id).upstream}, since ${difference(id).since}); the expression depends on it` });
    } else {
      add({
        difference: 'undiagnosed',
        message: `no single input sample explains it; differences between ${o} and ${n} that affect evaluation: ${evaluationDifferences(older, newer).join(', ') || 'none'}`,
      });
    }
  }
  return reasons;
}

function usesExtrapolation(e: Expr): boolean {
  let found = false;
  walk(e, (node) => {
    if (node.kind === 'Call' && (node.func === 'rate' || node.func === 'increase' || node.func === 'delta')) found = true;
    return !found;
  });
  return found;
}

function hasSubquery(e: Expr): boolean {
  let found = false;
  walk(e, (node) => {
    if (node.kind === 'SubqueryExpr') found = true;
    return !found;
  });
  return found;
}

/** The table's entries that change what evaluation gives (not what parses). */
function evaluationDifferences(a: PrometheusVersion, b: PrometheusVersion): string[] {
  return differencesBetween(a, b)
    .filter((d) => (d.area === 'promql' || d.area === 'regex' || d.area === 'unittest') && !d.functionsAdded && !d.unitTestFieldsAdded)
    .map((d) => d.id);
}

/** The expressions plus those of the recording rules (by name) they read, transitively. */
export function withRecordingDependencies(exprs: readonly Expr[], recording: ReadonlyMap<string, Expr>): Expr[] {
  const out = [...exprs];
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) {
    walk(out[i]!, (node) => {
      const vs = node.kind === 'VectorSelector' ? node : node.kind === 'MatrixSelector' ? node.vector : undefined;
      const name = vs ? metricNameOf(vs) : undefined;
      const rule = name === undefined ? undefined : recording.get(name);
      if (name !== undefined && rule && !seen.has(name)) {
        seen.add(name);
        out.push(rule);
      }
      return undefined;
    });
  }
  return out;
}
