import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    // Alerts tolerate reading another group's value one interval old; a constant recording rule is never stale.
    {
      groups: [
        {
          name: 'rec',
          rules: [
            { record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
            { record: 'build:flag', expr: 'vector(1)' },
          ],
        },
        {
          name: 'alerts',
          rules: [
            { alert: 'HighRate', expr: 'job:requests:rate5m > 100' },
            { record: 'x:flag', expr: 'build:flag * 2' },
          ],
        },
      ],
    },
    {
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
            { alert: 'HighRate', expr: 'job:requests:rate5m > 100' },
          ],
        },
      ],
    },
    {
      groups: [
        { name: 'rec', rules: [{ record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' }] },
        { name: 'alerts', rules: [{ alert: 'HighRate', expr: 'job:requests:rate5m > 100' }] },
      ],
      options: { reportOtherGroup: false },
    },
    { expr: 'job:requests:rate5m > 100', options: { reportUndefined: false } },
    // TensorFlow Serving exports names with a leading colon.
    { expr: 'rate(:tensorflow:serving:request_count[5m]) > 100' },
  ],
  invalid: [
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'HighRate', expr: 'job:requests:rate5m > 100' },
            { record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
          ],
        },
      ],
      problems: [
        {
          message: '"job:requests:rate5m" is recorded later in the same group (rule 2): this rule reads the previous evaluation\'s value',
          start: 0,
          end: 19,
          rule: 'HighRate',
        },
      ],
    },
    {
      groups: [
        { name: 'rec', rules: [{ record: 'job:requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' }] },
        { name: 'aggregations', rules: [{ record: 'requests:rate5m', expr: 'job:requests:rate5m > 100' }] },
      ],
      problems: [
        {
          message:
            '"job:requests:rate5m" is recorded in another group ("rec"): groups are not evaluated in order, so this rule may read a value up to one interval old',
          start: 0,
          end: 19,
          severity: 'info',
        },
      ],
    },
    {
      expr: 'job:requests:rate5m > 100',
      problems: [{ message: '"job:requests:rate5m" looks like a recording rule output but no rule defines it', start: 0, end: 19, severity: 'warning' }],
    },
  ],
} satisfies CheckCases;
