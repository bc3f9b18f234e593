// group/interval: the evaluation interval of a group. Longer than the 5m
// lookback delta, recorded series go stale between evaluations; shorter than
// the scrape interval, rules re-evaluate the same data.

import type { Finding, RuleSetCheck } from '../../check.js';
import { atField } from '../../check.js';
import { fmtMs } from '../../expr-utils.js';
import type { LintGroup, LintRule } from '../../rule-context.js';

export interface IntervalOptions {
  /** Prometheus's query lookback delta in ms (default 5m). */
  readonly lookbackDeltaMs: number;
}

/** An alert-only group whose alerts all keep firing for at least one interval does not flap between evaluations. */
function alertsOutlastInterval(g: LintGroup, ms: number): boolean {
  return g.rules.every((r) => r.kind === 'alert' && (r.keepFiringForMs ?? 0) >= ms);
}

export const interval: RuleSetCheck<IntervalOptions> = {
  scope: 'ruleset',
  meta: {
    id: 'group/interval',
    defaultSeverity: 'warning',
    description: 'Group intervals longer than the lookback delta (stale recorded series) or shorter than the scrape interval.',
    optionsSchema: {
      type: 'object',
      properties: { lookbackDeltaMs: { type: 'number', exclusiveMinimum: 0 } },
      additionalProperties: false,
    },
  },
  defaults: { lookbackDeltaMs: 5 * 60_000 },
  check(rules, { options, env }) {
    const seen = new Set<LintGroup>();
    const out: { rule: LintRule; finding: Finding }[] = [];
    for (const rule of rules) {
      const g = rule.group;
      if (seen.has(g)) continue;
      seen.add(g);
      const ms = g.intervalMs;
      if (ms === undefined) continue;
      if (ms === 0) {
        out.push({
          rule,
          finding: atField('group interval is 0: Prometheus uses the global evaluation interval instead', 'group-interval', { severity: 'info' }),
        });
      } else if (ms > options.lookbackDeltaMs && !alertsOutlastInterval(g, ms)) {
        const hasRecording = g.rules.some((r) => r.kind === 'record');
        const lookback = fmtMs(options.lookbackDeltaMs);
        out.push({
          rule,
          finding: hasRecording
            ? atField(
                `group interval ${fmtMs(ms)} is longer than the ${lookback} lookback delta: recorded series go stale between evaluations and queries see gaps`,
                'group-interval',
              )
            : atField(
                `group interval ${fmtMs(ms)} is longer than the ${lookback} lookback delta: the ALERTS series goes stale between evaluations`,
                'group-interval',
                { severity: 'info' },
              ),
        });
      } else if (env.scrapeIntervalConfigured && ms < env.scrapeIntervalMs) {
        out.push({
          rule,
          finding: atField(
            `group interval ${fmtMs(ms)} is shorter than the scrape interval ${fmtMs(env.scrapeIntervalMs)}: rules re-evaluate unchanged data`,
            'group-interval',
            {
              severity: 'info',
            },
          ),
        });
      }
    }
    return out;
  },
};
