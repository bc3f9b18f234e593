// The engine's function table, keyed exactly like the parser's signature
// table FUNCTIONS (test/engine/functions-table.test.ts checks both key sets
// are equal).

import type { FunctionImpl } from './types.js';
import { RANGE_FUNCTIONS } from './range.js';
import { MATH_FUNCTIONS } from './math.js';
import { TIME_FUNCTIONS } from './time.js';
import { LABEL_FUNCTIONS } from './labels.js';
import { HISTOGRAM_FUNCTIONS } from './histogram.js';
import { INFO_FUNCTIONS } from './info.js';

export type { FunctionImpl } from './types.js';

export const FUNCTION_IMPLS: Readonly<Record<string, FunctionImpl>> = {
  ...RANGE_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...LABEL_FUNCTIONS,
  ...HISTOGRAM_FUNCTIONS,
  ...INFO_FUNCTIONS,
};
