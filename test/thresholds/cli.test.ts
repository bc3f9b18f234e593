import { describe, expect, it } from 'vitest';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

const samples = path.resolve(__dirname, '../../fixtures/thresholds/two-days.test');

async function run(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['thresholds', '--samples', samples, '--interval', '1h', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('promforge thresholds', () => {
  it('fits a quantile per group and prints the table', async () => {
    const r = await run('--signal', 'queue_depth', '--by', 'job', '--q', '1');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\{job="a"\}\s+50\s+q=1/);
    expect(r.out).toMatch(/\{job="b"\}\s+6\s+q=1/);
  });

  it('chooses the lowest threshold within a budget', async () => {
    const r = await run('--signal', 'queue_depth', '--by', 'job', '--budget', '0/week', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { groups: { labels: Record<string, string>; threshold: number; backtest: { alerts: number } }[] };
    expect(json.groups.map((g) => [g.labels['job'], g.threshold, g.backtest.alerts])).toEqual([
      ['a', 50, 0],
      ['b', 6, 0],
    ]);
  });

  it('writes the thresholds table the pack compiler reads', async () => {
    const r = await run('--signal', 'queue_depth', '--by', 'job', '--q', '1', '--format', 'yaml');
    expect(r.out).toContain('kind: Thresholds');
    expect(r.out).toContain('key:\n  - job');
    expect(r.out).toMatch(/labels:\n\s+job: a\n\s+threshold: 50\n\s+method: quantile/);
  });

  it.each([
    [['--signal', 'does_not_exist'], /the signal returned nothing/],
    [['--signal', 'queue_depth[5m]'], /must be an instant vector \(or scalar\), got a range vector/],
    [['--signal', '"text"'], /must be an instant vector \(or scalar\), got a string/],
    [['--signal', 'sum(('], /not valid PromQL/],
    [['--signal', 'queue_depth', '--method', 'seasonal', '--season', 'week'], /needs at least two weeks of history; the signal covers 2\.0 days/],
  ])('explains bad input: %o', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.out).not.toMatch(/NaN/);
  });

  it('leaves NaN and Inf samples out instead of fitting NaN', async () => {
    const r = await run('--signal', 'weird', '--q', '1', '--format', 'json');
    const json = JSON.parse(r.out) as { groups: { threshold: number; samples: number }[] };
    expect(json.groups[0]).toMatchObject({ threshold: 3, samples: 3 });
    expect(r.err).toContain('1 ±Inf value(s) of the signal were left out of fitting');
  });

  it.each([
    [['--signal', 'x', '--method', 'median'], /--method must be one of auto, quantile, sigma, mad, seasonal, slope, envelope/],
    [['--signal', 'x', '--budget', 'lots'], /--budget must look like 2\/week/],
    [['--signal', 'x', '--for', '5x'], /--for/],
  ])('rejects bad options with exit 2: %o', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('promforge thresholds on awkward data', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'promforge-thr-'));
  const write = (name: string, text: string): string => {
    const f = path.join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  const cli = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli(['thresholds', ...args], io);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  it('fits hourly data stamped at :00:01, reading the last sample within the data interval', async () => {
    const rows = Array.from({ length: 72 }, (_, i) => `${1_700_000_000 - (1_700_000_000 % 3600) + i * 3600 + 1},${10 + (i % 5)}`);
    const csv = write('hourly.csv', `timestamp,value\n${rows.join('\n')}\n`);
    const rules = path.join(tmp, 'hourly.yml');
    const r = await cli('--samples', csv, '--signal', 'value', '--method', 'envelope', '--emit-rules', rules, '--format', 'json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/default 5m lookback misses them.*last sample within 120m/);
    const json = JSON.parse(r.out) as { stepSeconds: number; groups: { threshold: number; samples: number }[] };
    expect(json.stepSeconds).toBe(3600);
    expect(json.groups[0]).toMatchObject({ threshold: 14.8, samples: 71 });
    const text = readFileSync(rules, 'utf8');
    expect(text).toContain('last_over_time(value[2h]) > 14.8');
    expect(text).toContain('interval: 1h');
  });

  it('says why nothing came back when the interval is shorter than the data and the lookback is forced small', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${1_700_000_000 + i * 3600 + 1},1`);
    const csv = write('hourly2.csv', `timestamp,value\n${rows.join('\n')}\n`);
    const r = await cli('--samples', csv, '--signal', 'valu', '--interval', '1m');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the signal returned nothing .*check the metric names.*lookback-delta/);
    expect(r.err).toMatch(/samples are 3600s apart but the interval is 60s: try --interval 3600s/);
  });

  it('gives constant and mostly constant groups a threshold and a note, without failing the others', async () => {
    const lines = Array.from({ length: 48 }, (_, i) => `${1_700_000_000 + i * 60},5,${i === 10 ? 9 : 3},${i % 7}`);
    const csv = write('flat.csv', `timestamp,m{job="flat"},m{job="mostly"},m{job="busy"}\n${lines.join('\n')}\n`);
    const r = await cli('--samples', csv, '--signal', 'm', '--by', 'job', '--method', 'mad', '--k', '3', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/\{job="flat"\}: the signal is constant/);
    expect(r.err).toMatch(/\{job="mostly"\}: MAD = 0/);
    const json = JSON.parse(r.out) as { groups: { labels: { job: string }; threshold: number | null; error: string | null }[] };
    expect(json.groups.map((g) => [g.labels.job, g.error])).toEqual([
      ['busy', null],
      ['flat', null],
      ['mostly', null],
    ]);
    expect(json.groups.every((g) => g.threshold !== null && Number.isFinite(g.threshold))).toBe(true);
  });
});

describe('promforge thresholds: numbers and durations', () => {
  // MAD over these values fits 32 + 3 × 0.75, which in floating point is 34.25000000000001.
  const noisy = 'load 1m\n  g{job="a"} 30.1 32.3 32.7 31.9 30.4 32.1 32.9 31.2 30.3 32.3 32.7 31.9 30.4 32.1 32.9 31.2\n';

  it('prints short numbers and Prometheus durations for people, and emits the exact value', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-thr-fmt-'));
    writeFileSync(path.join(dir, 'g.test'), noisy);
    const io = captureIo({ cwd: dir });
    const code = await runCli(['thresholds', '--samples', 'g.test', '--signal', 'g', '--method', 'mad', '--emit-rules', 'g.rules.yml'], io);
    expect(code).toBe(0);
    expect(io.out.join('')).toBe(
      [
        'signal: g',
        'method: mad, direction: upper, for: 0s, step: 1m',
        'history: 1970-01-01T00:00:00.000Z → 1970-01-01T00:15:00.000Z',
        '',
        'group         threshold  params                    samples  coverage  alerts/week  firing',
        '------------  ---------  ------------------------  -------  --------  -----------  ------',
        '(all series)  34.25      k=3 center=32 scale=0.75  16       100.0%    0.00         0s',
        '',
      ].join('\n'),
    );
    const rules = readFileSync(path.join(dir, 'g.rules.yml'), 'utf8');
    // The rule compares with the fitted double itself: the backtest's answer, not a rounded neighbour.
    expect(rules).toContain('expr: "g > 34.25000000000001"\n');
    expect(rules).toContain('# method: mad, direction: upper, for: 0s\n');
    expect(rules).toContain('"promforge_params": "direction=upper for=0s k=3"');
    expect(rules).not.toMatch(/\d+ms\b/);
  });

  it('writes a for of 90 minutes as 1h30m in the rule and its comments', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-thr-fmt-'));
    writeFileSync(path.join(dir, 'g.test'), noisy);
    const io = captureIo({ cwd: dir });
    expect(await runCli(['thresholds', '--samples', 'g.test', '--signal', 'g', '--method', 'mad', '--for', '90m', '--emit-rules', 'g.rules.yml'], io)).toBe(0);
    expect(io.out.join('')).toContain('for: 1h30m, step: 1m');
    const rules = readFileSync(path.join(dir, 'g.rules.yml'), 'utf8');
    expect(rules).toContain('        for: 1h30m\n');
    expect(rules).toContain('for=1h30m');
  });
});
