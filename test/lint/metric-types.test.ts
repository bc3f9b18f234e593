import { describe, it, expect } from 'vitest';
import { MetricTypes, parseMetadataJson, parseTypeComments } from '../../src/knowledge/metric-types.js';
import { METRIC_CATALOG } from '../../src/knowledge/metrics-catalog.js';
import { parseExpr } from '../../src/promql/parse.js';

function expr(text: string) {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(text);
  return r.expr;
}

describe('metric catalog', () => {
  it('has unique names with a help text each', () => {
    const names = METRIC_CATALOG.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const e of METRIC_CATALOG) expect(e.help.length).toBeGreaterThan(0);
  });
});

describe('MetricTypes', () => {
  it('uses the built-in catalog, with help', () => {
    const t = new MetricTypes();
    expect(t.seriesKind('go_goroutines')).toEqual({
      kind: 'gauge',
      source: 'catalog',
      family: 'go_goroutines',
      familyType: 'gauge',
      help: 'Number of goroutines that currently exist.',
    });
    expect(t.seriesKind('go_gc_duration_seconds_count')).toMatchObject({
      kind: 'counter',
      source: 'catalog',
      family: 'go_gc_duration_seconds',
      familyType: 'summary',
    });
    expect(t.seriesKind('go_sched_latencies_seconds_bucket')).toMatchObject({ kind: 'bucket', source: 'catalog' });
    expect(t.seriesKind('go_sched_latencies_seconds')).toMatchObject({ kind: 'native-histogram', source: 'catalog' });
  });

  it('prefers fixture metadata, then a metadata file, then the catalog', () => {
    const t = new MetricTypes({
      fixture: new Map([['go_goroutines', 'counter']]),
      metadata: new Map([
        ['go_goroutines', 'unknown'],
        ['queue_depth', 'gauge'],
      ]),
    });
    expect(t.seriesKind('go_goroutines')).toMatchObject({ kind: 'counter', source: 'fixture' });
    expect(t.seriesKind('queue_depth')).toMatchObject({ kind: 'gauge', source: 'metadata' });
  });

  it('falls back to naming conventions; _count/_sum are weak; colon names are not guessed', () => {
    const t = new MetricTypes({ catalog: false });
    expect(t.seriesKind('http_requests_total')).toEqual({ kind: 'counter', source: 'convention' });
    expect(t.seriesKind('x_bucket')).toEqual({ kind: 'bucket', source: 'convention' });
    expect(t.seriesKind('pg_stat_activity_count')).toEqual({ kind: 'counter', source: 'convention', weak: true });
    expect(t.seriesKind('job:x_total:sum')).toEqual({ kind: 'unknown', source: 'none' });
    expect(t.seriesKind('go_goroutines')).toEqual({ kind: 'unknown', source: 'none' });
  });

  it('maps OpenMetrics counter families and summaries', () => {
    const t = new MetricTypes({
      fixture: new Map([
        ['jobs', 'counter'],
        ['rpc', 'summary'],
      ]),
      catalog: false,
    });
    expect(t.seriesKind('jobs_total')).toMatchObject({ kind: 'counter', family: 'jobs' });
    expect(t.seriesKind('jobs_created')).toMatchObject({ kind: 'gauge', family: 'jobs' });
    expect(t.seriesKind('rpc')).toMatchObject({ kind: 'gauge' });
    expect(t.seriesKind('rpc_sum')).toMatchObject({ kind: 'counter' });
  });

  it('infers recording-rule outputs from their expressions, without looping on cycles', () => {
    const t = new MetricTypes({
      recordings: new Map([
        ['job:requests:rate5m', expr('sum by (job) (rate(http_requests_total[5m]))')],
        ['job:requests:sum', expr('sum by (job) (http_requests_total)')],
        ['job:bits:sum', expr('sum by (job) (node_network_receive_bytes_total) * 8')],
        ['a:x:y', expr('b:x:y')],
        ['b:x:y', expr('a:x:y')],
      ]),
    });
    expect(t.seriesKind('job:requests:rate5m')).toEqual({ kind: 'gauge', source: 'recording' });
    expect(t.seriesKind('job:requests:sum')).toEqual({ kind: 'counter', source: 'recording' });
    expect(t.seriesKind('job:bits:sum')).toEqual({ kind: 'counter', source: 'recording' });
    expect(t.seriesKind('a:x:y')).toEqual({ kind: 'unknown', source: 'recording' });
  });

  it('infers expression kinds', () => {
    const t = new MetricTypes();
    expect(t.exprKind(expr('rate(http_requests_total[5m])'))).toBe('gauge');
    expect(t.exprKind(expr('max(http_requests_total)'))).toBe('counter');
    expect(t.exprKind(expr('avg(http_requests_total)'))).toBe('gauge');
    expect(t.exprKind(expr('http_requests_total > 5'))).toBe('counter');
    expect(t.exprKind(expr('http_requests_total > bool 5'))).toBe('gauge');
    expect(t.exprKind(expr('a_total + b_total'))).toBe('counter');
    expect(t.exprKind(expr('a_total - b_total'))).toBe('gauge');
  });
});

describe('metadata readers', () => {
  it('reads # TYPE lines', () => {
    const m = parseTypeComments('# HELP x help\n# TYPE x counter\nx_total 1\n# TYPE y GAUGE\n# TYPE z bogus\n');
    expect([...m]).toEqual([
      ['x', 'counter'],
      ['y', 'gauge'],
    ]);
  });

  it('reads /api/v1/metadata JSON', () => {
    const r = parseMetadataJson(
      JSON.stringify({ status: 'success', data: { a: [{ type: 'counter', help: 'h', unit: '' }], b: [{ type: 'histogram' }], c: [] } }),
    );
    expect(r).toEqual({
      ok: true,
      types: new Map([
        ['a', 'counter'],
        ['b', 'histogram'],
      ]),
    });
  });

  it('reports bad metadata with a message', () => {
    expect(parseMetadataJson('{')).toMatchObject({ ok: false });
    expect(parseMetadataJson('{"status":"success"}')).toEqual({
      ok: false,
      error: 'metadata JSON has no "data" object (expected the /api/v1/metadata response)',
    });
  });
});
