import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { rule: { alert: 'A', expr: 'up == 0', for: '5m' } },
    { groups: [{ name: 'g', interval: '30s', rules: [{ alert: 'A', expr: 'up == 0', for: '30s', keep_firing_for: '1m' }] }] },
    { rule: { alert: 'A', expr: 'up == 0' }, options: { requireFor: false } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)' },
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'up == 0' },
      problems: [{ message: 'alert has no "for": it fires on the first evaluation that matches, so a single spike pages', field: 'name', severity: 'info' }],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', for: '0s' },
      problems: [{ message: '"for: 0s" is the default and can be removed (the alert fires on the first matching evaluation)', field: 'for' }],
    },
    {
      groups: [{ name: 'g', interval: '2m', rules: [{ alert: 'A', expr: 'up == 0', for: '1m', keep_firing_for: '30s' }] }],
      problems: [
        { message: '"for" 1m is shorter than the group evaluation interval 2m: the alert is pending for at least 2m', field: 'for', severity: 'warning' },
        { message: '"keep_firing_for" 30s is shorter than the group evaluation interval 2m: it has no effect', field: 'keep_firing_for' },
      ],
    },
  ],
} satisfies CheckCases;
