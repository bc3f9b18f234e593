import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { groups: [{ name: 'g', interval: '1m', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }] },
    { groups: [{ name: 'g', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }] },
    { groups: [{ name: 'g', interval: '10m', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }], options: { lookbackDeltaMs: 900_000 } },
    // Alerts that keep firing for an interval do not flap between evaluations.
    { groups: [{ name: 'g', interval: '10m', rules: [{ alert: 'A', expr: 'foo > 0', keep_firing_for: '15m' }] }] },
  ],
  invalid: [
    {
      groups: [
        {
          name: 'g',
          interval: '10m',
          rules: [
            { record: 'job:up:sum', expr: 'sum by (job) (up)' },
            { record: 'job:up:count', expr: 'count by (job) (up)' },
          ],
        },
      ],
      problems: [
        {
          message: 'group interval 10m is longer than the 5m lookback delta: recorded series go stale between evaluations and queries see gaps',
          field: 'group-interval',
          rule: 'job:up:sum',
        },
      ],
    },
    {
      groups: [{ name: 'g', interval: '15m', rules: [{ alert: 'A', expr: 'up == 0' }] }],
      problems: [
        {
          message: 'group interval 15m is longer than the 5m lookback delta: the ALERTS series goes stale between evaluations',
          field: 'group-interval',
          severity: 'info',
        },
      ],
    },
    {
      groups: [{ name: 'g', interval: '0s', rules: [{ alert: 'A', expr: 'up == 0' }] }],
      problems: [{ message: 'group interval is 0: Prometheus uses the global evaluation interval instead', field: 'group-interval', severity: 'info' }],
    },
    {
      groups: [{ name: 'g', interval: '10s', rules: [{ alert: 'A', expr: 'up == 0' }] }],
      scrapeIntervalMs: 30_000,
      problems: [
        { message: 'group interval 10s is shorter than the scrape interval 30s: rules re-evaluate unchanged data', field: 'group-interval', severity: 'info' },
      ],
    },
  ],
} satisfies CheckCases;
