import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))' },
    { expr: 'sum(rate(errors_total[5m]) / (rate(requests_total[5m]) > 0))' },
    { expr: 'sum(rate(errors_total[5m]) / 60)' },
    { expr: 'max(rate(errors_total[5m]) / rate(requests_total[5m]))' },
    { expr: 'avg(x / clamp_min(y, 1))' },
    { expr: 'sum(x / clamp_max(y, -1))' },
    { expr: 'sum(x / clamp(y, 1, 10))' },
    { expr: 'sum(x / vector(2))' },
    { expr: 'sum(x % 2)' },
    { expr: 'sum(x / (y != 0))' },
    { expr: 'sum(x / (0 < y))' },
    { expr: 'count(x / y)' },
    { expr: 'topk(5, x / y)' },
    // A recording rule that cannot be NaN.
    {
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'r1', expr: 'a + b' },
            { record: 'out', expr: 'sum(r1)' },
          ],
        },
      ],
    },
  ],
  invalid: [
    {
      expr: 'sum(rate(errors_total[5m]) / rate(requests_total[5m]))',
      problems: [{ message: 'division inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 53 }],
    },
    {
      expr: 'avg by (job) (node_filesystem_avail_bytes / node_filesystem_size_bytes)',
      problems: [{ message: 'division inside avg() can yield NaN when the divisor is 0, making the whole avg() NaN', start: 14, end: 70 }],
    },
    { expr: 'avg(x % y)', problems: [{ message: 'modulo inside avg() can yield NaN when the divisor is 0, making the whole avg() NaN', start: 4, end: 9 }] },
    { expr: 'sum(x % 0)', problems: [{ message: 'modulo inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 9 }] },
    // Bounds and guards that keep zeros.
    {
      expr: 'sum(x / clamp_min(y, 0))',
      problems: [{ message: 'division inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 23 }],
    },
    {
      expr: 'sum(x / clamp(y, -1, 1))',
      problems: [{ message: 'division inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 23 }],
    },
    {
      expr: 'sum(x / (y >= 0))',
      problems: [{ message: 'division inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 16 }],
    },
    {
      expr: 'sum(x / (y > bool 0))',
      problems: [{ message: 'division inside sum() can yield NaN when the divisor is 0, making the whole sum() NaN', start: 4, end: 20 }],
    },
    {
      // Through recording rules, transitively.
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'r1', expr: 'a / b' },
            { record: 'r2', expr: 'r1 + c' },
            { record: 'out', expr: 'sum(r2)' },
          ],
        },
      ],
      problems: [
        {
          message: 'recording rule "r2" can produce NaN (it divides by a value that can be 0), making the whole sum() NaN',
          start: 4,
          end: 6,
          rule: 'out',
          severity: 'info',
        },
      ],
    },
  ],
} satisfies CheckCases;
