import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { labelsFromRecord, labelsToRecord } from '../../src/model/labels.js';
import type { Labels } from '../../src/model/labels.js';
import { isStaleNaN } from '../../src/model/stale.js';
import { AlertingRuleState, RESOLVED_RETENTION_MS } from '../../src/rules/alerting.js';
import { GroupEvaluator } from '../../src/rules/group.js';
import type { EvalAlertingRule, EvalGroup, EvalRecordingRule, RuleBackend, Sample } from '../../src/rules/types.js';

const MIN = 60_000;
const expr = parseExpr('up == 0').expr!;
const expandPlain = (text: string, data: { labels: Labels; value: number }) =>
  text.replace(/\{\{ *\$labels\.(\w+) *\}\}/g, (_, n: string) => labelsToRecord(data.labels)[n] ?? '').replace(/\{\{ *\$value *\}\}/g, String(data.value));

function rule(over: Partial<EvalAlertingRule> = {}): EvalAlertingRule {
  return {
    kind: 'alerting',
    name: 'InstanceDown',
    expr,
    labels: [['severity', 'page']],
    annotations: [['summary', '{{ $labels.instance }} down']],
    forMs: 2 * MIN,
    keepFiringForMs: 0,
    ...over,
  };
}
const sample = (instance: string, value = 0): Sample => ({ labels: labelsFromRecord({ __name__: 'up', instance }), value });

describe('alerting rule state machine', () => {
  it('goes pending, then firing once `for` has elapsed', () => {
    const st = new AlertingRuleState(rule());
    const phases: string[] = [];
    for (let t = 0; t <= 3 * MIN; t += MIN) {
      st.evaluate(t, [sample('a')], expandPlain, 0);
      phases.push(
        st
          .activeAlerts()
          .map((a) => a.phase)
          .join(),
      );
    }
    expect(phases).toEqual(['pending', 'pending', 'firing', 'firing']);
    const [a] = st.activeAlerts();
    expect(labelsToRecord(a!.labels)).toEqual({ alertname: 'InstanceDown', instance: 'a', severity: 'page' });
    expect(labelsToRecord(a!.annotations)).toEqual({ summary: 'a down' });
    expect(a!.activeAtMs).toBe(0);
    expect(a!.firedAtMs).toBe(2 * MIN);
  });

  it('drops a pending alert as soon as the condition clears', () => {
    const st = new AlertingRuleState(rule());
    st.evaluate(0, [sample('a')], expandPlain, 0);
    st.evaluate(MIN, [], expandPlain, 0);
    expect(st.active.size).toBe(0);
  });

  it('keeps a resolved alert for 15 minutes, then forgets it', () => {
    const st = new AlertingRuleState(rule({ forMs: 0 }));
    st.evaluate(0, [sample('a')], expandPlain, 0);
    expect(st.activeAlerts()[0]!.phase).toBe('firing');
    st.evaluate(MIN, [], expandPlain, 0);
    expect(st.activeAlerts()).toEqual([]);
    expect([...st.active.values()][0]).toMatchObject({ phase: 'inactive', resolvedAtMs: MIN });
    st.evaluate(MIN + RESOLVED_RETENTION_MS, [], expandPlain, 0);
    expect(st.active.size).toBe(1);
    st.evaluate(MIN + RESOLVED_RETENTION_MS + 1, [], expandPlain, 0);
    expect(st.active.size).toBe(0);
  });

  it('keeps firing for keep_firing_for after the condition clears', () => {
    const st = new AlertingRuleState(rule({ forMs: 0, keepFiringForMs: 2 * MIN }));
    st.evaluate(0, [sample('a')], expandPlain, 0);
    const phase = (t: number, samples: Sample[]) => {
      st.evaluate(t, samples, expandPlain, 0);
      return (
        st
          .activeAlerts()
          .map((a) => a.phase)
          .join() || 'none'
      );
    };
    expect([phase(MIN, []), phase(2 * MIN, []), phase(3 * MIN, [])]).toEqual(['firing', 'firing', 'none']);
  });

  it('restarts keep_firing_for when the condition comes back', () => {
    const st = new AlertingRuleState(rule({ forMs: 0, keepFiringForMs: 2 * MIN }));
    st.evaluate(0, [sample('a')], expandPlain, 0);
    st.evaluate(MIN, [], expandPlain, 0);
    st.evaluate(2 * MIN, [sample('a')], expandPlain, 0);
    st.evaluate(3 * MIN, [], expandPlain, 0);
    st.evaluate(4 * MIN, [], expandPlain, 0);
    expect(st.activeAlerts().map((a) => a.phase)).toEqual(['firing']);
  });

  it('updates value and annotations of an active alert but keeps activeAt', () => {
    const st = new AlertingRuleState(rule({ annotations: [['v', '{{ $value }}']] }));
    st.evaluate(0, [sample('a', 1)], expandPlain, 0);
    st.evaluate(MIN, [sample('a', 7)], expandPlain, 0);
    const [a] = st.activeAlerts();
    expect(a!.value).toBe(7);
    expect(labelsToRecord(a!.annotations)).toEqual({ v: '7' });
    expect(a!.activeAtMs).toBe(0);
  });

  it('emits ALERTS and ALERTS_FOR_STATE for active alerts', () => {
    const st = new AlertingRuleState(rule());
    const r = st.evaluate(5 * MIN, [sample('a')], expandPlain, 0);
    expect(r.series.map((s) => [labelsToRecord(s.labels), s.value])).toEqual([
      [{ __name__: 'ALERTS', alertname: 'InstanceDown', alertstate: 'pending', instance: 'a', severity: 'page' }, 1],
      [{ __name__: 'ALERTS_FOR_STATE', alertname: 'InstanceDown', instance: 'a', severity: 'page' }, 300],
    ]);
  });

  it('fails on duplicate label sets after applying labels', () => {
    const st = new AlertingRuleState(rule({ labels: [['instance', 'x']] }));
    const r = st.evaluate(0, [sample('a'), sample('b')], expandPlain, 0);
    expect(r.error).toBe('vector contains metrics with the same labelset after applying alert labels');
  });

  it('enforces the group limit', () => {
    const st = new AlertingRuleState(rule());
    const r = st.evaluate(0, [sample('a'), sample('b'), sample('c')], expandPlain, 2);
    expect(r.error).toBe('exceeded limit of 2 with 3 alerts');
    expect(st.active.size).toBe(0);
  });
});

