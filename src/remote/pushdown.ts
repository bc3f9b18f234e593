// Push-down evaluation (`--engine remote`): the server evaluates each rule's
// expression as a range query at its group's interval, and promforge runs
// only the rule machinery locally (alert state with `for` and
// `keep_firing_for`, labels, annotations, recording output), through the
// same GroupEvaluator as local evaluation. The data never leaves the server,
// so this scales with the server (Thanos, Mimir, VictoriaMetrics are
// distributed query engines), at the price of the server's semantics; see
// docs/remote.md for where they differ and `semanticsWarnings` for what we
// tell the user at run time.

import type { Expr } from '../promql/ast.js';
import { labelsFromRecord } from '../model/labels.js';
import type { EvalGroup, RuleBackend, Sample } from '../rules/types.js';
import type { PromClient, RemoteError } from './client.js';
import { parseSampleValue } from './fetch-samples.js';
import { PushdownRewriter } from './pushdown-rewrite.js';

/** Prometheus refuses range queries of more than 11,000 points per series; stay below. */
const MAX_STEPS_PER_QUERY = 10_000;

export interface ServerInfo {
  /** e.g. "2.42.0"; undefined when the server does not say (VictoriaMetrics, some proxies). */
  readonly version?: string;
}

export async function serverInfo(client: PromClient): Promise<ServerInfo> {
  const r = await client.call<{ version?: string }>('status/buildinfo', {}, 'GET');
  return r.ok && typeof r.data.version === 'string' && r.data.version !== '' ? { version: r.data.version } : {};
}

/** What to warn about, given the server: where its answers can differ from promforge's local (Prometheus 3.x) evaluation. */
export function semanticsWarnings(info: ServerInfo, alignedToInterval: boolean, substitutedAsSubquery: boolean): string[] {
  const out: string[] = [];
  if (info.version === undefined) {
    out.push(
      'the server does not report a Prometheus version (VictoriaMetrics, a proxy?): its query language may differ from PromQL (e.g. MetricsQL rate() and lookback); push-down results follow the server',
    );
  } else if (/^[0-2]\./.test(info.version)) {
    out.push(
      `the server is Prometheus ${info.version}: ranges are sent 1ms shorter so its closed windows [t-r, t] hold what 3.x's (t-r, t] hold, but rate()/increase() extrapolate over that shorter range, regex "." does not match newline, and 3.x-only functions are refused`,
    );
  }
  if (substitutedAsSubquery && !alignedToInterval)
    out.push(
      'recording rules read over a range are substituted as subqueries, which the server evaluates at multiples of the interval: align --start to the group interval for exact results',
    );
  return out;
}

