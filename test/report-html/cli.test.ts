// `--report` on `promforge dryrun` and `promforge thresholds`: the file is
// written, the terminal keeps its summary (plus a value sparkline per alert).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import type { ReportDoc } from '../../src/report-html/index.js';

const SAMPLES = path.resolve(__dirname, '../../fixtures/thresholds/two-days.test');
const dir = mkdtempSync(path.join(tmpdir(), 'promforge-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function embedded(file: string): ReportDoc {
  const html = readFileSync(file, 'utf8');
  const m = /<script type="application\/json" id="promforge-data">([^<]*)<\/script>/.exec(html);
  return JSON.parse(m![1]!) as ReportDoc;
}

describe('dryrun --report', () => {
  it('writes the HTML report and prints a value sparkline per alert after the usual text', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), 'groups:\n  - name: q\n    rules:\n      - alert: QueueHigh\n        expr: queue_depth > 20\n');
    const io = captureIo({ cwd: dir });
    const code = await runCli(['dryrun', 'rules.yml', '--samples', SAMPLES, '--interval', '1h', '--report', 'out/../report.html'], io);
    expect(io.err.join('')).toMatch(/^wrote out\/\.\.\/report\.html: 1 chart\(s\), \d+ KiB\n$/);
    expect(code).toBe(0);
    const out = io.out.join('');
    expect(out).toContain('alert QueueHigh (group q): 1 firing(s) on 1 of 1 instance(s)');
    // queue_depth of job a is 10..13 except 50 at hour 5 (the max of both jobs at every hour): one cell per hour.
    expect(out.endsWith(`values over time (highest series per cell):\n  ${'▁▁▁▁▁█'}${'▁'.repeat(42)}  QueueHigh\n`)).toBe(true);
    const doc = embedded(path.join(dir, 'report.html'));
    expect(doc.sections.map((s) => s.title)).toEqual(['QueueHigh']);
    const chart = doc.sections[0]!.charts[0]!;
    expect(chart.kind === 'time' && [chart.lines.map((l) => l.name), chart.hlines, chart.intervals]).toEqual([
      ['{job="a"}', '{job="b"}'],
      [{ at: 20, label: 'threshold > 20' }],
      [{ kind: 'firing', from: 5 * 3600, to: 6 * 3600, label: 'firing {job="a"}' }],
    ]);
  });

  it('reports an unwritable report file as a usage error', async () => {
    const io = captureIo({ cwd: dir });
    const code = await runCli(['dryrun', 'rules.yml', '--samples', SAMPLES, '--interval', '1h', '--report', 'missing-dir/report.html'], io);
    expect(io.err.join('')).toBe('promforge dryrun: cannot write missing-dir/report.html: ENOENT\n');
    expect(code).toBe(2);
  });
});

describe('thresholds --report', () => {
  it('writes a signal chart and a budget curve per group', async () => {
    const io = captureIo({ cwd: dir });
    const code = await runCli(
      ['thresholds', '--samples', SAMPLES, '--signal', 'queue_depth', '--by', 'job', '--interval', '1h', '--budget', '7/week', '--report', 'thresholds.html'],
      io,
    );
    expect(code).toBe(0);
    expect(io.err.join('')).toMatch(/wrote thresholds\.html: 4 chart\(s\), \d+ KiB\n/);
    const doc = embedded(path.join(dir, 'thresholds.html'));
    expect(doc.sections.map((s) => [s.title, s.charts.map((c) => c.id)])).toEqual([
      ['{job="a"}', ['group-0-signal', 'group-0-budget-0']],
      ['{job="b"}', ['group-1-signal', 'group-1-budget-0']],
    ]);
  });

  it('draws the seasonal band and a budget curve per direction', async () => {
    const io = captureIo({ cwd: dir });
    const code = await runCli(
      [
        'thresholds',
        '--samples',
        SAMPLES,
        '--signal',
        'queue_depth',
        '--by',
        'job',
        '--interval',
        '1h',
        '--method',
        'seasonal',
        '--direction',
        'both',
        '--report',
        'seasonal.html',
      ],
      io,
    );
    expect(io.err.join('')).toMatch(/wrote seasonal\.html: 6 chart\(s\), \d+ KiB\n/);
    expect(code).toBe(0);
    const doc = embedded(path.join(dir, 'seasonal.html'));
    const [signal, upper, lower] = doc.sections[0]!.charts;
    expect(signal!.kind === 'time' && signal!.envelopes.map((e) => [e.kind, e.name])).toEqual([
      ['band', 'upper band: median + 3·MAD'],
      ['band', 'lower band: median − 3·MAD'],
    ]);
    // Without a budget, k is the default 3; the curve's x axis is k.
    expect([upper, lower].map((c) => c!.kind === 'curve' && [c!.xLabel, c!.vlines.map((v) => v.at)])).toEqual([
      ['k (MADs from the seasonal median)', [3]],
      ['k (MADs from the seasonal median)', [3]],
    ]);
  });
});
