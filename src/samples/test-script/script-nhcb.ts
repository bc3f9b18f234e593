// `load_with_nhcb` (FORMAT §8): after a block's float series are loaded, every
// `<base>_bucket` / `_count` / `_sum` series of that block is grouped by its
// base label set (name without the suffix, `le` removed), and for each
// timestamp where any member has a sample one native histogram with custom
// buckets (schema −53) is built and stored under the base labels.

import type { FloatHistogram } from '../../model/histogram.js';
import { CUSTOM_BUCKETS_SCHEMA } from '../../model/histogram.js';
import { type Labels, METRIC_NAME_LABEL, getLabel, labelsKey, withLabel, withoutLabels } from '../../model/labels.js';
import { isStaleNaN } from '../../model/stale.js';
import { parseGoFloat } from '../../go/strconv.js';
import type { LoadCommand } from './script-types.js';

export interface NhcbSeries {
  readonly labels: Labels;
  /** Ascending by time. */
  readonly samples: readonly { readonly t: number; readonly histogram: FloatHistogram }[];
}

export interface NhcbConversion {
  readonly series: readonly NhcbSeries[];
  /** Reasons the load fails; `line` is the series line that caused it. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}

/** The classic-histogram member suffixes and the role of each. */
const MEMBER_SUFFIXES = [
  ['_bucket', 'bucket'],
  ['_count', 'count'],
  ['_sum', 'sum'],
] as const;

type Role = (typeof MEMBER_SUFFIXES)[number][1];

interface Point {
  buckets: { le: number; count: number }[];
  count?: number;
  sum?: number;
  line: number;
}

function parseLe(value: string): number | undefined {
  const r = parseGoFloat(value);
  return r.ok && !Number.isNaN(r.value) ? r.value : undefined;
}

export function classicHistogramsToNhcb(load: LoadCommand): NhcbConversion {
  const errors: { line: number; message: string }[] = [];
  const groups = new Map<string, { labels: Labels; points: Map<number, Point> }>();
  for (const s of load.series) {
    const name = getLabel(s.labels, METRIC_NAME_LABEL) ?? '';
    const member = MEMBER_SUFFIXES.find(([suffix]) => name.endsWith(suffix));
    if (member === undefined) continue;
    const [suffix, role] = member as readonly [string, Role];
    let le: number | undefined;
    if (role === 'bucket') {
      const leText = getLabel(s.labels, 'le');
      if (leText === undefined) {
        // Upstream panics here; we make it a load error.
        errors.push({ line: s.line, message: `classic histogram bucket series ${name} has no "le" label` });
        continue;
      }
      le = parseLe(leText);
      if (le === undefined) continue; // unparseable or NaN bounds are skipped, as upstream
    }
    const base = withLabel(withoutLabels(s.labels, ['le']), METRIC_NAME_LABEL, name.slice(0, -suffix.length));
    const key = labelsKey(base);
    let group = groups.get(key);
    if (group === undefined) {
      group = { labels: base, points: new Map() };
      groups.set(key, group);
    }
    s.values.forEach((v, k) => {
      if (v.kind !== 'float' || isStaleNaN(v.value)) return;
      const t = k * load.stepMs;
      let p = group.points.get(t);
      if (p === undefined) {
        p = { buckets: [], line: s.line };
        group.points.set(t, p);
      }
      if (role === 'bucket') {
        if (!p.buckets.some((b) => b.le === le)) p.buckets.push({ le: le!, count: v.value });
      } else {
        p[role] = v.value;
      }
    });
  }
  const series: NhcbSeries[] = [];
  for (const { labels, points } of groups.values()) {
    const samples: { t: number; histogram: FloatHistogram }[] = [];
    for (const t of [...points.keys()].sort((a, b) => a - b)) {
      const p = points.get(t)!;
      const built = buildNhcb(p);
      if (typeof built === 'string') {
        errors.push({ line: p.line, message: `converting classic histogram to native histogram at ${t}ms: ${built}` });
        continue;
      }
      samples.push({ t, histogram: built });
    }
    series.push({ labels, samples });
  }
  return { series, errors };
}

/** One NHCB from cumulative bucket counts, or the reason it cannot be built. */
function buildNhcb(p: Point): FloatHistogram | string {
  const buckets = [...p.buckets].sort((a, b) => a.le - b.le);
  const count = p.count ?? buckets[buckets.length - 1]?.count ?? 0;
  const last = buckets[buckets.length - 1];
  if (last === undefined || last.le !== Infinity) buckets.push({ le: Infinity, count });
  else if (last.count !== count) return `count mismatch: the +Inf bucket has ${last.count}, the count is ${count}`;
  const counts: number[] = [];
  let prev = 0;
  for (const b of buckets) {
    if (b.count < 0) return `negative cumulative count ${b.count} in bucket le=${b.le}`;
    if (b.count < prev) return `bucket counts are not cumulative: le=${b.le} has ${b.count}, less than ${prev} below it`;
    counts.push(b.count - prev);
    prev = b.count;
  }
  return {
    counterResetHint: 'unknown',
    schema: CUSTOM_BUCKETS_SCHEMA,
    zeroThreshold: 0,
    zeroCount: 0,
    count,
    sum: p.sum ?? 0,
    // In FloatHistogram's field order: query --format json prints the object as built.
    positiveSpans: counts.length > 0 ? [{ offset: 0, length: counts.length }] : [],
    negativeSpans: [],
    positiveBuckets: counts,
    negativeBuckets: [],
    customValues: buckets.filter((b) => b.le !== Infinity).map((b) => b.le),
  };
}