export interface PushdownRequest {
  readonly groups: readonly EvalGroup[];
  readonly startMs: number;
  readonly endMs: number;
  readonly defaultIntervalMs: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PushdownRule {
  readonly group: string;
  readonly rule: string;
  readonly query: string;
}

export type PushdownResult =
  | {
      readonly ok: true;
      /** A backend answering each rule's own expression at its evaluation times, from the server's answers. */
      readonly backend: RuleBackend;
      readonly queries: PushdownRule[];
      readonly warnings: string[];
      /** Rules the server could not evaluate (bad query for this server, a substitution that is not possible). */
      readonly ruleErrors: { group: string; rule: string; message: string }[];
    }
  | { readonly ok: false; readonly error: RemoteError };

interface MatrixSeries {
  readonly metric: Record<string, string>;
  readonly values?: [number, string][];
}

export async function evaluateOnServer(client: PromClient, r: PushdownRequest): Promise<PushdownResult> {
  const sec = (ms: number): string => (ms / 1000).toFixed(3);
  const warnings = new Set<string>();
  const names = await client.call<string[]>('label/__name__/values', { start: sec(r.startMs - 86_400_000), end: sec(r.endMs) }, 'GET');
  if (!names.ok) return { ok: false, error: names.error };
  const info = await serverInfo(client);
  // promforge evaluates with 3.x semantics; a 2.x server is asked for left-open windows.
  const twoX = info.version !== undefined && /^[0-2]\./.test(info.version);
  const rewriter = new PushdownRewriter(r.groups, r.defaultIntervalMs, new Set(names.data), twoX);

  const results = new Map<Expr, Map<number, Sample[]>>();
  const queries: PushdownRule[] = [];
  const ruleErrors: { group: string; rule: string; message: string }[] = [];
  let asSubquery = false;
  let aligned = true;
  let failure: RemoteError | undefined;
  const jobs: (() => Promise<void>)[] = [];

  for (const g of r.groups) {
    const step = g.intervalMs ?? r.defaultIntervalMs;
    if (r.startMs % step !== 0) aligned = false;
    const evalStart = r.startMs - g.queryOffsetMs;
    const n = Math.floor((r.endMs - r.startMs) / step) + 1;
    for (const rule of g.rules) {
      const rw = rewriter.rewrite(rule.expr);
      if (!rw.ok) {
        ruleErrors.push({ group: g.name, rule: rule.name, message: rw.error });
        continue;
      }
      if (rw.notes.some((n) => n.includes('subquery'))) asSubquery = true;
      queries.push({ group: g.name, rule: rule.name, query: rw.query });
      const byTime = new Map<number, Sample[]>();
      results.set(rule.expr, byTime);
      for (let k = 0; k < n; k += MAX_STEPS_PER_QUERY) {
        const from = evalStart + k * step;
        const to = evalStart + Math.min(n - 1, k + MAX_STEPS_PER_QUERY - 1) * step;
        jobs.push(async () => {
          if (failure) return;
          const q = await rangeQuery(client, rw.query, from, to, step);
          if (!q.ok) {
            // A query the server rejects is this rule's error, as a failing rule is on a server.
            if (q.error.kind === 'client-error') ruleErrors.push({ group: g.name, rule: rule.name, message: q.error.message });
            else failure ??= q.error;
            return;
          }
          for (const w of q.warnings) warnings.add(`${client.label}: ${w}`);
          for (const s of q.series) {
            const labels = labelsFromRecord(s.metric);
            for (const [t, v] of s.values ?? []) {
              const ms = Math.round(t * 1000);
              let at = byTime.get(ms);
              if (!at) byTime.set(ms, (at = []));
              at.push({ labels, value: parseSampleValue(v) });
            }
          }
        });
      }
    }
  }
  let done = 0;
  await Promise.all(
    jobs.map(async (job) => {
      await job();
      r.onProgress?.(++done, jobs.length);
    }),
  );
  if (failure) return { ok: false, error: failure };
  for (const w of semanticsWarnings(info, aligned, asSubquery)) warnings.add(w);

  const backend: RuleBackend = {
    query: (expr, t) => {
      const byTime = results.get(expr);
      if (!byTime) return { ok: false, error: 'not evaluated by the server (see the push-down errors above)' };
      return { ok: true, samples: byTime.get(t) ?? [] };
    },
    // Rule outputs stay local: every reader of them was given their expression instead (or the server has them).
    append: () => undefined,
  };
  return { ok: true, backend, queries, warnings: [...warnings], ruleErrors };
}

/** One range query, split in halves when the server finds it too large. */
async function rangeQuery(
  client: PromClient,
  query: string,
  fromMs: number,
  toMs: number,
  stepMs: number,
): Promise<{ ok: true; series: MatrixSeries[]; warnings: readonly string[] } | { ok: false; error: RemoteError }> {
  const sec = (ms: number): string => (ms / 1000).toFixed(3);
  const r = await client.call<{ resultType: string; result: MatrixSeries[] }>('query_range', {
    query,
    start: sec(fromMs),
    end: sec(toMs),
    step: `${stepMs / 1000}`,
  });
  if (r.ok) {
    if (r.data.resultType !== 'matrix')
      return { ok: false, error: { kind: 'bad-response', message: `${client.label}: a range query answered with a ${r.data.resultType}`, attempts: 1 } };
    return { ok: true, series: r.data.result, warnings: r.warnings };
  }
  const steps = Math.round((toMs - fromMs) / stepMs);
  if (r.error.kind !== 'too-large' || steps < 2) return r;
  const mid = fromMs + Math.floor(steps / 2) * stepMs;
  const a = await rangeQuery(client, query, fromMs, mid, stepMs);
  if (!a.ok) return a;
  const b = await rangeQuery(client, query, mid + stepMs, toMs, stepMs);
  if (!b.ok) return b;
  return { ok: true, series: [...a.series, ...b.series], warnings: [...a.warnings, ...b.warnings] };
}
