// Prometheus durations (common/model.ParseDuration) for load steps, eval
// times and promtool `interval`s, in the result shape the sample loaders use.
// The parser itself is the PromQL front end's (src/promql/literals.ts).

import { formatDuration, parseDuration as parsePromDuration } from '../promql/literals.js';

export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly error: string };

export function parseDuration(s: string): DurationResult {
  const r = parsePromDuration(s);
  return 'error' in r ? { ok: false, error: r.error } : { ok: true, ms: r.ms };
}

export { formatDuration };
