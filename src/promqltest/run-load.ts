// Executing `load` blocks into a Storage (FORMAT.md §4.1, §4.2, §8); the
// blocks and their load_with_nhcb histograms come from src/samples/test-script/.

import type { Storage } from '../engine/index.js';
import type { LoadCommand } from '../samples/test-script/script.js';
import { classicHistogramsToNhcb } from '../samples/test-script/script-nhcb.js';

/** Appends a load block; every block starts again at t = 0. Returns an error message for invalid data. */
export function executeLoad(storage: Storage, cmd: LoadCommand): string | undefined {
  for (const s of cmd.series) {
    s.values.forEach((v, k) => {
      const t = k * cmd.stepMs;
      const offset = s.startTimestampOffsets?.[k];
      const st = offset === undefined ? 0 : t + offset;
      if (v.kind === 'float') storage.append(s.labels, t, v.value, st);
      else if (v.kind === 'histogram') storage.appendHistogram(s.labels, t, v.histogram, st);
    });
  }
  if (!cmd.withNhcb) return undefined;
  // The load fails as a whole on the first bad histogram (upstream stops there too).
  const nhcb = classicHistogramsToNhcb(cmd);
  if (nhcb.errors.length > 0) return nhcb.errors[0]!.message;
  for (const h of nhcb.series) for (const p of h.samples) storage.appendHistogram(h.labels, p.t, p.histogram);
  return undefined;
}
