// A one-line value picture for terminals: the series bucketed into `width`
// cells, each cell showing the bucket's maximum on an eight-level scale
// (maximum, because an alert cares about peaks). Blank where no value.

const LEVELS_UNICODE = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const LEVELS_ASCII = ['_', '.', '-', '~', '=', '+', '*', '#'];

export function sparkline(values: ArrayLike<number>, width = 48, unicode = true): string {
  const levels = unicode ? LEVELS_UNICODE : LEVELS_ASCII;
  const n = values.length;
  if (n === 0 || width <= 0) return '';
  const cells = new Array<number>(width).fill(NaN);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const c = Math.min(width - 1, Math.floor((i * width) / n));
    if (Number.isNaN(cells[c]!) || v > cells[c]!) cells[c] = v;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cells) {
    if (Number.isNaN(c)) continue;
    lo = Math.min(lo, c);
    hi = Math.max(hi, c);
  }
  if (!Number.isFinite(lo)) return ' '.repeat(width);
  const span = hi - lo;
  return cells
    .map((c) => {
      if (Number.isNaN(c)) return ' ';
      const level = span === 0 ? 0 : Math.min(levels.length - 1, Math.floor(((c - lo) / span) * levels.length));
      return levels[level]!;
    })
    .join('');
}
