// The library entry of `promforge lint`: run the registered checks over a set
// of rules and return problems, with file positions when the rules came from
// files. Config loading, reporters and the CLI are the caller's job.

import Ajv from 'ajv';
import type { Severity } from '../diagnostics.js';
import { assertNever, walk, type Expr } from '../promql/ast.js';
import { runVisitorChecks } from './visitors.js';
import { COUNTER_FUNCTIONS, matrixSelectorOf, selectorName } from './expr-utils.js';
import { MetricTypes, type MetricTypeSources } from '../knowledge/metric-types.js';
import type { AnyCheck, CheckContext, Finding, LintEnvironment, Problem, RuleCheck } from './check.js';
import { atExpr } from './check.js';
import { CHECKS, CHECKS_BY_ID } from './checks/index.js';
import type { LintRule } from './rule-context.js';
import type { ServerFacts } from './server-facts.js';

export interface CheckSetting {
  readonly severity?: Severity | 'off';
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface LintOptions {
  /** Per-check settings: `'off'`, a severity, or `{severity, options}`. */
  readonly checks?: Readonly<Record<string, 'off' | Severity | CheckSetting>>;
  /** Run only these checks (ids). */
  readonly only?: readonly string[];
  /** The scrape interval in ms; when absent 1m is assumed (and range findings stay warnings). */
  readonly scrapeIntervalMs?: number;
  /** The evaluation interval of groups without `interval` (default 1m, Prometheus's default). */
  readonly evaluationIntervalMs?: number;
  /** Metric metadata sources (recording rules are added from `rules`). */
  readonly metricTypes?: Omit<MetricTypeSources, 'recordings'>;
  /** Facts from a server (lint --prometheus), for the checks that need one. */
  readonly server?: ServerFacts;
}

const DEFAULT_INTERVAL_MS = 60_000;

function settingOf(options: LintOptions, id: string): CheckSetting {
  const s = options.checks?.[id];
  if (s === undefined) return {};
  if (typeof s === 'string') return { severity: s };
  return s;
}

/** Validates per-check settings against each check's options schema; returns messages. */
export function validateLintOptions(options: LintOptions): string[] {
  return lintOptionProblems(options).map((p) => p.text);
}

/** A problem in check settings, with the key path (under `checks:`) it is about. */
export interface LintOptionProblem {
  /** E.g. ['promql/rate', 'options', 'foo']. */
  readonly keys: readonly (string | number)[];
  readonly message: string;
  /** The message in validateLintOptions' form, `id: ...`. */
  readonly text: string;
}

export function lintOptionProblems(options: LintOptions): LintOptionProblem[] {
  const problems: LintOptionProblem[] = [];
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  for (const [id, raw] of Object.entries(options.checks ?? {})) {
    const check = CHECKS_BY_ID.get(id);
    if (!check) {
      problems.push({ keys: [id], message: `unknown check "${id}"`, text: `unknown check "${id}"` });
      continue;
    }
    const setting = typeof raw === 'string' ? { severity: raw } : raw;
    if (setting.severity !== undefined && !['off', 'error', 'warning', 'info'].includes(setting.severity)) {
      problems.push({
        keys: [id, 'severity'],
        message: 'severity must be one of off, error, warning, info',
        text: `${id}: severity must be one of off, error, warning, info`,
      });
    }
    if (setting.options !== undefined) {
      const validate = ajv.compile(check.meta.optionsSchema);
      if (!validate(setting.options)) {
        for (const e of validate.errors ?? []) {
          const keys = e.instancePath
            .split('/')
            .slice(1)
            .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
          // An unknown option is named (ajv's own message does not say which).
          const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
          const message =
            extra !== undefined
              ? `unknown option "${extra}" (known: ${Object.keys((check.meta.optionsSchema as { properties?: object }).properties ?? {}).join(', ') || 'none'})`
              : `${e.message ?? 'is invalid'}`;
          problems.push({
            keys: [id, 'options', ...keys, ...(extra !== undefined ? [extra] : [])],
            message,
            text: extra !== undefined ? `${id}: options: ${message}` : `${id}: options${e.instancePath} ${message}`,
          });
        }
      }
    }
  }
  for (const id of options.only ?? []) if (!CHECKS_BY_ID.has(id)) problems.push({ keys: [], message: `unknown check "${id}"`, text: `unknown check "${id}"` });
  return problems;
}

function toProblem(check: AnyCheck, configured: Severity | undefined, rule: LintRule, f: Finding): Problem {
  const at = rule.source?.locate(f.location);
  return {
    check: check.meta.id,
    severity: configured ?? f.severity ?? check.meta.defaultSeverity,
    message: f.message,
    ...(f.details !== undefined ? { details: f.details } : {}),
    rule: { name: rule.name, kind: rule.kind, group: rule.group.name, index: rule.index },
    location: f.location,
    ...(at ? { file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn } : {}),
  };
}

/** Names of the metrics the rules read with a counter function (rate, irate, increase, resets). */
function ratedMetrics(rules: readonly LintRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    if (!r.expr) continue;
    walk(r.expr, (node) => {
      if (node.kind !== 'Call' || !COUNTER_FUNCTIONS.has(node.func)) return;
      const vs = matrixSelectorOf(node.args[0]);
      if (vs) out.add(selectorName(vs));
    });
  }
  return out;
}

