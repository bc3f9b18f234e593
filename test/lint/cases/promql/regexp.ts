import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'up{job=~"api|web"}' },
    { expr: 'up{job=~"api-.+"}' },
    { expr: 'up{instance!~"10\\\\.0\\\\..*"}' },
    { expr: 'up{job="api"}' },
    // `$` escaped is a literal dollar, not an anchor.
    { expr: 'up{price=~"[0-9]+\\\\$"}' },
  ],
  invalid: [
    {
      expr: 'up{job=~"api"}',
      problems: [{ message: 'regex matcher job=~"api" has no special characters: use job="api"', start: 3, end: 13, severity: 'info' }],
    },
    {
      expr: 'up{job=~".*"}',
      problems: [{ message: 'job=~".*" matches every value (including a missing label) and can be removed', start: 3, end: 12, severity: 'warning' }],
    },
    {
      expr: 'up{job!~".*"}',
      problems: [{ message: 'job!~".*" can never match: ".*" matches every value, including a missing label', start: 3, end: 12, severity: 'error' }],
    },
    {
      expr: 'up{job=~"^api-.+$"}',
      problems: [{ message: 'regex "^api-.+$" has redundant anchors: Prometheus anchors label regexes at both ends', start: 3, end: 18 }],
    },
    {
      expr: '{job=~".+"}',
      problems: [{ message: 'selector without a metric name only matches on label presence: it selects every series that has these labels', start: 0, end: 11 }],
    },
  ],
} satisfies CheckCases;
