// Result comparison for the promqltest runner (FORMAT.md §5.2–§5.6):
// matching series by full label set, the relative float tolerance, stale
// markers, positional range values, `ordered`, scalars and strings. Each
// check returns undefined on success or a message saying what differed.

import { compareLabels, labelsKey, labelsToSeriesString, withoutEmptyLabels } from '../model/labels.js';
import { isStaleNaN } from '../model/stale.js';
import { type FloatHistogram, compactHistogram } from '../model/histogram.js';
import type { QueryValue, Sample, Series } from '../engine/index.js';
import type { ExpectedSeries } from '../samples/test-script/script.js';
import type { SequenceValue } from '../samples/series-notation.js';

const EPSILON = 1e-6;
const MIN_NORMAL = 2.2250738585072014e-308;

/** Prometheus's almost.Equal with the stale-marker rule of the harness. */
export function floatsMatch(expected: number, actual: number): boolean {
  const es = isStaleNaN(expected);
  const as = isStaleNaN(actual);
  if (es || as) return es && as;
  if (Number.isNaN(expected) && Number.isNaN(actual)) return true;
  if (expected === actual) return true;
  const absSum = Math.abs(expected) + Math.abs(actual);
  const diff = Math.abs(expected - actual);
  if (expected === 0 || actual === 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < EPSILON;
}

export function formatFloat(v: number): string {
  if (isStaleNaN(v)) return 'stale';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatHistogram(h: FloatHistogram): string {
  const c = compactHistogram(h);
  const parts = [`schema:${c.schema}`, `count:${formatFloat(c.count)}`, `sum:${formatFloat(c.sum)}`];
  if (c.zeroCount !== 0) parts.push(`z_bucket:${formatFloat(c.zeroCount)}`);
  if (c.zeroThreshold !== 0) parts.push(`z_bucket_w:${formatFloat(c.zeroThreshold)}`);
  if (c.positiveBuckets.length) parts.push(`buckets:[${c.positiveBuckets.map(formatFloat).join(' ')}]`);
  if (c.negativeBuckets.length) parts.push(`n_buckets:[${c.negativeBuckets.map(formatFloat).join(' ')}]`);
  if (c.customValues) parts.push(`custom_values:[${c.customValues.join(' ')}]`);
  parts.push(`counter_reset_hint:${c.counterResetHint}`);
  return `{{${parts.join(' ')}}}`;
}

function histogramsMatch(expected: FloatHistogram, actual: FloatHistogram, checkHint: boolean): boolean {
  const e = compactHistogram(expected);
  const a = compactHistogram(actual);
  if (e.schema !== a.schema || e.zeroThreshold !== a.zeroThreshold) return false;
  if (!floatsMatch(e.count, a.count) || !floatsMatch(e.sum, a.sum) || !floatsMatch(e.zeroCount, a.zeroCount)) return false;
  if (checkHint && e.counterResetHint !== a.counterResetHint) return false;
  if (JSON.stringify(e.customValues ?? null) !== JSON.stringify(a.customValues ?? null)) return false;
  const sameBuckets = (es: FloatHistogram['positiveSpans'], eb: readonly number[], as: FloatHistogram['positiveSpans'], ab: readonly number[]): boolean => {
    if (JSON.stringify(es) !== JSON.stringify(as) || eb.length !== ab.length) return false;
    return eb.every((v, i) => floatsMatch(v, ab[i]!));
  };
  return (
    sameBuckets(e.positiveSpans, e.positiveBuckets, a.positiveSpans, a.positiveBuckets) &&
    sameBuckets(e.negativeSpans, e.negativeBuckets, a.negativeSpans, a.negativeBuckets)
  );
}

/** Compares one expected sequence value with an actual float or histogram. */
function valueMatches(expected: SequenceValue, f: number | undefined, h: FloatHistogram | undefined): boolean {
  switch (expected.kind) {
    case 'omitted':
      return f === undefined && h === undefined;
    case 'float':
      return h === undefined && f !== undefined && floatsMatch(expected.value, f);
    case 'histogram':
      return h !== undefined && histogramsMatch(expected.histogram, h, expected.hintStated);
  }
}

function describeExpected(v: SequenceValue): string {
  switch (v.kind) {
    case 'omitted':
      return '_';
    case 'float':
      return formatFloat(v.value);
    case 'histogram':
      return formatHistogram(v.histogram);
  }
}

function describeSample(s: Sample): string {
  return s.h ? formatHistogram(s.h) : formatFloat(s.f);
}

export function describeValue(v: QueryValue): string {
  switch (v.type) {
    case 'scalar':
      return `scalar ${formatFloat(v.v)}`;
    case 'string':
      return `string ${JSON.stringify(v.value)}`;
    case 'vector':
      return v.samples.length === 0 ? 'empty vector' : v.samples.map((s) => `${labelsToSeriesString(s.labels)} ${describeSample(s)}`).join('; ');
    case 'matrix':
      return v.series.length === 0 ? 'empty matrix' : v.series.map(describeSeries).join('; ');
  }
}

function describeSeries(s: Series): string {
  const pts = [...s.floats.map((p) => `${formatFloat(p.f)}@${p.t}`), ...s.histograms.map((p) => `${formatHistogram(p.h)}@${p.t}`)];
  return `${labelsToSeriesString(s.labels)} [${pts.join(' ')}]`;
}

function expectedKey(e: ExpectedSeries): string {
  return labelsKey(withoutEmptyLabels(e.labels));
}

function expectedIndex(expected: readonly ExpectedSeries[]): Map<string, ExpectedSeries> {
  const m = new Map<string, ExpectedSeries>();
  // `{a=""}` in an expected line is the series without `a`, as stored series are.
  for (const e of expected) m.set(expectedKey(e), e);
  return m;
}

/** Instant vector result against expected series lines (each with one value). */
export function compareVector(samples: readonly Sample[], expected: readonly ExpectedSeries[], ordered: boolean): string | undefined {
  const byKey = expectedIndex(expected);
  const unique = [...byKey.values()];
  if (ordered) {
    if (samples.length !== unique.length) return `expected ${unique.length} samples in order, got ${samples.length}`;
  }
  const seen = new Set<string>();
  for (let k = 0; k < samples.length; k++) {
    const s = samples[k]!;
    const key = labelsKey(s.labels);
    const exp = byKey.get(key);
    if (!exp) return `unexpected metric ${labelsToSeriesString(s.labels)} in result, with value ${describeSample(s)}`;
    if (ordered && labelsKey(unique[k]!.labels) !== key) {
      return `expected metric ${labelsToSeriesString(unique[k]!.labels)} at position ${k + 1}, got ${labelsToSeriesString(s.labels)}`;
    }
    seen.add(key);
    const ev = exp.values[0];
    if (!ev) return `expected line for ${labelsToSeriesString(exp.labels)} has no value`;
    if (exp.values.length > 1) return `expected line for ${labelsToSeriesString(exp.labels)} has ${exp.values.length} values for an instant query`;
    if (!valueMatches(ev, s.h ? undefined : s.f, s.h)) {
      return `expected ${describeExpected(ev)} for ${labelsToSeriesString(s.labels)} but got ${describeSample(s)}`;
    }
  }
  for (const e of unique) {
    if (!seen.has(expectedKey(e))) return `expected metric ${labelsToSeriesString(e.labels)} with value ${e.values.map(describeExpected).join(' ')} not found`;
  }
  return undefined;
}

/** Matrix result against positional expected values starting at `start`, every `step`. */
export function compareMatrix(
  series: readonly Series[],
  expected: readonly ExpectedSeries[],
  start: number,
  step: number,
  steps: number | undefined,
): string | undefined {
  const byKey = expectedIndex(expected);
  const seen = new Set<string>();
  for (let k = 1; k < series.length; k++) {
    if (compareLabels(series[k - 1]!.labels, series[k]!.labels) >= 0) return 'range query result is not sorted by labels';
  }
  for (const s of series) {
    const key = labelsKey(s.labels);
    const exp = byKey.get(key);
    if (!exp) return `unexpected metric ${describeSeries(s)} in result`;
    seen.add(key);
    if (steps !== undefined && exp.values.length > steps)
      return `expected line for ${labelsToSeriesString(exp.labels)} has ${exp.values.length} values, more than the ${steps} steps`;
    const expFloats: { t: number; v: number }[] = [];
    const expHists: { t: number; h: FloatHistogram; hint: boolean }[] = [];
    exp.values.forEach((v, i) => {
      const t = start + i * step;
      if (v.kind === 'float') expFloats.push({ t, v: v.value });
      else if (v.kind === 'histogram') expHists.push({ t, h: v.histogram, hint: v.hintStated });
    });
    if (expFloats.length !== s.floats.length || expHists.length !== s.histograms.length) {
      return `expected ${expFloats.length} float points and ${expHists.length} histogram points for ${labelsToSeriesString(s.labels)} (${exp.values.map(describeExpected).join(' ')}), got ${describeSeries(s)}`;
    }
    for (let i = 0; i < expFloats.length; i++) {
      const e = expFloats[i]!;
      const a = s.floats[i]!;
      if (e.t !== a.t || !floatsMatch(e.v, a.f))
        return `expected ${formatFloat(e.v)}@${e.t} for ${labelsToSeriesString(s.labels)}, got ${formatFloat(a.f)}@${a.t} (series: ${describeSeries(s)})`;
    }
    for (let i = 0; i < expHists.length; i++) {
      const e = expHists[i]!;
      const a = s.histograms[i]!;
      if (e.t !== a.t || !histogramsMatch(e.h, a.h, e.hint))
        return `expected ${formatHistogram(e.h)}@${e.t} for ${labelsToSeriesString(s.labels)}, got ${formatHistogram(a.h)}@${a.t}`;
    }
  }
  for (const e of byKey.values()) {
    if (!seen.has(expectedKey(e))) return `expected metric ${labelsToSeriesString(e.labels)} not found in result`;
  }
  return undefined;
}
