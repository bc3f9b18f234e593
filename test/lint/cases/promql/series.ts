import type { CheckCases } from '../../harness.js';

const present = { kind: 'present', series: 3 } as const;

export default {
  valid: [
    // No server: nothing to say.
    { expr: 'up{job="api"} == 0' },
    { expr: 'rate(http_requests_total{job="api"}[5m]) > 1', serverFacts: { '{__name__="http_requests_total",job="api"}': present } },
    // Selectors the server was not asked about (rule outputs, absent()) are left alone.
    { expr: 'absent(up{job="gone"})', serverFacts: {} },
  ],
  invalid: [
    {
      expr: 'rate(http_request_total{job="api"}[5m]) > 1',
      serverFacts: { '{__name__="http_request_total",job="api"}': { kind: 'no-metric', name: 'http_request_total', similar: ['http_requests_total'] } },
      problems: [
        {
          message: 'metric http_request_total does not exist on http://prometheus:9090 (no series in the last 1w); did you mean http_requests_total?',
          start: 5,
          end: 34,
        },
      ],
    },
    {
      expr: 'up{job="apii"} == 0',
      serverFacts: {
        '{__name__="up",job="apii"}': { kind: 'no-label-value', matcher: { name: 'job', op: '=', value: 'apii' }, seen: ['api', 'db'], seenCount: 2 },
      },
      problems: [{ message: 'no series on http://prometheus:9090 has job="apii" (last 1w); values seen: api, db', start: 3, end: 13 }],
    },
    {
      expr: 'up{job="api",instance="db:9100"} == 0',
      serverFacts: { '{__name__="up",instance="db:9100",job="api"}': { kind: 'no-series' } },
      problems: [{ message: 'selector matches no series on http://prometheus:9090 in the last 1w, though each of its matchers alone does', start: 0, end: 32 }],
    },
  ],
} satisfies CheckCases;
