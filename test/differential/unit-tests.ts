// A seeded generator of rule files and promtool-format unit tests whose
// input samples never sit on a window boundary: the input interval carries
// odd milliseconds (17s123ms…), the evaluation interval divides neither the
// 5m lookback nor any rule range, and every evaluation time is checked so no
// `t − window` lands on a sample. Then Prometheus 2.x's closed windows and
// 3.x's left-open ones see the same samples. Expectations are deliberately
// empty, so wherever anything fires or returns data both tools fail and print
// what they got — the comparison is of those `got:` sections.

import { Rng } from './rng.js';

export interface GeneratedUnitTest {
  readonly name: string;
  readonly rulesYaml: string;
  /** References the rule file as `rules.yml` next to it. */
  readonly testYaml: string;
}

const MINUTE = 60_000;
const LOOKBACK_MS = 5 * MINUTE;
/** Evaluation intervals that do not divide 5m or any rule range (see RANGES). */
const EVAL_INTERVALS_S = [45, 35, 55, 70];
const RANGES: readonly { text: string; ms: number }[] = [
  { text: '2m', ms: 2 * MINUTE },
  { text: '5m', ms: 5 * MINUTE },
  { text: '7m', ms: 7 * MINUTE },
  { text: '10m', ms: 10 * MINUTE },
];

function goDuration(ms: number): string {
  const m = Math.floor(ms / MINUTE);
  const rest = ms - m * MINUTE;
  const s = Math.floor(rest / 1000);
  const milli = rest % 1000;
  return `${m > 0 ? `${m}m` : ''}${s > 0 || (m === 0 && milli === 0) ? `${s}s` : ''}${milli > 0 ? `${milli}ms` : ''}`;
}

/** True when some `t − w` (t an evaluation time, w a window) is a sample time `k·interval`, k ≥ 0. */
function boundaryHitsSample(
  evalTimes: readonly number[],
  windows: readonly number[],
  intervalMs: number,
  samples: number,
  gridMs: number,
  gridEnd: number,
): boolean {
  for (const t of evalTimes) {
    for (const w of windows) {
      const start = t - w;
      if (start < 0) continue;
      // Input samples, and recorded samples on the evaluation grid.
      if (start % intervalMs === 0 && start / intervalMs < samples) return true;
      if (start % gridMs === 0 && start <= gridEnd) return true;
    }
  }
  return false;
}

interface SeriesSpec {
  readonly series: string;
  readonly values: string;
}

function counterValues(rng: Rng, steps: number): string {
  const parts: string[] = [];
  let left = steps;
  let start = rng.int(0, 500);
  while (left > 0) {
    const n = Math.min(left, rng.int(10, 60));
    const inc = rng.pick([1, 2, 3, 5, 7, 0.5, 12]);
    parts.push(`${start}+${inc}x${n}`);
    left -= n + 1;
    start = rng.int(0, 5); // a counter reset
  }
  return parts.join(' ');
}

function gaugeValues(rng: Rng, steps: number): string {
  const parts: string[] = [];
  let left = steps;
  while (left > 0) {
    const n = Math.min(left, rng.int(5, 30));
    const r = rng.next();
    if (r < 0.15) parts.push(`_x${n}`);
    else if (r < 0.5) parts.push(`${rng.int(0, 100)}+${rng.pick([1, 2, 0.5, 3])}x${n}`);
    else if (r < 0.8) parts.push(`${rng.int(50, 150)}-${rng.pick([1, 2, 0.5, 3])}x${n}`);
    else parts.push(`${rng.int(0, 100)}x${n}`);
    left -= n + 1;
  }
  return parts.join(' ');
}

function upValues(rng: Rng, steps: number): string {
  const parts: string[] = [];
  let left = steps;
  let v = 1;
  while (left > 0) {
    const n = Math.min(left, rng.int(5, 40));
    parts.push(`${v}x${n}`);
    v = 1 - v;
    left -= n + 1;
  }
  return parts.join(' ');
}

