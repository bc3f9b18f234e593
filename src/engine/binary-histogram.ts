// Binary operators where at least one operand is a native histogram.
// Supported as Prometheus does: histogram ± histogram, histogram × / ÷
// scalar (and scalar × histogram), == / != between histograms. Everything
// else drops the sample with an info annotation.

import type { BinaryExpr } from '../promql/ast.js';
import type { FloatHistogram } from '../model/histogram.js';
import { compactHistogram } from '../model/histogram.js';
import { addHistograms, subHistograms } from '../model/histogram-ops.js';
import { scaleHistogram } from './histogram-math.js';
import { trimHistogram } from './histogram-trim.js';
import type { Evaluator } from './evaluator.js';

export interface HistogramBinopResult {
  readonly f: number;
  readonly h: FloatHistogram | undefined;
  readonly keep: boolean;
}

/** Equality of two histograms after compaction (Prometheus's FloatHistogram.Equals, ignoring the hint). */
export function histogramsEqual(a: FloatHistogram, b: FloatHistogram): boolean {
  const strip = (h: FloatHistogram): string => JSON.stringify({ ...compactHistogram(h), counterResetHint: '' });
  return strip(a) === strip(b);
}

/** `undefined` means "no result sample" (an annotation has been recorded when Prometheus makes one). */
export function histogramBinop(
  e: BinaryExpr,
  lh: FloatHistogram | undefined,
  rh: FloatHistogram | undefined,
  lf: number | undefined,
  rf: number | undefined,
  ev: Evaluator,
): HistogramBinopResult | undefined {
  const incompatible = (): undefined => {
    const l = lh ? 'histogram' : 'float';
    const r = rh ? 'histogram' : 'float';
    ev.ctx.annotations.add({
      severity: 'info',
      message: `PromQL info: incompatible sample types encountered for binary operator ${JSON.stringify(e.op)}: ${l} ${e.op} ${r}`,
      pos: e.pos,
    });
    return undefined;
  };
  if (lh && rh) {
    switch (e.op) {
      case '+':
      case '-': {
        const res = e.op === '+' ? addHistograms(lh, rh) : subHistograms(lh, rh);
        if (!res.ok) {
          ev.ctx.annotations.add({
            severity: 'warning',
            message: `PromQL warning: incompatible bucket layout encountered for binary operator ${e.op}`,
            pos: e.pos,
          });
          return undefined;
        }
        const what = e.op === '+' ? 'addition' : 'subtraction';
        if (res.counterResetCollision) {
          ev.ctx.annotations.add({ severity: 'warning', message: `PromQL warning: conflicting counter resets during histogram ${what}`, pos: e.pos });
        }
        if (res.nhcbBoundsReconciled) {
          ev.ctx.annotations.add({ severity: 'info', message: `PromQL info: mismatched custom buckets were reconciled during ${what}`, pos: e.pos });
        }
        // A difference of histograms is a gauge.
        const h = e.op === '-' ? { ...res.histogram, counterResetHint: 'gauge' as const } : res.histogram;
        return { f: 0, h: compactHistogram(h), keep: true };
      }
      case '==':
        return { f: 0, h: lh, keep: histogramsEqual(lh, rh) };
      case '!=':
        return { f: 0, h: lh, keep: !histogramsEqual(lh, rh) };
      default:
        return incompatible();
    }
  }
  if (lh && rf !== undefined) {
    switch (e.op) {
      case '*':
        return { f: 0, h: compactHistogram(scaleHistogram(lh, rf)), keep: true };
      case '/':
        return { f: 0, h: compactHistogram(scaleHistogram(lh, 1 / rf)), keep: true };
      case '</':
        return { f: 0, h: trimHistogram(lh, rf, true), keep: true };
      case '>/':
        return { f: 0, h: trimHistogram(lh, rf, false), keep: true };
      default:
        return incompatible();
    }
  }
  if (rh && lf !== undefined && e.op === '*') return { f: 0, h: compactHistogram(scaleHistogram(rh, lf)), keep: true };
  return incompatible();
}
