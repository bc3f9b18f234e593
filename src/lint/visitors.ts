// The runner of visitor checks (check.ts, VisitorCheck): one iterative walk
// per rule's expression for all of them, dispatching each node to the
// handlers of its kind.

import type { Expr } from '../promql/ast.js';
import { children } from '../promql/ast.js';
import type { CheckContext, Finding, NodeHandlers, VisitorCheck } from './check.js';
import { atExpr } from './check.js';
import type { LintRule } from './rule-context.js';

type Handler = (node: Expr, path: readonly Expr[]) => boolean | void;

interface Active {
  readonly handlers: NodeHandlers & { readonly ruleEnd?: () => void };
  readonly report: (f: Finding) => void;
  /** The depth of the node whose children this check skips, or -1; Infinity once the check gave up on the rule. */
  skipBelow: number;
}

/**
 * Findings of each visitor check for each rule (by the rule's position in
 * `rules`), in the order each check reported them.
 */
export function runVisitorChecks(
  checks: readonly { readonly check: VisitorCheck<unknown>; readonly ctx: CheckContext<unknown> }[],
  rules: readonly LintRule[],
): Map<VisitorCheck<unknown>, Finding[][]> {
  const out = new Map(checks.map(({ check }) => [check, rules.map((): Finding[] => [])]));
  rules.forEach((rule, i) => {
    const expr = rule.expr;
    if (!expr) return;
    const active: Active[] = [];
    // One copy per rule for all checks (a rule and its fields are read-only to checks).
    const withExpr = { ...rule, expr };
    for (const { check, ctx } of checks) {
      const findings = out.get(check)![i]!;
      const report = (f: Finding): void => void findings.push(f);
      const handlers = guarded(report, expr, () => check.create({ ...ctx, rule: withExpr, report }));
      if (handlers) active.push({ handlers, report, skipBelow: -1 });
    }
    if (active.length === 0) return;
    walkOnce(expr, active);
    for (const a of active) if (a.skipBelow !== Infinity) guarded(a.report, expr, () => a.handlers.ruleEnd?.());
  });
  return out;
}

/**
 * create() and ruleEnd() do rule-level work (some of it recursive): running
 * out of stack there ends the check for this rule, as in a handler.
 */
function guarded<T>(report: (f: Finding) => void, expr: Expr, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (!isOutOfStack(e)) throw e;
    report(outOfStack(expr));
    return undefined;
  }
}

function isOutOfStack(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function outOfStack(at: Expr): Finding {
  return { ...atExpr('expression nests too deeply for this check (out of stack); not checked', at), severity: 'info' };
}

/**
 * One handler call. The shared analyses are bounded on deep trees
 * (src/promql/deep.ts), but a check's own helper may still recurse on some
 * shape: running out of stack there ends this check for this rule, said so
 * at the expression, instead of ending the run.
 */
function visitNode(a: Active, handler: Handler, node: Expr, path: readonly Expr[]): boolean | void {
  try {
    return handler(node, path);
  } catch (e) {
    if (!isOutOfStack(e)) throw e;
    a.report(outOfStack(path[0] ?? node));
    a.skipBelow = Infinity;
    return undefined;
  }
}

/** Pre-order, with an explicit stack (expressions may nest 100,000 deep). */
function walkOnce(root: Expr, active: readonly Active[]): void {
  const path: Expr[] = [];
  const pending: { kids: readonly Expr[]; next: number }[] = [];
  const enter = (node: Expr): void => {
    const depth = path.length;
    for (const a of active) {
      if (a.skipBelow >= 0) continue;
      const handler = a.handlers[node.kind] as Handler | undefined;
      if (handler) a.skipBelow = visitNode(a, handler, node, path) === false ? depth : a.skipBelow;
    }
    path.push(node);
    pending.push({ kids: children(node), next: 0 });
  };
  enter(root);
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    if (top.next < top.kids.length) {
      enter(top.kids[top.next++]!);
      continue;
    }
    pending.pop();
    path.pop();
    for (const a of active) if (a.skipBelow === path.length) a.skipBelow = -1;
  }
}
