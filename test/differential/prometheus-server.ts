// Runs a throw-away Prometheus 2.x server on loopback over data backfilled
// with promtool, and queries its HTTP API. Every process started here is
// killed by `stop()`, which the tests call in `afterAll` (also on failure).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROMETHEUS_BIN = process.env['PROMFORGE_PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env['PROMFORGE_PROMTOOL_BIN'] ?? '/usr/bin/promtool';

export function binariesPresent(...bins: string[]): boolean {
  return bins.every((b) => existsSync(b));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The API's answer to an instant query, reduced to what the comparison needs. */
export type ApiResult =
  | { readonly status: 'success'; readonly resultType: 'vector' | 'matrix' | 'scalar' | 'string'; readonly result: unknown }
  | { readonly status: 'error'; readonly errorType: string; readonly error: string };

export class PrometheusServer {
  private child: ChildProcess | undefined;
  private logTail = '';
  // Connections are kept and reused. Measured with 4,000 instant queries,
  // 8 at a time: 6.1–7.5 s wall and ~11 s CPU (Node plus Prometheus) with
  // `fetch`, 1.4–2.2 s and ~2.5 s CPU with this agent. Most of the
  // difference is connection setup on both sides.
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  private constructor(
    readonly workDir: string,
    readonly port: number,
  ) {}

  /** Backfills `openMetrics` into a fresh TSDB and starts the server on it; resolves once `/-/ready` answers. */
  static async start(openMetrics: string, timeoutMs = 30_000, extraArgs: readonly string[] = []): Promise<PrometheusServer> {
    const workDir = mkdtempSync(path.join(tmpdir(), 'promforge-diff-'));
    const server = new PrometheusServer(workDir, await freePort());
    try {
      const input = path.join(workDir, 'data.om');
      const dataDir = path.join(workDir, 'tsdb');
      writeFileSync(input, openMetrics);
      const backfill = spawnSync(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], { encoding: 'utf8', timeout: timeoutMs });
      if (backfill.status !== 0) throw new Error(`promtool backfill failed: ${backfill.stderr || backfill.error?.message}`);
      // No scrape configs: the server only serves the backfilled blocks. The
      // evaluation interval is the default subquery step, as in promforge.
      const config = path.join(workDir, 'prometheus.yml');
      writeFileSync(config, 'global:\n  evaluation_interval: 1m\n');
      server.child = spawn(
        PROMETHEUS_BIN,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${dataDir}`,
          '--storage.tsdb.retention.time=100y',
          `--web.listen-address=127.0.0.1:${server.port}`,
          '--log.level=warn',
          ...extraArgs,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      // Should the test worker exit without running afterAll, take the server along.
      const child = server.child;
      const killOnExit = (): void => {
        if (child.exitCode === null) child.kill('SIGKILL');
      };
      process.once('exit', killOnExit);
      child.once('exit', () => process.removeListener('exit', killOnExit));
      server.child.stderr?.on('data', (d: Buffer) => {
        server.logTail = (server.logTail + d.toString()).slice(-4000);
      });
      await server.waitReady(timeoutMs);
      return server;
    } catch (e) {
      server.stop();
      throw e;
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) throw new Error(`prometheus exited early: ${this.logTail}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/-/ready`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`prometheus not ready after ${timeoutMs} ms: ${this.logTail}`);
  }

  /** An instant query at `timeMs`. */
  query(expr: string, timeMs: number): Promise<ApiResult> {
    return this.call('query', { query: expr, time: (timeMs / 1000).toFixed(3) });
  }

  /** A range query from `startMs` to `endMs` every `stepMs`. */
  queryRange(expr: string, startMs: number, endMs: number, stepMs: number): Promise<ApiResult> {
    return this.call('query_range', { query: expr, start: (startMs / 1000).toFixed(3), end: (endMs / 1000).toFixed(3), step: (stepMs / 1000).toFixed(3) });
  }

  private async call(endpoint: string, fields: Record<string, string>): Promise<ApiResult> {
    const text = await this.post(`/api/v1/${endpoint}`, new URLSearchParams(fields).toString());
    const body = JSON.parse(text) as { status: string; data?: { resultType: string; result: unknown }; errorType?: string; error?: string };
    if (body.status === 'success' && body.data) return { status: 'success', resultType: body.data.resultType as 'vector', result: body.data.result };
    return { status: 'error', errorType: body.errorType ?? '', error: body.error ?? '' };
  }

  /** POSTs a form to the server; resolves with the response body whatever the status (the API answers errors in JSON). */
  private post(urlPath: string, form: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: urlPath,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(form);
    });
  }

  stop(): void {
    if (this.child && this.child.exitCode === null && this.child.pid !== undefined) this.child.kill('SIGKILL');
    this.child = undefined;
    this.agent.destroy();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
