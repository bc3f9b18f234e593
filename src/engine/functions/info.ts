// info() enriches series with labels of matching info metrics (target_info
// by default); start_timestamp() reads stored start timestamps.

import { EvalError } from '../types.js';
import type { FunctionImpl } from './types.js';
import { evalInfo } from './info-impl.js';

export const INFO_FUNCTIONS: Record<string, FunctionImpl> = {
  info: evalInfo,
  start_timestamp: (call) => {
    throw new EvalError('start_timestamp() is not supported yet', call.pos);
  },
};
