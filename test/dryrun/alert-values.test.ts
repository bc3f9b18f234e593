// What runDryrun({ recordValues: true }) records for reports: per alerting
// rule, its compared signal at every evaluation of its group, read as the
// rule was evaluated (query offset included), or why there are no values.
import { describe, expect, it } from 'vitest';
import { labelsFromRecord, labelsToString } from '../../src/model/labels.js';
import { printExpr } from '../../src/promql/printer.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import { runDryrun } from '../../src/dryrun/run.js';
import type { RuleBackend } from '../../src/rules/types.js';

const MIN = 60_000;
const expander = () => createTemplateExpander({ externalLabels: [], externalURL: '' });
const groupsOf = (rules: string) => evalGroupsFromRuleFile(loadRuleText(rules, 'r.yml').file!);
const series = [
  {
    labels: labelsFromRecord({ __name__: 'depth', q: 'a' }),
    timestamps: Float64Array.from([0, 1, 2, 3, 4].map((i) => i * MIN)),
    values: Float64Array.from([1, 7, 8, 2, 9]),
  },
];

describe('recorded alert values', () => {
  it('records the signal of `signal > threshold` per evaluation, keyed to its rule, and nothing without recordValues', () => {
    const groups = groupsOf(
      'groups:\n  - name: g\n    rules:\n      - record: unused\n        expr: vector(1)\n      - alert: Deep\n        expr: depth > 5\n        labels: {team: x}\n',
    );
    const plain = runDryrun({ groups, series, expander });
    if ('error' in plain) throw new Error(plain.error);
    expect(plain.alerts[0]!.values).toBeUndefined();
    const r = runDryrun({ groups, series, expander, recordValues: true });
    if ('error' in r) throw new Error(r.error);
    const v = r.alerts[0]!.values!;
    expect([v.rule.name, printExpr(v.plotted), v.split?.op, v.split?.threshold]).toEqual(['Deep', 'depth', '>', 5]);
    expect(Array.from(v.times)).toEqual([0, MIN, 2 * MIN, 3 * MIN, 4 * MIN]);
    expect(v.series.map((s) => [labelsToString(s.labels), Array.from(s.values)])).toEqual([['{__name__="depth", q="a"}', [1, 7, 8, 2, 9]]]);
  });

  it('reads at the evaluation time minus the group query_offset, as the rule did', () => {
    const groups = groupsOf('groups:\n  - name: g\n    query_offset: 1m\n    rules:\n      - alert: Deep\n        expr: depth > 5\n');
    const r = runDryrun({ groups, series, expander, recordValues: true });
    if ('error' in r) throw new Error(r.error);
    expect(Array.from(r.alerts[0]!.values!.series[0]!.values)).toEqual([NaN, 1, 7, 8, 2]);
  });

  it('has no values, with the reason, when a server evaluated the rules', () => {
    const groups = groupsOf('groups:\n  - name: g\n    rules:\n      - alert: Deep\n        expr: depth > 5\n');
    const backend: RuleBackend = { query: () => ({ ok: true, samples: [] }), append: () => undefined };
    const r = runDryrun({ groups, series: [], startMs: 0, endMs: 4 * MIN, backend, expander, recordValues: true });
    if ('error' in r) throw new Error(r.error);
    expect(r.alerts[0]!.values).toMatchObject({ series: [], unavailable: 'the server evaluated the rules (--engine remote): no values to draw' });
  });
});