/** A backend over a plain map of series for group tests: the query returns what `answers` says. */
function fakeBackend(answers: (expr: string, t: number, written: Map<string, [number, number][]>) => Sample[] | string) {
  const written = new Map<string, [number, number][]>();
  const backend: RuleBackend = {
    query(e, t) {
      const r = answers(e.kind === 'VectorSelector' ? e.name : e.kind, t, written);
      return typeof r === 'string' ? { ok: false, error: r } : { ok: true, samples: r };
    },
    append(ls, t, v) {
      const key = JSON.stringify(labelsToRecord(ls));
      const list = written.get(key) ?? [];
      list.push([t, v]);
      written.set(key, list);
    },
  };
  return { backend, written };
}

describe('group evaluation', () => {
  const rec = (name: string, source: string): EvalRecordingRule => ({ kind: 'recording', name, expr: parseExpr(source).expr!, labels: [['team', 'core']] });

  it('writes recording outputs, applies labels, and marks vanished series stale', () => {
    const group: EvalGroup = { name: 'g', queryOffsetMs: 0, limit: 0, rules: [rec('job:up:sum', 'up')] };
    const { backend, written } = fakeBackend((_e, t) => (t < 2 * MIN ? [sample('a', 1)] : []));
    const ev = new GroupEvaluator(group, backend, expandPlain);
    for (let t = 0; t <= 3 * MIN; t += MIN) expect(ev.evaluate(t)).toEqual([]);
    const series = written.get(JSON.stringify({ __name__: 'job:up:sum', instance: 'a', team: 'core' }))!;
    expect(series.slice(0, 2)).toEqual([
      [0, 1],
      [MIN, 1],
    ]);
    expect(series).toHaveLength(3);
    expect(series[2]![0]).toBe(2 * MIN);
    expect(isStaleNaN(series[2]![1])).toBe(true);
  });

  it('lets later rules see earlier outputs at the same timestamp', () => {
    const group: EvalGroup = { name: 'g', queryOffsetMs: 0, limit: 0, rules: [rec('first', 'up'), rec('second', 'first')] };
    const seen: number[] = [];
    const { backend } = fakeBackend((name, t, written) => {
      if (name === 'up') return [sample('a', t)];
      const w = written.get(JSON.stringify({ __name__: 'first', instance: 'a', team: 'core' })) ?? [];
      const hit = w.find(([ts]) => ts === t);
      if (hit) seen.push(t);
      return hit ? [{ labels: labelsFromRecord({ __name__: 'first', instance: 'a' }), value: hit[1] }] : [];
    });
    const ev = new GroupEvaluator(group, backend, expandPlain);
    ev.evaluate(0);
    ev.evaluate(MIN);
    expect(seen).toEqual([0, MIN]);
  });

  it('evaluates at the query offset and reports failing rules without stopping the group', () => {
    const group: EvalGroup = { name: 'g', queryOffsetMs: 30_000, limit: 0, rules: [rec('bad', 'broken'), rec('good', 'up')] };
    const times: number[] = [];
    const { backend, written } = fakeBackend((name, t) => {
      times.push(t);
      return name === 'broken' ? 'many-to-many matching not allowed' : [sample('a', 1)];
    });
    const errors = new GroupEvaluator(group, backend, expandPlain).evaluate(MIN);
    expect(errors).toEqual([{ group: 'g', rule: 'bad', timeMs: MIN, message: 'many-to-many matching not allowed' }]);
    expect(times).toEqual([30_000, 30_000]);
    expect(written.get(JSON.stringify({ __name__: 'good', instance: 'a', team: 'core' }))).toEqual([[30_000, 1]]);
  });
});
