import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'absent(up{job="api"})' },
    { expr: 'absent(sum(up))' },
    // Ranking is fine in recording rules (dashboards), only alerts flap.
    { record: 'job:requests:top3', expr: 'topk(3, rate(http_requests_total[5m]))' },
    { expr: 'absent_over_time(up{job="api"}[10m])' },
    // With `for`, one evaluation against an incomplete past cannot fire the alert.
    { rule: { alert: 'A', expr: 'sum(x{job="a"}) / sum(x{job="a"} offset 30m) > 5', for: '1m' } },
    { expr: '(sum(x) and sum(x offset 30m)) > 5' },
    // topk/count that only dedupe the "one" side of a join or give a threshold do not choose the alert's series.
    { expr: 'rate(http_requests_total[5m]) * on (instance) group_left (nodename) topk by (instance) (1, node_uname_info) > 10' },
    { expr: 'sum by (job) (queue_length) > 0 >= on (job) (topk by (job) (1, queue_max_surge))' },
    { expr: 'up == 0 unless on (instance) topk(5, node_load1)' },
    { expr: 'count(up{job="api"} == 0) > 3' },
  ],
  invalid: [
    {
      expr: 'sum(x{job="a"}) / sum(x{job="a"} offset 30m) > 5',
      problems: [
        {
          message:
            '"/" between a value and an offset value in an alert without "for": after a restart or a scrape gap one side is incomplete and the alert can fire at once; add "for"',
          start: 0,
          end: 44,
        },
      ],
    },
    {
      expr: 'topk(3, rate(http_requests_total[5m])) > 10',
      problems: [
        {
          message: 'topk() in an alert: which series are selected changes between evaluations, so alerts flap as series enter and leave the selection',
          start: 0,
          end: 38,
        },
      ],
    },
    {
      // pint: topk as a source of series, here one "or" branch.
      expr: 'up == 0 or bottomk(2, node_load1) > 4',
      problems: [
        {
          message: 'bottomk() in an alert: which series are selected changes between evaluations, so alerts flap as series enter and leave the selection',
          start: 11,
          end: 33,
        },
      ],
    },
    {
      expr: 'absent(up{job=~"api.*"})',
      problems: [{ message: 'absent() with job=~"api.*": only "=" matchers become labels of the result, so "job" will be missing', start: 0, end: 24 }],
    },
    {
      expr: 'absent(sum by (job) (up))',
      problems: [{ message: 'absent() over an expression that is not a plain selector returns a series with no labels', start: 0, end: 25 }],
    },
  ],
} satisfies CheckCases;
