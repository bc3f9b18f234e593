// THE table of behaviour that differs between the Prometheus versions
// promforge emulates: one entry per difference, with the first release that
// has the new behaviour and the upstream change. Everything version-dependent
// in promforge (engine windows, function set, unit-test file fields, rule-file
// acceptance, template functions, the upgrade report's reasons) reads this
// table through `behaviourAt`, and docs/prometheus-versions.md is checked
// against it by a test, so a difference is described in exactly one place.

import { type PrometheusVersion, atLeast } from './version.js';

export type DifferenceArea = 'promql' | 'functions' | 'regex' | 'names' | 'rulefmt' | 'templates' | 'unittest';

export interface BehaviourDifference {
  readonly id: string;
  readonly area: DifferenceArea;
  /** The first release with the new behaviour (`after`). */
  readonly since: string;
  /** The upstream change, as `prometheus/prometheus#N`. */
  readonly upstream: string;
  /** Behaviour in releases before `since`. */
  readonly before: string;
  /** Behaviour from `since` on. */
  readonly after: string;
  /** PromQL functions that only exist before `since`. */
  readonly functionsRemoved?: readonly string[];
  /** PromQL functions (or aggregation operators) that exist from `since` on. */
  readonly functionsAdded?: readonly string[];
  /** Template functions that exist from `since` on. */
  readonly templateFunctionsAdded?: readonly string[];
  /** Unit-test file fields (`section.field`) accepted from `since` on. */
  readonly unitTestFieldsAdded?: readonly string[];
  /** Rule-file fields (`group.field` / `rule.field`) accepted from `since` on. */
  readonly ruleFieldsAdded?: readonly string[];
}

