import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'rate(http_requests_total[5m]) > 100' },
    { expr: 'sum(increase(http_requests_total[1h])) by (job) > 0' },
    { expr: 'count(http_requests_total) > 0' },
    { expr: 'up == 0 unless on(job) http_requests_total' },
    // A plain copy in a recording rule keeps the counter a counter.
    { record: 'job:http_requests:copy', expr: 'http_requests_total{job="api"}' },
    // `_count`/`_sum` alone are only a weak hint: many gauges end that way.
    { expr: 'pg_stat_activity_count > 100' },
    { expr: 'go_goroutines > 1000' },
    // Gauges named `_total` (node_exporter's inode capacity, OpenStack's resource totals): the name alone
    // is no evidence when nothing in the rule set reads them as counters.
    { expr: 'node_filesystem_files_total - node_filesystem_files_free < 100' },
    { expr: 'sum by (resource) (openstack_placement_resource_total) * 0.9 < sum by (resource) (openstack_placement_resource_usage)' },
    // The sum's value is thrown away further up: counting CPUs (kube-prometheus, node-mixin), presence only.
    { expr: 'count(sum by (instance, cpu) (node_cpu_seconds_total)) by (instance)', metricTypes: { node_cpu_seconds_total: 'counter' } },
    { expr: 'group by (job) ((sum by (job, mode) (node_cpu_seconds_total) * 2))', metricTypes: { node_cpu_seconds_total: 'counter' } },
    { expr: 'up unless on (job) (sum by (job) (node_cpu_seconds_total) / 2)', metricTypes: { node_cpu_seconds_total: 'counter' } },
    { expr: 'absent(sum(node_cpu_seconds_total))', metricTypes: { node_cpu_seconds_total: 'counter' } },
  ],
  invalid: [
    {
      // Only the name (and the rule set's own rate() of it) says it is a counter: a hint.
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
            { alert: 'A', expr: 'http_requests_total > 100' },
          ],
        },
      ],
      problems: [
        { rule: 'A', message: 'counter "http_requests_total" is compared without rate(), irate() or increase()', start: 0, end: 19, severity: 'info' },
      ],
    },
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'B', expr: 'increase(http_requests_total[1h]) > 0' },
            { record: 'job:http_requests:sum', expr: 'sum(http_requests_total) by (job)' },
          ],
        },
      ],
      problems: [
        {
          rule: 'job:http_requests:sum',
          message: 'counter "http_requests_total" is aggregated with sum() without rate(), irate() or increase()',
          start: 4,
          end: 23,
        },
      ],
    },
    {
      expr: 'http_request_duration_seconds_sum / http_request_duration_seconds_count',
      metricTypes: { http_request_duration_seconds: 'histogram' },
      problems: [
        { message: 'counter "http_request_duration_seconds_sum" is divided without rate(), irate() or increase()', start: 0, end: 33, severity: 'warning' },
        { message: 'counter "http_request_duration_seconds_count" is divided without rate(), irate() or increase()', start: 36, end: 71 },
      ],
    },
    {
      // Counted, but after a comparison that filters on the raw value: the value matters.
      expr: 'count(sum by (instance) (node_cpu_seconds_total) > 1000)',
      metricTypes: { node_cpu_seconds_total: 'counter' },
      problems: [{ message: 'counter "node_cpu_seconds_total" is aggregated with sum() without rate(), irate() or increase()', start: 25, end: 47 }],
    },
    {
      // A range function reads the sum (sum before rate): still reported.
      expr: 'count(rate(sum(node_cpu_seconds_total)[5m:]))',
      metricTypes: { node_cpu_seconds_total: 'counter' },
      problems: [{ message: 'counter "node_cpu_seconds_total" is aggregated with sum() without rate(), irate() or increase()', start: 15, end: 37 }],
    },
    {
      expr: '(topk(3, node_cpu_seconds_total)) * 2',
      problems: [
        { message: 'counter "node_cpu_seconds_total" is used in "*" arithmetic without rate(), irate() or increase()', start: 9, end: 31, severity: 'warning' },
      ],
    },
  ],
} satisfies CheckCases;
