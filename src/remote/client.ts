// The HTTP client for Prometheus-compatible query APIs. Every request goes
// through one queue that enforces the concurrency and rate limits; failures
// that may pass (5xx, 429, timeouts, dropped connections, truncated bodies)
// are retried a bounded number of times with exponential backoff and
// jitter; everything else comes back at once as a `RemoteError` with the
// server's own error text. Nothing here throws across the API: callers get
// a discriminated union.

import http from 'node:http';
import https from 'node:https';
import type { ServerOptions } from './server-config.js';

export type RemoteErrorKind =
  /** Connection refused, DNS failure, TLS failure: nothing answered. */
  | 'unreachable'
  | 'timeout'
  /** 4xx: the request is wrong (bad query, auth); retrying will not help. */
  | 'client-error'
  /** 5xx after all retries. */
  | 'server-error'
  /** The answer is (or would be) larger than the server or we accept: ask for less. */
  | 'too-large'
  /** Not the JSON the API documents, or cut short. */
  | 'bad-response'
  /** The caller gave up (Ctrl-C). */
  | 'aborted';

export interface RemoteError {
  readonly kind: RemoteErrorKind;
  readonly message: string;
  readonly status?: number;
  readonly attempts: number;
}

export type ApiResult<T> =
  { readonly ok: true; readonly data: T; readonly warnings: readonly string[]; readonly bytes: number } | { readonly ok: false; readonly error: RemoteError };

/** Server error texts that mean "this query touches too much": split it, do not retry it. */
const TOO_LARGE_TEXT =
  /too many samples|exceeded maximum resolution|maxSamplesPerQuery|maxSamplesPerSeries|maxPointsPerTimeseries|maxSeries|max.?series|exceeded the maximum|limit exceeded|too many (points|series|chunks|data points)|response too large|would fetch too many/i;

interface Attempt<T> {
  readonly result: ApiResult<T>;
  /** Whether another attempt may succeed. */
  readonly retry: boolean;
  readonly retryAfterMs?: number;
}

export interface RequestStats {
  requests: number;
  retries: number;
  bytes: number;
}

