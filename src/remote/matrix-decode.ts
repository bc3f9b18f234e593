// A fast decoder for the one response fetch mode reads in bulk: a matrix
// answer (`x[5m]` as an instant query) in the exact compact form Prometheus,
// Thanos, Mimir and VictoriaMetrics write. JSON.parse builds an array, a
// number and a string for every sample — over a million objects per chunk
// — which dominated the fetch profile. Here each series' `values` go straight
// into typed arrays; everything else (the envelope, label sets) still goes
// through JSON.parse. Anything not in the expected shape (whitespace, other
// key order, histograms) returns undefined and the caller uses JSON.parse,
// so this path only ever agrees with it (a property test checks that).

import { parseSampleValue } from './sample-value.js';

export interface DecodedMatrixSeries {
  readonly metric: Record<string, string>;
  /** Timestamps in ms. */
  readonly t: Float64Array;
  readonly v: Float64Array;
}

export interface DecodedMatrixEnvelope {
  readonly status: string;
  readonly data: { readonly resultType: 'matrix'; readonly result: DecodedMatrixSeries[] };
  readonly warnings?: string[];
  readonly infos?: string[];
}

const RESULT_OPEN = '"resultType":"matrix","result":[';
const QUOTE = 34;
const BACKSLASH = 92;

/** The index just past the JSON string starting at the quote at `i`, or -1. */
function skipString(text: string, i: number): number {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === BACKSLASH) k++;
    else if (c === QUOTE) return k + 1;
  }
  return -1;
}

/** The index just past the flat object `{"k":"v",...}` at `i` (values are strings only), or -1. */
function skipLabelObject(text: string, i: number): number {
  if (text.charCodeAt(i) !== 123 /* { */) return -1;
  let k = i + 1;
  if (text.charCodeAt(k) === 125 /* } */) return k + 1;
  for (;;) {
    if (text.charCodeAt(k) !== QUOTE) return -1;
    k = skipString(text, k);
    if (k < 0 || text.charCodeAt(k) !== 58 /* : */) return -1;
    k++;
    if (text.charCodeAt(k) !== QUOTE) return -1;
    k = skipString(text, k);
    if (k < 0) return -1;
    const c = text.charCodeAt(k);
    if (c === 125) return k + 1;
    if (c !== 44 /* , */) return -1;
    k++;
  }
}

/**
 * A timestamp as the API writes it (seconds, up to 3 decimals: `1767571200`,
 * `1767571200.5`) in ms, read without allocating; NaN when it is in another form.
 */
function readTimestampMs(text: string, from: number, to: number): number {
  let k = from;
  let neg = false;
  if (text.charCodeAt(k) === 45 /* - */) {
    neg = true;
    k++;
  }
  let whole = 0;
  let digits = 0;
  for (; k < to; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
    digits++;
  }
  if (digits === 0 || digits > 15) return NaN;
  let ms = whole * 1000;
  if (k < to) {
    if (text.charCodeAt(k) !== 46 /* . */) return NaN;
    k++;
    let scale = 100;
    let frac = 0;
    let fracDigits = 0;
    for (; k < to; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9 || fracDigits === 3) return NaN;
      frac += d * scale;
      scale /= 10;
      fracDigits++;
    }
    if (fracDigits === 0) return NaN;
    ms += frac;
  }
  return neg ? -ms : ms;
}

/** Decodes `[[t,"v"],...]` at `i`; returns the arrays and the index past `]`, or undefined. */
function readValues(text: string, i: number): { t: Float64Array; v: Float64Array; end: number } | undefined {
  if (text.charCodeAt(i) !== 91 /* [ */) return undefined;
  let k = i + 1;
  let cap = 64;
  let t = new Float64Array(cap);
  let v = new Float64Array(cap);
  let n = 0;
  if (text.charCodeAt(k) === 93 /* ] */) return { t: t.subarray(0, 0), v: v.subarray(0, 0), end: k + 1 };
  for (;;) {
    if (text.charCodeAt(k) !== 91) return undefined;
    const comma = text.indexOf(',', k + 1);
    if (comma < 0) return undefined;
    const ts = readTimestampMs(text, k + 1, comma);
    if (Number.isNaN(ts) || text.charCodeAt(comma + 1) !== QUOTE) return undefined;
    const close = text.indexOf('"', comma + 2);
    if (close < 0 || text.charCodeAt(close + 1) !== 93) return undefined;
    const value = parseSampleValue(text.slice(comma + 2, close));
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(t);
      t = t2;
      const v2 = new Float64Array(cap);
      v2.set(v);
      v = v2;
    }
    t[n] = ts;
    v[n] = value;
    n++;
    k = close + 2;
    const c = text.charCodeAt(k);
    if (c === 93) return { t: t.slice(0, n), v: v.slice(0, n), end: k + 1 };
    if (c !== 44) return undefined;
    k++;
  }
}

/** The matrix envelope, decoded fast; undefined when the text is not in the compact form (use JSON.parse). */
export function decodeMatrixResponse(text: string): DecodedMatrixEnvelope | undefined {
  const open = text.indexOf(RESULT_OPEN);
  // The envelope before the result must be short (`{"status":"success","data":{`).
  if (open < 0 || open > 64) return undefined;
  const result: DecodedMatrixSeries[] = [];
  let k = open + RESULT_OPEN.length;
  if (text.charCodeAt(k) === 93) k++;
  else {
    for (;;) {
      if (!text.startsWith('{"metric":', k)) return undefined;
      const mStart = k + 10;
      const mEnd = skipLabelObject(text, mStart);
      if (mEnd < 0 || !text.startsWith(',"values":', mEnd)) return undefined;
      const values = readValues(text, mEnd + 10);
      if (values === undefined || text.charCodeAt(values.end) !== 125 /* } */) return undefined;
      let metric: Record<string, string>;
      try {
        metric = JSON.parse(text.slice(mStart, mEnd)) as Record<string, string>;
      } catch {
        return undefined;
      }
      result.push({ metric, t: values.t, v: values.v });
      k = values.end + 1;
      const c = text.charCodeAt(k);
      if (c === 93) {
        k++;
        break;
      }
      if (c !== 44) return undefined;
      k++;
    }
  }
  // What is left is small: the envelope with an empty result in place of the series.
  let rest: { status?: unknown; data?: { resultType?: unknown }; warnings?: unknown; infos?: unknown };
  try {
    rest = JSON.parse(`${text.slice(0, open)}"resultType":"matrix","result":[]${text.slice(k)}`) as typeof rest;
  } catch {
    return undefined;
  }
  if (typeof rest.status !== 'string' || rest.data?.resultType !== 'matrix') return undefined;
  const strings = (x: unknown): string[] | undefined => (Array.isArray(x) && x.every((s) => typeof s === 'string') ? (x as string[]) : undefined);
  const warnings = strings(rest.warnings);
  const infos = strings(rest.infos);
  return { status: rest.status, data: { resultType: 'matrix', result }, ...(warnings ? { warnings } : {}), ...(infos ? { infos } : {}) };
}
