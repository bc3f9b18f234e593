import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { printExpr } from '../../src/promql/printer.js';

describe('millisecond rounding follows Go (halves away from zero)', () => {
  it.each([
    ['x @ -0.0025', -3, 'x @ -0.003'],
    ['x @ 0.0025', 3, 'x @ 0.003'],
    ['x @ 1.0005', 1001, 'x @ 1.001'],
  ])('%s', (input, ms, printed) => {
    const r = parseExpr(input);
    expect(r.expr?.kind).toBe('VectorSelector');
    const at = r.expr?.kind === 'VectorSelector' ? r.expr.at : undefined;
    expect(at).toMatchObject({ kind: 'timestamp', ms });
    expect(printExpr(r.expr!)).toBe(printed);
  });
});
