// Binary operators and aggregations: matching, errors, bool, name removal.
import { describe, expect, it } from 'vitest';
import { Storage, evaluateInstant, evaluateRange } from '../../src/engine/index.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { parsePrometheusVersion } from '../../src/version/version.js';
import { errorOf, instantVector } from './helpers.js';

function fixture(): Storage {
  const s = new Storage();
  const add = (name: string, labels: Record<string, string>, v: number) => s.append(labelsFromRecord({ __name__: name, ...labels }), 0, v);
  add('req', { job: 'api', code: '200' }, 10);
  add('req', { job: 'api', code: '500' }, 2);
  add('req', { job: 'web', code: '200' }, 5);
  add('limit', { job: 'api' }, 100);
  add('limit', { job: 'web' }, 50);
  add('other', { job: 'api' }, 7);
  return s;
}

describe('aggregations', () => {
  const s = fixture();
  it('computes the numeric aggregations per group', () => {
    expect(instantVector('sum by (job) (req)', 0, s)).toEqual({ '{job="api"}': 12, '{job="web"}': 5 });
    expect(instantVector('avg(req)', 0, s)).toEqual({ '{}': 17 / 3 });
    expect(instantVector('count without (code) (req)', 0, s)).toEqual({ '{job="api"}': 2, '{job="web"}': 1 });
    expect(instantVector('max by (code) (req)', 0, s)).toEqual({ '{code="200"}': 10, '{code="500"}': 2 });
    expect(instantVector('stdvar by (job) (req)', 0, s)).toEqual({ '{job="api"}': 16, '{job="web"}': 0 });
    expect(instantVector('quantile(0.5, req)', 0, s)).toEqual({ '{}': 5 });
    expect(instantVector('count_values("v", req)', 0, s)).toEqual({ '{v="10"}': 1, '{v="2"}': 1, '{v="5"}': 1 });
  });
  it('orders topk results by value', () => {
    const res = evaluateInstant('topk(2, req)', 0, s);
    if ('error' in res || res.value.type !== 'vector') throw new Error('expected vector');
    expect(res.value.samples.map((x) => x.f)).toEqual([10, 5]);
  });
});

describe('vector matching', () => {
  const s = fixture();
  it('matches one-to-one and drops the name for arithmetic', () => {
    expect(instantVector('sum by (job) (req) / on (job) limit', 0, s)).toEqual({ '{job="api"}': 0.12, '{job="web"}': 0.1 });
  });
  it('matches many-to-one with group_left', () => {
    expect(instantVector('req / ignoring (code) group_left limit', 0, s)).toEqual({
      '{code="200", job="api"}': 0.1,
      '{code="500", job="api"}': 0.02,
      '{code="200", job="web"}': 0.1,
    });
  });
  it('rejects implicit many-to-one matching', () => {
    expect(errorOf(evaluateInstant('req / ignoring (code) limit', 0, s))).toBe(
      'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
    );
  });
  it('rejects many-to-one matches that give two results the same labels, at every step of a range', () => {
    // limit{job="api"} and other{job="api"} both become {job="api"} once the name is dropped.
    const message = 'multiple matches for labels: grouping labels must ensure unique matches';
    expect(errorOf(evaluateInstant('{__name__=~"limit|other"} / on (job) group_left limit', 0, s))).toBe(message);
    expect(errorOf(evaluateRange('{__name__=~"limit|other"} / on (job) group_left limit', 0, 120_000, 60_000, s))).toBe(message);
    // Keeping the name keeps them apart.
    expect(instantVector('{__name__=~"limit|other"} > on (job) group_left limit - 95', 0, s)).toEqual({
      'limit{job="api"}': 100,
      'other{job="api"}': 7,
      'limit{job="web"}': 50,
    });
  });
  it('rejects duplicates on the one side', () => {
    expect(errorOf(evaluateInstant('limit / on (code) group_left req', 0, s))).toBe(
      'found duplicate series for the match group {code="200"} on the right hand-side of the operation: [{__name__="req", code="200", job="api"}, {__name__="req", code="200", job="web"}];many-to-many matching not allowed: matching labels must be unique on one side',
    );
  });
  it('filters with comparisons and returns 0/1 with bool', () => {
    expect(instantVector('req > 4', 0, s)).toEqual({ 'req{code="200", job="api"}': 10, 'req{code="200", job="web"}': 5 });
    expect(instantVector('req > bool 4', 0, s)).toEqual({ '{code="200", job="api"}': 1, '{code="500", job="api"}': 0, '{code="200", job="web"}': 1 });
  });
  it('applies set operators on signatures', () => {
    expect(instantVector('req and on (job) limit > 60', 0, s)).toEqual({ 'req{code="200", job="api"}': 10, 'req{code="500", job="api"}': 2 });
    expect(instantVector('limit unless on (job) req{code="500"}', 0, s)).toEqual({ 'limit{job="web"}': 50 });
  });
  it('reports two series that collide once names are dropped', () => {
    // Matching on the name keeps both sides; dropping the names at the end collides.
    expect(errorOf(evaluateInstant('limit{job="api"} * 1 or on (__name__) other * 1', 0, s, { delayedNameRemoval: true }))).toBe(
      'vector cannot contain metrics with the same labelset',
    );
  });
  it('drops names at once without delayed name removal, as a default Prometheus server does', () => {
    // Both sides lose their names at `* 1`, so `on (__name__)` matches them to each other.
    const r = evaluateInstant('limit{job="api"} * 1 or on (__name__) other * 1', 0, s);
    expect('error' in r).toBe(false);
    // A collision is an error where it happens, even if a later operator would filter it away.
    expect(errorOf(evaluateInstant('abs({__name__=~"limit|other", job="api"}) unless on () vector(1)', 0, s))).toBe(
      'vector cannot contain metrics with the same labelset',
    );
    expect('error' in evaluateInstant('abs({__name__=~"limit|other", job="api"}) unless on () vector(1)', 0, s, { delayedNameRemoval: true })).toBe(false);
  });
  it('rejects range vectors as the result of a range query', () => {
    expect(errorOf(evaluateRange('req[5m]', 0, 60_000, 60_000, s))).toBe(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  });
});

describe('operators and aggregations whose result depends on the Prometheus version', () => {
  const s = fixture();
  const v242 = parsePrometheusVersion('2.42');
  if (!v242.ok) throw new Error(v242.message);
  // [expression, result under 2.42, result under the 3.x default] (the difference table entry in the name).
  it.each([
    ['atan2-drops-metric-name: other atan2 limit', 'other atan2 limit', { 'other{job="api"}': Math.atan2(7, 100) }, { '{job="api"}': Math.atan2(7, 100) }],
    ['atan2-drops-metric-name: other atan2 2', 'other atan2 2', { 'other{job="api"}': Math.atan2(7, 2) }, { '{job="api"}': Math.atan2(7, 2) }],
    ['stddev-lone-non-finite: stddev(other / 0)', 'stddev(other / 0)', { '{}': 0 }, { '{}': Number.NaN }],
    [
      'stddev-lone-non-finite: stdvar by (job) (req / 0)',
      'stdvar by (job) (req / 0)',
      { '{job="api"}': Number.NaN, '{job="web"}': 0 },
      { '{job="api"}': Number.NaN, '{job="web"}': Number.NaN },
    ],
  ] as const)('%s', (_name, expr, under242, under3) => {
    expect(instantVector(expr, 0, s, { prometheusVersion: v242.version })).toEqual(under242);
    expect(instantVector(expr, 0, s)).toEqual(under3);
  });
});