export const BEHAVIOUR_DIFFERENCES = [
  {
    id: 'left-open-windows',
    area: 'promql',
    since: '3.0.0',
    upstream: 'prometheus/prometheus#13904',
    before:
      'Range selectors `x[5m]` select [t − 5m, t] and the 5m lookback of instant selectors is [t − 5m, t]: a sample exactly at the lower limit is included.',
    after: 'Both are left-open, (t − 5m, t]: a sample exactly at the lower limit is excluded.',
  },
  {
    id: 'left-open-subqueries',
    area: 'promql',
    since: '3.0.1',
    upstream: 'prometheus/prometheus#15431',
    before: 'A subquery `x[10m:1m]` evaluates its inner expression at the step-aligned time t − 10m too and includes that point.',
    after: 'Subqueries are left-open like range selectors: the inner point at exactly t − 10m is not part of the window.',
  },
  {
    id: 'rate-extrapolation-half-interval',
    area: 'promql',
    since: '2.51.0',
    upstream: 'prometheus/prometheus#13725',
    before:
      "rate()/increase() on counters limit the extrapolation towards the window start to the counter's zero point first, then decide whether to extrapolate at all.",
    after: 'The extrapolation towards the start is first limited to half a sample interval, then to the zero point.',
  },
  {
    id: 'atan2-drops-metric-name',
    area: 'promql',
    since: '2.47.0',
    upstream: 'prometheus/prometheus#12595',
    before: '`a atan2 b` keeps the metric name of its left-hand side, unlike every other arithmetic operator.',
    after: '`atan2` drops the metric name, as `+`, `-`, `*`, `/`, `%` and `^` do.',
  },
  {
    id: 'stddev-lone-non-finite',
    area: 'promql',
    since: '3.0.0',
    upstream: 'prometheus/prometheus#14941',
    before: '`stddev`/`stdvar` of a group whose only sample is NaN or ±Inf is 0.',
    after: 'It is NaN, as for every group with a NaN or infinite sample.',
  },
  {
    id: 'regex-dot-matches-newline',
    area: 'regex',
    since: '3.0.0',
    upstream: 'prometheus/prometheus#14505',
    before: 'In label matchers and label_replace(), `.` matches any character except a newline.',
    after: '`.` matches every character, newlines included.',
  },
  {
    id: 'utf8-names',
    area: 'names',
    since: '3.0.0',
    upstream: 'prometheus/prometheus#14705',
    before: 'Metric and label names must match [a-zA-Z_:][a-zA-Z0-9_:]* and [a-zA-Z_][a-zA-Z0-9_]*; quoted names such as {"http.status"} are a parse error.',
    after: 'Any UTF-8 name is valid; names outside the legacy character set are written quoted: {"http.status"="200"}.',
  },
  {
    id: 'utf8-rule-names',
    area: 'rulefmt',
    since: '3.2.0',
    upstream: 'prometheus/prometheus#15851',
    before: 'Recording rule names must be valid legacy metric names.',
    after: 'Rule names may use any UTF-8 character except { and }.',
  },
  {
    id: 'holt-winters-renamed',
    area: 'functions',
    since: '3.0.0',
    upstream: 'prometheus/prometheus#14930',
    before: '`holt_winters(v, sf, tf)` is a stable function.',
    after: 'It is called `double_exponential_smoothing(v, sf, tf)` and is experimental; `holt_winters` is an unknown function.',
    functionsRemoved: ['holt_winters'],
    functionsAdded: ['double_exponential_smoothing'],
  },
  {
    id: 'histogram-stddev-stdvar',
    area: 'functions',
    since: '2.47.0',
    upstream: 'prometheus/prometheus#12614',
    before: '`histogram_stddev` and `histogram_stdvar` do not exist.',
    after: 'They exist (native histograms).',
    functionsAdded: ['histogram_stddev', 'histogram_stdvar'],
  },
  {
    id: 'experimental-functions-2-49',
    area: 'functions',
    since: '2.49.0',
    upstream: 'prometheus/prometheus#13103',
    before: '`mad_over_time`, `sort_by_label` and `sort_by_label_desc` do not exist.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
    functionsAdded: ['mad_over_time', 'sort_by_label', 'sort_by_label_desc'],
  },
  {
    id: 'histogram-avg',
    area: 'functions',
    since: '2.51.0',
    upstream: 'prometheus/prometheus#13467',
    before: '`histogram_avg` does not exist.',
    after: 'It exists (native histograms).',
    functionsAdded: ['histogram_avg'],
  },
  {
    id: 'limitk',
    area: 'functions',
    since: '2.54.0',
    upstream: 'prometheus/prometheus#12503',
    before: 'The `limitk` and `limit_ratio` aggregations do not exist.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
    functionsAdded: ['limitk', 'limit_ratio'],
  },
  {
    id: 'info-function',
    area: 'functions',
    since: '2.55.0',
    upstream: 'prometheus/prometheus#14495',
    before: '`info` does not exist.',
    after: 'It exists behind the promql-experimental-functions feature flag.',
    functionsAdded: ['info'],
  },
  {
    id: 'ts-of-over-time',
    area: 'functions',
    since: '3.5.0',
    upstream: 'prometheus/prometheus#16722',
    before: '`ts_of_min_over_time`, `ts_of_max_over_time` and `ts_of_last_over_time` do not exist.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
    functionsAdded: ['ts_of_min_over_time', 'ts_of_max_over_time', 'ts_of_last_over_time'],
  },
  {
    id: 'duration-step-function',
    area: 'promql',
    since: '3.6.0',
    upstream: 'prometheus/prometheus#16777',
    before: 'Ranges, offsets and subquery steps are duration literals only.',
    after: 'Duration expressions (`x[5m * 2]`, `step()`) are accepted behind the promql-duration-expr feature flag (on by default from 3.14, #19033).',
  },
  {
    id: 'first-over-time',
    area: 'functions',
    since: '3.7.0',
    upstream: 'prometheus/prometheus#16963',
    before: '`first_over_time` and `ts_of_first_over_time` do not exist.',
    after: 'They exist (experimental until 3.14, #19093).',
    functionsAdded: ['first_over_time', 'ts_of_first_over_time'],
  },
  {
    id: 'anchored-smoothed',
    area: 'promql',
    since: '3.7.0',
    upstream: 'prometheus/prometheus#16457',
    before: 'The `anchored` and `smoothed` range-selector modifiers do not exist.',
    after: 'They exist behind the promql-extended-range-selectors feature flag.',
  },
  {
    id: 'fill-modifiers',
    area: 'promql',
    since: '3.10.0',
    upstream: 'prometheus/prometheus#17644',
    before: 'Binary operators have no `fill()` / `fill_left()` / `fill_right()` modifiers.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
  },
  {
    id: 'histogram-quantiles',
    area: 'functions',
    since: '3.11.0',
    upstream: 'prometheus/prometheus#17285',
    before: '`histogram_quantiles` does not exist.',
    after: 'It exists behind the promql-experimental-functions feature flag.',
    functionsAdded: ['histogram_quantiles'],
  },
  {
    id: 'query-time-functions',
    area: 'functions',
    since: '3.12.0',
    upstream: 'prometheus/prometheus#17877',
    before: '`start()`, `end()`, `range()` and `step()` are not functions.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
    functionsAdded: ['start', 'end', 'range', 'step'],
  },
  {
    id: 'min-of-max-of',
    area: 'functions',
    since: '3.13.0',
    upstream: 'prometheus/prometheus#18687',
    before: '`min_of()` and `max_of()` do not exist.',
    after: 'They exist behind the promql-experimental-functions feature flag.',
    functionsAdded: ['min_of', 'max_of'],
  },
  {
    id: 'start-timestamp-function',
    area: 'functions',
    since: '3.14.0',
    upstream: 'prometheus/prometheus#19089',
    before: '`start_timestamp()` does not exist.',
    after: 'It exists behind the use-start-timestamps feature flag.',
    functionsAdded: ['start_timestamp'],
  },
  {
    id: 'template-to-duration-now',
    area: 'templates',
    since: '3.6.0',
    upstream: 'prometheus/prometheus#16619',
    before: 'Alert templates have no `toDuration` and `now` functions.',
    after: 'They exist.',
    templateFunctionsAdded: ['toDuration', 'now'],
  },
  {
    id: 'template-url-query-escape',
    area: 'templates',
    since: '3.8.0',
    upstream: 'prometheus/prometheus#17403',
    before: 'Alert templates have no `urlQueryEscape` function.',
    after: 'It exists.',
    templateFunctionsAdded: ['urlQueryEscape'],
  },
  {
    id: 'rule-group-query-offset',
    area: 'rulefmt',
    since: '2.53.0',
    upstream: 'prometheus/prometheus#14061',
    before: 'A rule group has no `query_offset` field (rule files using it are rejected).',
    after: 'Groups may set `query_offset`.',
    ruleFieldsAdded: ['group.query_offset'],
  },
  {
    id: 'unittest-histogram-samples',
    area: 'unittest',
    since: '2.47.0',
    upstream: 'prometheus/prometheus#12668',
    before: '`exp_samples` items have only `labels` and `value`; `histogram` is an unknown field.',
    after: '`exp_samples` items may give a native histogram as `histogram`.',
    unitTestFieldsAdded: ['sample.histogram'],
  },
  {
    id: 'unittest-interval-default',
    area: 'unittest',
    since: '2.49.0',
    upstream: 'prometheus/prometheus#12729',
    before: 'A test group without `interval` loads its input series with a 0s interval: every value lands at time 0 and only the first is kept.',
    after: "A test group without `interval` uses the file's `evaluation_interval` (default 1m).",
  },
  {
    id: 'unittest-fuzzy-compare',
    area: 'unittest',
    since: '3.5.0',
    upstream: 'prometheus/prometheus#16395',
    before: '`fuzzy_compare` is an unknown field of a unit-test file.',
    after: '`fuzzy_compare: true` compares floats with a tolerance of one ULP.',
    unitTestFieldsAdded: ['file.fuzzy_compare'],
  },
  {
    id: 'unittest-start-timestamp',
    area: 'unittest',
    since: '3.9.0',
    upstream: 'prometheus/prometheus#17636',
    before: '`start_timestamp` is an unknown field of a test group: every group starts at Unix time 0.',
    after: 'A test group may start at `start_timestamp` (RFC 3339 or Unix seconds).',
    unitTestFieldsAdded: ['group.start_timestamp'],
  },
] as const satisfies readonly BehaviourDifference[];

