// How promforge reaches one Prometheus-compatible server (Prometheus, Thanos,
// Mimir, VictoriaMetrics): URL, credentials, extra headers, TLS and the
// limits the client keeps to. `ServerSpec` is what a user writes (in the
// `prometheus:` block of .promforge.yaml, or just `--prometheus URL`);
// `resolveServer` turns it into `ServerOptions`, reading secrets from files
// or environment variables, and returns a message instead when it cannot.

import { cannotRead, readInputBytesSync, readInputTextSync } from '../fs/read.js';
import path from 'node:path';
import { parseDuration } from '../promql/literals.js';
import type { SecretRef, ServerSpec } from '../config/server-spec.js';

export type { SecretRef, ServerSpec } from '../config/server-spec.js';

export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface ServerOptions {
  readonly url: URL;
  readonly auth: Auth;
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly insecureSkipVerify: boolean };
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly rateLimitPerSecond?: number;
  readonly retries: number;
  /** First backoff delay; doubles per retry, with jitter, capped at `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxResponseBytes: number;
}

export const SERVER_DEFAULTS = {
  timeoutMs: 120_000,
  concurrency: 4,
  retries: 3,
  backoffMs: 250,
  maxBackoffMs: 5_000,
  maxResponseBytes: 256 * 1024 * 1024,
} as const;

function readSecret(ref: SecretRef, what: string, baseDir: string, env: Readonly<Record<string, string | undefined>>): { value: string } | { error: string } {
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') return { error: `${what}: environment variable ${ref.env} is not set` };
    return { value: v.trim() };
  }
  const read = readInputTextSync(path.resolve(baseDir, ref.file));
  return read.ok ? { value: read.value.trim() } : { error: `${what}: ${cannotRead(ref.file, read.error)}` };
}

/**
 * Resolves a spec into client options. `baseDir` anchors relative file paths
 * (the config file's directory); `env` is where `{env: NAME}` secrets come from.
 */
export function resolveServer(
  spec: ServerSpec,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>>,
): { options: ServerOptions } | { error: string } {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    return { error: `not a valid server URL: "${spec.url}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `server URL must be http:// or https://, got "${spec.url}"` };
  if (!url.pathname.endsWith('/')) url.pathname += '/';

  let auth: Auth = { kind: 'none' };
  if (spec.bearerToken && spec.basicAuth) return { error: `${spec.url}: set bearerToken or basicAuth, not both` };
  if (spec.bearerToken) {
    const s = readSecret(spec.bearerToken, 'bearerToken', baseDir, env);
    if ('error' in s) return s;
    auth = { kind: 'bearer', token: s.value };
  } else if (spec.basicAuth) {
    const s = readSecret(spec.basicAuth.password, 'basicAuth.password', baseDir, env);
    if ('error' in s) return s;
    auth = { kind: 'basic', username: spec.basicAuth.username, password: s.value };
  } else if (url.username !== '') {
    auth = { kind: 'basic', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
  }

  const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer; insecureSkipVerify: boolean } = { insecureSkipVerify: spec.tls?.insecureSkipVerify ?? false };
  for (const field of ['ca', 'cert', 'key'] as const) {
    const f = spec.tls?.[field];
    if (f === undefined) continue;
    const read = readInputBytesSync(path.resolve(baseDir, f));
    if (!read.ok) return { error: `tls.${field}: ${cannotRead(f, read.error)}` };
    tls[field] = read.value;
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) return { error: 'tls: cert and key go together' };

  let timeoutMs: number = SERVER_DEFAULTS.timeoutMs;
  if (spec.timeout !== undefined) {
    const d = parseDuration(spec.timeout);
    if ('error' in d || d.ms <= 0) return { error: `timeout: not a valid duration: "${spec.timeout}"` };
    timeoutMs = d.ms;
  }
  const positiveInt = (v: number | undefined, what: string, min: number): string | undefined =>
    v === undefined || (Number.isInteger(v) && v >= min) ? undefined : `${what} must be an integer >= ${min}, got ${v}`;
  const bad =
    positiveInt(spec.concurrency, 'concurrency', 1) ?? positiveInt(spec.retries, 'retries', 0) ?? positiveInt(spec.maxResponseBytes, 'maxResponseBytes', 1024);
  if (bad) return { error: bad };
  if (spec.rateLimit !== undefined && !(spec.rateLimit > 0)) return { error: `rateLimit must be > 0 requests per second, got ${spec.rateLimit}` };

  return {
    options: {
      url,
      auth,
      headers: { ...(spec.headers ?? {}) },
      tls,
      timeoutMs,
      concurrency: spec.concurrency ?? SERVER_DEFAULTS.concurrency,
      ...(spec.rateLimit !== undefined ? { rateLimitPerSecond: spec.rateLimit } : {}),
      retries: spec.retries ?? SERVER_DEFAULTS.retries,
      backoffMs: SERVER_DEFAULTS.backoffMs,
      maxBackoffMs: SERVER_DEFAULTS.maxBackoffMs,
      maxResponseBytes: spec.maxResponseBytes ?? SERVER_DEFAULTS.maxResponseBytes,
    },
  };
}

/** `--prometheus X`: a block named X, else a block with URL X, else a bare URL with defaults. */
export function pickServer(arg: string, blocks: readonly ServerSpec[]): ServerSpec {
  const byName = blocks.find((b) => b.name !== undefined && b.name === arg);
  if (byName) return byName;
  const norm = (u: string): string => u.replace(/\/+$/, '');
  return blocks.find((b) => norm(b.url) === norm(arg)) ?? { url: arg };
}
