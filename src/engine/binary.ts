// Binary operators: scalar/scalar, vector/scalar and vector/vector with
// one-to-one, many-to-one/one-to-many and set matching, `bool`, fill
// modifiers, and Prometheus's matching errors. Vector/vector matching runs
// per step (which samples meet can change between steps) on signatures
// computed once per series, except where no step can fail or collide: then
// each pair of series meets the same way at every step and is computed in
// one loop (vectorVectorByPairs).

import type { BinaryExpr, BinaryOp, VectorMatching } from '../promql/ast.js';
import { isComparisonOp, isSetOp } from '../promql/ast.js';
import { type Labels, METRIC_NAME_LABEL, cachedLabelsKey, labelsKey, labelsToString } from '../model/labels.js';
import type { FloatHistogram } from '../model/histogram.js';
import { EvalError, FLOAT, HISTOGRAM, type StepSeries, type StepValue, newStepSeries } from './types.js';
import { SeriesCollector, type StepSample, nonEmpty } from './collect.js';
import type { Evaluator } from './evaluator.js';
import { histogramBinop } from './binary-histogram.js';
import type { EngineSemantics } from './semantics.js';
import { fastPaths } from './fast-paths.js';

/** Operators whose result is no longer "the same metric": the name is dropped (atan2 only from 2.47). */
export function changesMetricSchema(op: BinaryOp, semantics: Pick<EngineSemantics, 'atan2DropsMetricName'>): boolean {
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '^':
      return true;
    case 'atan2':
      return semantics.atan2DropsMetricName;
    default:
      return false;
  }
}