export type DifferenceId = (typeof BEHAVIOUR_DIFFERENCES)[number]['id'];

const BY_ID: ReadonlyMap<string, BehaviourDifference> = new Map(BEHAVIOUR_DIFFERENCES.map((d) => [d.id, d]));

export function difference(id: DifferenceId): BehaviourDifference {
  return BY_ID.get(id)!;
}

const sinceCache = new Map<string, PrometheusVersion>();
function sinceVersion(d: BehaviourDifference): PrometheusVersion {
  let v = sinceCache.get(d.since);
  if (!v) {
    const [major, minor, patch] = d.since.split('.').map(Number) as [number, number, number];
    v = { major, minor, patch };
    sinceCache.set(d.since, v);
  }
  return v;
}

/** Whether `version` has the new behaviour of difference `id`. */
export function behaviourAt(version: PrometheusVersion, id: DifferenceId): boolean {
  return atLeast(version, sinceVersion(difference(id)));
}

/** The differences whose behaviour differs between two versions. */
export function differencesBetween(a: PrometheusVersion, b: PrometheusVersion): BehaviourDifference[] {
  return BEHAVIOUR_DIFFERENCES.filter((d) => atLeast(a, sinceVersion(d)) !== atLeast(b, sinceVersion(d)));
}

/** Why a function is missing in `version`, or undefined when it exists there (or is not version-dependent). */
export function functionUnavailability(version: PrometheusVersion, name: string): BehaviourDifference | undefined {
  for (const d of BEHAVIOUR_DIFFERENCES as readonly BehaviourDifference[]) {
    const has = atLeast(version, sinceVersion(d));
    if (!has && d.functionsAdded?.includes(name)) return d;
    if (has && d.functionsRemoved?.includes(name)) return d;
  }
  return undefined;
}

