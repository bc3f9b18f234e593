// A generated promtool-format unit test: 100 series × 7 days at 1m, 20 rules
// (recording and alerting, with `for`), evaluated at 1m.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareCommands } from '../harness.mjs';
import { hasCommand, promforgeBin, ratio, skipped } from '../lib.mjs';

export const description =
  'A generated unit test: 100 series × 7 days at 1m and 20 rules (10 recording, 10 alerting with `for`), evaluated every minute: `promforge test` vs `promtool test rules`.';
export const target = 'promforge ≥ 10× faster than promtool';

const DAY = 1440;

function series() {
  const out = [];
  for (let i = 0; i < 50; i++) {
    const job = `job-${i % 10}`;
    // Counters: a different rate each day (so rates and alerts change day to day).
    const parts = [];
    let v = 0;
    for (let d = 0; d < 7; d++) {
      const step = 10 + ((i * 7 + d * 13) % 50);
      parts.push(`${v}+${step}x${d === 6 ? DAY - 1 : DAY - 1}`);
      v += step * DAY;
    }
    out.push({ series: `http_requests_total{job="${job}",instance="i-${i}",code="${i % 5 === 0 ? '500' : '200'}"}`, values: parts.join(' ') });
    // Gauges: plateaus, some high enough to alert.
    const g = [];
    for (let d = 0; d < 7; d++) g.push(`${50 + ((i * 31 + d * 17) % 100)}x${DAY - 1}`);
    out.push({ series: `queue_depth{job="${job}",instance="i-${i}"}`, values: g.join(' ') });
  }
  return out;
}

function rules() {
  const r = ['groups:', '  - name: bench', '    rules:'];
  for (let i = 0; i < 10; i++) {
    r.push(`      - record: job:http_requests:rate5m_${i}`, `        expr: sum by (job) (rate(http_requests_total{job="job-${i}"}[5m]))`);
  }
  for (let i = 0; i < 10; i++) {
    r.push(
      `      - alert: QueueHigh${i}`,
      `        expr: avg_over_time(queue_depth{job="job-${i}"}[10m]) > ${100 + i * 3}`,
      '        for: 5m',
      '        labels:',
      '          severity: warning',
      '        annotations:',
      `          summary: "queue {{ $labels.instance }} at {{ $value }}"`,
    );
  }
  return `${r.join('\n')}\n`;
}

function unitTest() {
  const lines = ['rule_files: [rules.yml]', 'evaluation_interval: 1m', 'tests:', '  - interval: 1m', '    input_series:'];
  for (const s of series()) lines.push(`      - series: '${s.series}'`, `        values: '${s.values}'`);
  lines.push('    alert_rule_test:');
  for (let i = 0; i < 10; i++) lines.push('      - eval_time: 10079m', `        alertname: QueueHigh${i}`);
  lines.push(
    '    promql_expr_test:',
    '      - expr: count(job:http_requests:rate5m_0)',
    '        eval_time: 10079m',
    '        exp_samples:',
    '          - labels: "{}"',
    '            value: 1',
  );
  return `${lines.join('\n')}\n`;
}

export async function run({ root, workDir, hasPromtool }) {
  if (!hasCommand(root, 'test')) return skipped('promforge test is not built yet');
  const dir = path.join(workDir, 'test-long');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'rules.yml'), rules());
  writeFileSync(path.join(dir, 'test.yml'), unitTest());
  // The alert expectations are not the point: both tools must evaluate everything. Exit 1 is fine.
  const variants = [{ name: 'promforge test', argv: [promforgeBin(root), 'test', 'test.yml'], cwd: dir, allowedCodes: [0, 1] }];
  if (hasPromtool) variants.push({ name: 'promtool test rules', argv: ['promtool', 'test', 'rules', 'test.yml'], cwd: dir, allowedCodes: [0, 1] });
  const commands = compareCommands(variants, { runs: 3, warmup: 0 });
  const by = Object.fromEntries(commands.map((c) => [c.name, c.wall.median]));
  const speedup = ratio(by['promtool test rules'], by['promforge test']);
  return {
    commands,
    summary: speedup === undefined ? `promforge ${by['promforge test'].toFixed(2)} s` : `promforge is ${speedup.toFixed(1)}× faster than promtool`,
    metrics: { series: 100, 'samples per series': 10080, rules: 20, 'speedup (promtool/promforge)': speedup?.toFixed(2) ?? 'n/a' },
  };
}
