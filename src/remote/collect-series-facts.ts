// Gathers `ServerFacts` for lint: one existence query per distinct selector
// (`count(last_over_time(S[window]))`), and for selectors that match
// nothing, the queries that say why: does the metric exist at all (and
// which names are close), which matcher filters everything out (and which
// values its label does have). Queries go through the client's limits.

import { walk, metricNameOf } from '../promql/ast.js';
import type { Expr, VectorSelector } from '../promql/ast.js';
import { printMatchers } from '../promql/printer.js';
import type { PromClient, RemoteError } from './client.js';
import type { SelectorFacts, ServerFacts } from '../lint/server-facts.js';
import { selectorKey } from '../lint/server-facts.js';

/** Functions whose argument is expected to be missing: absent(x) is written to fire when x is gone. */
const EXPECTS_ABSENCE = new Set(['absent', 'absent_over_time']);

/** Damerau-free Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function similarNames(name: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 4));
  return names
    .map((n) => ({ n, d: distance(name, n) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
    .slice(0, max)
    .map((x) => x.n);
}

/** The selectors of `exprs` that should exist on a server: not rule outputs, not inside absent(). */
export function selectorsToCheck(exprs: readonly Expr[], outputs: ReadonlySet<string>): VectorSelector[] {
  const out = new Map<string, VectorSelector>();
  for (const e of exprs) {
    walk(e, (node) => {
      if (node.kind === 'Call' && EXPECTS_ABSENCE.has(node.func)) return false;
      if (node.kind !== 'VectorSelector') return undefined;
      const name = metricNameOf(node);
      if (name !== undefined && outputs.has(name)) return undefined;
      out.set(selectorKey(node), node);
      return undefined;
    });
  }
  return [...out.values()];
}

export async function collectSeriesFacts(
  client: PromClient,
  selectors: readonly VectorSelector[],
  o: { windowMs?: number; atMs?: number } = {},
): Promise<{ ok: true; facts: ServerFacts } | { ok: false; error: RemoteError }> {
  const windowMs = o.windowMs ?? 7 * 86_400_000;
  const time = ((o.atMs ?? Date.now()) / 1000).toFixed(3);
  const range = `${windowMs}ms`;
  const count = async (matchers: string): Promise<number | RemoteError> => {
    const r = await client.call<{ resultType: string; result: { value: [number, string] }[] }>('query', {
      query: `count(last_over_time(${matchers}[${range}]))`,
      time,
    });
    if (!r.ok) return r.error;
    return r.data.result.length === 0 ? 0 : Number(r.data.result[0]!.value[1]);
  };
  let names: string[] | undefined;
  const allNames = async (): Promise<string[] | RemoteError> => {
    if (names) return names;
    const r = await client.call<string[]>('label/__name__/values', { start: ((Number(time) * 1000 - windowMs) / 1000).toFixed(3), end: time }, 'GET');
    if (!r.ok) return r.error;
    return (names = r.data);
  };
  const facts = new Map<string, SelectorFacts>();
  let failure: RemoteError | undefined;
  const isError = (x: unknown): x is RemoteError => typeof x === 'object' && x !== null && 'kind' in x;

  await Promise.all(
    selectors.map(async (vs) => {
      const key = selectorKey(vs);
      const n = await count(key);
      if (isError(n)) return void (failure ??= n);
      if (n > 0) return void facts.set(key, { kind: 'present', series: n });
      const name = metricNameOf(vs);
      const rest = vs.matchers.filter((m) => !(m.name === '__name__' && m.op === '=' && m.value === name));
      if (name !== undefined) {
        const byName = await count(printMatchers([{ name: '__name__', op: '=', value: name }]));
        if (isError(byName)) return void (failure ??= byName);
        if (byName === 0) {
          const all = await allNames();
          if (isError(all)) return void (failure ??= all);
          return void facts.set(key, { kind: 'no-metric', name, similar: similarNames(name, all) });
        }
      }
      // The metric exists: find a matcher that alone (with the name) matches nothing.
      for (const m of rest) {
        const base = name !== undefined ? [{ name: '__name__', op: '=' as const, value: name }] : [];
        const alone = await count(printMatchers([...base, { name: m.name, op: m.op, value: m.value }]));
        if (isError(alone)) return void (failure ??= alone);
        if (alone > 0) continue;
        const values = await client.call<string[]>(
          `label/${encodeURIComponent(m.name)}/values`,
          {
            'match[]': printMatchers(base.length > 0 ? base : [{ name: m.name, op: '=~', value: '.+' }]),
            start: ((Number(time) * 1000 - windowMs) / 1000).toFixed(3),
            end: time,
          },
          'GET',
        );
        if (!values.ok) return void (failure ??= values.error);
        return void facts.set(key, {
          kind: 'no-label-value',
          matcher: { name: m.name, op: m.op, value: m.value },
          seen: values.data.slice(0, 10),
          seenCount: values.data.length,
        });
      }
      facts.set(key, { kind: 'no-series' });
    }),
  );
  if (failure) return { ok: false, error: failure };
  return { ok: true, facts: { server: client.label, windowMs, selectors: facts } };
}
