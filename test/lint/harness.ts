// ESLint-style test tables for lint checks: each check has a cases file
// `test/lint/cases/<group>/<name>.ts` exporting `valid` and `invalid` rows.

import type { Severity } from '../../src/diagnostics.js';
import type { MetadataType } from '../../src/knowledge/metric-types.js';
import type { Problem } from '../../src/lint/check.js';
import type { SelectorFacts } from '../../src/lint/server-facts.js';
import { stringify } from 'yaml';
import { lintRules, type LintOptions } from '../../src/lint/lint.js';
import { fromRuleFiles } from '../../src/lint/adapter.js';
import { loadRuleText } from '../../src/rulefmt/index.js';
import { SourceText } from '../../src/yaml/index.js';
import type { PlainGroup, PlainRule, RuleField } from '../../src/lint/rule-context.js';
import { fromPlainGroups } from '../../src/lint/rule-context.js';

export interface CaseInput {
  /** Shorthand: one alert rule `TestAlert` (or a recording rule named `record`) with this expr. */
  readonly expr?: string;
  readonly record?: string;
  /** A single full rule. */
  readonly rule?: PlainRule;
  /** Full groups (for cross-rule checks). */
  readonly groups?: readonly PlainGroup[];
  readonly options?: Readonly<Record<string, unknown>>;
  readonly scrapeIntervalMs?: number;
  readonly metricTypes?: Readonly<Record<string, MetadataType>>;
  /** What a server said about selectors (checks that need `lint --prometheus`), keyed by matcher text. */
  readonly serverFacts?: Readonly<Record<string, SelectorFacts>>;
}

export interface ExpectedProblem {
  readonly message: string;
  /** Offsets in the expr, for expr findings. */
  readonly start?: number;
  readonly end?: number;
  /** The field, for field findings. */
  readonly field?: RuleField;
  readonly key?: string;
  readonly severity?: Severity;
  /** The rule name, when the case has several rules. */
  readonly rule?: string;
}

export interface CheckCases {
  readonly valid: readonly CaseInput[];
  readonly invalid: readonly (CaseInput & { readonly problems: readonly ExpectedProblem[] })[];
}

function groupsOf(c: CaseInput): readonly PlainGroup[] {
  if (c.groups) return c.groups;
  if (c.rule) return [{ name: 'test', rules: [c.rule] }];
  if (c.expr !== undefined) {
    const rule: PlainRule = c.record !== undefined ? { record: c.record, expr: c.expr } : { alert: 'TestAlert', expr: c.expr };
    return [{ name: 'test', rules: [rule] }];
  }
  throw new Error('a case needs expr, rule or groups');
}

/** The (first) rule of a case with this name. */
export function findRule(c: CaseInput, name: string): PlainRule {
  const rule = groupsOf(c)
    .flatMap((g) => g.rules)
    .find((r) => (r.alert ?? r.record) === name);
  if (!rule) throw new Error(`no rule named ${name} in the case`);
  return rule;
}

export function caseLabel(c: CaseInput): string {
  return c.expr ?? c.rule?.expr ?? (c.groups ?? []).flatMap((g) => g.rules.map((r) => r.alert ?? r.record ?? '')).join(', ');
}

/** Runs one check over a case, failing loudly if the case's rules do not parse. */
export function runCase(checkId: string, c: CaseInput): Problem[] {
  const built = fromPlainGroups(groupsOf(c));
  if (built.errors.length > 0) throw new Error(`bad case input: ${built.errors.join('; ')}`);
  for (const r of built.rules) if (!r.expr) throw new Error(`case expr does not parse: ${r.exprText}`);
  return lintRules(built.rules, lintOptions(checkId, c));
}

/** The case written out as a rule file. */
export function caseYaml(c: CaseInput): string {
  return stringify({ groups: groupsOf(c) });
}

/**
 * Runs the case through the real pipeline: YAML text → rulefmt loader → lint
 * adapter → lintRules, so problems carry file line/column.
 */
export function runCaseFromYaml(checkId: string, c: CaseInput): { problems: Problem[]; text: string } {
  const text = caseYaml(c);
  const loaded = loadRuleText(text, 'case.yml');
  if (!loaded.file) throw new Error(`case YAML does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return { problems: lintRules(fromRuleFiles([loaded.file]), lintOptions(checkId, c)), text };
}

/** The text a problem's file range covers. */
export function fileSnippet(text: string, p: Problem): string {
  const source = new SourceText(text);
  return text.slice(source.offsetAt({ line: p.line!, column: p.column! }), source.offsetAt({ line: p.endLine!, column: p.endColumn! }));
}

function lintOptions(checkId: string, c: CaseInput): LintOptions {
  return {
    only: [checkId],
    ...(c.options ? { checks: { [checkId]: { options: c.options } } } : {}),
    ...(c.scrapeIntervalMs !== undefined ? { scrapeIntervalMs: c.scrapeIntervalMs } : {}),
    ...(c.metricTypes ? { metricTypes: { fixture: new Map(Object.entries(c.metricTypes)) } } : {}),
    ...(c.serverFacts ? { server: { server: 'http://prometheus:9090', windowMs: 7 * 86_400_000, selectors: new Map(Object.entries(c.serverFacts)) } } : {}),
  };
}

/** The comparable shape of a problem, with the keys the expectation uses. */
export function normalise(p: Problem, like: ExpectedProblem): ExpectedProblem {
  const out: Record<string, unknown> = { message: p.message };
  if (p.location.kind === 'expr') {
    out.start = p.location.pos.start;
    out.end = p.location.pos.end;
  } else {
    out.field = p.location.field;
    if (p.location.key !== undefined) out.key = p.location.key;
    if (p.location.pos) {
      out.start = p.location.pos.start;
      out.end = p.location.pos.end;
    }
  }
  if (like.severity !== undefined) out.severity = p.severity;
  if (like.rule !== undefined) out.rule = p.rule.name;
  return out as unknown as ExpectedProblem;
}
