// A seeded generator of PromQL expressions over the differential dataset
// (dataset.ts). It only produces what Prometheus 2.42 and 3.x evaluate the
// same way: whole-second ranges, offsets and subquery steps (evaluation times
// are at .5 s, samples never are), no functions that are new or renamed in
// 3.x (no holt_winters, sort_by_label, limitk, info, mad_over_time…), no
// inspection of `__name__` after a function dropped it (3.x removes names
// later than 2.x), no regexes that could meet a newline, and no topk/bottomk
// over tied values (tie order is an implementation detail).
// With the ON_GRID_TIMELINE it evaluates on the on-grid dataset's grid, where
// window boundaries meet samples, for the engine in 2.42 mode; there it also
// writes holt_winters (2.x's name for double_exponential_smoothing), atan2
// and stddev/stdvar over non-finite values, which 2.42 evaluates its own way.

import { DATA_SPAN_MS, DATA_START_MS, GRID_MS, ON_GRID } from './dataset.js';
import { Rng } from './rng.js';

/** An instant-vector expression and the label names its series carry (besides `__name__`). */
interface VExpr {
  readonly text: string;
  readonly labels: readonly string[];
  /** Whether values can tie across series (then topk/bottomk/sort orders are not compared). */
  readonly ties: boolean;
}

interface MetricSpec {
  readonly name: string;
  readonly kind: 'counter' | 'gauge';
  readonly labels: readonly string[];
  /** Matchers that select some of its series. */
  readonly matchers: readonly string[];
  readonly ties: boolean;
}

const METRICS: readonly MetricSpec[] = [
  {
    name: 'http_requests_total',
    kind: 'counter',
    labels: ['job', 'instance', 'method', 'code'],
    matchers: ['job="api"', 'code="500"', 'code!="500"', 'method=~"P.*"', 'instance=~"(a|b):.*"', 'job=~"api|worker"', 'method!~"GET"', 'instance!="c:8080"'],
    ties: false,
  },
  { name: 'process_cpu_seconds_total', kind: 'counter', labels: ['job', 'instance'], matchers: ['job="db"', 'job!="api"', 'instance=~"w.*"'], ties: false },
  { name: 'memory_usage_bytes', kind: 'gauge', labels: ['job', 'instance'], matchers: ['job="api"', 'instance!~"a.*"', 'job=~"worker|db"'], ties: false },
  { name: 'temperature_celsius', kind: 'gauge', labels: ['job', 'instance', 'zone'], matchers: ['zone="north"', 'job="worker"', 'zone!="south"'], ties: false },
  { name: 'queue_length', kind: 'gauge', labels: ['job', 'instance', 'queue'], matchers: ['queue="q2"', 'instance="w1:9100"', 'queue=~"q[12]"'], ties: false },
  { name: 'up', kind: 'gauge', labels: ['job', 'instance'], matchers: ['job="api"', 'job!="db"'], ties: true },
  {
    name: 'request_duration_seconds_bucket',
    kind: 'counter',
    labels: ['job', 'instance', 'le'],
    matchers: ['le="0.5"', 'le=~"1.0|2.5"', 'job="db"', 'instance="a:8080"'],
    ties: true,
  },
  { name: 'request_duration_seconds_count', kind: 'counter', labels: ['job', 'instance'], matchers: ['job="api"'], ties: false },
  { name: 'request_duration_seconds_sum', kind: 'counter', labels: ['job', 'instance'], matchers: ['instance!="db1:5432"'], ties: false },
];

const HISTOGRAM_BUCKETS = 'request_duration_seconds_bucket';
/** Matchers for whole histograms: never on `le`, so every bucket of a histogram stays. */
const HISTOGRAM_MATCHERS = ['job="db"', 'job="api"', 'instance="a:8080"', 'instance!="b:8080"'];