const ANNOTATIONS: readonly string[] = [
  '{{ $labels.instance }} is at {{ $value }}',
  '{{ $value | humanize }} on {{ $labels.job }}',
  '{{ $value | humanizePercentage }}',
  '{{ printf "%.3f" $value }} ({{ $labels.instance }})',
  'value={{ $value | humanize1024 }}',
  '{{ if gt $value 10.0 }}high{{ else }}low{{ end }}',
  'for {{ $value | humanizeDuration }}',
  '{{ $labels.job | toUpper }}/{{ $labels.instance | title }}',
];

interface RuleSpec {
  readonly yaml: string;
  readonly alertname?: string;
  readonly record?: string;
  readonly ranges: readonly number[];
}

function ruleSet(rng: Rng): RuleSpec[] {
  const r1 = rng.pick(RANGES);
  const r2 = rng.pick(RANGES);
  const threshold = rng.pick(['0.05', '0.2', '0.5', '1', '3']);
  const forClause = (): string => rng.pick(['', '    for: 1m\n', '    for: 2m\n', '    for: 3m30s\n', '    for: 5m\n']);
  const annotation = (): string => `      summary: '${rng.pick(ANNOTATIONS)}'\n      description: '${rng.pick(ANNOTATIONS)}'\n`;
  const labels = (): string =>
    rng.pick([
      '      severity: page\n',
      '      severity: "{{ if gt $value 1.0 }}critical{{ else }}warning{{ end }}"\n',
      '      team: infra\n      source: "{{ $labels.instance }}"\n',
      '',
    ]);
  const alert = (name: string, expr: string, ranges: number[]): RuleSpec => {
    const lbl = labels();
    return {
      alertname: name,
      ranges,
      yaml: `  - alert: ${name}\n    expr: ${expr}\n${forClause()}${lbl === '' ? '' : `    labels:\n${lbl}`}    annotations:\n${annotation()}`,
    };
  };
  const candidates: (() => RuleSpec)[] = [
    () => ({
      record: 'job:http_requests:rate',
      ranges: [r1.ms],
      yaml: `  - record: job:http_requests:rate\n    expr: sum by (job) (rate(http_requests_total[${r1.text}]))\n`,
    }),
    () => ({
      record: 'instance:errors:ratio',
      ranges: [r2.ms],
      yaml: `  - record: instance:errors:ratio\n    expr: sum by (instance) (rate(http_requests_total{code="500"}[${r2.text}])) / sum by (instance) (rate(http_requests_total[${r2.text}]))\n`,
    }),
    () => ({ record: 'job:queue_size:max', ranges: [], yaml: '  - record: job:queue_size:max\n    expr: max by (job) (queue_size)\n' }),
    () =>
      alert(
        'HighErrorRatio',
        `sum by (instance, job) (rate(http_requests_total{code="500"}[${r2.text}])) / sum by (instance, job) (rate(http_requests_total[${r2.text}])) > ${threshold}`,
        [r2.ms],
      ),
    () => alert('QueueHigh', `queue_size > ${rng.int(40, 120)}`, []),
    () => alert('QueueGrowing', `deriv(queue_size[${r1.text}]) > 0`, [r1.ms]),
    () => alert('InstanceDown', 'up == 0', []),
    () => alert('ManyRequests', `increase(http_requests_total[${r1.text}]) > ${rng.int(10, 200)}`, [r1.ms]),
    () => alert('HighJobRate', `job:http_requests:rate > ${threshold}`, []),
    () => alert('NoWorker', 'absent(up{job="worker"})', []),
    () => alert('QueueAvgHigh', `avg_over_time(queue_size[${r2.text}]) > ${rng.int(30, 90)}`, [r2.ms]),
  ];
  const chosen = rng.subset(
    candidates.map((_, i) => i),
    5,
  );
  // A recording rule feeding HighJobRate must come first in the group.
  if (chosen.includes(8) && !chosen.includes(0)) chosen.unshift(0);
  return chosen.map((i) => candidates[i]!());
}

