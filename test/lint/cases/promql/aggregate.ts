import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'sum by (job) (up) > 0' },
    { expr: 'sum by (cluster, job) (up) > 0', options: { keep: ['cluster'] } },
    { expr: 'sum without (instance) (up) > 0', options: { keep: ['cluster'], strip: ['instance'] } },
    { expr: 'topk(3, up)', options: { keep: ['cluster'] } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)', options: { keep: ['cluster'], kind: 'alert' } },
    // The rule sets the label itself.
    { rule: { alert: 'A', expr: 'sum without (job) (foo) > 0', labels: { job: 'foo' } }, options: { keep: ['job'] } },
    // The "one" side of a join and the right of `and` do not give the result its labels.
    { expr: 'sum without (id) (foo) / on (type) group_left () sum without (job) (bar)', options: { keep: ['job'] } },
    { expr: 'sum without (job) (foo) / on (type) group_right () sum without (id) (bar)', options: { keep: ['job'] } },
    { expr: 'foo and on (instance) max without () (bar)', options: { keep: ['job'] } },
    // The outer aggregation strips the label: what the inner one keeps does not matter.
    { expr: 'count(count by (instance) (bar)) and count(count by (instance) (bar))', options: { strip: ['instance'] } },
  ],
  invalid: [
    {
      expr: 'sum by (instance) (up) > 0',
      options: { keep: ['cluster'], strip: ['instance'] },
      problems: [
        { message: 'sum() drops label "cluster", which must be kept', start: 0, end: 22 },
        { message: 'sum() keeps label "instance", which must be stripped', start: 0, end: 22 },
      ],
    },
    {
      expr: 'max without (cluster) (up)',
      options: { keep: ['cluster'] },
      problems: [{ message: 'max() drops label "cluster", which must be kept', start: 0, end: 26 }],
    },
    {
      // The outer aggregation keeps the label but the inner one already dropped it.
      expr: 'sum by (job) (sum without (job) (foo))',
      options: { keep: ['job'] },
      problems: [{ message: 'sum() drops label "job", which must be kept', start: 14, end: 37 }],
    },
    {
      expr: 'sum by (job) (foo) / on (type) group_right () sum by (type) (bar)',
      options: { keep: ['job'] },
      problems: [{ message: 'sum() drops label "job", which must be kept', start: 46, end: 65 }],
    },
  ],
} satisfies CheckCases;
