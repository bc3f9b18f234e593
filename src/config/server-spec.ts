// A `prometheus:` block of .promforge.yaml as the user writes it (or just
// `--prometheus URL`). The config owns the shape it reads;
// src/remote/server-config.ts resolves it into client options.

/** A secret is never written inline: it comes from a file or an environment variable. */
export type SecretRef = { readonly file: string } | { readonly env: string };

export interface ServerSpec {
  /** A name to pick this block with `--prometheus NAME`. */
  readonly name?: string;
  readonly url: string;
  readonly bearerToken?: SecretRef;
  readonly basicAuth?: { readonly username: string; readonly password: SecretRef };
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir/Cortex tenants. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly insecureSkipVerify?: boolean };
  /** Per-request timeout (duration text, default 2m). */
  readonly timeout?: string;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Requests started per second at most (default: unlimited). */
  readonly rateLimit?: number;
  /** Retries of a failed request (5xx, 429, timeout, connection error); default 3. */
  readonly retries?: number;
  /** Largest response body accepted (bytes, default 256 MiB); a larger one is fetched in smaller pieces. */
  readonly maxResponseBytes?: number;
}