const RANGES = ['1m', '2m', '5m', '10m', '90s', '7m30s', '30m', '1h'];
const OFFSETS = ['5m', '1m30s', '-2m', '1h', '10m'];
const SUBQUERY_STEPS = ['', '1m', '30s', '2m', '45s'];
const SUBQUERY_RANGES = ['10m', '30m', '1h', '15m'];

/** Evaluation times: every one at `.500` s, from before the data to after it. */
export function evaluationTime(rng: Rng): number {
  const seconds = rng.int(-600, DATA_SPAN_MS / 1000 + 900);
  return DATA_START_MS + seconds * 1000 + 500;
}

/** Where and how queries are evaluated. */
export interface Timeline {
  evaluationTime(rng: Rng): number;
  readonly rangeQueryStepsMs: readonly number[];
  /**
   * Also write what only Prometheus 2.x has or evaluates its own way
   * (holt_winters; atan2, which keeps the metric name before 2.47; stddev and
   * stdvar over NaN and ±Inf), for the engine's 2.42 mode.
   */
  readonly legacySemantics: boolean;
}

/** Whole-second steps, so every step of a range query stays at `.500` s. */
export const JITTERED_TIMELINE: Timeline = { evaluationTime, rangeQueryStepsMs: [15_000, 37_000, 60_000, 300_000], legacySemantics: false };

/** Evaluation times and range steps on the on-grid dataset's 5 s grid, from before its data to after it. */
export const ON_GRID_TIMELINE: Timeline = {
  evaluationTime: (rng) => ON_GRID.startMs + rng.int(-120, DATA_SPAN_MS / GRID_MS + 180) * GRID_MS,
  rangeQueryStepsMs: [15_000, 30_000, 60_000, 300_000],
  legacySemantics: true,
};

export interface GeneratedQuery {
  readonly expr: string;
  readonly timeMs: number;
  /** Compare series order too (sort/sort_desc at the top, no ties). */
  readonly ordered: boolean;
}

export interface GeneratedRangeQuery {
  readonly expr: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

export class QueryGenerator {
  /**
   * Range queries leave `@` out: Prometheus 2.42 evaluates
   * `predict_linear(x[…] @ t, …)` wrongly in range queries (values change
   * from step to step and stop early), while 3.x keeps the window fixed.
   */
  private atAllowed = true;

  constructor(
    private readonly rng: Rng,
    private readonly timeline: Timeline = JITTERED_TIMELINE,
  ) {}

  private metric(kind?: 'counter' | 'gauge'): MetricSpec {
    return this.rng.pick(kind ? METRICS.filter((m) => m.kind === kind) : METRICS);
  }

  private selector(m: MetricSpec): string {
    if (this.rng.chance(0.4)) return m.name;
    return `${m.name}{${this.rng.subset(m.matchers, 2).join(', ')}}`;
  }

  /** An `offset`/`@` modifier or nothing. */
  private modifier(): string {
    const r = this.rng.next();
    if (r < 0.75) return '';
    if (r < 0.92) return ` offset ${this.rng.pick(OFFSETS)}`;
    if (!this.atAllowed) return '';
    if (r < 0.96) return ` @ ${(this.timeline.evaluationTime(this.rng) / 1000).toFixed(1)}`;
    return this.rng.pick([' @ start()', ' @ end()']);
  }

  private rangeSelector(m: MetricSpec): string {
    return `${this.selector(m)}[${this.rng.pick(RANGES)}]${this.modifier()}`;
  }

  private plain(m: MetricSpec): VExpr {
    return { text: `${this.selector(m)}${this.modifier()}`, labels: m.labels, ties: m.ties };
  }

  private counterFunction(): VExpr {
    const m = this.metric('counter');
    const fn = this.rng.pick(['rate', 'irate', 'increase', 'resets', 'rate', 'increase']);
    return { text: `${fn}(${this.rangeSelector(m)})`, labels: m.labels, ties: m.ties || fn === 'resets' };
  }

