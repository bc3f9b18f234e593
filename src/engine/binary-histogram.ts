// Binary operators where at least one operand is a native histogram.
// Supported as Prometheus does: histogram ± histogram, histogram × / ÷
// scalar (and scalar × histogram), == / != between histograms. Everything
// else drops the sample with an info annotation.

import type { BinaryExpr } from '../promql/ast.js';
import type { FloatHistogram } from '../model/histogram.js';
import { compactHistogram } from '../model/histogram.js';
import { addHistograms, subHistograms } from '../model/histogram-ops.js';
import { scaleHistogram } from './histogram-math.js';
import type { Evaluator } from './evaluator.js';

export interface HistogramBinopResult {
  readonly f: number;
  readonly h: FloatHistogram | undefined;
  readonly keep: boolean;
}

function histogramsEqual(a: FloatHistogram, b: FloatHistogram): boolean {
  return JSON.stringify(compactHistogram(a)) === JSON.stringify(compactHistogram(b));
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
        if (!res.ok) return undefined;
        return { f: 0, h: compactHistogram(res.histogram), keep: true };
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
        return { f: 0, h: scaleHistogram(lh, rf), keep: true };
      case '/':
        return { f: 0, h: scaleHistogram(lh, 1 / rf), keep: true };
      default:
        return incompatible();
    }
  }
  if (rh && lf !== undefined && e.op === '*') return { f: 0, h: scaleHistogram(rh, lf), keep: true };
  return incompatible();
}
