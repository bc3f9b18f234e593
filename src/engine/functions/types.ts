import type { Call } from '../../promql/ast.js';
import type { Evaluator } from '../evaluator.js';
import type { StepValue } from '../types.js';

/** A function implementation: evaluates its own arguments (so range arguments can be windowed). */
export type FunctionImpl = (call: Call, ev: Evaluator) => StepValue;