  private gaugeFunction(): VExpr {
    const m = this.metric('gauge');
    const sel = this.rangeSelector(m);
    const r = this.rng.next();
    if (r < 0.04 && this.timeline.legacySemantics) {
      return { text: `holt_winters(${sel}, ${this.rng.pick(['0.5', '0.1', '0.9'])}, ${this.rng.pick(['0.5', '0.3', '0.8'])})`, labels: m.labels, ties: m.ties };
    }
    if (r < 0.08) return { text: `predict_linear(${sel}, ${this.rng.pick(['600', '3600', '-300', '0.5'])})`, labels: m.labels, ties: m.ties };
    if (r < 0.16) return { text: `quantile_over_time(${this.rng.pick(['0.5', '0.9', '0', '1', '0.25'])}, ${sel})`, labels: m.labels, ties: m.ties };
    const fn = this.rng.pick([
      'delta',
      'idelta',
      'deriv',
      'avg_over_time',
      'min_over_time',
      'max_over_time',
      'sum_over_time',
      'count_over_time',
      'stddev_over_time',
      'stdvar_over_time',
      'last_over_time',
      'present_over_time',
      'changes',
    ]);
    const tied = m.ties || ['count_over_time', 'present_over_time', 'changes'].includes(fn);
    return { text: `${fn}(${sel})`, labels: m.labels, ties: tied };
  }

  private leaf(): VExpr {
    const r = this.rng.next();
    if (r < 0.35) return this.plain(this.metric());
    if (r < 0.7) return this.counterFunction();
    return this.gaugeFunction();
  }

  private grouping(labels: readonly string[]): { clause: string; labels: readonly string[] } {
    const r = this.rng.next();
    if (r < 0.2) return { clause: '', labels: [] };
    const chosen = this.rng.subset(labels, 2);
    if (r < 0.8) return { clause: ` by (${chosen.join(', ')})`, labels: chosen };
    return { clause: ` without (${chosen.join(', ')})`, labels: labels.filter((l) => !chosen.includes(l)) };
  }

  private aggregation(depth: number): VExpr {
    const inner = this.vector(depth - 1);
    const g = this.grouping(inner.labels);
    const r = this.rng.next();
    if (r < 0.1 && !inner.ties) {
      const op = this.rng.pick(['topk', 'bottomk']);
      return { text: `${op}${g.clause} (${this.rng.pick(['1', '2', '3'])}, ${inner.text})`, labels: inner.labels, ties: false };
    }
    if (r < 0.18) return { text: `quantile${g.clause} (${this.rng.pick(['0.5', '0.9', '0.99', '0'])}, ${inner.text})`, labels: g.labels, ties: inner.ties };
    if (r < 0.22) return { text: `count_values${g.clause} ("value", round(${inner.text}))`, labels: [...g.labels, 'value'], ties: true };
    const op = this.rng.pick(['sum', 'sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar']);
    if (op === 'stddev' || op === 'stdvar') {
      // Only over finite inputs: for a lone NaN or ±Inf, 2.x says 0 and 3.x NaN.
      const finite = this.leaf();
      const fg = this.grouping(finite.labels);
      // 2.42 mode: also over ±Inf and NaN (x / 0), where a lone sample gives 0 in 2.x.
      const operand = this.timeline.legacySemantics && this.rng.chance(0.3) ? `(${finite.text}) / 0` : finite.text;
      return { text: `${op}${fg.clause} (${operand})`, labels: fg.labels, ties: true };
    }
    return { text: `${op}${g.clause} (${inner.text})`, labels: g.labels, ties: inner.ties || ['count', 'group'].includes(op) };
  }

