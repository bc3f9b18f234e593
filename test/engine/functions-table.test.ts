import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/promql/functions.js';
import { FUNCTION_IMPLS } from '../../src/engine/functions/index.js';

describe('function implementation table', () => {
  it('has exactly the keys of the parser signature table', () => {
    expect(Object.keys(FUNCTION_IMPLS).sort()).toEqual([...FUNCTIONS.keys()].sort());
  });
});