/** Go's math.Pow special cases that differ from JS `**`. */
export function goPow(a: number, b: number): number {
  if (b === 0) return 1;
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** The float result of `a op b`, and whether a comparison keeps the sample. */
export function floatBinop(op: BinaryOp, a: number, b: number): { v: number; keep: boolean } {
  switch (op) {
    case '+':
      return { v: a + b, keep: true };
    case '-':
      return { v: a - b, keep: true };
    case '*':
      return { v: a * b, keep: true };
    case '/':
      return { v: a / b, keep: true };
    case '%':
      return { v: a % b, keep: true };
    case '^':
      return { v: goPow(a, b), keep: true };
    case 'atan2':
      return { v: Math.atan2(a, b), keep: true };
    case '==':
      return { v: a, keep: a === b };
    case '!=':
      return { v: a, keep: a !== b };
    case '>':
      return { v: a, keep: a > b };
    case '<':
      return { v: a, keep: a < b };
    case '>=':
      return { v: a, keep: a >= b };
    case '<=':
      return { v: a, keep: a <= b };
    default:
      return { v: Number.NaN, keep: false };
  }
}

const DEFAULT_MATCHING: VectorMatching = { card: 'one-to-one', on: false, matchingLabels: [], explicit: false, include: [] };

export function evalBinary(e: BinaryExpr, ev: Evaluator): StepValue {
  const lhs = ev.eval(e.lhs);
  const rhs = ev.eval(e.rhs);
  const steps = ev.steps;
  if (lhs.type === 'scalar' && rhs.type === 'scalar') {
    const f = new Float64Array(steps);
    for (let i = 0; i < steps; i++) {
      const { v, keep } = floatBinop(e.op, lhs.f[i]!, rhs.f[i]!);
      f[i] = isComparisonOp(e.op) ? (keep ? 1 : 0) : v;
    }
    return { type: 'scalar', f };
  }
  if (lhs.type === 'vector' && rhs.type === 'scalar') return vectorScalar(e, ev, lhs.series, rhs.f, false);
  if (lhs.type === 'scalar' && rhs.type === 'vector') return vectorScalar(e, ev, rhs.series, lhs.f, true);
  if (lhs.type === 'vector' && rhs.type === 'vector') {
    const matching = e.matching ?? (isSetOp(e.op) ? { ...DEFAULT_MATCHING, card: 'many-to-many' as const } : DEFAULT_MATCHING);
    if (isSetOp(e.op)) return { type: 'vector', series: setOperation(e, ev, lhs.series, rhs.series, matching) };
    return { type: 'vector', series: vectorVector(e, ev, lhs.series, rhs.series, matching) };
  }
  throw new EvalError(`binary operator ${e.op} not defined between ${lhs.type} and ${rhs.type}`, e.pos);
}

function vectorScalar(e: BinaryExpr, ev: Evaluator, vec: StepSeries[], scalar: Float64Array, scalarOnLeft: boolean): StepValue {
  const steps = ev.steps;
  const comparison = isComparisonOp(e.op);
  const out: StepSeries[] = [];
  for (const s of vec) {
    const dropName = s.dropName || changesMetricSchema(e.op, ev.ctx.semantics) || e.returnBool;
    const r = newStepSeries(s.labels, dropName, steps);
    for (let i = 0; i < steps; i++) {
      const kind = s.has[i];
      if (kind === FLOAT) {
        const x = s.f[i]!;
        const c = scalar[i]!;
        const { v, keep } = scalarOnLeft ? floatBinop(e.op, c, x) : floatBinop(e.op, x, c);
        if (e.returnBool) {
          r.has[i] = FLOAT;
          r.f[i] = keep ? 1 : 0;
        } else if (keep) {
          r.has[i] = FLOAT;
          // A comparison always yields the vector element's value.
          r.f[i] = comparison ? x : v;
        }
      } else if (kind === HISTOGRAM) {
        const h = s.h![i]!;
        const res = scalarOnLeft ? histogramBinop(e, undefined, h, scalar[i]!, undefined, ev) : histogramBinop(e, h, undefined, undefined, scalar[i]!, ev);
        if (!res) continue;
        if (e.returnBool) {
          r.has[i] = FLOAT;
          r.f[i] = res.keep ? 1 : 0;
        } else if (res.keep) {
          if (res.h) {
            r.has[i] = HISTOGRAM;
            (r.h ??= [])[i] = res.h;
          } else if (comparison) {
            r.has[i] = HISTOGRAM;
            (r.h ??= [])[i] = h;
          } else {
            r.has[i] = FLOAT;
            r.f[i] = res.f;
          }
        }
      }
    }
    out.push(r);
  }
  return { type: 'vector', series: nonEmpty(out) };
}

// ---------------------------------------------------------------------------
// Signatures.

type SignatureFn = (ls: Labels) => string;

function signatureFn(matching: VectorMatching): SignatureFn {
  if (matching.on) {
    const names = [...matching.matchingLabels].sort();
    return (ls) => {
      let key = '';
      for (const n of names) {
        const l = ls.find((x) => x.name === n);
        key += `${n.length}:${n}${l ? `${l.value.length}:${l.value}` : '0:'}`;
      }
      return key;
    };
  }
  const drop = new Set([METRIC_NAME_LABEL, ...matching.matchingLabels]);
  return (ls) => labelsKey(ls.filter((l) => !drop.has(l.name)));
}

/** Prometheus's Labels.MatchLabels: the `on` labels, or all but the `ignoring` labels and the name. */
function matchLabels(ls: Labels, matching: VectorMatching): Labels {
  if (matching.on) {
    const keep = new Set(matching.matchingLabels);
    return ls.filter((l) => keep.has(l.name));
  }
  const drop = new Set([METRIC_NAME_LABEL, ...matching.matchingLabels]);
  return ls.filter((l) => !drop.has(l.name));
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, matching: VectorMatching, semantics: EngineSemantics): Labels {
  let out: Label[] = [...lhs];
  if (changesMetricSchema(op, semantics)) out = out.filter((l) => l.name !== METRIC_NAME_LABEL && l.name !== '__type__' && l.name !== '__unit__');
  if (matching.card === 'one-to-one') {
    if (matching.on) {
      const keep = new Set(matching.matchingLabels);
      out = out.filter((l) => keep.has(l.name));
    } else {
      const drop = new Set(matching.matchingLabels);
      out = out.filter((l) => !drop.has(l.name));
    }
  }
  for (const name of matching.include) {
    const v = rhs.find((l) => l.name === name)?.value ?? '';
    out = out.filter((l) => l.name !== name);
    if (v !== '') out.push({ name, value: v });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

type Label = Labels[number];

// ---------------------------------------------------------------------------
// Arithmetic and comparison between vectors.

function vectorVector(e: BinaryExpr, ev: Evaluator, lhsSeries: StepSeries[], rhsSeries: StepSeries[], matching: VectorMatching): StepSeries[] {
  const steps = ev.steps;
  const sig = signatureFn(matching);
  const swap = matching.card === 'one-to-many';
  // After the swap, "l" is the many (or one-to-one left) side and "r" the one side.
  const lSeries = swap ? rhsSeries : lhsSeries;
  const rSeries = swap ? lhsSeries : rhsSeries;
  const numbered = numberSignatures(lSeries, rSeries, sig);
  if (fastPaths.enabled) {
    const byPairs = vectorVectorByPairs(e, ev, lSeries, rSeries, matching, numbered);
    if (byPairs) return byPairs;
  }
  const fillR = matching.fill?.rhs;
  const fillL = matching.fill?.lhs;
  // As in Prometheus, fill values are not swapped with the sides: after a
  // one-to-many swap, fill_right still fills the (swapped) right side.
  const fillForMissingR = fillR;
  const fillForMissingL = fillL;
  const collector = new SeriesCollector(steps, e.pos);
  // Result labels depend only on which two series (or which series and a
  // fill value) meet, so they are built once per pair: pairKey numbers the
  // pairs (see doOp's callers), with no key string per sample and step.
  const labelCache = new Map<number, Labels>();
  const rFill = rSeries.length;
  const pairKey = (k: number, rk: number): number => k * (rFill + 1) + rk;

  // Per step, stamp arrays over the numbered signatures say which has a
  // right-hand series present (and which one) and which has been matched.
  const { left: lGroup, right: rGroup, count: groups } = numbered;
  const rPresentAt = new Int32Array(groups).fill(-1);
  const rPresentIndex = new Int32Array(groups);
  const matchedAt = new Int32Array(groups).fill(-1);
  const matchedLabels: (Set<string> | undefined)[] = [];

  for (let i = 0; i < steps; i++) {
    const lIdx: number[] = [];
    for (let k = 0; k < lSeries.length; k++) if (lSeries[k]!.has[i] !== 0) lIdx.push(k);
    const rIdx: number[] = [];
    for (let k = 0; k < rSeries.length; k++) {
      if (rSeries[k]!.has[i] === 0) continue;
      const g = rGroup[k]!;
      if (rPresentAt[g] === i) {
        const dup = rPresentIndex[g]!;
        const oneSide = swap ? 'left' : 'right';
        const group = labelsToString(matchLabels(rSeries[k]!.labels, matching));
        throw new EvalError(
          `found duplicate series for the match group ${group} on the ${oneSide} hand-side of the operation: [${labelsToString(rSeries[dup]!.labels)}, ${labelsToString(rSeries[k]!.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
          e.pos,
        );
      }
      rPresentAt[g] = i;
      rPresentIndex[g] = k;
      rIdx.push(k);
    }
    if ((lIdx.length === 0 && rIdx.length === 0) || ((lIdx.length === 0 || rIdx.length === 0) && fillR === undefined && fillL === undefined)) continue;

    const doOp = (l: StepSample, r: StepSample, g: number, pair: number): void => {
      const [a, b] = swap ? [r, l] : [l, r];
      let value: number;
      let hist: FloatHistogram | undefined;
      let keep: boolean;
      if (a.h || b.h) {
        const res = histogramBinop(e, a.h, b.h, a.h ? undefined : a.f, b.h ? undefined : b.f, ev);
        if (!res) {
          markMatched(g, undefined);
          return;
        }
        value = res.f;
        hist = res.h;
        keep = res.keep;
      } else {
        const res = floatBinop(e.op, a.f, b.f);
        value = res.v;
        keep = res.keep;
      }
      if (e.returnBool) {
        hist = undefined;
        value = keep ? 1 : 0;
      }
      let labels = labelCache.get(pair);
      if (!labels) {
        labels = resultLabels(l.labels, r.labels, e.op, matching, ev.ctx.semantics);
        labelCache.set(pair, labels);
      }
      markMatched(g, labels);
      if (!keep && !e.returnBool) return;
      collector.add(i, { labels, f: value, h: hist, dropName: e.returnBool });
    };
    const markMatched = (g: number, labels: Labels | undefined): void => {
      const seen = matchedAt[g] === i;
      if (matching.card === 'one-to-one') {
        if (seen) throw new EvalError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)', e.pos);
        matchedAt[g] = i;
        return;
      }
      if (!seen) {
        matchedAt[g] = i;
        matchedLabels[g] = undefined;
      }
      if (labels) {
        const set = (matchedLabels[g] ??= new Set<string>());
        const k = cachedLabelsKey(labels);
        if (set.has(k)) throw new EvalError('multiple matches for labels: grouping labels must ensure unique matches', e.pos);
        set.add(k);
      }
    };

    for (const k of lIdx) {
      const ls = sampleOf(lSeries[k]!, i);
      const g = lGroup[k]!;
      if (rPresentAt[g] !== i) {
        if (fillForMissingR === undefined) continue;
        const filler: StepSample = { labels: matchLabels(ls.labels, matching), f: fillForMissingR, h: undefined, dropName: false };
        doOp(ls, filler, g, pairKey(k, rFill));
        continue;
      }
      const rk = rPresentIndex[g]!;
      doOp(ls, sampleOf(rSeries[rk]!, i), g, pairKey(k, rk));
    }
    if (fillForMissingL !== undefined) {
      for (const rk of rIdx) {
        const g = rGroup[rk]!;
        if (matchedAt[g] === i) continue;
        const rs = sampleOf(rSeries[rk]!, i);
        const filler: StepSample = { labels: matchLabels(rs.labels, matching), f: fillForMissingL, h: undefined, dropName: false };
        // Negative: the left side is a fill value, the labels depend on rk alone.
        doOp(filler, rs, g, -1 - rk);
      }
    }
  }
  return collector.series;
}

/**
 * vectorVector's result computed a whole series pair at a time, for the
 * common case where no step can fail or collide: float samples only, no fill
 * modifier, at most one series per match group on the one side (on both
 * sides for one-to-one), and a different result label set for every pair.
 * Then each left series meets the same right series at every step, and the
 * general path's per-step matching, duplicate checks and collector find
 * nothing to report: the same values, series and series order (by first
 * step with a sample, then left index) come from one loop per pair.
 * `lSeries` is the many (or one-to-one left) side, as after vectorVector's
 * swap. Undefined when a condition does not hold.
 */
function vectorVectorByPairs(
  e: BinaryExpr,
  ev: Evaluator,
  lSeries: readonly StepSeries[],
  rSeries: readonly StepSeries[],
  matching: VectorMatching,
  numbered: NumberedSignatures,
): StepSeries[] | undefined {
  if (matching.fill?.lhs !== undefined || matching.fill?.rhs !== undefined) return undefined;
  if (lSeries.some((s) => s.has.includes(HISTOGRAM)) || rSeries.some((s) => s.has.includes(HISTOGRAM))) return undefined;
  const { left: lGroup, right: rGroup, count: groups } = numbered;
  const rightOf = new Int32Array(groups).fill(-1);
  for (let rk = 0; rk < rSeries.length; rk++) {
    if (rightOf[rGroup[rk]!] !== -1) return undefined;
    rightOf[rGroup[rk]!] = rk;
  }
  if (matching.card === 'one-to-one') {
    const leftSeen = new Uint8Array(groups);
    for (const g of lGroup) {
      if (leftSeen[g] !== 0) return undefined;
      leftSeen[g] = 1;
    }
  }
  const swap = matching.card === 'one-to-many';
  const steps = ev.steps;
  const keys = new Set<string>();
  const produced: { series: StepSeries; first: number; k: number }[] = [];
  for (let k = 0; k < lSeries.length; k++) {
    const rk = rightOf[lGroup[k]!]!;
    if (rk < 0) continue;
    const l = lSeries[k]!;
    const r = rSeries[rk]!;
    const labels = resultLabels(l.labels, r.labels, e.op, matching, ev.ctx.semantics);
    const key = cachedLabelsKey(labels);
    if (keys.has(key)) return undefined;
    keys.add(key);
    const out = newStepSeries(labels, e.returnBool, steps);
    let first = -1;
    for (let i = 0; i < steps; i++) {
      if (l.has[i] === 0 || r.has[i] === 0) continue;
      const { v, keep } = swap ? floatBinop(e.op, r.f[i]!, l.f[i]!) : floatBinop(e.op, l.f[i]!, r.f[i]!);
      if (e.returnBool) out.f[i] = keep ? 1 : 0;
      else if (keep) out.f[i] = v;
      else continue;
      out.has[i] = FLOAT;
      if (first < 0) first = i;
    }
    if (first >= 0) produced.push({ series: out, first, k });
  }
  produced.sort((a, b) => a.first - b.first || a.k - b.k);
  return produced.map((p) => p.series);
}

/** Each side's match signatures as numbers, and how many distinct ones there are. */
interface NumberedSignatures {
  readonly left: number[];
  readonly right: number[];
  readonly count: number;
}

/**
 * The match signatures of both sides as numbers 0..count-1 (equal signatures,
 * equal numbers), so the per-step matching indexes arrays instead of looking
 * signature strings up in maps at every step.
 */
function numberSignatures(lhs: readonly StepSeries[], rhs: readonly StepSeries[], sig: SignatureFn): NumberedSignatures {
  const numbers = new Map<string, number>();
  const numberOf = (s: StepSeries): number => {
    const key = sig(s.labels);
    let g = numbers.get(key);
    if (g === undefined) numbers.set(key, (g = numbers.size));
    return g;
  };
  const left = lhs.map(numberOf);
  const right = rhs.map(numberOf);
  return { left, right, count: numbers.size };
}

function sampleOf(s: StepSeries, i: number): StepSample {
  return { labels: s.labels, f: s.f[i]!, h: s.has[i] === HISTOGRAM ? s.h![i] : undefined, dropName: s.dropName };
}

// ---------------------------------------------------------------------------
// and / or / unless.

function setOperation(e: BinaryExpr, ev: Evaluator, lhs: StepSeries[], rhs: StepSeries[], matching: VectorMatching): StepSeries[] {
  const steps = ev.steps;
  // Per step, a stamp over the numbered signatures says which are present on each side.
  const { left: lGroup, right: rGroup, count } = numberSignatures(lhs, rhs, signatureFn(matching));
  const rPresentAt = new Int32Array(count).fill(-1);
  const lPresentAt = new Int32Array(count).fill(-1);
  const collector = new SeriesCollector(steps, e.pos);
  for (let i = 0; i < steps; i++) {
    for (let k = 0; k < rhs.length; k++) if (rhs[k]!.has[i] !== 0) rPresentAt[rGroup[k]!] = i;
    switch (e.op) {
      case 'and':
        for (let k = 0; k < lhs.length; k++) if (lhs[k]!.has[i] !== 0 && rPresentAt[lGroup[k]!] === i) collector.add(i, sampleOf(lhs[k]!, i));
        break;
      case 'unless':
        for (let k = 0; k < lhs.length; k++) if (lhs[k]!.has[i] !== 0 && rPresentAt[lGroup[k]!] !== i) collector.add(i, sampleOf(lhs[k]!, i));
        break;
      case 'or': {
        for (let k = 0; k < lhs.length; k++) {
          if (lhs[k]!.has[i] === 0) continue;
          lPresentAt[lGroup[k]!] = i;
          collector.add(i, sampleOf(lhs[k]!, i));
        }
        for (let k = 0; k < rhs.length; k++) if (rhs[k]!.has[i] !== 0 && lPresentAt[rGroup[k]!] !== i) collector.add(i, sampleOf(rhs[k]!, i));
        break;
      }
      default:
        throw new EvalError(`unexpected set operator ${e.op}`, e.pos);
    }
  }
  return collector.series;
}
