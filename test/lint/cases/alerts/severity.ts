import type { CheckCases } from '../../harness.js';

const policy = { required: true, allowed: ['critical', 'warning', 'info'] };

export default {
  valid: [
    // No policy configured: organisations' vocabularies differ (page/task, s1..s4), nothing is reported.
    { rule: { alert: 'A', expr: 'up == 0' } },
    { rule: { alert: 'A', expr: 'up == 0', labels: { severity: 'page' } } },
    { rule: { alert: 'A', expr: 'up == 0', labels: { severity: 'critical' } }, options: policy },
    { rule: { alert: 'A', expr: 'up == 0', labels: { priority: 'P1' } }, options: { label: 'priority', allowed: ['P1', 'P2'] } },
    { rule: { alert: 'A', expr: 'up == 0' }, options: { required: false, allowed: ['critical'] } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)', options: policy },
    // A group's labels apply to its rules (Prometheus 3.x).
    { groups: [{ name: 'g', labels: { severity: 'critical' }, rules: [{ alert: 'A', expr: 'up == 0' }] }], options: policy },
    // The rule's own label overrides the group's.
    { groups: [{ name: 'g', labels: { severity: 'page' }, rules: [{ alert: 'A', expr: 'up == 0', labels: { severity: 'info' } }] }], options: policy },
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'up == 0' },
      options: policy,
      problems: [{ message: 'alert has no "severity" label', field: 'labels', severity: 'warning' }],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', labels: { severity: 'page' } },
      options: policy,
      problems: [{ message: '"severity" is "page"; allowed values: critical, warning, info', field: 'labels', key: 'severity', severity: 'warning' }],
    },
    {
      // A recording rule carrying the label is held to the same vocabulary.
      rule: { record: 'job:foo:rate1m', expr: 'rate(foo[1m])', labels: { severity: 'warning' } },
      options: { allowed: ['critical'] },
      problems: [{ message: '"severity" is "warning"; allowed values: critical', field: 'labels', key: 'severity' }],
    },
    {
      groups: [{ name: 'g', labels: { severity: 'page' }, rules: [{ alert: 'A', expr: 'up == 0' }] }],
      options: policy,
      problems: [{ message: '"severity" is "page" (from the group labels); allowed values: critical, warning, info', field: 'labels' }],
    },
  ],
} satisfies CheckCases;