  private math(depth: number): VExpr {
    const inner = this.vector(depth - 1);
    const r = this.rng.next();
    if (r < 0.15) return { ...inner, text: `clamp(${inner.text}, ${this.rng.pick(['-1', '0', '10'])}, ${this.rng.pick(['5', '100', '1e9'])})`, ties: true };
    if (r < 0.25)
      return { ...inner, text: `${this.rng.pick(['clamp_min', 'clamp_max'])}(${inner.text}, ${this.rng.pick(['0', '1', '50', '2e8'])})`, ties: true };
    if (r < 0.32) return { ...inner, text: `round(${inner.text}, ${this.rng.pick(['0.1', '5', '0.25'])})`, ties: true };
    const fn = this.rng.pick(['abs', 'ceil', 'floor', 'round', 'sqrt', 'ln', 'log2', 'log10', 'exp', 'sgn', 'abs']);
    return { ...inner, text: `${fn}(${inner.text})`, ties: inner.ties || ['ceil', 'floor', 'round', 'sgn', 'exp'].includes(fn) };
  }

  private scalarOperand(): string {
    return this.rng.pick(['2', '0.5', '100', '-3', '0', '1e6', 'time() / 1e6', 'scalar(sum(up))', 'scalar(up{instance="a:8080"})']);
  }

  private vectorScalar(depth: number): VExpr {
    const inner = this.vector(depth - 1);
    const r = this.rng.next();
    if (r < 0.35) {
      const op = this.rng.pick(['>', '<', '>=', '<=', '==', '!=']);
      const bool = this.rng.chance(0.4) ? ' bool' : '';
      const operand = this.rng.pick(['0', '1', '5', '50', '1e8', '0.5']);
      return this.rng.chance(0.8)
        ? { ...inner, text: `(${inner.text}) ${op}${bool} ${operand}`, ties: inner.ties || bool !== '' }
        : { ...inner, text: `${operand} ${op}${bool} (${inner.text})`, ties: inner.ties || bool !== '' };
    }
    // atan2 only in 2.42 mode: before 2.47 it keeps the metric name, 3.x drops it.
    const op = this.rng.pick(this.timeline.legacySemantics ? ['+', '-', '*', '/', '%', '^', 'atan2'] : ['+', '-', '*', '/', '%', '^']);
    const s = this.scalarOperand();
    return this.rng.chance(0.7) ? { ...inner, text: `(${inner.text}) ${op} ${s}` } : { ...inner, text: `${s} ${op} (${inner.text})` };
  }

  /** Two sides aggregated to the same labels, so one-to-one matching works. */
  private vectorVector(depth: number): VExpr {
    const common = this.rng.pick([['job'], ['job', 'instance'], ['instance']]);
    const left = this.vector(depth - 1);
    const right = this.vector(depth - 1);
    const lhsAgg = `${this.rng.pick(['sum', 'max', 'avg', 'count'])} by (${common.join(', ')}) (${left.text})`;
    const rhsAgg = `${this.rng.pick(['sum', 'min', 'avg'])} by (${common.join(', ')}) (${right.text})`;
    const r = this.rng.next();
    if (r < 0.3) {
      // Many-to-one: a full-label left side against an aggregated right side.
      const op = this.rng.pick(['/', '*', '-', '+', '>']);
      return { text: `(${left.text}) ${op} on (${common.join(', ')}) group_left ${rhsAgg}`, labels: left.labels, ties: true };
    }
    if (r < 0.4) {
      return { text: `${rhsAgg} ${this.rng.pick(['/', '-'])} on (${common.join(', ')}) group_right () (${left.text})`, labels: left.labels, ties: true };
    }
    if (r < 0.7) {
      const op = this.rng.pick(['+', '-', '*', '/', '>', '<', '== bool', '> bool', '%', '^']);
      const matching = this.rng.pick(['', ` on (${common.join(', ')})`, ' ignoring (nonexistent)']);
      return { text: `${lhsAgg} ${op}${matching} ${rhsAgg}`, labels: common, ties: true };
    }
    const op = this.rng.pick(['and', 'or', 'unless']);
    const matching = this.rng.pick(['', ` on (${common.join(', ')})`, ` on (${common[0]})`, ' ignoring (method, code)', ' on ()']);
    return { text: `(${left.text}) ${op}${matching} (${right.text})`, labels: left.labels, ties: true };
  }

