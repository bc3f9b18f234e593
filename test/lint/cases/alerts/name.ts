import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { rule: { alert: 'HighGoroutineGrowthRate', expr: 'up == 0' } },
    { rule: { alert: 'KubePodCrashLooping', expr: 'up == 0' } },
    { rule: { alert: 'team_x_down', expr: 'up == 0' }, options: { pattern: '[a-z_]+' } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)' },
  ],
  invalid: [
    { rule: { alert: 'high_goroutines', expr: 'up == 0' }, problems: [{ message: 'alert name "high_goroutines" does not match CamelCase', field: 'name' }] },
    { rule: { alert: 'Host down', expr: 'up == 0' }, problems: [{ message: 'alert name "Host down" does not match CamelCase', field: 'name' }] },
    {
      rule: { alert: 'HostDown', expr: 'up == 0' },
      options: { pattern: 'Team[A-Z][A-Za-z]*' },
      problems: [{ message: 'alert name "HostDown" does not match "Team[A-Z][A-Za-z]*"', field: 'name' }],
    },
  ],
} satisfies CheckCases;
