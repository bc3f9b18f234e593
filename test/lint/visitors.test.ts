// The shared walk of visitor checks (src/lint/visitors.ts): running out of
// stack in create(), a handler or ruleEnd() ends that check for that rule
// with one info finding, and the other checks still run.

import { describe, expect, it } from 'vitest';
import type { CheckContext, VisitorCheck } from '../../src/lint/check.js';
import { NO_OPTIONS_SCHEMA } from '../../src/lint/check.js';
import { fromPlainGroups } from '../../src/lint/rule-context.js';
import { runVisitorChecks } from '../../src/lint/visitors.js';

const OUT_OF_STACK = 'expression nests too deeply for this check (out of stack); not checked';

function overflow(): never {
  throw new RangeError('Maximum call stack size exceeded');
}

function visitorCheck(id: string, create: VisitorCheck['create']): VisitorCheck {
  return { scope: 'visitor', meta: { id, defaultSeverity: 'warning', description: id, optionsSchema: NO_OPTIONS_SCHEMA }, defaults: {}, create };
}

const ctx = { options: {}, env: {} } as unknown as CheckContext<unknown>;

function run(checks: VisitorCheck[]) {
  const { rules } = fromPlainGroups([{ name: 'g', rules: [{ alert: 'A', expr: 'sum(rate(x[5m])) > 1' }] }]);
  const out = runVisitorChecks(
    checks.map((check) => ({ check: check as VisitorCheck<unknown>, ctx })),
    rules,
  );
  return checks.map((c) => out.get(c as VisitorCheck<unknown>)![0]!.map((f) => ({ message: f.message, severity: f.severity, location: f.location })));
}

describe('runVisitorChecks', () => {
  const whole = { kind: 'expr', pos: { start: 0, end: 20 } };
  const selectors = visitorCheck('t/selectors', ({ report }) => ({
    VectorSelector(vs) {
      report({ message: `selector ${vs.name}`, location: { kind: 'expr', pos: vs.pos } });
    },
  }));

  it('reports out of stack in create() at the expression and keeps the other checks', () => {
    expect(run([visitorCheck('t/create', () => overflow()), selectors])).toEqual([
      [{ message: OUT_OF_STACK, severity: 'info', location: whole }],
      [{ message: 'selector x', severity: undefined, location: { kind: 'expr', pos: { start: 9, end: 10 } } }],
    ]);
  });

  it('reports out of stack in ruleEnd() at the expression', () => {
    expect(run([visitorCheck('t/end', () => ({ ruleEnd: () => overflow() }))])).toEqual([[{ message: OUT_OF_STACK, severity: 'info', location: whole }]]);
  });

  it('stops a check whose handler runs out of stack, without calling its ruleEnd()', () => {
    const check = visitorCheck('t/handler', ({ report }) => ({
      Call: () => overflow(),
      VectorSelector: () => report({ message: 'not reached', location: { kind: 'expr', pos: { start: 0, end: 0 } } }),
      ruleEnd: () => report({ message: 'not reached either', location: { kind: 'expr', pos: { start: 0, end: 0 } } }),
    }));
    expect(run([check])).toEqual([[{ message: OUT_OF_STACK, severity: 'info', location: whole }]]);
  });

  it('does not swallow other errors', () => {
    expect(() =>
      run([
        visitorCheck('t/bug', () => {
          throw new TypeError('a bug');
        }),
      ]),
    ).toThrow('a bug');
  });
});
