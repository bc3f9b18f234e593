import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    // Not configured: nothing is required.
    { expr: 'up == 0' },
    { expr: 'up{cluster="a"} == 0', options: { requiredMatchers: ['cluster'] } },
    { expr: 'up == 0', options: { requiredMatchers: ['cluster'], ignoreMetrics: ['up'] } },
    { expr: 'up == 0', options: { requiredMatchers: ['cluster'], metrics: 'node_.*' } },
  ],
  invalid: [
    {
      expr: 'sum(up{cluster="a"}) by (job) + up',
      options: { requiredMatchers: ['cluster'] },
      problems: [{ message: 'selector up has no matcher on required label "cluster"', start: 32, end: 34 }],
    },
    {
      expr: 'node_load1{job="node"} > 4',
      options: { requiredMatchers: ['cluster', 'job'], metrics: 'node_.*' },
      problems: [{ message: 'selector node_load1 has no matcher on required label "cluster"', start: 0, end: 22 }],
    },
  ],
} satisfies CheckCases;
