import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    // A joined label used by an outer join, or kept by the outer aggregation's grouping.
    { expr: '(a * on (colo) group_right (animal) b) * on (animal) group_right (sliver) c' },
    { expr: 'group without (animal) ((a * on (colo) group_left (animal) b) * on (animal, instance) (c * on (colo) group_left (animal) d))' },
    { expr: 'sum(rate(x_total[5m])) or vector(0)' },
    { expr: 'sum by (job) (up) * on(job) group_left(version) max by (job, version) (build_info)' },
    { expr: 'up{job="a", instance!="b"} == 0' },
    { expr: 'sum by (instance) (sum by (instance, job) (up))' },
    { expr: 'label_replace(up, "host", "$1", "instance", "(.*)")' },
    // The constant-label idiom: an absent source label reads "", ".*" matches it, the constant is set.
    { expr: 'label_replace(sum by (mw_skin) (rate(x_total[5m])), "bucket", "0.5", "__name__", ".*") > 0.02' },
    { expr: 'label_replace(vector(1), "severity", "page", "__name__", "")' },
    // Defect 6: topk/count used to pick one info series for a join, or to count series against a threshold.
    { expr: 'rate(http_requests_total[5m]) * on (instance) group_left (nodename) topk by (instance) (1, node_uname_info) > 10' },
    { expr: 'count by (job) (up == 0) / count by (job) (up) > 0.5' },
    { expr: 'up * on (instance) group_left (version) count by (instance, version) (build_info) == 0' },
    { expr: 'rate(a_total[5m]) / on(instance) rate(b_total[5m])' },
    { expr: 'rate(x_bucket{le="0.5"}[5m]) / ignoring(le) rate(x_count[5m])' },
    { expr: 'go_gc_duration_seconds{quantile="0.99"} > 0.015 and on(instance) go_threads > 150' },
    // Unknown metrics may carry any label.
    { expr: 'foo{quantile="0.5"} and bar' },
  ],
  invalid: [
    {
      expr: 'go_threads > 150 and go_gc_duration_seconds{quantile="0.99"} > 0.015',
      problems: [
        {
          message:
            '"and" can never match: the right-hand side always has "quantile" but the left-hand side (go_threads > 150) cannot; use ignoring(quantile) or on(...)',
          start: 17,
          end: 20,
        },
      ],
    },
    {
      expr: 'rate(x_bucket{le="0.5"}[5m]) / rate(x_count[5m])',
      problems: [
        {
          message: '"/" can never match: the left-hand side always has "le" but the right-hand side (rate(x_count[5m])) cannot; use ignoring(le) or on(...)',
          start: 29,
          end: 30,
        },
      ],
    },
    {
      expr: 'up{job="a", job="b"}',
      problems: [{ message: 'selector can never match: label "job" cannot equal both "a" and "b"', start: 12, end: 19, severity: 'error' }],
    },
    {
      expr: 'sum by (job) (rate(x_total[5m])) / on(instance) group_left sum by (instance) (rate(y_total[5m]))',
      problems: [
        {
          message:
            'on(instance) can only match series without "instance": the left-hand side cannot have it (sum by (job) (rate(x_total[5m])) can only have "job")',
          start: 33,
          end: 58,
        },
      ],
    },
    {
      expr: 'sum by (job) (up) * on(job) group_left(version) sum by (job) (build_info)',
      problems: [
        {
          message: 'group_left(version) copies a label the right-hand side cannot have (sum by (job) (build_info) can only have "job")',
          start: 18,
          end: 47,
        },
      ],
    },
    {
      expr: 'sum by (instance) (sum by (job) (up))',
      problems: [{ message: 'sum() groups by "instance" but its input cannot have that label (sum by (job) (up) can only have "job")', start: 0, end: 37 }],
    },
    {
      expr: '(up == 0) * on(instance) group_left(__name__) (node_time_seconds - node_boot_time_seconds > 600)',
      problems: [
        {
          message: 'group_left(__name__) copies a label the right-hand side cannot have ("__name__" is removed by node_time_seconds - node_boot_time_seconds)',
          start: 10,
          end: 45,
        },
      ],
    },
    {
      expr: 'up and on (i, a) (m == 9) * on (c) group_left (tier, a) meta',
      problems: [
        { message: 'joined label "tier" never reaches the result: an outer operation drops it, so group_left(tier) has no effect', start: 26, end: 55 },
      ],
    },
    {
      expr: '(ready * on (instance) group_left (version) build_info) * ignoring (version) reloaded',
      problems: [
        { message: 'joined label "version" never reaches the result: an outer operation drops it, so group_left(version) has no effect', start: 7, end: 43 },
      ],
    },
    {
      expr: 'up{node_status="v"} * on (instance) group_left (node_status) sliver_metadata',
      problems: [
        { message: 'group_left(node_status) copies "node_status", which the other side already always has: the join overwrites it', start: 20, end: 60 },
      ],
    },
    {
      expr: '0 > bool 0',
      problems: [{ message: '0 > bool 0 compares two constants: it always gives the same result', start: 0, end: 10 }],
    },
    {
      expr: 'foo{job="bar"} unless vector(0)',
      problems: [
        {
          message:
            'the right-hand side (vector(0)) has no labels while the left-hand side always has "job": they never match, so "unless" never removes anything',
          start: 15,
          end: 21,
        },
      ],
    },
    {
      expr: 'label_replace(sum by (job) (up), "host", "$1", "instance", "(.*)")',
      problems: [{ message: 'label_replace() reads label "instance" which its input cannot have (sum by (job) (up) can only have "job")', start: 47, end: 57 }],
    },
    {
      // The regex does not match "": the missing label makes it a no-op, not a constant.
      expr: 'label_replace(sum by (job) (up), "bucket", "0.5", "__name__", ".+")',
      problems: [{ message: 'label_replace() reads label "__name__" which its input cannot have (sum by (job) (up) can only have "job")', start: 50, end: 60 }],
    },
  ],
} satisfies CheckCases;
