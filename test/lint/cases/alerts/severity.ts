import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { rule: { alert: 'A', expr: 'up == 0', labels: { severity: 'critical' } } },
    { rule: { alert: 'A', expr: 'up == 0', labels: { priority: 'P1' } }, options: { label: 'priority', allowed: ['P1', 'P2'] } },
    { rule: { alert: 'A', expr: 'up == 0' }, options: { required: false } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)' },
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'up == 0' },
      problems: [{ message: 'alert has no "severity" label', field: 'labels', severity: 'warning' }],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', labels: { severity: 'page' } },
      problems: [{ message: '"severity" is "page"; allowed values: critical, warning, info', field: 'labels', key: 'severity', severity: 'error' }],
    },
  ],
} satisfies CheckCases;
