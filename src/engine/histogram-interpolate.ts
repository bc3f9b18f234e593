// Linear interpolation between two native histogram samples, for smoothed
// selectors (Prometheus's interpolateHistograms).

import type { FloatHistogram } from '../model/histogram.js';
import { addHistograms, subHistograms } from '../model/histogram-ops.js';
import { detectReset } from './histogram-reset.js';
import { scaleHistogram } from './histogram-math.js';

export type Point = { t: number; h: FloatHistogram };

/** The histogram at time t between two samples; a counter reset restarts from zero. */
export function interpolateHistograms(
  p1: Point,
  p2: Point,
  t: number,
  isCounter: boolean,
  onReconciled: (op: 'addition' | 'subtraction') => void,
): FloatHistogram | undefined {
  if (t === p1.t) return p1.h;
  if (t === p2.t) return p2.h;
  const fraction = (t - p1.t) / (p2.t - p1.t);
  if (isCounter && detectReset(p2.h, p1.h)) return scaleHistogram(p2.h, fraction);
  const diff = subHistograms(p2.h, p1.h);
  if (!diff.ok) return undefined;
  if (diff.nhcbBoundsReconciled) onReconciled('subtraction');
  const sum = addHistograms(scaleHistogram(diff.histogram, fraction), p1.h);
  if (!sum.ok) return undefined;
  if (sum.nhcbBoundsReconciled) onReconciled('addition');
  return sum.histogram;
}