export class PromClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStartMs = 0;
  private readonly agent: http.Agent;
  readonly stats: RequestStats = { requests: 0, retries: 0, bytes: 0 };

  constructor(
    readonly options: ServerOptions,
    private readonly signal?: AbortSignal,
  ) {
    const common = { keepAlive: true, maxSockets: options.concurrency };
    this.agent =
      options.url.protocol === 'https:'
        ? new https.Agent({
            ...common,
            ...(options.tls.ca ? { ca: options.tls.ca } : {}),
            ...(options.tls.cert ? { cert: options.tls.cert } : {}),
            ...(options.tls.key ? { key: options.tls.key } : {}),
            rejectUnauthorized: !options.tls.insecureSkipVerify,
          })
        : new http.Agent(common);
  }

  /** The server's base URL without credentials, for messages. */
  get label(): string {
    return this.options.url.href.replace(/\/$/, '');
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * Calls `api/v1/<endpoint>` and returns the `data` of a success envelope.
   * POST with a form body where the API allows it (query, query_range,
   * series, labels), GET otherwise.
   */
  async call<T>(
    endpoint: string,
    params: Readonly<Record<string, string | readonly string[]>>,
    method: 'GET' | 'POST' = 'POST',
    /** A faster decoder for a known answer shape; undefined from it means "use JSON.parse". */
    decode?: (text: string) => unknown,
  ): Promise<ApiResult<T>> {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const x of typeof v === 'string' ? [v] : v) form.append(k, x);
    let attempt = 0;
    for (;;) {
      attempt++;
      const a = await this.withSlot(() => this.once<T>(endpoint, form, method, attempt, decode));
      if (a.result.ok || !a.retry || attempt > this.options.retries || this.signal?.aborted) return a.result;
      this.stats.retries++;
      const backoff = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (attempt - 1));
      // Full jitter keeps many clients from retrying in lock step; Retry-After wins when the server sets one (capped).
      const delay = a.retryAfterMs !== undefined ? Math.min(this.options.maxBackoffMs, a.retryAfterMs) : backoff / 2 + Math.random() * (backoff / 2);
      if (!(await this.sleep(delay))) return { ok: false, error: { kind: 'aborted', message: 'interrupted', attempts: attempt } };
    }
  }

  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.signal?.aborted) return resolve(false);
      const t = setTimeout(() => {
        this.signal?.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(t);
        resolve(false);
      };
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs `f` once a concurrency slot is free and the rate limit allows a new request. */
  private async withSlot<R>(f: () => Promise<R>): Promise<R> {
    if (this.active >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      const rate = this.options.rateLimitPerSecond;
      if (rate !== undefined) {
        const now = Date.now();
        const at = Math.max(now, this.nextStartMs);
        this.nextStartMs = at + 1000 / rate;
        if (at > now) await this.sleep(at - now);
      }
      return await f();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private once<T>(endpoint: string, form: URLSearchParams, method: 'GET' | 'POST', attempt: number, decode?: (text: string) => unknown): Promise<Attempt<T>> {
    const o = this.options;
    const url = new URL(`api/v1/${endpoint}`, o.url);
    const body = form.toString();
    if (method === 'GET' && body !== '') url.search = body;
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'identity', 'user-agent': 'promforge', ...o.headers };
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    if (o.auth.kind === 'bearer') headers['authorization'] = `Bearer ${o.auth.token}`;
    if (o.auth.kind === 'basic') headers['authorization'] = `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}`;
    const fail = (kind: RemoteErrorKind, message: string, retry: boolean, status?: number, retryAfterMs?: number): Attempt<T> => ({
      result: { ok: false, error: { kind, message, attempts: attempt, ...(status !== undefined ? { status } : {}) } },
      retry,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
    const where = `${this.label}/api/v1/${endpoint}`;
    this.stats.requests++;

    return new Promise((resolve) => {
      let settled = false;
      const done = (a: Attempt<T>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        resolve(a);
      };
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, { method, headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > o.maxResponseBytes) {
            req.destroy();
            done(fail('too-large', `${where}: response larger than ${o.maxResponseBytes} bytes`, false));
            return;
          }
          chunks.push(c);
        });
        res.on('aborted', () => done(fail('bad-response', `${where}: the server closed the connection mid-response (after ${size} bytes)`, true)));
        res.on('error', (e) => done(fail('bad-response', `${where}: response cut short: ${e.message}`, true)));
        res.on('end', () => {
          if (settled) return;
          this.stats.bytes += size;
          const text = Buffer.concat(chunks).toString('utf8');
          done(this.interpret<T>(where, status, text, size, res.headers['retry-after'], fail, decode));
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        done(fail('timeout', `${where}: no complete answer within ${o.timeoutMs} ms`, true));
      }, o.timeoutMs);
      const onAbort = (): void => {
        req.destroy();
        done(fail('aborted', 'interrupted', false));
      };
      this.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? '';
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN') {
          done(fail('unreachable', `cannot reach ${this.label}: ${code}`, code !== 'ENOTFOUND'));
        } else if (/CERT|SSL|TLS/i.test(code) || /certificate/i.test(e.message)) {
          done(fail('unreachable', `TLS handshake with ${this.label} failed: ${e.message}`, false));
        } else {
          done(fail('bad-response', `${where}: connection failed: ${code || e.message}`, true));
        }
      });
      if (method === 'POST') req.end(body);
      else req.end();
    });
  }

  private interpret<T>(
    where: string,
    status: number,
    text: string,
    size: number,
    retryAfter: string | undefined,
    fail: (kind: RemoteErrorKind, message: string, retry: boolean, status?: number, retryAfterMs?: number) => Attempt<T>,
    decode?: (text: string) => unknown,
  ): Attempt<T> {
    let body: { status?: string; data?: T; error?: string; errorType?: string; warnings?: string[]; infos?: string[] } | undefined;
    try {
      // Only a success answer can be in the fast decoder's shape; errors go through JSON.parse.
      body = ((status >= 200 && status < 300 ? decode?.(text) : undefined) ?? JSON.parse(text)) as typeof body;
    } catch {
      body = undefined;
    }
    // The API's own error text, or the first line of whatever a proxy sent.
    const serverText = body?.error !== undefined ? `${body.errorType ? `${body.errorType}: ` : ''}${body.error}` : text.trim().split('\n')[0]!.slice(0, 300);
    if (status === 429 || status >= 500) {
      const retryAfterMs = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
      if (TOO_LARGE_TEXT.test(serverText)) return fail('too-large', `${where}: HTTP ${status}: ${serverText}`, false, status);
      return fail('server-error', `${where}: HTTP ${status}: ${serverText || '(empty body)'}`, true, status, retryAfterMs);
    }
    if (status >= 400 || body?.status === 'error') {
      const kind = TOO_LARGE_TEXT.test(serverText) || status === 413 ? 'too-large' : 'client-error';
      return fail(kind, `${where}: HTTP ${status}: ${serverText || '(empty body)'}`, false, status);
    }
    if (body === undefined) return fail('bad-response', `${where}: the answer is not JSON (${size} bytes): ${text.slice(0, 120)}`, true, status);
    if (body.status !== 'success' || !('data' in body)) return fail('bad-response', `${where}: the answer is not an API success envelope`, false, status);
    return { result: { ok: true, data: body.data as T, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])], bytes: size }, retry: false };
  }
}

/** A one-line message for a failed request, with how many attempts were made. */
export function describeRemoteError(e: RemoteError): string {
  const tries = e.attempts > 1 ? ` (gave up after ${e.attempts} attempts)` : '';
  return `${e.message}${tries}`;
}
