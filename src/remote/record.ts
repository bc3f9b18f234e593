// `promforge record`: the raw series a rule set reads, pulled from a server
// over a time range into an OpenMetrics file (gzipped for `.gz` names), so
// that a production incident becomes a dry-run fixture or a unit test. The
// file is written atomically, after everything was fetched: a failed or
// interrupted run leaves no file behind, not even a partial one.

import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { EvalGroup } from '../rules/types.js';
import type { MetricMetadata, MetricType } from '../samples/types.js';
import { METRIC_TYPES } from '../samples/types.js';
import { openMetricsText } from '../samples/write-openmetrics.js';
import type { PromClient, RemoteError } from './client.js';
import type { FetchProgress } from './fetch-samples.js';
import { fetchSeriesForRules } from './source.js';

export interface RecordRequest {
  readonly groups: readonly EvalGroup[];
  readonly startMs: number;
  readonly endMs: number;
  readonly file: string;
  readonly onProgress?: (p: FetchProgress) => void;
}

export type RecordResult =
  | { readonly ok: true; readonly series: number; readonly samples: number; readonly bytes: number; readonly warnings: string[] }
  | { readonly ok: false; readonly error: RemoteError | { kind: 'write'; message: string }; readonly warnings: string[] };

/** The server's metric metadata (types, help, units), empty when it has none (e.g. backfilled data). */
export async function fetchMetadata(client: PromClient): Promise<{ ok: true; metadata: Map<string, MetricMetadata> } | { ok: false; error: RemoteError }> {
  const r = await client.call<Record<string, { type?: string; help?: string; unit?: string }[]>>('metadata', {}, 'GET');
  if (!r.ok) return r;
  const metadata = new Map<string, MetricMetadata>();
  for (const [name, entries] of Object.entries(r.data ?? {})) {
    const e = entries[0];
    if (!e) continue;
    const type = (METRIC_TYPES as readonly string[]).includes(e.type ?? '') ? (e.type as MetricType) : 'unknown';
    metadata.set(name, { type, ...(e.help ? { help: e.help } : {}), ...(e.unit ? { unit: e.unit } : {}) });
  }
  return { ok: true, metadata };
}

export async function recordFromServer(client: PromClient, r: RecordRequest): Promise<RecordResult> {
  const fetched = await fetchSeriesForRules(client, { groups: r.groups, startMs: r.startMs, endMs: r.endMs }, r.onProgress ? { onProgress: r.onProgress } : {});
  const warnings = [...fetched.notes, ...fetched.warnings];
  if (!fetched.ok) return { ok: false, error: fetched.error, warnings };
  const meta = await fetchMetadata(client);
  // Metadata is a nicety (types in the file); a server without the endpoint still gets its samples recorded.
  if (!meta.ok) warnings.push(`no metric metadata: ${meta.error.message}`);
  const written = await writeStreamAtomic(r.file, openMetricsText(fetched.series, meta.ok ? meta.metadata : new Map()), /\.gz$/i.test(r.file));
  if ('error' in written) return { ok: false, error: { kind: 'write', message: `cannot write ${r.file}: ${written.error}` }, warnings };
  return { ok: true, series: fetched.series.length, samples: fetched.stats.samples, bytes: written.bytes, warnings };
}

/**
 * Streams text chunks (gzipped if asked) into a temporary file next to
 * `file` and renames it over `file` at the end; on any failure the
 * temporary file is removed and `file` is untouched.
 */
async function writeStreamAtomic(file: string, chunks: Iterable<string>, gzip: boolean): Promise<{ bytes: number } | { error: string }> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.promforge-${process.pid}-${Date.now()}.tmp`);
  const out = createWriteStream(tmp, { flags: 'wx' });
  try {
    const source = Readable.from(chunks, { objectMode: false });
    if (gzip) await pipeline(source, createGzip(), out);
    else await pipeline(source, out);
    await rename(tmp, file);
    return { bytes: out.bytesWritten };
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}