  private ratio(): VExpr {
    // The classic error ratio: many-to-one with ignoring.
    const range = this.rng.pick(RANGES);
    const by = this.rng.pick(['job, instance, method', 'job, method', 'instance, method']);
    return {
      text: `sum by (${by}, code) (rate(http_requests_total[${range}])) / ignoring (code) group_left sum by (${by}) (rate(http_requests_total[${range}]))`,
      labels: [...by.split(', '), 'code'],
      ties: false,
    };
  }

  private histogramQuantile(): VExpr {
    const q = this.rng.pick(['0.5', '0.9', '0.99', '0.75', '0', '1', '1.5', '-0.5']);
    const range = this.rng.pick(RANGES);
    const sel = this.rng.chance(0.4) ? HISTOGRAM_BUCKETS : `${HISTOGRAM_BUCKETS}{${this.rng.subset(HISTOGRAM_MATCHERS, 2).join(', ')}}`;
    const r = this.rng.next();
    if (r < 0.3) return { text: `histogram_quantile(${q}, rate(${sel}[${range}]))`, labels: ['job', 'instance'], ties: true };
    const by = this.rng.pick([['le'], ['le', 'job'], ['le', 'instance']]);
    return { text: `histogram_quantile(${q}, sum by (${by.join(', ')}) (rate(${sel}[${range}])))`, labels: by.filter((l) => l !== 'le'), ties: true };
  }

  private labelFunction(depth: number): VExpr {
    const inner = this.vector(depth - 1);
    if (!inner.labels.includes('instance') && !inner.labels.includes('job')) return inner;
    if (this.rng.chance(0.6)) {
      const src = inner.labels.includes('instance') ? 'instance' : 'job';
      const [regex, repl] = this.rng.pick([
        ['([^:]*):(.*)', '$1'],
        ['(.*)', '${1}-x'],
        ['w(.*)', 'worker-$1'],
        ['nomatch', 'x'],
        ['(a|b).*', '$1$1'],
      ] as const);
      const dst = this.rng.pick(['host', 'port', src]);
      return {
        text: `label_replace(${inner.text}, "${dst}", "${repl}", "${src}", "${regex}")`,
        labels: [...new Set([...inner.labels, dst])],
        ties: inner.ties,
      };
    }
    const sources = inner.labels.filter((l) => l === 'job' || l === 'instance');
    return {
      text: `label_join(${inner.text}, "combined", "${this.rng.pick(['-', '/', ''])}", ${sources.map((s) => `"${s}"`).join(', ')})`,
      labels: [...inner.labels, 'combined'],
      ties: inner.ties,
    };
  }

  private subquery(): VExpr {
    const innerExpr = this.rng.chance(0.5) ? this.counterFunction() : this.leaf();
    const range = this.rng.pick(SUBQUERY_RANGES);
    const step = this.rng.pick(SUBQUERY_STEPS);
    const mod = this.rng.chance(0.2) ? ` offset ${this.rng.pick(OFFSETS)}` : '';
    const fn = this.rng.pick([
      'max_over_time',
      'min_over_time',
      'avg_over_time',
      'count_over_time',
      'last_over_time',
      'sum_over_time',
      'deriv',
      'delta',
      'changes',
    ]);
    return { text: `${fn}(${innerExpr.text}[${range}:${step}]${mod})`, labels: innerExpr.labels, ties: true };
  }

