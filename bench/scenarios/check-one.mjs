// One small rule file, cold process start: the pre-commit case.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareCommands } from '../harness.mjs';
import { hasCommand, promforgeBin, ratio } from '../lib.mjs';

export const description =
  'One small rule file, cold process start (the pre-commit case): `promforge check` vs `promtool check rules`, plus `promforge --version`.';
export const target = '≤ 150 ms wall and within 3× of promtool';

const RULES = `groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: HighErrorRate
        expr: sum by (job) (rate(http_requests_total{status_code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "High error rate on {{ $labels.job }}"
          description: "{{ $value | humanizePercentage }} of requests fail."
`;

export async function run({ root, workDir, hasPromtool }) {
  const dir = path.join(workDir, 'check-one');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'rules.yml');
  writeFileSync(file, RULES);
  const bin = promforgeBin(root);
  const variants = [{ name: 'promforge --version', argv: [bin, '--version'] }];
  if (hasCommand(root, 'check')) variants.push({ name: 'promforge check', argv: [bin, 'check', file] });
  else console.warn('notice: promforge check is not built yet; measuring --version only');
  if (hasPromtool) variants.push({ name: 'promtool check rules', argv: ['promtool', 'check', 'rules', file] });
  const commands = compareCommands(variants, { runs: 10 });
  const by = Object.fromEntries(commands.map((c) => [c.name, c.wall.median]));
  const main = by['promforge check'] ?? by['promforge --version'];
  const r = ratio(main, by['promtool check rules']);
  return {
    commands,
    summary: `median ${(main * 1000).toFixed(0)} ms${r === undefined ? '' : `, ${r.toFixed(2)}× promtool`}`,
    metrics: { 'median ms': (main * 1000).toFixed(1), 'ratio vs promtool': r?.toFixed(2) ?? 'n/a' },
  };
}
