// The CLI over a real Prometheus 2.42: `dryrun --prometheus` prints the same
// JSON as `dryrun --samples` over the same data; `record` writes a fixture
// that dry-runs the same as the server and that promtool can backfill;
// usage mistakes are exit 2 with a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PrometheusServer, binariesPresent } from '../differential/prometheus-server.js';
import { leakSlice, shippedPacks, toOpenMetrics } from './leak-slice.js';

async function run(args: string[], cwd: string) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const present = binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} missing: remote CLI tests skipped`);

describe('remote CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-remote-cli-'));
  const slice = leakSlice(false, { from: '2026-01-08T08:00:00Z', to: '2026-01-08T13:00:00Z' });
  const range = ['--start', new Date(slice.startMs).toISOString(), '--end', new Date(slice.endMs).toISOString()];
  const ruleFiles = shippedPacks().files.map((f, i) => {
    const file = path.join(dir, `rules-${i}.yml`);
    writeFileSync(file, f.content);
    return file;
  });
  writeFileSync(path.join(dir, 'slice.om'), toOpenMetrics(slice.series));
  let server: PrometheusServer | undefined;
  beforeAll(async () => {
    if (present) server = await PrometheusServer.start(toOpenMetrics(slice.series), 120_000);
  }, 180_000);
  afterAll(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = () => `http://127.0.0.1:${server!.port}`;

  it.skipIf(!present)('dryrun --prometheus prints the same JSON as dryrun --samples', async () => {
    const fromFile = await run(['dryrun', ...ruleFiles, '--samples', 'slice.om', ...range, '--format', 'json'], dir);
    expect(fromFile.err).toBe('');
    expect(fromFile.code).toBe(0);
    const fromServer = await run(['dryrun', ...ruleFiles, '--prometheus', url(), ...range, '--format', 'json'], dir);
    expect(fromServer.err).toBe('');
    expect(fromServer.code).toBe(0);
    expect(fromServer.out).toBe(fromFile.out);
    expect(fromServer.out).toContain('"firingAt": {');
  });

  it.skipIf(!present)('record, then dry-run on the recording = dry-run on the server', async () => {
    const rec = await run(['record', ...ruleFiles, '--prometheus', url(), ...range, '-o', 'incident.om.gz'], dir);
    expect(rec.code).toBe(0);
    expect(rec.err).toMatch(/^wrote incident\.om\.gz: \d+ series, \d+ samples, \d+ KiB\n$/);
    const onServer = await run(['dryrun', ...ruleFiles, '--prometheus', url(), ...range, '--format', 'json'], dir);
    const onFile = await run(['dryrun', ...ruleFiles, '--samples', 'incident.om.gz', ...range, '--format', 'json'], dir);
    expect(onFile.err).toBe('');
    expect(onFile.out).toBe(onServer.out);
    // The recording is valid input for promtool's backfill too.
    const plain = await run(['record', ...ruleFiles, '--prometheus', url(), ...range, '-o', 'incident.om'], dir);
    expect(plain.code).toBe(0);
    const backfill = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'incident.om'), path.join(dir, 'blocks')], {
      encoding: 'utf8',
    });
    expect(backfill.stderr).not.toMatch(/error/i);
    expect(backfill.status).toBe(0);
  });

  it.skipIf(!present)('dryrun --engine remote runs and warns about the 2.x server', async () => {
    const r = await run(['dryrun', ruleFiles[0]!, '--prometheus', url(), '--engine', 'remote', ...range, '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: the server is Prometheus 2.42.0');
    expect(JSON.parse(r.out).alerts.length).toBeGreaterThan(0);
  });

  it.skipIf(!present)('query --prometheus prints what query --samples prints, instant and range', async () => {
    const at = new Date(slice.startMs + 3 * 3_600_000 + 30_000).toISOString();
    const expr = 'topk(3, sum by (job) (deriv(go_goroutines[30m])))';
    for (const when of [
      ['--time', at],
      ['--start', at, '--end', new Date(slice.startMs + 3 * 3_600_000 + 630_000).toISOString(), '--step', '1m'],
    ]) {
      const fromFile = await run(['query', expr, ...when, '--format', 'json', '--samples', 'slice.om'], dir);
      expect(fromFile.err).toBe('');
      const fromServer = await run(['query', expr, ...when, '--format', 'json', '--prometheus', url()], dir);
      expect(fromServer.err).toBe('');
      expect(fromServer.code).toBe(0);
      expect(fromServer.out).toBe(fromFile.out);
      // topk picks 3 at each step; over a range the picks may change.
      expect(JSON.parse(fromServer.out).data.result.length).toBeGreaterThanOrEqual(3);
    }
  });

  it.skipIf(!present)('the fetch progress is the CLI progress line: drawn on a terminal, erased before the output, and nothing under --quiet', async () => {
    const onTerminal = async (args: string[]) => {
      let t = 0;
      const io = captureIo({ cwd: dir, stderrIsTTY: true, now: () => (t += 1000) });
      const code = await runCli(args, io);
      return { code, out: io.out.join(''), err: io.err.join('') };
    };
    const args = ['dryrun', ruleFiles[0]!, '--prometheus', url(), ...range, '--format', 'json'];
    const plain = await run(args, dir);
    const tty = await onTerminal(args);
    expect(tty.code).toBe(0);
    expect(tty.out).toBe(plain.out);
    const drawn = tty.err
      .split('\r')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    expect(drawn.some((l) => /^fetching from the server: \d+% \(\d+(\.\d)? (B|KiB|MiB)\/\d+(\.\d)? (B|KiB|MiB)/.test(l))).toBe(true);
    expect(drawn.filter((l) => l.startsWith('fetching')).at(-1)).toMatch(/^fetching from the server: 100% \(/);
    // Erased: the terminal shows nothing of it once the command is done.
    expect(tty.err.endsWith('\r')).toBe(true);
    const quiet = await onTerminal(['--quiet', ...args]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    expect(quiet.out).toBe(plain.out);
  });

  it.skipIf(!present)('thresholds --prometheus fits what thresholds --samples fits', async () => {
    const args = ['thresholds', '--signal', 'max by (job) (go_goroutines)', '--method', 'quantile', ...range, '--format', 'json'];
    const fromFile = await run([...args, '--samples', 'slice.om'], dir);
    expect(fromFile.code).toBe(0);
    const fromServer = await run([...args, '--prometheus', url()], dir);
    expect(fromServer.code).toBe(0);
    expect(fromServer.out).toBe(fromFile.out);
    expect(fromServer.out).toContain('"threshold"');
  });

  it.skipIf(!present)('score --prometheus scores what score --samples scores', async () => {
    writeFileSync(path.join(dir, 'incidents.yml'), '- start: 2026-01-08T10:30:00Z\n  end: 2026-01-08T13:00:00Z\n  labels: {job: svc-07}\n');
    const args = ['score', ...ruleFiles, '--incidents', 'incidents.yml', ...range, '--format', 'json'];
    const fromFile = await run([...args, '--samples', 'slice.om'], dir);
    expect(fromFile.err).toBe('');
    const fromServer = await run([...args, '--prometheus', url()], dir);
    expect(fromServer.err).toBe('');
    expect(fromServer.code).toBe(fromFile.code);
    expect(fromServer.out).toBe(fromFile.out);
    expect(JSON.parse(fromServer.out).rows).toBeGreaterThan(0);
  });

  it('refuses bad combinations with exit 2', async () => {
    const cases: [string[], string][] = [
      [['dryrun', ruleFiles[0]!], 'give --samples or --prometheus'],
      [['dryrun', ruleFiles[0]!, '--prometheus', 'http://127.0.0.1:1'], '--start is required with --prometheus'],
      [['dryrun', ruleFiles[0]!, '--samples', 'slice.om', '--engine', 'remote'], '--engine remote needs --prometheus'],
      [['dryrun', ruleFiles[0]!, '--prometheus', 'http://127.0.0.1:1', '--start', '0', '--engine', 'fast'], '--engine must be local or remote'],
      [['dryrun', ruleFiles[0]!, '--prometheus', 'ftp://127.0.0.1', '--start', '0', '--end', '60'], 'server URL must be http:// or https://'],
      [['record', ruleFiles[0]!, '--prometheus', 'http://127.0.0.1:1', '--start', 'yesterday', '-o', 'x.om'], '--start: cannot parse "yesterday"'],
      [['query', 'up', '--time', '0'], 'give --samples or --prometheus'],
      [['query', 'up', '--time', '0', '--samples', 'slice.om', '--prometheus', 'http://127.0.0.1:1'], 'give --samples or --prometheus'],
      [['query', 'up', '--time', '0', '--prometheus', 'http://127.0.0.1:1'], 'cannot reach'],
      [['thresholds', '--signal', 'up', '--prometheus', 'http://127.0.0.1:1'], '--start is required with --prometheus'],
      [['thresholds', '--signal', 'up'], 'give --samples or --prometheus'],
      [['score', ruleFiles[0]!, '--incidents', 'incidents.yml', '--prometheus', 'http://127.0.0.1:1'], '--start is required with --prometheus'],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, dir);
      expect(r.err).toContain(message);
      expect(r.code).toBe(2);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('x.om') || f.startsWith('.x.om'))).toEqual([]);
    expect(existsSync(path.join(dir, 'x.om'))).toBe(false);
  });
});
