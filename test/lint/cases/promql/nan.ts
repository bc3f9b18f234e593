import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))' },
    { expr: 'sum(rate(errors_total[5m]) / (rate(requests_total[5m]) > 0))' },
    { expr: 'sum(rate(errors_total[5m]) / 60)' },
    { expr: 'max(rate(errors_total[5m]) / rate(requests_total[5m]))' },
    { expr: 'avg(x / clamp_min(y, 1))' },
  ],
  invalid: [
    {
      expr: 'sum(rate(errors_total[5m]) / rate(requests_total[5m]))',
      problems: [{ message: 'division inside sum() can yield NaN when the denominator is 0, making the whole sum() NaN', start: 4, end: 53 }],
    },
    {
      expr: 'avg by (job) (node_filesystem_avail_bytes / node_filesystem_size_bytes)',
      problems: [{ message: 'division inside avg() can yield NaN when the denominator is 0, making the whole avg() NaN', start: 14, end: 70 }],
    },
  ],
} satisfies CheckCases;
