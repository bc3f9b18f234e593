import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'sum by (job) (up) > 0' },
    { expr: 'sum by (cluster, job) (up) > 0', options: { keep: ['cluster'] } },
    { expr: 'sum without (instance) (up) > 0', options: { keep: ['cluster'], strip: ['instance'] } },
    { expr: 'topk(3, up)', options: { keep: ['cluster'] } },
    { record: 'job:up:sum', expr: 'sum by (job) (up)', options: { keep: ['cluster'], kind: 'alert' } },
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
  ],
} satisfies CheckCases;
