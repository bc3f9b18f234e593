// Label sets as Prometheus models them (model/labels): an immutable list of
// name/value pairs, sorted by name, names unique. Keeping the list sorted at
// construction makes comparison, printing and hashing simple linear walks,
// and makes two equal sets structurally identical.
//
// Ordering follows Go: strings compare byte-wise on their UTF-8 encoding,
// which equals code-point order. JavaScript's `<` compares UTF-16 code units,
// which differs for characters above U+FFFF versus U+E000..U+FFFF, so every
// comparison here goes through `compareStrings`.

export interface Label {
  readonly name: string;
  readonly value: string;
}

/**
 * A label set: sorted by name, no duplicate names. Empty values are kept when
 * written explicitly (series notation `{a=""}` keeps them, as Prometheus's
 * `labels.New` does); `withLabel` and `withoutEmptyLabels` drop them.
 */
export type Labels = readonly Label[];

import { goQuote } from '../go/strconv.js';

export const METRIC_NAME_LABEL = '__name__';

export const EMPTY_LABELS: Labels = Object.freeze([]);

/**
 * Go string ordering (UTF-8 bytes, i.e. code points) for JS strings.
 * Returns a negative number, zero or a positive number.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates encode code points >= U+10000, which must sort after
    // U+E000..U+FFFF; shifting the ranges makes code-unit order match.
    if (ca >= 0xd800) ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
    if (cb >= 0xd800) cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
    return ca - cb;
  }
  return a.length - b.length;
}

/**
 * Builds a label set from pairs in any order. Later pairs win over earlier
 * ones with the same name. Empty values are kept (see `Labels`).
 */
export function labelsFromPairs(pairs: Iterable<readonly [string, string]>): Labels {
  const byName = new Map<string, string>();
  for (const [name, value] of pairs) byName.set(name, value);
  const out: Label[] = [];
  for (const [name, value] of byName) out.push({ name, value });
  out.sort((x, y) => compareStrings(x.name, y.name));
  return out;
}

export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  return labelsFromPairs(Object.entries(record));
}

/** The label set as a plain record (for JSON output and tests). */
export function labelsToRecord(ls: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of ls) out[l.name] = l.value;
  return out;
}

export function getLabel(ls: Labels, name: string): string | undefined {
  for (const l of ls) if (l.name === name) return l.value;
  return undefined;
}

export function metricNameOf(ls: Labels): string | undefined {
  return getLabel(ls, METRIC_NAME_LABEL);
}

/** A copy with `name` set to `value` (removed when `value` is empty). */
export function withLabel(ls: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let placed = value === '';
  for (const l of ls) {
    if (l.name === name) continue;
    if (!placed && compareStrings(name, l.name) < 0) {
      out.push({ name, value });
      placed = true;
    }
    out.push(l);
  }
  if (!placed) out.push({ name, value });
  return out;
}

/** A copy without labels whose value is empty (what storage keeps). */
export function withoutEmptyLabels(ls: Labels): Labels {
  return ls.every((l) => l.value !== '') ? ls : ls.filter((l) => l.value !== '');
}

/** A copy without the given label names. */
export function withoutLabels(ls: Labels, names: Iterable<string>): Labels {
  const drop = new Set(names);
  return ls.filter((l) => !drop.has(l.name));
}

/** Prometheus's `labels.Compare`: pair by pair, name then value, shorter prefix first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const la = a[i]!;
    const lb = b[i]!;
    if (la.name !== lb.name) return compareStrings(la.name, lb.name);
    if (la.value !== lb.value) return compareStrings(la.value, lb.value);
  }
  return a.length - b.length;
}

export function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.name !== b[i]!.name || a[i]!.value !== b[i]!.value) return false;
  }
  return true;
}

/**
 * A string that is equal for two label sets exactly when they are equal, for
 * use as a Map key. Length prefixes make it unambiguous whatever characters
 * names and values contain.
 */
export function labelsKey(ls: Labels): string {
  let key = '';
  for (const l of ls) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

const keyCache = new WeakMap<Labels, string>();

/**
 * labelsKey, computed once per label-set object. Label sets are immutable and
 * an evaluation hands the same object for a series at every step, so per-step
 * loops (vector matching, series collection, rule outputs) look keys up here
 * instead of building the string again.
 */
export function cachedLabelsKey(ls: Labels): string {
  let k = keyCache.get(ls);
  if (k === undefined) keyCache.set(ls, (k = labelsKey(ls)));
  return k;
}

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when `name` is a label name that needs no quotes (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_NAME.test(name);
}

/** True when `name` is a metric name that needs no quotes (colons allowed). */
export function isLegacyMetricName(name: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
}

/**
 * Prometheus's `Labels.String()`: `{__name__="up", job="api"}`, names quoted
 * only when they are not legacy identifiers, values always quoted with Go's
 * `strconv.Quote` rules.
 */
export function labelsToString(ls: Labels): string {
  const parts = ls.map((l) => `${isLegacyLabelName(l.name) ? l.name : goQuote(l.name)}=${goQuote(l.value)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * The series notation form used in test scripts and PromQL output:
 * `up{job="api"}`, `{"my.metric", a="b"}` or `{}`.
 */
export function labelsToSeriesString(ls: Labels): string {
  const name = metricNameOf(ls);
  const rest = ls.filter((l) => l.name !== METRIC_NAME_LABEL);
  const items = rest.map((l) => `${isLegacyLabelName(l.name) ? l.name : goQuote(l.name)}=${goQuote(l.value)}`);
  if (name !== undefined && isLegacyMetricName(name)) {
    return items.length === 0 ? name : `${name}{${items.join(', ')}}`;
  }
  if (name !== undefined) items.unshift(goQuote(name));
  return `{${items.join(', ')}}`;
}

// Go's strconv.Quote lives in src/go/strconv.ts; labels print with it.
export { goQuote };
