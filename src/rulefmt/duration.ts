// Prometheus durations as `model.ParseDuration` (prometheus/common) reads
// them: unit groups in decreasing order, each at most once, integers only,
// "0" alone allowed. Used for `for`, `keep_firing_for`, `interval`,
// `query_offset`.

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

/** Unit → milliseconds, in the only order units may appear. */
const DURATION_UNITS: readonly (readonly [unit: string, ms: number])[] = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_DURATION_MS = Number(BigInt('9223372036854775807') / 1_000_000n);

export function parseModelDuration(text: string): DurationResult {
  if (text === '') return { ok: false, message: 'empty duration string' };
  if (text === '0') return { ok: true, ms: 0 };
  const invalid: DurationResult = { ok: false, message: `not a valid duration string: ${goQuote(text)}` };
  let rest = text;
  let nextUnit = 0;
  let total = 0n;
  while (rest !== '') {
    const m = /^([0-9]+)(ms|[ywdhms])/.exec(rest);
    if (!m) return invalid;
    const digits = m[1] as string;
    const unit = m[2] as string;
    const idx = DURATION_UNITS.findIndex(([u], i) => i >= nextUnit && u === unit);
    if (idx === -1) return invalid;
    total += BigInt(digits) * BigInt((DURATION_UNITS[idx] as readonly [string, number])[1]);
    nextUnit = idx + 1;
    rest = rest.slice(m[0].length);
  }
  if (total > BigInt(MAX_DURATION_MS)) return { ok: false, message: 'duration out of range' };
  return { ok: true, ms: Number(total) };
}

/** Formats milliseconds the way `model.Duration.String()` does (e.g. `1h30m`). */
export function formatModelDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** A string quoted the way Go's %q does for printable text. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