  private misc(): VExpr {
    const m = this.metric();
    const r = this.rng.next();
    if (r < 0.06) {
      // Errors on both sides: duplicate label sets once names are dropped, many-to-many matching.
      return {
        text: this.rng.pick([
          `rate({__name__=~"memory_usage_bytes|up"}[5m])`,
          `abs({__name__=~"memory_usage_bytes|up", job="db"})`,
          `up + on (job) memory_usage_bytes`,
          `sum by (job) (up) / on (job) group_left up`,
        ]),
        labels: ['job', 'instance'],
        ties: true,
      };
    }
    if (r < 0.2) return { text: `absent(${this.selector(m)})`, labels: [], ties: true };
    if (r < 0.35) return { text: `absent(${m.name}{job="nonexistent"})`, labels: ['job'], ties: true };
    if (r < 0.45) return { text: `absent_over_time(${this.rangeSelector(m)})`, labels: [], ties: true };
    if (r < 0.6) return { text: `timestamp(${this.selector(m)})`, labels: m.labels, ties: true };
    if (r < 0.7) return { text: `vector(${this.scalarOperand()})`, labels: [], ties: true };
    if (r < 0.8)
      return { text: `${this.rng.pick(['minute', 'hour', 'day_of_week', 'day_of_month', 'month', 'year', 'days_in_month'])}()`, labels: [], ties: true };
    return { text: `${this.rng.pick(['minute', 'hour', 'day_of_year'])}(timestamp(${this.selector(m)}))`, labels: m.labels, ties: true };
  }

  vector(depth: number): VExpr {
    if (depth <= 0) return this.leaf();
    const r = this.rng.next();
    if (r < 0.2) return this.leaf();
    if (r < 0.42) return this.aggregation(depth);
    if (r < 0.5) return this.math(depth);
    if (r < 0.6) return this.vectorScalar(depth);
    if (r < 0.72) return this.vectorVector(depth);
    if (r < 0.76) return this.ratio();
    if (r < 0.84) return this.histogramQuantile();
    if (r < 0.88) return this.labelFunction(depth);
    if (r < 0.95) return this.subquery();
    return this.misc();
  }

  private topLevel(): { expr: string; ordered: boolean } {
    const r = this.rng.next();
    if (r < 0.05) return { expr: this.rangeSelector(this.metric()), ordered: false };
    if (r < 0.07) return { expr: `${this.counterFunction().text}[${this.rng.pick(SUBQUERY_RANGES)}:${this.rng.pick(SUBQUERY_STEPS)}]`, ordered: false };
    if (r < 0.11)
      return {
        expr: this.rng.pick([
          'time()',
          'scalar(sum(rate(http_requests_total[5m])))',
          '1 + 2 * 3',
          'scalar(memory_usage_bytes)',
          'time() - scalar(max(timestamp(up)))',
          '"text"',
        ]),
        ordered: false,
      };
    if (r < 0.17) {
      const v = this.vector(2);
      return { expr: `${this.rng.pick(['sort', 'sort_desc'])}(${v.text})`, ordered: !v.ties };
    }
    return { expr: this.vector(this.rng.int(1, 3)).text, ordered: false };
  }

  /** Range queries: instant-vector or scalar expressions over up to 80 steps. */
  generateRange(count: number): GeneratedRangeQuery[] {
    const out: GeneratedRangeQuery[] = [];
    this.atAllowed = false;
    for (let i = 0; i < count; i++) {
      const expr = this.rng.chance(0.1) ? this.rng.pick(['time()', 'scalar(sum(up))', 'vector(1)']) : this.vector(this.rng.int(1, 3)).text;
      const stepMs = this.rng.pick(this.timeline.rangeQueryStepsMs);
      const startMs = this.timeline.evaluationTime(this.rng);
      out.push({ expr, startMs, endMs: startMs + this.rng.int(0, 80) * stepMs, stepMs });
    }
    this.atAllowed = true;
    return out;
  }

  generate(count: number): GeneratedQuery[] {
    const out: GeneratedQuery[] = [];
    for (let i = 0; i < count; i++) {
      const { expr, ordered } = this.topLevel();
      out.push({ expr, timeMs: this.timeline.evaluationTime(this.rng), ordered });
    }
    return out;
  }
}
