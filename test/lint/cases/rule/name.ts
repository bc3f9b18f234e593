import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { record: 'job:http_requests:rate5m', expr: 'sum by (job) (rate(http_requests_total[5m]))' },
    { record: 'instance:node_cpu_utilisation:rate5m', expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))' },
    { record: 'cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits', expr: 'kube_pod_container_resource_limits' },
    { record: 'http_requests_rate5m', expr: 'rate(http_requests_total[5m])', options: { pattern: '[a-z_0-9]+' } },
    { record: ':grpc_client_failures_per_unary:sum_rate', expr: 'sum(rate(grpc_client_handled_total{grpc_code!="OK"}[5m]))' },
    { rule: { alert: 'not_a_recording', expr: 'up == 0' } },
  ],
  invalid: [
    {
      record: 'http_requests_rate5m',
      expr: 'sum(rate(http_requests_total[5m]))',
      problems: [{ message: 'recording rule name "http_requests_rate5m" does not follow level:metric:operations', field: 'name' }],
    },
    {
      record: 'job:http_requests',
      expr: 'sum by (job) (http_requests_total)',
      problems: [{ message: 'recording rule name "job:http_requests" does not follow level:metric:operations', field: 'name' }],
    },
  ],
} satisfies CheckCases;