/** Runs the checks over the rules. Options are assumed valid (see validateLintOptions). */
export function lintRules(rules: readonly LintRule[], options: LintOptions = {}): Problem[] {
  const recordings = new Map<string, Expr>();
  for (const r of rules) if (r.kind === 'record' && r.expr && !recordings.has(r.name)) recordings.set(r.name, r.expr);
  const env: LintEnvironment = {
    metricTypes: new MetricTypes({ ...options.metricTypes, recordings }),
    recordings,
    ratedMetrics: ratedMetrics(rules),
    scrapeIntervalMs: options.scrapeIntervalMs ?? DEFAULT_INTERVAL_MS,
    scrapeIntervalConfigured: options.scrapeIntervalMs !== undefined,
    evaluationIntervalMs: options.evaluationIntervalMs ?? DEFAULT_INTERVAL_MS,
    ...(options.server ? { server: options.server } : {}),
  };
  const enabled = CHECKS.flatMap((check) => {
    if (options.only && !options.only.includes(check.meta.id)) return [];
    const setting = settingOf(options, check.meta.id);
    if (setting.severity === 'off') return [];
    const ctx: CheckContext<unknown> = { options: { ...check.defaults, ...setting.options }, env };
    return [{ check, ctx, configured: setting.severity }];
  });
  // Visitor checks share one walk per rule; their findings are reported in
  // registry order with the others'.
  const visited = runVisitorChecks(
    enabled.flatMap((e) => (e.check.scope === 'visitor' ? [{ check: e.check, ctx: e.ctx }] : [])),
    rules,
  );
  const problems: Problem[] = [];
  for (const { check, ctx, configured } of enabled) {
    switch (check.scope) {
      case 'visitor':
        visited.get(check)!.forEach((findings, i) => {
          for (const f of findings) problems.push(toProblem(check, configured, rules[i]!, f));
        });
        break;
      case 'rule':
        for (const rule of rules) for (const f of checkRule(check, rule, ctx)) problems.push(toProblem(check, configured, rule, f));
        break;
      case 'ruleset':
        for (const { rule, finding } of check.check(rules, ctx)) problems.push(toProblem(check, configured, rule, finding));
        break;
      default:
        assertNever(check);
    }
  }
  return problems;
}

/**
 * One check on one rule. Expressions may nest 100,000 deep and the shared
 * analyses are bounded (src/promql/deep.ts), but a check's own helper may
 * still recurse on some shape: running out of stack there skips this check
 * for this rule, said so at the expression, instead of ending the run.
 */
function checkRule(check: RuleCheck<unknown>, rule: LintRule, ctx: CheckContext<unknown>): Finding[] {
  try {
    return check.check(rule, ctx);
  } catch (e) {
    if (!(e instanceof RangeError && /call stack/i.test(e.message)) || !rule.expr) throw e;
    return [{ ...atExpr('expression nests too deeply for this check (out of stack); not checked', rule.expr), severity: 'info' }];
  }
}
