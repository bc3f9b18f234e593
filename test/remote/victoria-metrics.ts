// Runs a throw-away single-node VictoriaMetrics on loopback, fed through its
// JSON-lines import API. `stop()` kills it and removes its data; tests call
// it in afterAll (and the process exit hook takes the server along should a
// worker die first).

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordedSeries } from '../../src/samples/types.js';
import { labelsToRecord } from '../../src/model/labels.js';

export const VICTORIA_METRICS_BIN = process.env['PROMFORGE_VICTORIA_METRICS_BIN'] ?? '/usr/bin/victoria-metrics';

export function victoriaMetricsPresent(): boolean {
  return existsSync(VICTORIA_METRICS_BIN);
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

export class VictoriaMetricsServer {
  private child: ChildProcess | undefined;
  private logTail = '';

  private constructor(
    readonly workDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(timeoutMs = 30_000): Promise<VictoriaMetricsServer> {
    const workDir = mkdtempSync(path.join(tmpdir(), 'promforge-vm-'));
    const server = new VictoriaMetricsServer(workDir, await freePort());
    try {
      server.child = spawn(
        VICTORIA_METRICS_BIN,
        [`-storageDataPath=${path.join(workDir, 'data')}`, `-httpListenAddr=127.0.0.1:${server.port}`, '-retentionPeriod=100y', '-loggerLevel=ERROR'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const child = server.child;
      const killOnExit = (): void => {
        if (child.exitCode === null) child.kill('SIGKILL');
      };
      process.once('exit', killOnExit);
      child.once('exit', () => process.removeListener('exit', killOnExit));
      child.stderr?.on('data', (d: Buffer) => {
        server.logTail = (server.logTail + d.toString()).slice(-4000);
      });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`victoria-metrics exited early: ${server.logTail}`);
        const ok = await fetch(`${server.url}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`victoria-metrics not ready after ${timeoutMs} ms: ${server.logTail}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return server;
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  /** Imports float series through /api/v1/import (JSON lines) and flushes them to be searchable. */
  async import(series: readonly RecordedSeries[]): Promise<void> {
    const lines: string[] = [];
    for (const s of series) {
      if (s.timestamps.length === 0) continue;
      lines.push(JSON.stringify({ metric: labelsToRecord(s.labels), values: Array.from(s.values), timestamps: Array.from(s.timestamps) }));
    }
    const res = await fetch(`${this.url}/api/v1/import`, { method: 'POST', body: lines.join('\n') + '\n' });
    if (!res.ok) throw new Error(`import failed: HTTP ${res.status}: ${await res.text()}`);
    await fetch(`${this.url}/internal/force_flush`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
