// Warning and info annotations with Prometheus's exact wording
// (util/annotations in Prometheus). A set de-duplicates by message and
// position, as Prometheus's map of annotations does.

import type { PosRange } from '../promql/ast.js';
import type { Annotation } from './types.js';

/** `message (line:col)`: an annotation rendered for its query text (1-based line, byte column), as Prometheus does. */
export function renderAnnotation(a: Annotation, query: string): string {
  let line = 1;
  let col = 1;
  const upto = query.slice(0, a.pos.start);
  for (const ch of upto) {
    if (ch === '\n') {
      line++;
      col = 1;
    } else col += Buffer.byteLength(ch, 'utf8');
  }
  return `${a.message} (${line}:${col})`;
}

const WARNING = 'PromQL warning: ';
const INFO = 'PromQL info: ';

export class AnnotationSet {
  private readonly seen = new Map<string, Annotation>();

  add(a: Annotation): void {
    const key = `${a.message}\u0000${a.pos.start}:${a.pos.end}`;
    if (!this.seen.has(key)) this.seen.set(key, a);
  }

  get warnings(): Annotation[] {
    return [...this.seen.values()].filter((a) => a.severity === 'warning');
  }

  get infos(): Annotation[] {
    return [...this.seen.values()].filter((a) => a.severity === 'info');
  }
}

function warning(text: string, pos: PosRange): Annotation {
  return { severity: 'warning', message: WARNING + text, pos };
}

function info(text: string, pos: PosRange): Annotation {
  return { severity: 'info', message: INFO + text, pos };
}

/** Go's `%g`-ish printing used by Prometheus for parameters in messages. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 21) {
    const s = v.toExponential();
    const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
    if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
    return s;
  }
  return String(v);
}

export const ANNOTATIONS = {
  possibleNonCounter: (name: string, pos: PosRange) =>
    info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`, pos),
  invalidQuantile: (q: number, pos: PosRange) => warning(`quantile value should be between 0 and 1, got ${formatGoFloat(q)}`, pos),
  badBucketLabel: (name: string, value: string, pos: PosRange) =>
    warning(`bucket label "le" is missing or has a malformed value of ${JSON.stringify(value)} for metric name ${JSON.stringify(name)}`, pos),
  histogramQuantileForcedMonotonicity: (name: string, pos: PosRange) =>
    info(
      `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${JSON.stringify(name)}`,
      pos,
    ),
  mixedClassicNativeHistograms: (name: string, pos: PosRange) =>
    warning(`vector contains a mix of classic and native histograms for metric name ${JSON.stringify(name)}`, pos),
  mixedFloatsHistograms: (name: string, pos: PosRange) => warning(`encountered a mix of histograms and floats for metric name ${JSON.stringify(name)}`, pos),
  mixedFloatsHistogramsAggregation: (pos: PosRange) => warning('encountered a mix of histograms and floats for aggregation', pos),
  invalidRatio: (got: number, to: number, pos: PosRange) =>
    warning(`ratio value should be between -1 and 1, got ${formatGoFloat(got)}, capping to ${formatGoFloat(to)}`, pos),
  histogramIgnoredInAggregation: (agg: string, pos: PosRange) => info(`ignored histogram in ${agg} aggregation`, pos),
  histogramIgnoredInMixedRange: (name: string, pos: PosRange) =>
    info(`ignored histograms in a range containing both floats and histograms for metric name ${JSON.stringify(name)}`, pos),
  invalidSmoothingFactor: (v: number, pos: PosRange) => warning(`smoothing factor should be between 0 and 1, got ${formatGoFloat(v)}`, pos),
  invalidTrendFactor: (v: number, pos: PosRange) => warning(`trend factor should be between 0 and 1, got ${formatGoFloat(v)}`, pos),
  startTimeOverlap: (name: string, pos: PosRange) =>
    warning(`sample has start time that overlaps with previous sample timestamp for metric ${JSON.stringify(name)}`, pos),
  mixedExponentialCustom: (name: string, pos: PosRange) =>
    warning(`vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`, pos),
  nativeHistogramNotCounter: (name: string, pos: PosRange) => warning(`this native histogram metric is not a counter: ${JSON.stringify(name)}`, pos),
  nativeHistogramNotGauge: (name: string, pos: PosRange) => warning(`this native histogram metric is not a gauge: ${JSON.stringify(name)}`, pos),
  quantileNaNObservations: (resultIsNaN: boolean, name: string, pos: PosRange) =>
    info(`input to histogram_quantile has NaN observations, result is ${resultIsNaN ? 'NaN' : 'skewed higher'} for metric name ${JSON.stringify(name)}`, pos),
  fractionNaNObservations: (name: string, pos: PosRange) =>
    info(`input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name ${JSON.stringify(name)}`, pos),
  customBucketsReconciled: (operation: 'aggregation' | 'addition' | 'subtraction', pos: PosRange) =>
    info(`mismatched custom buckets were reconciled during ${operation}`, pos),
  counterResetCollision: (operation: 'aggregation' | 'addition' | 'subtraction', pos: PosRange) =>
    warning(`conflicting counter resets during histogram ${operation}`, pos),
  sortInRangeQuery: (pos: PosRange) => warning('sort is ineffective for range queries since results are always ordered by labels', pos),
};
