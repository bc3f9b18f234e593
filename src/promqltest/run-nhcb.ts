// `load_with_nhcb`: native histograms with custom buckets built from the
// classic histogram series of the same block (FORMAT.md §8).

import type { Storage } from '../engine/index.js';
import type { LoadCommand } from './script.js';
import { type Labels, METRIC_NAME_LABEL, getLabel, labelsKey, withLabel } from '../model/labels.js';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../model/histogram.js';
import { parseGoFloat } from '../samples/go-syntax.js';
import { isStaleNaN } from '../model/stale.js';

interface Family {
  base: Labels;
  /** timestamp → le → cumulative count */
  buckets: Map<number, Map<number, number>>;
  counts: Map<number, number>;
  sums: Map<number, number>;
}

const SUFFIXES = ['_bucket', '_count', '_sum'] as const;

export function buildNhcbSeries(storage: Storage, cmd: LoadCommand): string | undefined {
  const families = new Map<string, Family>();
  for (const s of cmd.series) {
    const name = getLabel(s.labels, METRIC_NAME_LABEL) ?? '';
    const suffix = SUFFIXES.find((x) => name.endsWith(x));
    if (!suffix) continue;
    let le: number | undefined;
    if (suffix === '_bucket') {
      const text = getLabel(s.labels, 'le');
      if (text === undefined) return `series ${name} has no "le" label`;
      const parsed = parseGoFloat(text);
      if (!parsed.ok || Number.isNaN(parsed.value)) continue;
      le = parsed.value;
    }
    const base = withLabel(
      s.labels.filter((l) => l.name !== 'le'),
      METRIC_NAME_LABEL,
      name.slice(0, name.length - suffix.length),
    );
    const key = labelsKey(base);
    let fam = families.get(key);
    if (!fam) families.set(key, (fam = { base, buckets: new Map(), counts: new Map(), sums: new Map() }));
    s.values.forEach((v, k) => {
      if (v.kind !== 'float' || isStaleNaN(v.value)) return;
      const t = k * cmd.stepMs;
      if (suffix === '_bucket') {
        let m = fam!.buckets.get(t);
        if (!m) fam!.buckets.set(t, (m = new Map()));
        if (!m.has(le!)) m.set(le!, v.value);
      } else if (suffix === '_count') fam!.counts.set(t, v.value);
      else fam!.sums.set(t, v.value);
    });
  }
  for (const fam of families.values()) {
    const times = new Set([...fam.buckets.keys(), ...fam.counts.keys(), ...fam.sums.keys()]);
    for (const t of [...times].sort((a, b) => a - b)) {
      const les = [...(fam.buckets.get(t) ?? new Map<number, number>()).entries()].sort((a, b) => a[0] - b[0]);
      let prev = 0;
      for (const [, c] of les) {
        if (c < prev || c < 0) return `invalid classic histogram for ${JSON.stringify(fam.base)} at ${t}: bucket counts decrease`;
        prev = c;
      }
      const highest = les.length > 0 ? les[les.length - 1]![1] : 0;
      const count = fam.counts.get(t) ?? highest;
      const inf = les.find(([le]) => le === Infinity);
      if (inf && inf[1] !== count) return `invalid classic histogram at ${t}: +Inf bucket ${inf[1]} differs from count ${count}`;
      const finite = les.filter(([le]) => le !== Infinity);
      const cumulative = [...finite.map(([, c]) => c), count];
      const buckets = cumulative.map((c, i) => (i === 0 ? c : c - cumulative[i - 1]!));
      const h: FloatHistogram = {
        counterResetHint: 'unknown',
        schema: CUSTOM_BUCKETS_SCHEMA,
        zeroThreshold: 0,
        zeroCount: 0,
        count,
        sum: fam.sums.get(t) ?? 0,
        positiveSpans: [{ offset: 0, length: buckets.length }],
        negativeSpans: [],
        positiveBuckets: buckets,
        negativeBuckets: [],
        customValues: finite.map(([le]) => le),
      };
      storage.appendHistogram(fam.base, t, h);
    }
  }
  return undefined;
}
