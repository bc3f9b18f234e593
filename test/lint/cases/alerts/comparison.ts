import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'up == 0' },
    { expr: 'sum by (job) (rate(errors_total[5m])) / sum by (job) (rate(requests_total[5m])) > 0.05' },
    { expr: 'absent(up{job="api"})' },
    { expr: 'up and on(job) (count by (job) (up) > 3)' },
    // Watchdog: meant to always fire.
    { expr: 'vector(1)' },
    { expr: '(node_load1 > 4) * 100' },
  ],
  invalid: [
    {
      expr: 'rate(http_requests_total[5m])',
      problems: [{ message: 'alert query has no condition (comparison, and/unless, absent): it fires for every series it returns', start: 0, end: 29 }],
    },
    {
      expr: 'up == bool 0',
      problems: [{ message: 'alert query uses a "bool" comparison: it returns 0 or 1 for every series, so the alert always fires', start: 0, end: 12 }],
    },
    {
      expr: '(up > 0) or up',
      problems: [{ message: 'alert query has no condition (comparison, and/unless, absent): it fires for every series it returns', start: 0, end: 14 }],
    },
  ],
} satisfies CheckCases;
