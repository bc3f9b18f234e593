// Recorded series as OpenMetrics text with timestamps: what `promforge
// record` writes and what `promtool tsdb create-blocks-from openmetrics`
// and promforge's own loader read. Series are grouped into metric families
// (counters by their `_total` name, histograms and summaries by their base
// name) so that each family's samples are contiguous, as OpenMetrics
// requires; a family's `# TYPE`/`# HELP`/`# UNIT` come from the metadata
// given (e.g. the server's /api/v1/metadata), `unknown` families get none.
// Yields chunks, so a large recording is never one string.

import type { Labels } from '../model/labels.js';
import { metricNameOf } from '../model/labels.js';
import { quoteString } from '../promql/literals.js';
import { isStaleNaN } from '../model/stale.js';
import type { MetricMetadata, RecordedSeries } from './types.js';

const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created', ''],
  info: ['_info'],
};

/** The family a sample name belongs to, given the metadata keyed by family or by sample name. */
function familyOf(name: string, metadata: ReadonlyMap<string, MetricMetadata>): { family: string; meta?: MetricMetadata } {
  const direct = metadata.get(name);
  if (direct) {
    // Prometheus's /api/v1/metadata keys counters by their `_total` sample name.
    if (direct.type === 'counter' && name.endsWith('_total')) return { family: name.slice(0, -'_total'.length), meta: direct };
    if (direct.type === 'info' && name.endsWith('_info')) return { family: name.slice(0, -'_info'.length), meta: direct };
    return { family: name, meta: direct };
  }
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (suffix === '' || !name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const m = metadata.get(base) ?? metadata.get(`${base}_total`);
      if (m && m.type === type) return { family: base, meta: m };
    }
  }
  return { family: name };
}

/** OpenMetrics text of a sample value (NaN, ±Inf spelled as the format wants). */
export function valueText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** OpenMetrics timestamp (seconds) of a millisecond time, exact to the millisecond. */
export function timestampText(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

function labelText(labels: Labels): string {
  const rest = labels.filter((l) => l.name !== '__name__');
  return rest.length === 0 ? '' : `{${rest.map((l) => `${l.name}=${quoteString(l.value)}`).join(',')}}`;
}

function escapeHelp(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function* openMetricsText(series: readonly RecordedSeries[], metadata: ReadonlyMap<string, MetricMetadata> = new Map()): Generator<string> {
  const families = new Map<string, { meta?: MetricMetadata; series: RecordedSeries[] }>();
  for (const s of series) {
    const name = metricNameOf(s.labels) ?? '';
    const { family, meta } = familyOf(name, metadata);
    let f = families.get(family);
    if (!f) families.set(family, (f = { ...(meta ? { meta } : {}), series: [] }));
    f.series.push(s);
  }
  for (const [family, f] of families) {
    if (f.meta && f.meta.type !== 'unknown') {
      let head = `# TYPE ${family} ${f.meta.type}\n`;
      if (f.meta.help) head += `# HELP ${family} ${escapeHelp(f.meta.help)}\n`;
      if (f.meta.unit && family.endsWith(`_${f.meta.unit}`)) head += `# UNIT ${family} ${f.meta.unit}\n`;
      yield head;
    }
    for (const s of f.series) {
      const prefix = `${metricNameOf(s.labels) ?? ''}${labelText(s.labels)} `;
      const lines: string[] = [];
      for (let i = 0; i < s.timestamps.length; i++) {
        // Staleness markers are storage-internal; OpenMetrics has no way to write them.
        if (isStaleNaN(s.values[i]!)) continue;
        lines.push(`${prefix}${valueText(s.values[i]!)} ${timestampText(s.timestamps[i]!)}\n`);
      }
      if (lines.length > 0) yield lines.join('');
    }
  }
  yield '# EOF\n';
}
