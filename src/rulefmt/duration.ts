// Prometheus durations as `model.ParseDuration` (prometheus/common) reads
// them: unit groups in decreasing order, each at most once, integers only,
// "0" alone allowed. Used for `for`, `keep_firing_for`, `interval`,
// `query_offset`.

import { formatDuration, parseDuration } from '../promql/literals.js';
import { goQuote } from '../go/strconv.js';

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

export function parseModelDuration(text: string): DurationResult {
  const r = parseDuration(text);
  return 'error' in r ? { ok: false, message: r.error } : { ok: true, ms: r.ms };
}

/** Formats milliseconds the way `model.Duration.String()` does (e.g. `1h30m`). */
export const formatModelDuration = formatDuration;

export { goQuote };
