// The signature table against lezer-promql's grammar, and the type
// checker's API used on its own.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS, FUNCTION_SIGNATURES, arity, argTypeAt } from '../../src/promql/functions.js';
import { documentedType, typeCheck, typeOf } from '../../src/promql/typecheck.js';
import { parseExpr } from '../../src/promql/parse.js';
import type { Expr } from '../../src/promql/ast.js';

/** The function names lezer-promql's grammar knows (the `FunctionIdentifier` alternatives). */
function grammarFunctionNames(): string[] {
  const pkgDir = fileURLToPath(new URL('../../node_modules/@prometheus-io/lezer-promql', import.meta.url));
  const grammar = readFileSync(join(pkgDir, 'src', 'promql.grammar'), 'utf8');
  const body = /FunctionIdentifier\s*\{([^}]*)\}/.exec(grammar)?.[1];
  if (!body) throw new Error('FunctionIdentifier rule not found in promql.grammar');
  const alternatives = body
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
  // Most are `Term { condFn<"name"> }`; a few are contextual keywords that
  // tokens.js recognises (`if (value === "start" && stack.canShift(StartFn))`).
  const tokens = readFileSync(join(pkgDir, 'src', 'tokens.js'), 'utf8');
  return alternatives.map((term) => {
    const def = new RegExp(`^\\s*${term}\\s*\\{\\s*condFn<"([^"]+)">\\s*\\}`, 'm').exec(grammar);
    const contextual = new RegExp(`value === "([a-z_]+)" && stack\\.canShift\\(${term}\\)`).exec(tokens);
    const name = def?.[1] ?? contextual?.[1];
    if (!name) throw new Error(`no definition for ${term} in promql.grammar or tokens.js`);
    return name;
  });
}

describe('function signature table', () => {
  it('has every function the lezer grammar knows', () => {
    const names = grammarFunctionNames();
    expect(names.length).toBeGreaterThan(80);
    expect(names.filter((n) => !FUNCTIONS.has(n))).toEqual([]);
  });

  it('has unique names', () => {
    const names = FUNCTION_SIGNATURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('computes arity and argument types as checkAST does', () => {
    expect(arity(FUNCTIONS.get('rate')!)).toEqual({ min: 1, max: 1 });
    expect(arity(FUNCTIONS.get('round')!)).toEqual({ min: 1, max: 2 });
    expect(arity(FUNCTIONS.get('label_join')!)).toEqual({ min: 3, max: Infinity });
    expect(arity(FUNCTIONS.get('time')!)).toEqual({ min: 0, max: 0 });
    expect(arity(FUNCTIONS.get('histogram_quantiles')!)).toEqual({ min: 3, max: 12 });
    expect(argTypeAt(FUNCTIONS.get('label_join')!, 7)).toBe('string');
    expect(argTypeAt(FUNCTIONS.get('rate')!, 1)).toBeUndefined();
  });
});

describe('type checker', () => {
  const parsed = (text: string): Expr => {
    const r = parseExpr(text);
    expect(r.diagnostics).toEqual([]);
    return r.expr!;
  };

  it('names value types as Prometheus documents them', () => {
    expect(['scalar', 'vector', 'matrix', 'string'].map((t) => documentedType(t as never))).toEqual(['scalar', 'instant vector', 'range vector', 'string']);
  });

  it('types sub-expressions without checking them', () => {
    const e = parsed('sum(rate(foo[5m])) / scalar(bar)');
    expect(typeOf(e)).toBe('vector');
    expect(e.kind === 'BinaryExpr' && typeOf(e.rhs)).toBe('scalar');
    expect(typeOf(parsed('(1 + 2)'))).toBe('scalar');
    expect(typeOf(parsed('foo[5m:]'))).toBe('matrix');
    expect(typeOf(parsed('-"a" '.slice(1)))).toBe('string');
  });

  it('falls back to the operator token when no source text is given', () => {
    const e = parsed('foo + bar');
    const broken: Expr =
      e.kind === 'BinaryExpr'
        ? {
            ...e,
            op: '==',
            lhs: { kind: 'NumberLiteral', value: 1, duration: false, pos: { start: 0, end: 3 } },
            rhs: { kind: 'NumberLiteral', value: 2, duration: false, pos: { start: 6, end: 9 } },
          }
        : e;
    expect(typeCheck(broken).diagnostics).toEqual([
      { code: 'promql/type', severity: 'error', message: 'comparisons between scalars must use BOOL modifier', pos: { start: 4, end: 5 } },
    ]);
    // With the text: from after the left operand to the operator's last character.
    expect(typeCheck(broken, '1   == 2').diagnostics[0]?.pos).toEqual({ start: 4, end: 5 });
  });

  it('reports every problem, not only the first', () => {
    const r = parseExpr('foo and on(bar) group_left(baz) bar');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['no grouping allowed for "and" operation', 'set operations must always be many-to-many']);
    const two = parseExpr('floor(1) + rate(foo)');
    expect(two.diagnostics.map((d) => [d.message, d.pos.start, d.pos.end])).toEqual([
      ['expected type instant vector in call to function "floor", got scalar', 6, 7],
      ['expected type range vector in call to function "rate", got instant vector', 16, 19],
    ]);
  });
});