/** Why a template function is missing in `version`, or undefined. */
export function templateFunctionUnavailability(version: PrometheusVersion, name: string): BehaviourDifference | undefined {
  for (const d of BEHAVIOUR_DIFFERENCES as readonly BehaviourDifference[]) {
    if (d.templateFunctionsAdded?.includes(name) && !atLeast(version, sinceVersion(d))) return d;
  }
  return undefined;
}

/** Unit-test file fields (`file.x`, `group.x`, `sample.x`) that `version` does not accept, with the entry that adds each. */
export function unitTestFieldsUnavailable(version: PrometheusVersion): ReadonlyMap<string, BehaviourDifference> {
  const out = new Map<string, BehaviourDifference>();
  for (const d of BEHAVIOUR_DIFFERENCES as readonly BehaviourDifference[]) {
    if (!atLeast(version, sinceVersion(d))) for (const f of d.unitTestFieldsAdded ?? []) out.set(f, d);
  }
  return out;
}

/** Rule-file fields (`group.x`, `rule.x`) that `version` does not accept, with the entry that adds each. */
export function ruleFieldsUnavailable(version: PrometheusVersion): ReadonlyMap<string, BehaviourDifference> {
  const out = new Map<string, BehaviourDifference>();
  for (const d of BEHAVIOUR_DIFFERENCES as readonly BehaviourDifference[]) {
    if (!atLeast(version, sinceVersion(d))) for (const f of d.ruleFieldsAdded ?? []) out.set(f, d);
  }
  return out;
}
