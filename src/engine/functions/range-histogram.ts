// Native-histogram support in range functions. Not implemented yet: the
// engine reports it as an explicit error rather than computing something
// wrong. The conformance runner skips evals that touch native histograms.

import type { Call } from '../../promql/ast.js';
import { EvalError } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import type { Window } from '../range-window.js';

export function histogramRate(_w: Window, call: Call, _ev: Evaluator, _isCounter: boolean, _isRate: boolean): undefined {
  throw new EvalError(`native histograms are not supported by ${call.func}() yet`, call.pos);
}

export function histogramOverTime(name: string, _w: Window, call: Call, _ev: Evaluator): undefined {
  throw new EvalError(`native histograms are not supported by ${name}() yet`, call.pos);
}
