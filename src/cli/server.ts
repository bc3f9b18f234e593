// What the CLI commands share when they talk to a server: pick and resolve
// the server (`--prometheus URL|NAME` and the config's `prometheus:`
// blocks), stop cleanly on Ctrl-C (nothing is written by an interrupted
// run), show progress on the CLI's progress line (a terminal, no --quiet),
// print server warnings, and hand back either fetched series or a push-down
// backend. Commands stay thin: one call each; src/remote/ stays a library.

import type { CliIo } from './io.js';
import { formatFileDiagnostic } from '../diagnostics.js';
import type { EvalGroup, RuleBackend } from '../rules/types.js';
import type { RecordedSeries } from '../samples/types.js';
import { PromClient, describeRemoteError } from '../remote/client.js';
import type { FetchProgress } from '../remote/fetch-samples.js';
import { pickServer, resolveServer } from '../remote/server-config.js';

export type Engine = 'local' | 'remote';

export interface Connection {
  readonly client: PromClient;
  /** Whether Ctrl-C was pressed. */
  readonly interrupted: () => boolean;
  close(): void;
}

/** Connects to `arg` (a URL or a config block name); the config is found from `io.cwd` upward. */
export async function connect(io: CliIo, arg: string, configPath?: string): Promise<Connection | { error: string }> {
  const { loadConfig } = await import('../config/load.js');
  const cfg = loadConfig(io.cwd, configPath);
  const bad = cfg.diagnostics[0];
  if (bad) return { error: formatFileDiagnostic(bad) };
  const spec = pickServer(arg, cfg.config.prometheus ?? []);
  const resolved = resolveServer(spec, cfg.config.dir, io.env);
  if ('error' in resolved) return { error: `--prometheus ${arg}: ${resolved.error}` };
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.on('SIGINT', onSigint);
  const client = new PromClient(resolved.options, abort.signal);
  return {
    client,
    interrupted: () => abort.signal.aborted,
    close: () => {
      process.removeListener('SIGINT', onSigint);
      client.close();
    },
  };
}

/**
 * Fetch progress on the CLI's progress line: bytes read of the expected total
 * (what the share of the time span fetched so far predicts), with its ETA.
 * Call `end` when the fetch is over, whatever its outcome.
 */
export function fetchProgress(io: CliIo): { readonly onProgress?: (p: FetchProgress) => void; end(): void } {
  const task = io.progress?.('fetching from the server', 'bytes');
  if (!task) return { end: () => undefined };
  return {
    onProgress: (p) => task.update(p.bytes, p.fraction > 0 ? Math.max(p.bytes, Math.round(p.bytes / p.fraction)) : undefined),
    end: () => task.end(),
  };
}

export interface ServerRun {
  readonly server: string;
  readonly engine: Engine;
  readonly groups: readonly EvalGroup[];
  readonly startMs: number;
  readonly endMs: number;
  readonly defaultIntervalMs: number;
  readonly configPath?: string;
}

/** Fetch mode gives series to evaluate locally; push-down a backend answering every rule's expression. */
export type ServerData = { readonly series: RecordedSeries[]; readonly backend?: RuleBackend } | { readonly error: string };

export async function dataFromServer(io: CliIo, run: ServerRun, command: string): Promise<ServerData> {
  const conn = await connect(io, run.server, run.configPath);
  if ('error' in conn) return conn;
  const warn = (w: string): void => io.stderr(`promforge ${command}: warning: ${w}\n`);
  try {
    if (run.engine === 'local') {
      const { fetchSeriesForRules } = await import('../remote/source.js');
      const progress = fetchProgress(io);
      const r = await fetchSeriesForRules(
        conn.client,
        { groups: run.groups, startMs: run.startMs, endMs: run.endMs },
        progress.onProgress ? { onProgress: progress.onProgress } : {},
      );
      progress.end();
      for (const n of r.notes) warn(n);
      for (const w of r.warnings) warn(w);
      if (!r.ok) return { error: conn.interrupted() ? 'interrupted: nothing written' : describeRemoteError(r.error) };
      if (io.isTTY) io.stderr(`  fetched ${r.series.length} series, ${r.stats.samples} samples in ${r.stats.requests} requests\n`);
      return { series: r.series };
    }
    const { evaluateOnServer } = await import('../remote/pushdown.js');
    const task = io.progress?.('server queries');
    const r = await evaluateOnServer(conn.client, {
      groups: run.groups,
      startMs: run.startMs,
      endMs: run.endMs,
      defaultIntervalMs: run.defaultIntervalMs,
      ...(task ? { onProgress: (done: number, total: number) => task.update(done, total) } : {}),
    });
    task?.end();
    if (!r.ok) return { error: conn.interrupted() ? 'interrupted: nothing written' : describeRemoteError(r.error) };
    for (const w of r.warnings) warn(w);
    for (const e of r.ruleErrors) io.stderr(`promforge ${command}: error: rule ${e.rule} (group ${e.group}): ${e.message}\n`);
    if (r.ruleErrors.length > 0) return { error: `${r.ruleErrors.length} rule(s) could not be evaluated on the server` };
    return { series: [], backend: r.backend };
  } finally {
    conn.close();
  }
}

/** Parses `--engine`. */
export function parseEngine(text: string | undefined): Engine | undefined {
  if (text === undefined || text === 'local') return 'local';
  if (text === 'remote') return 'remote';
  return undefined;
}

/**
 * The raw series one expression reads over [startMs, endMs] (plus its
 * look-back), for `query` and `thresholds`: the expression is planned as a
 * one-rule group, so selectors, ranges, offsets and `@` are handled exactly
 * as for rule files.
 */
export async function seriesForExprFromServer(
  io: CliIo,
  run: { readonly server: string; readonly expr: string; readonly startMs: number; readonly endMs: number; readonly configPath?: string },
  command: string,
): Promise<{ readonly series: RecordedSeries[] } | { readonly error: string }> {
  const { parseExpr } = await import('../promql/parse.js');
  const parsed = parseExpr(run.expr);
  if (parsed.expr === undefined) return { error: `cannot parse ${JSON.stringify(run.expr)}: ${parsed.diagnostics[0]?.message ?? 'syntax error'}` };
  // A name no selector can read: the group's output must not hide a real metric.
  const group: EvalGroup = {
    name: command,
    queryOffsetMs: 0,
    limit: 0,
    rules: [{ kind: 'recording', name: '__promforge_expression__', expr: parsed.expr, labels: [] }],
  };
  const got = await dataFromServer(
    io,
    {
      server: run.server,
      engine: 'local',
      groups: [group],
      startMs: run.startMs,
      endMs: run.endMs,
      defaultIntervalMs: 60_000,
      ...(run.configPath ? { configPath: run.configPath } : {}),
    },
    command,
  );
  if ('error' in got) return got;
  return { series: got.series };
}
