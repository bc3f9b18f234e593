// A loopback HTTP proxy in front of a real server that injects faults:
// status codes with the server's kind of error text, answers that never
// come, bodies cut short, Thanos-style warnings, slow answers. It counts the
// requests it sees so tests can check that retries are bounded.

import http from 'node:http';

export type Fault =
  | { readonly kind: 'pass' }
  /** Answer `status` with `body` to the first `times` requests (Infinity: always), then pass. */
  | { readonly kind: 'status'; readonly status: number; readonly body: string; readonly times: number }
  /** Never answer the first `times` requests. */
  | { readonly kind: 'hang'; readonly times: number }
  /** Send half the upstream body, then drop the connection, for the first `times` requests. */
  | { readonly kind: 'truncate'; readonly times: number }
  /** Add warnings to every success envelope. */
  | { readonly kind: 'warn'; readonly warnings: readonly string[] }
  /** Delay every answer. */
  | { readonly kind: 'slow'; readonly delayMs: number };

export class FaultProxy {
  fault: Fault = { kind: 'pass' };
  requests = 0;
  private faulted = 0;
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();

  private constructor(private readonly upstream: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const p = new FaultProxy(upstream);
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    return p;
  }

  get url(): string {
    const a = this.server.address();
    return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }

  set(fault: Fault): void {
    this.fault = fault;
    this.requests = 0;
    this.faulted = 0;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests++;
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const f = this.fault;
    const take = (times: number): boolean => this.faulted++ < times;
    if (f.kind === 'status' && take(f.times)) {
      res.writeHead(f.status, { 'content-type': f.body.startsWith('{') ? 'application/json' : 'text/plain' });
      res.end(f.body);
      return;
    }
    if (f.kind === 'hang' && take(f.times)) return; // the client's timeout must fire
    if (f.kind === 'slow') await new Promise((r) => setTimeout(r, f.delayMs));
    const up = await fetch(`${this.upstream}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
      ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
    }).catch(() => undefined);
    if (!up) {
      res.writeHead(502);
      res.end('upstream unreachable');
      return;
    }
    let body = await up.text();
    if (f.kind === 'warn' && up.ok) {
      const j = JSON.parse(body) as Record<string, unknown>;
      j['warnings'] = f.warnings;
      body = JSON.stringify(j);
    }
    res.writeHead(up.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    if (f.kind === 'truncate' && take(f.times)) {
      res.write(body.slice(0, Math.floor(body.length / 2)));
      res.destroy();
      return;
    }
    res.end(body);
  }

  async stop(): Promise<void> {
    for (const r of this.open) r.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
