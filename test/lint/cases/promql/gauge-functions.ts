import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { expr: 'deriv(go_goroutines[10m]) > 1' },
    { expr: 'predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0' },
    { expr: 'delta(my_unknown_metric[5m])' },
    { expr: 'rate(process_cpu_seconds_total[5m]) > 0.9' },
    // A gauge named `_total` that nothing in the rule set rates: the name alone is no evidence.
    { expr: 'predict_linear(node_filesystem_files_total[6h], 4 * 3600) < 1000' },
    { expr: 'deriv(minio_cluster_nodes_offline_total[10m]) > 0' },
  ],
  invalid: [
    {
      expr: 'deriv(process_cpu_seconds_total[5m]) > 0.9',
      problems: [{ message: 'deriv() over counter "process_cpu_seconds_total": use rate() for counters', start: 0, end: 36, severity: 'warning' }],
    },
    {
      expr: 'predict_linear(node_network_receive_bytes_total[1h], 3600) > 1e9',
      problems: [{ message: 'predict_linear() over counter "node_network_receive_bytes_total": use rate() for counters', start: 0, end: 58 }],
    },
    {
      expr: 'idelta(jobs_done[5m])',
      metricTypes: { jobs_done: 'counter' },
      problems: [{ message: 'idelta() over counter "jobs_done": use irate() for counters', start: 0, end: 21 }],
    },
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'A', expr: 'delta(http_requests_total[1h]) > 10' },
            { alert: 'B', expr: 'rate(http_requests_total[5m]) > 10' },
          ],
        },
      ],
      problems: [{ rule: 'A', message: 'delta() over counter "http_requests_total": use increase() for counters', start: 0, end: 30, severity: 'info' }],
    },
  ],
} satisfies CheckCases;
