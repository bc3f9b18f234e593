// `lint --prometheus`: what lint asks of a server before its checks run —
// facts about every selector (promql/series) and, unless a metadata file was
// given, metric types from /api/v1/metadata.

import type { MetadataType } from '../knowledge/metric-types.js';
import type { LintRule } from '../lint/rule-context.js';
import type { Expr } from '../promql/ast.js';
import type { PromClient } from './client.js';
import { describeRemoteError } from './client.js';
import { collectSeriesFacts, selectorsToCheck } from './collect-series-facts.js';
import { fetchMetadata } from './record.js';
import type { ServerFacts } from '../lint/server-facts.js';

export async function fromServer(
  client: PromClient,
  rules: readonly LintRule[],
  wantTypes: boolean,
): Promise<{ facts: ServerFacts; types?: Map<string, MetadataType> } | { error: string }> {
  const outputs = new Set(['ALERTS', 'ALERTS_FOR_STATE', ...rules.filter((r) => r.kind === 'record').map((r) => r.name)]);
  const exprs = rules.map((r) => r.expr).filter((e): e is Expr => e !== undefined);
  const facts = await collectSeriesFacts(client, selectorsToCheck(exprs, outputs));
  if (!facts.ok) return { error: `--prometheus: ${describeRemoteError(facts.error)}` };
  if (!wantTypes) return { facts: facts.facts };
  const meta = await fetchMetadata(client);
  if (!meta.ok) return { facts: facts.facts };
  return { facts: facts.facts, types: new Map([...meta.metadata].map(([k, v]) => [k, v.type as MetadataType])) };
}
