// Prometheus durations (common/model.ParseDuration): `1h30m`, `5m`, `0`,
// units in strictly decreasing order y w d h m s ms, no sign, no fractions,
// a year being 365 days. Used for load steps, eval times and promtool
// `interval`s. Limited like Go's time.Duration to about 292 years.

export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly error: string };

interface DurationUnit {
  readonly nanos: bigint;
  /** Rank from largest (1) to smallest; units must appear in increasing rank. */
  readonly rank: number;
}

const MS = 1_000_000n;
const DURATION_UNITS: Readonly<Record<string, DurationUnit>> = {
  y: { nanos: 365n * 24n * 3600n * 1000n * MS, rank: 1 },
  w: { nanos: 7n * 24n * 3600n * 1000n * MS, rank: 2 },
  d: { nanos: 24n * 3600n * 1000n * MS, rank: 3 },
  h: { nanos: 3600n * 1000n * MS, rank: 4 },
  m: { nanos: 60n * 1000n * MS, rank: 5 },
  s: { nanos: 1000n * MS, rank: 6 },
  ms: { nanos: MS, rank: 7 },
};

const MAX_NANOS = 2n ** 63n - 1n;

export function parseDuration(s: string): DurationResult {
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return { ok: false, error: 'empty duration string' };
  const invalid: DurationResult = { ok: false, error: `not a valid duration string: ${JSON.stringify(s)}` };
  let total = 0n;
  let lastRank = 0;
  let rest = s;
  while (rest !== '') {
    const m = /^([0-9]+)([^0-9]*)/.exec(rest);
    if (m === null || m[2] === '') return invalid;
    const unit = DURATION_UNITS[m[2]!];
    if (unit === undefined) return { ok: false, error: `unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(s)}` };
    if (unit.rank <= lastRank) return invalid;
    lastRank = unit.rank;
    total += BigInt(m[1]!) * unit.nanos;
    if (total > MAX_NANOS) return { ok: false, error: 'duration out of range' };
    rest = rest.slice(m[0].length);
  }
  return { ok: true, ms: Number(total / MS) };
}

/**
 * Prints milliseconds as Prometheus's model.Duration does (`1h30m`, `500ms`,
 * `0s`). Years and weeks are used only when they divide the whole duration,
 * because `90d` reads better than `12w6d`.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, { nanos }] of Object.entries(DURATION_UNITS)) {
    const size = Number(nanos / MS);
    const onlyIfExact = unit === 'y' || unit === 'w';
    if (onlyIfExact && rest % size !== 0) continue;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return sign + out;
}
