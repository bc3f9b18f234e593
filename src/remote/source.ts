// A server as a sample source: the raw series a rule set reads (selectors
// traced through recording rules, see selectors.ts), fetched for the
// evaluation range plus each selector's look-back, ready for local
// evaluation with promforge's own engine.

import type { EvalGroup } from '../rules/types.js';
import type { PromClient } from './client.js';
import type { FetchOptions, FetchRange, FetchResult } from './fetch-samples.js';
import { fetchRawSamples } from './fetch-samples.js';
import { fetchWindows, selectorsRead } from './selectors.js';

export interface RuleSeriesRequest {
  readonly groups: readonly EvalGroup[];
  readonly startMs: number;
  readonly endMs: number;
  readonly lookbackMs?: number;
}

/** The fetch ranges for evaluating `groups` from `startMs` to `endMs`. */
export function rangesForRules(r: RuleSeriesRequest): { ranges: FetchRange[]; outputs: ReadonlySet<string>; notes: string[] } {
  const plan = selectorsRead(r.groups, r.lookbackMs !== undefined ? { lookbackMs: r.lookbackMs } : {});
  const ranges = plan.needs.flatMap((n) => fetchWindows(n, r.startMs, r.endMs).map((w) => ({ selector: n.selector, ...w })));
  return { ranges, outputs: plan.outputs, notes: plan.notes };
}

/** Fetches every raw sample the rules read over the range. */
export async function fetchSeriesForRules(
  client: PromClient,
  r: RuleSeriesRequest,
  o: Omit<FetchOptions, 'dropNames'> = {},
): Promise<FetchResult & { notes: string[] }> {
  const { ranges, outputs, notes } = rangesForRules(r);
  const res = await fetchRawSamples(client, ranges, { ...o, dropNames: outputs });
  return { ...res, notes };
}
