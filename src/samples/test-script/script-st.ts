// Start-timestamp lines inside `load` blocks (FORMAT §4.2):
//   `delta{type="otel"}@st   _ _ -1mx15`
// Each item is `_`, `_xN` (N gaps, N ≥ 1), `D`, `DxN` (N+1 copies) or
// `D±ExN` (D, D±E, …), where D and E are single-unit durations, D with an
// optional sign (`-30s`, `-59999ms`, `0`). Upstream also accepts `*` / `*xN`
// (repeat the previous offset) and a label-less `@st <items>` line that sets
// default offsets for the block's later sample lines; both are read here too.
// The offsets are added to the timestamps of the sample line that must
// follow directly.

import { parseDuration } from '../duration.js';

/** True when the first whitespace-delimited token ends in `@st` and something follows it. */
export function isStartTimestampLine(text: string): boolean {
  const space = text.search(/[ \t]/);
  return space >= 0 && text.slice(0, space).endsWith('@st');
}

type StResult = { ok: true; offsets: (number | undefined)[] } | { ok: false; error: string };

/** A signed single-unit duration at the start of `s`: its ms and the rest of `s`. */
function durationPrefix(s: string): { ms: number; rest: string } | string {
  const m = /^([+-]?)([0-9]*)([a-wyzA-Z]*)/.exec(s)!;
  if (m[2] === '') return `expected digits in duration ${JSON.stringify(s)}`;
  const d = parseDuration(m[2]! + m[3]!);
  if (!d.ok) return `invalid duration ${JSON.stringify(m[2]! + m[3]!)}: ${d.error}`;
  return { ms: m[1] === '-' ? -d.ms : d.ms, rest: s.slice(m[0].length) };
}

function repeatCount(s: string): number | undefined {
  return /^[0-9]+$/.test(s) ? Number(s) : undefined;
}

function expandItem(item: string, previous: number): StResult {
  if (item === '_') return { ok: true, offsets: [undefined] };
  if (item.startsWith('_x')) {
    const n = repeatCount(item.slice(2));
    if (n === undefined || n === 0) return { ok: false, error: 'invalid repeat count' };
    return { ok: true, offsets: Array<undefined>(n).fill(undefined) };
  }
  if (item === '*') return { ok: true, offsets: [previous] };
  if (item.startsWith('*x')) {
    const n = repeatCount(item.slice(2));
    if (n === undefined) return { ok: false, error: 'invalid repeat count' };
    return { ok: true, offsets: Array<number>(n + 1).fill(previous) };
  }
  const base = durationPrefix(item);
  if (typeof base === 'string') return { ok: false, error: base };
  if (base.rest === '') return { ok: true, offsets: [base.ms] };
  if (base.rest.startsWith('x')) {
    const n = repeatCount(base.rest.slice(1));
    if (n === undefined) return { ok: false, error: 'invalid repeat count' };
    return { ok: true, offsets: Array<number>(n + 1).fill(base.ms) };
  }
  const op = base.rest[0];
  if (op !== '+' && op !== '-') return { ok: false, error: `unexpected character ${JSON.stringify(op)} after duration` };
  const step = durationPrefix(base.rest.slice(1));
  if (typeof step === 'string') return { ok: false, error: `invalid step duration: ${step}` };
  if (!step.rest.startsWith('x')) return { ok: false, error: "expected 'x<count>' after step duration" };
  const n = repeatCount(step.rest.slice(1));
  if (n === undefined) return { ok: false, error: 'invalid repeat count' };
  const delta = op === '-' ? -step.ms : step.ms;
  const offsets: number[] = [];
  for (let i = 0, v = base.ms; i <= n; i++, v += delta) offsets.push(v);
  return { ok: true, offsets };
}

/**
 * Expands the items of an `@st` line (the part after the label token).
 * Errors name the offending item, as upstream's "invalid ST item" does.
 */
export function parseStartTimestampItems(items: string): StResult {
  const out: (number | undefined)[] = [];
  for (const item of items.split(/[ \t\n\v\f\r]+/).filter((x) => x !== '')) {
    let previous = 0;
    for (let i = out.length - 1; i >= 0; i--) {
      const v = out[i];
      if (v !== undefined) {
        previous = v;
        break;
      }
    }
    const r = expandItem(item, previous);
    if (!r.ok) return { ok: false, error: `invalid ST item ${JSON.stringify(item)}: ${r.error}` };
    out.push(...r.offsets);
  }
  return { ok: true, offsets: out };
}
