// `lint --prometheus` against a real Prometheus 2.42 holding the last hour of
// data: a misspelled metric name and a label value that never occurs are
// reported by promql/series at their exact positions, with the server's real
// names and values as hints; the correct rule gets no finding. And with a
// server that scrapes a target, metric types come from its /api/v1/metadata:
// lint --prometheus finds what lint --metadata finds with the same types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PrometheusServer, binariesPresent } from '../differential/prometheus-server.js';

async function run(args: string[], cwd: string) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const present = binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} missing: lint --prometheus against a real server skipped`);

/** The last hour at 15 s for two jobs (lint looks for series in the last 7 days). */
function recentOpenMetrics(): string {
  const end = Math.floor(Date.now() / 1000 / 15) * 15 - 60;
  const lines = ['# TYPE http_requests counter'];
  for (const job of ['api', 'web'])
    for (const code of ['200', '500']) {
      for (let i = 240; i >= 0; i--) lines.push(`http_requests_total{job="${job}",code="${code}"} ${(240 - i) * (code === '200' ? 10 : 1)} ${end - i * 15}`);
    }
  lines.push('# EOF', '');
  return lines.join('\n');
}

const RULES = `groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{job="api",code="500"}[5m])) / sum(rate(http_requests_total{job="api"}[5m])) > 0.05
        for: 10m
        labels:
          severity: warning
        annotations:
          summary: API error rate is high
`;

const BROKEN = `groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_request_total{job="api",code="500"}[5m])) / sum(rate(http_requests_total{job="apii"}[5m])) > 0.05
        for: 10m
        labels:
          severity: warning
        annotations:
          summary: API error rate is high
`;

describe.skipIf(!present)('lint --prometheus against Prometheus 2.42', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-lint-server-'));
  writeFileSync(path.join(dir, 'good.yml'), RULES);
  writeFileSync(path.join(dir, 'broken.yml'), BROKEN);
  let server: PrometheusServer | undefined;
  beforeAll(async () => {
    server = await PrometheusServer.start(recentOpenMetrics(), 120_000);
  }, 180_000);
  afterAll(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = () => `http://127.0.0.1:${server!.port}`;

  it('stays silent on the correct rule', async () => {
    const r = await run(['lint', 'good.yml', '--prometheus', url(), '--format', 'json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const problems = JSON.parse(r.out) as { check: string }[];
    expect(problems.filter((p) => p.check === 'promql/series')).toEqual([]);
  });

  it('reports the misspelled metric and the label value that never occurs, at their positions', async () => {
    const r = await run(['lint', 'broken.yml', '--prometheus', url(), '--format', 'json'], dir);
    const problems = (JSON.parse(r.out) as { check: string; message: string; line: number; column: number; endColumn: number }[]).filter(
      (p) => p.check === 'promql/series',
    );
    const exprLine = BROKEN.split('\n').findIndex((l) => l.includes('expr:')) + 1;
    const exprCol = BROKEN.split('\n')[exprLine - 1]!.indexOf('sum(') + 1;
    const exprText = BROKEN.split('\n')[exprLine - 1]!;
    const col = (needle: string): number => exprCol + exprText.slice(exprCol - 1).indexOf(needle);
    expect(problems.map((p) => ({ line: p.line, column: p.column, message: p.message }))).toEqual([
      {
        line: exprLine,
        column: col('http_request_total'),
        message: expect.stringMatching(
          /^metric http_request_total does not exist on http:\/\/127\.0\.0\.1:\d+ \(no series in the last 1w\); did you mean http_requests_total\?$/,
        ),
      },
      {
        line: exprLine,
        column: col('job="apii"'),
        message: expect.stringMatching(/^no series on http:\/\/127\.0\.0\.1:\d+ has job="apii" \(last 1w\); values seen: api, web$/),
      },
    ]);
    // promql/series is a warning: the rule is suspicious, the file is not invalid.
    expect(r.code).toBe(0);
  });
});

/** Two metrics whose names do not tell their types; only the server's metadata does. */
const EXPOSITION =
  '# HELP queue_length Jobs waiting.\n# TYPE queue_length gauge\nqueue_length 3\n# HELP processed_jobs Jobs done.\n# TYPE processed_jobs counter\nprocessed_jobs 17\n';

const TYPED_RULES = `groups:
  - name: g
    rules:
      - record: job:queue_length:rate5m
        expr: rate(queue_length[5m])
      - record: job:processed_jobs:deriv
        expr: deriv(processed_jobs[5m])
`;

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe.skipIf(!present)('lint --prometheus takes metric types from a scraping Prometheus 2.42', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-lint-metadata-'));
  writeFileSync(path.join(dir, 'typed.yml'), TYPED_RULES);
  const target = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(EXPOSITION));
  let prometheus: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    const targetPort = await listen(target);
    const probe = createHttpServer();
    port = await listen(probe);
    await new Promise((r) => probe.close(r));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['127.0.0.1:${targetPort}']\n`,
    );
    prometheus = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    // Metadata exists once the target has been scraped.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/metadata`)).json()) as { data?: Record<string, unknown> };
        if (body.data && 'queue_length' in body.data && 'processed_jobs' in body.data) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('the target was not scraped within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);
  afterAll(() => {
    prometheus?.kill('SIGKILL');
    target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds what --metadata with the same types finds, and nothing without either', async () => {
    writeFileSync(
      path.join(dir, 'meta.json'),
      JSON.stringify({
        status: 'success',
        data: { queue_length: [{ type: 'gauge', help: '', unit: '' }], processed_jobs: [{ type: 'counter', help: '', unit: '' }] },
      }),
    );
    const summary = (out: string) =>
      (JSON.parse(out) as { check: string; severity: string; line: number; column: number }[])
        .map((p) => `${p.line}:${p.column} ${p.severity} ${p.check}`)
        .sort();
    const bare = await run(['lint', 'typed.yml', '--format', 'json'], dir);
    expect(summary(bare.out)).toEqual([]);
    const fromFile = await run(['lint', 'typed.yml', '--format', 'json', '--metadata', 'meta.json'], dir);
    const fromServer = await run(['lint', 'typed.yml', '--format', 'json', '--prometheus', `http://127.0.0.1:${port}`], dir);
    expect(fromServer.err).toBe('');
    expect(summary(fromServer.out).filter((s) => !s.endsWith('promql/series'))).toEqual(summary(fromFile.out));
    expect(summary(fromFile.out)).toEqual(['5:15 error promql/rate', '7:15 warning promql/gauge-functions']);
    expect(fromServer.code).toBe(1);
  });
});
