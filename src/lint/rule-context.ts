// The rule model the lint checks consume. It is deliberately small and plain
// (names, parsed expr, durations in ms, label maps) so checks can be tested on
// in-memory rules; `fromRuleFiles` (adapter.ts) builds it from the rulefmt
// model and attaches a `RuleSource` that turns problem locations into file
// positions.

import type { Expr, PosRange } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { parseDuration } from '../promql/literals.js';

/** Fields of a rule or group a problem can point at (besides the expr). */
export type RuleField = 'name' | 'for' | 'keep_firing_for' | 'labels' | 'annotations' | 'rule' | 'group-name' | 'group-interval';

/**
 * Where a problem is. `expr`: offsets into the expr text. `field`: a rule or
 * group field; `key` picks a label/annotation entry (its value) and `pos` (optional) an
 * offset range inside that entry's value (e.g. a template reference).
 */
export type ProblemLocation =
  { readonly kind: 'expr'; readonly pos: PosRange } | { readonly kind: 'field'; readonly field: RuleField; readonly key?: string; readonly pos?: PosRange };

/** A resolved file range, 1-based, end exclusive (UTF-16 columns). */
export interface FileRange {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Maps a rule's problem locations to file positions; supplied by the file adapter. */
export interface RuleSource {
  readonly file: string;
  locate(location: ProblemLocation): FileRange | undefined;
}

export interface LintGroup {
  readonly name: string;
  /** The group's `interval` in ms when set. */
  readonly intervalMs?: number;
  /** The group's `labels:` (Prometheus 3.x): added to every rule's output, under the rule's own labels. */
  readonly labels: Readonly<Record<string, string>>;
  readonly file?: string;
  /** The rules of this group in file order (filled in by the builders). */
  readonly rules: readonly LintRule[];
}

export interface LintRule {
  readonly kind: 'alert' | 'record';
  /** The `alert` or `record` value. */
  readonly name: string;
  readonly exprText: string;
  /** The parsed expression; absent when the expr has errors (checks then skip it). */
  readonly expr?: Expr;
  readonly forMs?: number;
  readonly keepFiringForMs?: number;
  /** The rule's own `labels:` (not the group's: see `outputLabels`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly group: LintGroup;
  /** 0-based position in the group. */
  readonly index: number;
  readonly source?: RuleSource;
}

/** The labels a rule adds to its output: the group's, overridden by the rule's own (as Prometheus 3.x merges them). */
export function outputLabels(rule: LintRule): Readonly<Record<string, string>> {
  const groupLabels = rule.group.labels;
  for (const _ in groupLabels) return { ...groupLabels, ...rule.labels };
  return rule.labels;
}

// ---------------------------------------------------------------------------
// Building rules from plain objects shaped like a rule file (tests, library use).

export interface PlainRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly keep_firing_for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface PlainGroup {
  readonly name: string;
  readonly interval?: string;
  readonly labels?: Record<string, string>;
  readonly rules: readonly PlainRule[];
}

export interface PlainBuildResult {
  readonly rules: LintRule[];
  /** Problems in the input itself (bad durations, rules without a name). */
  readonly errors: string[];
}

function durationMs(text: string | undefined, what: string, errors: string[]): number | undefined {
  if (text === undefined) return undefined;
  const d = parseDuration(text);
  if ('error' in d) {
    errors.push(`${what}: ${d.error}`);
    return undefined;
  }
  return d.ms;
}

/** Builds lint rules from plain groups, parsing each expr. */
export function fromPlainGroups(groups: readonly PlainGroup[], file?: string): PlainBuildResult {
  const all: LintRule[] = [];
  const errors: string[] = [];
  for (const g of groups) {
    const members: LintRule[] = [];
    const group: LintGroup = {
      name: g.name,
      intervalMs: durationMs(g.interval, `group ${g.name} interval`, errors),
      labels: g.labels ?? {},
      file,
      rules: members,
    };
    g.rules.forEach((r, index) => {
      const name = r.alert ?? r.record;
      if (name === undefined) {
        errors.push(`group ${g.name} rule ${index}: neither alert nor record`);
        return;
      }
      const parsed = parseExpr(r.expr);
      members.push({
        kind: r.alert !== undefined ? 'alert' : 'record',
        name,
        exprText: r.expr,
        expr: parsed.expr,
        forMs: durationMs(r.for, `rule ${name} for`, errors),
        keepFiringForMs: durationMs(r.keep_firing_for, `rule ${name} keep_firing_for`, errors),
        labels: r.labels ?? {},
        annotations: r.annotations ?? {},
        group,
        index,
      });
    });
    all.push(...members);
  }
  return { rules: all, errors };
}
