// The promqltest and query commands, run in-process on temporary files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/io.js';
import type { CommandModule } from '../../src/cli/program.js';
import { promqltestCommand } from '../../src/cli/commands/promqltest.js';
import { queryCommand } from '../../src/cli/commands/query.js';

async function run(command: CommandModule, args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd });
  let code = -1;
  const program = new Command('promforge').exitOverride();
  command.register(program, { io, debug: () => false }, (c) => (code = c));
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  await program.parseAsync(args, { from: 'user' });
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const dir = mkdtempSync(join(tmpdir(), 'promforge-promqltest-'));
writeFileSync(
  join(dir, 'good.test'),
  `load 1m
    http_requests_total{job="api"} 0+10x5

eval instant at 3m sum(http_requests_total)
    {} 30

eval range from 0 to 2m step 1m http_requests_total
    http_requests_total{job="api"} 0 10 20
`,
);
writeFileSync(
  join(dir, 'bad.test'),
  `load 1m
    x 1 2 3

eval instant at 2m x
    x 4

load 1m
    h {{schema:0 sum:1 count:1}}

eval instant at 0m h
    h {{schema:0 sum:1 count:1}}
`,
);
writeFileSync(join(dir, 'samples.txt'), `load 1m\n    up{job="a"} 1 1 0\n    up{job="b"} 1 1 1\n`);

describe('promforge promqltest', () => {
  it('reports passes and exits 0 when everything passes', async () => {
    const r = await run(promqltestCommand, ['promqltest', 'good.test'], dir);
    expect(r.out).toBe('2 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  it('prints failing evals with file:line, expected vs got, and lists skips', async () => {
    const r = await run(promqltestCommand, ['promqltest', 'bad.test'], dir);
    expect(r.out).toBe(
      'bad.test:4: FAIL x\n    expected 4 for x but got 3\n' +
        'bad.test: 1 eval skipped: runs against native histograms, whose engine support is partial (use --native-histograms to run them)\n' +
        '0 passed, 1 failed, 1 skipped\n',
    );
    expect(r.code).toBe(1);
  });

  it('exits 2 on an unreadable file', async () => {
    const r = await run(promqltestCommand, ['promqltest', 'missing.test'], dir);
    expect(r.err).toContain('missing.test: cannot read');
    expect(r.code).toBe(2);
  });
});

describe('promforge query', () => {
  it('evaluates an instant query as text', async () => {
    const r = await run(queryCommand, ['query', 'sum by (job) (up)', '--samples', 'samples.txt', '--time', '2m'], dir);
    expect(r.out).toBe('{job="a"} 0\n{job="b"} 1\n');
    expect(r.code).toBe(0);
  });

  it('evaluates a range query as Prometheus API JSON', async () => {
    const r = await run(queryCommand, ['query', 'sum(up)', '--samples', 'samples.txt', '--start', '0', '--end', '2m', '--step', '1m', '--format', 'json'], dir);
    expect(JSON.parse(r.out)).toEqual({
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: {},
            values: [
              [0, '2'],
              [60, '2'],
              [120, '1'],
            ],
          },
        ],
      },
    });
  });

  it('reports evaluation errors with exit code 1', async () => {
    const r = await run(queryCommand, ['query', 'up / ignoring(job) up', '--samples', 'samples.txt', '--time', '0'], dir);
    expect(r.err).toBe(
      'error: found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="up", job="a"}, {__name__="up", job="b"}];many-to-many matching not allowed: matching labels must be unique on one side\n',
    );
    expect(r.code).toBe(1);
  });

  it('reads OpenMetrics recordings too', async () => {
    writeFileSync(join(dir, 'rec.om'), '# TYPE up gauge\nup{job="a"} 1 60\nup{job="a"} 0 120\n# EOF\n');
    const r = await run(queryCommand, ['query', 'up', '--samples', 'rec.om', '--time', '130'], dir);
    expect(r).toMatchObject({ code: 0, out: 'up{job="a"} 0\n' });
    const missing = await run(queryCommand, ['query', 'up', '--samples', 'none.om', '--time', '130'], dir);
    expect(missing.code).toBe(2);
  });

  it('takes the expression after several sample files too (the variadic --samples does not swallow it)', async () => {
    writeFileSync(join(dir, 'more.om'), '# TYPE up gauge\nup{job="c"} 1 60\n# EOF\n');
    const after = await run(queryCommand, ['query', '--time', '2m', '--samples', 'samples.txt', 'more.om', 'count(up)'], dir);
    expect(after).toEqual({ code: 0, out: '{} 3\n', err: '' });
    const before = await run(queryCommand, ['query', 'count(up)', '--time', '2m', '--samples', 'samples.txt', 'more.om'], dir);
    expect(before).toEqual(after);
  });

  it('says so when the expression is missing, instead of reading a file as PromQL', async () => {
    const r = await run(queryCommand, ['query', '--time', '2m', '--samples', 'samples.txt', 'more.om'], dir);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: "promforge query: missing the PromQL expression: write it before --samples, or after the sample files (query 'up' --samples a.om)\n",
    });
  });

  it('prints "no series" for an empty result, and an empty result array in JSON', async () => {
    const text = await run(queryCommand, ['query', 'up{job="nope"}', '--samples', 'samples.txt', '--time', '2m'], dir);
    expect(text).toEqual({ code: 0, out: 'no series\n', err: '' });
    const range = await run(queryCommand, ['query', 'up{job="nope"}', '--samples', 'samples.txt', '--start', '0', '--end', '2m', '--step', '1m'], dir);
    expect(range).toEqual({ code: 0, out: 'no series\n', err: '' });
    const json = await run(queryCommand, ['query', 'up{job="nope"}', '--samples', 'samples.txt', '--time', '2m', '--format', 'json'], dir);
    expect(JSON.parse(json.out)).toEqual({ status: 'success', data: { resultType: 'vector', result: [] } });
  });

  it('rejects conflicting time options', async () => {
    const r = await run(queryCommand, ['query', 'up', '--samples', 'samples.txt', '--time', '0', '--step', '1m'], dir);
    expect(r.err).toBe('promforge query: give either --time, or --start, --end and --step\n');
    expect(r.code).toBe(2);
  });
});
