import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'rate(http_requests_total[5m]) > 1' },
    { expr: 'sum(rate(http_request_duration_seconds_bucket[5m])) by (le)' },
    { expr: 'deriv(go_goroutines[10m]) > 1' },
    { expr: 'rate(my_unknown_metric[5m])' },
    { expr: 'rate(job:requests:sum[5m])' },
    // With a configured 15s scrape interval a 1m range holds 4 samples.
    { expr: 'rate(http_requests_total[1m])', scrapeIntervalMs: 15_000 },
    { expr: 'rate(foo_total[5m:1m])' },
    // A counter joined with an info metric and recorded under a colon name stays a counter.
    {
      groups: [
        {
          name: 'g',
          rules: [
            {
              record: 'nginx_ingress_controller_requests:labeled',
              expr: 'nginx_ingress_controller_requests_total * on (ingress) group_left (team) ingress_owner_info',
            },
            { alert: 'Errors', expr: 'rate(nginx_ingress_controller_requests:labeled[5m]) > 1' },
          ],
        },
      ],
    },
    // A join whose type cannot be told is never reported.
    {
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'x:joined', expr: 'some_metric * on (pod) kube_pod_labels' },
            { alert: 'A', expr: 'rate(x:joined[5m]) > 1' },
          ],
        },
      ],
    },
  ],
  invalid: [
    {
      expr: 'rate(go_goroutines[5m])',
      problems: [
        { message: 'rate() over gauge "go_goroutines": rate() is only valid for counters; use deriv() for gauges', start: 0, end: 23, severity: 'error' },
      ],
    },
    {
      expr: 'increase(queue_depth[10m])',
      metricTypes: { queue_depth: 'gauge' },
      problems: [{ message: 'increase() over gauge "queue_depth": increase() is only valid for counters; use delta() for gauges', start: 0, end: 26 }],
    },
    {
      expr: 'rate(http_requests_total[2m])',
      problems: [
        { message: 'rate() range 2m is shorter than 4x the scrape interval 1m (assumed; configure the scrape interval)', start: 25, end: 27, severity: 'info' },
      ],
    },
    {
      expr: 'increase(http_requests_total[1m])',
      problems: [
        {
          message: 'increase() range 1m is shorter than 4x the scrape interval 1m (assumed; configure the scrape interval)',
          start: 29,
          end: 31,
          severity: 'warning',
        },
      ],
    },
    {
      expr: 'rate(http_requests_total[1m])',
      scrapeIntervalMs: 30_000,
      problems: [{ message: 'rate() range 1m is shorter than 4x the scrape interval 30s', start: 25, end: 27, severity: 'warning' }],
    },
    {
      expr: 'rate(http_requests_total[30s])',
      scrapeIntervalMs: 30_000,
      problems: [{ message: 'rate() range 30s is shorter than 4x the scrape interval 30s', start: 25, end: 28, severity: 'error' }],
    },
    {
      // Inferred from the recording rule that writes it: a warning, not an error.
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:errors:ratio', expr: 'sum by (job) (rate(errors_total[5m]))' },
            { alert: 'A', expr: 'rate(job:errors:ratio[5m]) > 1' },
          ],
        },
      ],
      problems: [
        {
          message: 'rate() over gauge "job:errors:ratio": rate() is only valid for counters; use deriv() for gauges',
          start: 0,
          end: 26,
          severity: 'warning',
          rule: 'A',
        },
      ],
    },
    {
      expr: 'rate(sum(http_requests_total)[5m:])',
      problems: [
        { message: 'rate() over a subquery of an aggregation: counter resets of the individual series are hidden by the aggregation', start: 0, end: 35 },
      ],
    },
    {
      expr: 'irate(rate(http_requests_total[5m])[30m:1m])',
      problems: [{ message: 'irate() over a subquery whose values are not a counter; use deriv()', start: 0, end: 44 }],
    },
    {
      expr: 'rate(job:queue_depth:max[5m])',
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:queue_depth:max', expr: 'max by (job) (go_goroutines)' },
            { alert: 'A', expr: 'rate(job:queue_depth:max[5m]) > 1' },
          ],
        },
      ],
      problems: [
        { message: 'rate() over gauge "job:queue_depth:max": rate() is only valid for counters; use deriv() for gauges', start: 0, end: 29, rule: 'A' },
      ],
    },
  ],
} satisfies CheckCases;
