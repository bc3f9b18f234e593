// Bounded recursion over deep ASTs.
//
// Expressions may nest 100,000 levels deep (MAX_EXPRESSION_DEPTH); a
// recursive pass over them would overflow the JavaScript stack (about
// 10,000 frames). Passes whose result for a node depends only on the node
// (the printer, the type checker, the evaluator's value of a node) stay
// recursive, which keeps them readable, and are bounded instead: before the
// pass runs on the root, it is run on the nodes whose height is a multiple
// of RECURSION_STRIDE, deepest first, and memoises their results; every
// later call then goes at most RECURSION_STRIDE levels down before it meets
// a memoised result. For the shallow trees of real rules nothing changes
// (strideNodes returns nothing after a probe of the tree).

import type { Expr } from './ast.js';
import { children } from './ast.js';

/** How many levels a bounded pass goes down before it meets a memoised result. */
export const RECURSION_STRIDE = 128;

/** Whether `root` has a path longer than `levels` nodes (iterative; stops early). */
export function deeperThan(root: Expr, levels: number, edges: (node: Expr) => readonly Expr[] = children): boolean {
  const stack: { node: Expr; depth: number }[] = [{ node: root, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.depth > levels) return true;
    for (const c of edges(top.node)) stack.push({ node: c, depth: top.depth + 1 });
  }
  return false;
}

/**
 * The nodes under `root` (not `root` itself) whose height (longest path
 * down to a leaf, in edges) is a positive multiple of RECURSION_STRIDE, in
 * post-order: each comes after every such node below it. Empty when the
 * tree is shallower than the stride. `edges` are the children the pass
 * recurses into (default: every child expression).
 */
export function strideNodes(root: Expr, edges: (node: Expr) => readonly Expr[] = children): Expr[] {
  if (!deeperThan(root, RECURSION_STRIDE, edges)) return [];
  const out: Expr[] = [];
  const height = new Map<Expr, number>();
  const stack: { node: Expr; kids: readonly Expr[]; next: number }[] = [{ node: root, kids: edges(root), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.kids.length) {
      const child = top.kids[top.next++]!;
      if (!height.has(child)) stack.push({ node: child, kids: edges(child), next: 0 });
      continue;
    }
    stack.pop();
    let h = 0;
    for (const c of top.kids) h = Math.max(h, height.get(c)! + 1);
    height.set(top.node, h);
    if (h > 0 && h % RECURSION_STRIDE === 0 && top.node !== root) out.push(top.node);
  }
  return out;
}

/**
 * A depth-first, pre-order visit written like a recursive one, run with an
 * explicit stack. `visit` gets an item and `descend`; the items it descends
 * into are visited after it returns, in the order given, each with
 * everything below it before the next: the order the recursion had, as long
 * as `visit` does its own work before descending (not between descents).
 */
export function depthFirst<T>(start: T, visit: (item: T, descend: (next: T) => void) => void): void {
  const stack: T[] = [start];
  const batch: T[] = [];
  const descend = (next: T): void => {
    batch.push(next);
  };
  while (stack.length > 0) {
    visit(stack.pop()!, descend);
    while (batch.length > 0) stack.push(batch.pop()!);
  }
}

/**
 * A memoising recursive pass (compute calls the returned function for the
 * nodes below), bounded as described above: a call from outside the pass
 * first computes the stride nodes below, deepest first.
 */
export function memoisedPass<R>(compute: (node: Expr) => R, cache: WeakMap<Expr, R> = new WeakMap()): (node: Expr) => R {
  let running = false;
  const run = (node: Expr): R => {
    const hit = cache.get(node);
    if (hit !== undefined) return hit;
    if (running) {
      const result = compute(node);
      cache.set(node, result);
      return result;
    }
    running = true;
    try {
      for (const n of strideNodes(node)) run(n);
      return run(node);
    } finally {
      running = false;
    }
  };
  return run;
}