/** Generates `count` independent tests (one rule file and one test group each). */
export function generateUnitTests(seed: number, count: number): GeneratedUnitTest[] {
  const rng = new Rng(seed);
  const out: GeneratedUnitTest[] = [];
  while (out.length < count) {
    const intervalMs = rng.int(7, 29) * 1000 + rng.int(1, 999);
    const evalS = rng.pick(EVAL_INTERVALS_S);
    const evalMs = evalS * 1000;
    const horizonMs = rng.int(15, 45) * MINUTE;
    const steps = Math.ceil(horizonMs / intervalMs) + 2;
    const rules = ruleSet(rng);
    const alertNames = [...new Set(rules.flatMap((r) => (r.alertname ? [r.alertname] : [])))];
    const records = rules.flatMap((r) => (r.record ? [r.record] : []));
    // Checks at times off the evaluation grid (they see the latest evaluation before them).
    const alertTimes = Array.from({ length: rng.int(2, 5) }, () => rng.int(1, horizonMs / 1000 - 1) * 1000 + (rng.chance(0.5) ? 0 : rng.int(1, 999)));
    const exprTests: { expr: string; t: number; windows: number[] }[] = [];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const t = rng.int(1, horizonMs / 1000 - 1) * 1000 + rng.int(1, 999);
      const range = rng.pick(RANGES);
      const options = [
        { expr: 'sum by (job) (up)', windows: [LOOKBACK_MS] },
        { expr: `rate(http_requests_total{code="200"}[${range.text}])`, windows: [range.ms] },
        { expr: 'queue_size', windows: [LOOKBACK_MS] },
        ...records.map((r) => ({ expr: r, windows: [LOOKBACK_MS] })),
        ...(alertNames.length > 0 ? [{ expr: 'ALERTS', windows: [LOOKBACK_MS] }] : []),
      ];
      const pick = rng.pick(options);
      exprTests.push({ ...pick, t });
    }
    const ruleWindows = [LOOKBACK_MS, ...rules.flatMap((r) => r.ranges)];
    const grid: number[] = [];
    const lastEval = Math.max(...alertTimes, ...exprTests.map((e) => e.t));
    for (let t = 0; t <= lastEval; t += evalMs) grid.push(t);
    if (
      boundaryHitsSample(grid, ruleWindows, intervalMs, steps, evalMs, lastEval) ||
      exprTests.some((e) => boundaryHitsSample([e.t], e.windows, intervalMs, steps, evalMs, lastEval))
    ) {
      continue; // Draw other parameters.
    }
    const series: SeriesSpec[] = [];
    const instances = rng.subset(['a:80', 'b:80', 'c:80', 'w1:9100'], 3);
    for (const inst of instances) {
      const job = inst.startsWith('w') ? 'worker' : 'api';
      for (const code of rng.subset(['200', '500']))
        series.push({ series: `http_requests_total{job="${job}",instance="${inst}",code="${code}"}`, values: counterValues(rng, steps) });
      series.push({ series: `up{job="${job}",instance="${inst}"}`, values: upValues(rng, steps) });
      if (rng.chance(0.7)) series.push({ series: `queue_size{job="${job}",instance="${inst}"}`, values: gaugeValues(rng, steps) });
    }
    const name = `generated-${out.length}`;
    const rulesYaml = `groups:\n- name: ${name}\n  rules:\n${rules.map((r) => r.yaml).join('')}`;
    const alertChecks = alertTimes.map(
      (t, i) =>
        `    - eval_time: ${goDuration(t)}\n      alertname: ${alertNames.length > 0 ? alertNames[i % alertNames.length]! : 'Nothing'}\n      exp_alerts: []\n`,
    );
    const exprChecks = exprTests.map((e) => `    - expr: '${e.expr}'\n      eval_time: ${goDuration(e.t)}\n      exp_samples: []\n`);
    const testYaml =
      `rule_files:\n  - rules.yml\nevaluation_interval: ${evalS}s\ntests:\n  - name: ${name}\n    interval: ${goDuration(intervalMs)}\n    input_series:\n` +
      series.map((s) => `    - series: '${s.series}'\n      values: '${s.values}'\n`).join('') +
      `    alert_rule_test:\n${alertChecks.join('')}    promql_expr_test:\n${exprChecks.join('')}`;
    out.push({ name, rulesYaml, testYaml });
  }
  return out;
}
