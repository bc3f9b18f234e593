// Generated queries on which promforge and Prometheus 2.42 are known to
// disagree because of promforge behaviour (see
// docs/differential.md for reproductions). The differential test requires the
// disagreeing set to be exactly this list: a new entry is a regression, an
// entry that no longer disagrees must be removed once its cause is fixed.

export interface KnownDisagreement {
  readonly expr: string;
  readonly timeMs: number;
  /** Why they differ; names the docs/differential.md section. */
  readonly reason: string;
}

/**
 * "Comparison keeps a dropped name": a vector/vector comparison without
 * `bool` whose left side had its name dropped by a function (rate, resets,
 * increase…) still carries `__name__` in promforge (`foo{a="1"}`), while
 * Prometheus 2.42 — and a default 3.x server, without the
 * promql-delayed-name-removal feature — returns `{a="1"}`. promforge always
 * removes names late and, like upstream's delayed mode, sets the comparison
 * result's drop flag from `bool` only, forgetting the left side's flag.
 */
const COMPARISON_KEEPS_DROPPED_NAME = 'comparison keeps a dropped name';

/**
 * "A duplicate label set that is filtered out does not fail": a default
 * Prometheus removes names at once, so `abs({__name__=~"foo|bar"})` fails
 * (`vector cannot contain metrics with the same labelset`) even when a later
 * operator would discard those series; promforge removes names at the end and
 * only checks the final result, so it returns the (empty) result instead.
 */
const HIDDEN_DUPLICATE_LABELSET = 'a duplicate label set that is filtered out does not fail';

export const KNOWN_ENGINE_DISAGREEMENTS: readonly KnownDisagreement[] = [
  {
    expr: '(label_join(resets(process_cpu_seconds_total[30m]), "combined", "/", "job", "instance")) > on (job, instance) group_left avg by (job, instance) (label_replace(stddev_over_time(up{job="api", job!="db"}[10m]), "port", "worker-$1", "instance", "w(.*)"))',
    timeMs: 1700007972500,
    reason: COMPARISON_KEEPS_DROPPED_NAME,
  },
  {
    expr: '(resets(http_requests_total[7m30s])) > on (job) group_left min by (job) (resets(process_cpu_seconds_total{job!="api"}[10m] offset 5m))',
    timeMs: 1700009272500,
    reason: COMPARISON_KEEPS_DROPPED_NAME,
  },
  {
    expr: 'sort_desc((label_join(increase(http_requests_total{code!="500"}[30m]), "combined", "/", "job", "instance")) > on (job) group_left min by (job) (avg_over_time(resets(request_duration_seconds_bucket{le="0.5", instance="a:8080"}[5m])[10m:30s])))',
    timeMs: 1700007140500,
    reason: COMPARISON_KEEPS_DROPPED_NAME,
  },
];

export interface KnownRangeDisagreement {
  readonly expr: string;
  /** `start..end/step`, all in ms. */
  readonly range: string;
  readonly reason: string;
}

export const KNOWN_RANGE_DISAGREEMENTS: readonly KnownRangeDisagreement[] = [
  {
    expr: 'quantile by (job, instance) (0.5, min by (job) (label_replace(http_requests_total, "port", "worker-$1", "instance", "w(.*)")) - on (job) group_right () (abs({__name__=~"memory_usage_bytes|up", job="db"})))',
    range: '1700005548500..1700006251500/37000',
    reason: HIDDEN_DUPLICATE_LABELSET,
  },
];
