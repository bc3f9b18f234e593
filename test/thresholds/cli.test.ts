import { describe, expect, it } from 'vitest';
import path from 'node:path';
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
    [['--signal', 'x', '--method', 'median'], /--method must be one of quantile, sigma, mad, seasonal, slope/],
    [['--signal', 'x', '--budget', 'lots'], /--budget must look like 2\/week/],
    [['--signal', 'x', '--for', '5x'], /--for/],
  ])('rejects bad options with exit 2: %o', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
