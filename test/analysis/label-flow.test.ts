import { describe, it, expect } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { branchFlows, canHave, labelFlow, mustHave, whyCannotHave, type LabelFlow } from '../../src/analysis/label-flow.js';
import { printExpr } from '../../src/promql/printer.js';

function flowOf(text: string): LabelFlow {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`does not parse: ${text}: ${JSON.stringify(r.diagnostics)}`);
  return labelFlow(r.expr);
}

/** A compact view: closed sets list what is possible; open sets list what is absent. */
function view(text: string): { closed: boolean; labels: string[]; guaranteed: string[] } {
  const f = flowOf(text);
  return { closed: f.closed, labels: [...(f.closed ? f.possible : f.absent)].sort(), guaranteed: [...f.guaranteed].sort() };
}

describe('label flow', () => {
  it('selectors keep every label; matchers decide guaranteed and absent labels', () => {
    expect(view('up{job="a", env="", zone=~".+", team=~".*"}')).toEqual({ closed: false, labels: ['env'], guaranteed: ['__name__', 'job', 'zone'] });
  });

  it('aggregation by keeps only the grouping labels the input can have', () => {
    expect(view('sum by (job, instance) (up{instance=""})')).toEqual({ closed: true, labels: ['job'], guaranteed: [] });
    expect(view('sum by (job) (up{job="a"})')).toEqual({ closed: true, labels: ['job'], guaranteed: ['job'] });
    expect(view('sum(up)')).toEqual({ closed: true, labels: [], guaranteed: [] });
  });

  it('aggregation without removes its labels and the metric name', () => {
    expect(view('sum without (instance) (up{job="a"})')).toEqual({ closed: false, labels: ['__name__', 'instance'], guaranteed: ['job'] });
  });

  it('topk keeps the input labels, count_values adds its label', () => {
    expect(view('topk(3, up{job="a"})')).toEqual({ closed: false, labels: [], guaranteed: ['__name__', 'job'] });
    expect(view('count_values by (job) ("version", build_info)')).toEqual({ closed: true, labels: ['job', 'version'], guaranteed: ['version'] });
  });

  it('functions drop the metric name except the label-keeping ones', () => {
    expect(view('rate(http_requests_total{job="a"}[5m])')).toEqual({ closed: false, labels: ['__name__'], guaranteed: ['job'] });
    expect(view('last_over_time(up{job="a"}[5m])')).toEqual({ closed: false, labels: [], guaranteed: ['__name__', 'job'] });
    expect(view('sort_desc(up)')).toEqual({ closed: false, labels: [], guaranteed: ['__name__'] });
  });

  it('histogram_quantile removes le', () => {
    const f = flowOf('histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))');
    expect(f.closed).toBe(true);
    expect([...f.possible].sort()).toEqual(['job']);
  });

  it('label_replace and label_join make the destination possible again', () => {
    expect(canHave(flowOf('label_replace(sum by (job) (up), "host", "$1", "job", "(.*)")'), 'host')).toBe(true);
    expect(canHave(flowOf('label_join(sum(up), "x", ",", "a")'), 'x')).toBe(true);
  });

  it('absent copies single equality matchers only', () => {
    expect(view('absent(up{job="a", env=~"p.*", zone="x", zone="y"})')).toEqual({ closed: true, labels: ['job'], guaranteed: ['job'] });
    expect(view('absent(sum(up))')).toEqual({ closed: true, labels: [], guaranteed: [] });
    expect(view('vector(1)')).toEqual({ closed: true, labels: [], guaranteed: [] });
  });

  it('one-to-one on() keeps only the on labels, ignoring() drops its labels', () => {
    expect(view('up{job="a"} / on(job, instance) up')).toEqual({ closed: true, labels: ['instance', 'job'], guaranteed: ['job'] });
    expect(view('up / ignoring(instance) up')).toEqual({ closed: false, labels: ['__name__', 'instance'], guaranteed: [] });
  });

  it('group_left copies include labels from the one side; group_right takes the right side as base', () => {
    const f = flowOf('sum by (job) (rate(x_total{env=""}[5m])) * on(job) group_left(team) max by (job, team) (team_info)');
    expect(f.closed).toBe(true);
    expect([...f.possible].sort()).toEqual(['job', 'team']);
    const g = flowOf('max by (job) (team_info) * on(job) group_right up{instance="i"}');
    expect(g.closed).toBe(false);
    expect(mustHave(g, 'instance')).toBe(true);
    expect(canHave(g, '__name__')).toBe(false);
  });

  it('comparisons keep the metric name, bool and arithmetic drop it', () => {
    expect(mustHave(flowOf('up > 0'), '__name__')).toBe(true);
    expect(canHave(flowOf('up > bool 0'), '__name__')).toBe(false);
    expect(canHave(flowOf('up * 2'), '__name__')).toBe(false);
    expect(canHave(flowOf('-up'), '__name__')).toBe(false);
  });

  it('set operators: and/unless keep the left side, or unites both', () => {
    expect(view('sum by (job) (up) and on(job) up')).toEqual({ closed: true, labels: ['job'], guaranteed: [] });
    expect(view('sum by (job) (up) or sum by (instance) (up)')).toEqual({ closed: true, labels: ['instance', 'job'], guaranteed: [] });
    const mixed = flowOf('sum by (job) (up) or up');
    expect(mixed.closed).toBe(false);
    expect(canHave(mixed, 'instance')).toBe(true);
  });

  it('remembers which node removed a label', () => {
    const text = 'sum without (instance) (up)';
    const r = parseExpr(text);
    const f = labelFlow(r.expr!);
    expect(whyCannotHave(f, 'instance')).toBe(r.expr);
    expect(whyCannotHave(f, 'job')).toBeUndefined();
  });

  describe('branch flows', () => {
    /** Each branch as [printed branch, can it have the label]. */
    function branches(text: string, label: string): [string, boolean][] {
      const r = parseExpr(text);
      if (!r.expr) throw new Error(`does not parse: ${text}`);
      return branchFlows(r.expr).map((b) => [printExpr(b.branch), canHave(b.flow, label)]);
    }

    it('splits "or" operands and keeps one branch otherwise', () => {
      expect(branches('up{job="a"} or vector(0)', 'job')).toEqual([
        ['up{job="a"}', true],
        ['vector(0)', false],
      ]);
      expect(branches('sum by (job) (up)', 'job')).toEqual([['sum by (job) (up)', true]]);
    });

    it('follows filters and joins to the side whose series they keep, applying their label changes', () => {
      // One-to-one matching with on() keeps only the on labels (Prometheus resultMetric).
      expect(branches('(a > 0 or b < on() c) > 1', 'x')).toEqual([
        ['a', true],
        ['b', false],
      ]);
      expect(branches('(a or b) and on (x) c', 'x')).toEqual([
        ['a', true],
        ['b', true],
      ]);
      expect(branches('c * on (x) group_right (y) (a or sum by (x) (b))', 'z')).toEqual([
        ['a', true],
        ['sum by (x) (b)', false],
      ]);
    });

    it('does not look inside aggregations and functions, which make new series', () => {
      expect(branches('sum by (job) (up or vector(1)) == 0', 'job')).toEqual([['sum by (job) (up or vector(1))', true]]);
      expect(branches('abs(up or vector(1))', 'job')).toHaveLength(1);
    });
  });
});
