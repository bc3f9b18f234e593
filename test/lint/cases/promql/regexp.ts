import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'up{job=~"api|web"}' },
    { expr: 'up{job=~"api-.+"}' },
    { expr: 'up{instance!~"10\\\\.0\\\\..*"}' },
    { expr: 'up{job="api"}' },
    // `$` escaped is a literal dollar, not an anchor.
    { expr: 'up{price=~"[0-9]+\\\\$"}' },
    // Prefix and suffix matches are not substring smells.
    { expr: 'up{code=~"5.*"}' },
    { expr: 'up{job=~".*staging"}' },
    { expr: 'up{job=~"[a-z]foo.*"}' },
    // Prefix and suffix matches are not substring smells.
    { expr: 'up{code=~"5.*"}' },
    { expr: 'up{job=~".*staging"}' },
    { expr: 'up{job=~"[a-z]foo.*"}' },
  ],
  invalid: [
    {
      expr: 'up{job=~"service_.*_prod"}',
      problems: [
        {
          message: 'regex job=~"service_.*_prod" picks substrings out of the label value: consider splitting "job" into several labels',
          start: 3,
          end: 25,
          severity: 'info',
        },
      ],
    },
    {
      expr: 'up{cluster!~".*staging.*"}',
      problems: [
        {
          message: 'regex cluster!~".*staging.*" picks substrings out of the label value: consider splitting "cluster" into several labels',
          start: 3,
          end: 25,
        },
      ],
    },
    {
      expr: 'up{job=~"(?:)"}',
      problems: [{ message: 'regex matcher job=~"(?:)" has no special characters: use job=""', start: 3, end: 14 }],
    },
    {
      expr: 'up{job!~".+"}',
      problems: [{ message: 'job!~".+" only matches series without "job": use job=""', start: 3, end: 12 }],
    },
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
      problems: [
        { message: 'selector without a metric name only matches on label presence: it selects every series that has these labels', start: 0, end: 11 },
      ],
    },
  ],
} satisfies CheckCases;
