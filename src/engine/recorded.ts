// Recorded samples (src/samples/, any format) into the engine's storage:
// floats, native histograms and the start timestamps `.test` `@st` lines give.

import type { RecordedSeries } from '../samples/types.js';
import { Storage } from './storage.js';

export function storageOf(series: readonly RecordedSeries[], storage: Storage = new Storage()): Storage {
  for (const s of series) {
    const st = s.startTimestamps;
    if (st) s.timestamps.forEach((t, i) => storage.append(s.labels, t, s.values[i]!, st[i]!));
    else if (s.timestamps.length > 0) storage.appendMany(s.labels, s.timestamps, s.values);
    const h = s.histograms;
    h?.timestamps.forEach((t, i) => storage.appendHistogram(s.labels, t, h.values[i]!, h.startTimestamps?.[i] ?? 0));
  }
  return storage;
}
