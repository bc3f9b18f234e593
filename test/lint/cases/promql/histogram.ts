import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, job))' },
    { expr: 'histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))' },
    { expr: 'histogram_quantile(0.5, sum without (instance) (rate(x_bucket[5m])))' },
    // Native histograms carry their buckets inside the sample: no `le` needed.
    { expr: 'histogram_quantile(0.9, sum(rate(http_request_duration_seconds[5m])))', metricTypes: { http_request_duration_seconds: 'histogram' } },
    { expr: 'histogram_quantile(1, sum by (le) (rate(x_bucket[5m])))' },
  ],
  invalid: [
    {
      expr: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (job))',
      problems: [
        {
          message: 'histogram_quantile() over classic buckets whose "le" label is not kept: the aggregation must keep "le" (e.g. sum by (le, ...))',
          start: 25,
          end: 85,
          severity: 'error',
        },
      ],
    },
    {
      expr: 'histogram_quantile(0.9, http_request_duration_seconds_bucket)',
      problems: [
        {
          message: 'histogram_quantile() over raw bucket counters "http_request_duration_seconds_bucket": use rate() or increase() over the buckets',
          start: 24,
          end: 60,
        },
      ],
    },
    {
      expr: 'histogram_quantile(99, sum by (le) (rate(x_bucket[5m])))',
      problems: [{ message: 'histogram_quantile() quantile 99 is outside [0, 1]: the result is always +Inf', start: 19, end: 21, severity: 'error' }],
    },
  ],
} satisfies CheckCases;
