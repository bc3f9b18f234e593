// The alerting-rule state machine, as Prometheus's rules/alerting.go runs it:
// inactive → pending → firing → (resolved, kept 15 minutes), with `for`,
// `keep_firing_for`, ALERTS / ALERTS_FOR_STATE output series and the group
// limit. Pure state: the group evaluator feeds it query results.

import type { Labels } from '../model/labels.js';
import { labelsFromPairs, labelsKey, withLabel, withoutLabels, METRIC_NAME_LABEL } from '../model/labels.js';
import type { EvalAlertingRule, Sample, TemplateExpander } from './types.js';

/** Resolved alerts are kept this long (and re-sent to Alertmanager). */
export const RESOLVED_RETENTION_MS = 15 * 60 * 1000;

export type AlertPhase = 'pending' | 'firing' | 'inactive';

export interface AlertInstance {
  readonly labels: Labels;
  annotations: Labels;
  phase: AlertPhase;
  value: number;
  readonly activeAtMs: number;
  firedAtMs?: number;
  resolvedAtMs?: number;
  keepFiringSinceMs?: number;
}

export interface AlertEvalResult {
  /** ALERTS and ALERTS_FOR_STATE samples to write back (at `timeMs - queryOffset`). */
  readonly series: Sample[];
  readonly error?: string;
}

export class AlertingRuleState {
  /** Active instances keyed by their label set. */
  readonly active = new Map<string, AlertInstance>();
  /** Whether the rule's labels hold no templates (so alert labels can be cached per series). */
  private readonly staticLabels: boolean;
  private readonly labelCache = new WeakMap<Labels, { labels: Labels; key: string }>();

  constructor(readonly rule: EvalAlertingRule) {
    this.staticLabels = rule.labels.every(([, text]) => !text.includes('{{'));
  }

  /**
   * One evaluation at `timeMs` with the query result `samples`.
   * `expand` expands label and annotation templates.
   */
  evaluate(timeMs: number, samples: readonly Sample[], expand: TemplateExpander, limit: number): AlertEvalResult {
    const fresh = new Map<string, AlertInstance>();
    for (const s of samples) {
      const data = { labels: s.labels, value: s.value, timeMs };
      // Label sets repeat at every evaluation; without templates in the rule's
      // labels, the alert's labels depend on the series alone.
      let cached = this.staticLabels ? this.labelCache.get(s.labels) : undefined;
      if (!cached) {
        let ls = withoutLabels(s.labels, [METRIC_NAME_LABEL]);
        for (const [name, text] of this.rule.labels) ls = withLabel(ls, name, expand(text, data));
        ls = withLabel(ls, 'alertname', this.rule.name);
        cached = { labels: ls, key: labelsKey(ls) };
        if (this.staticLabels) this.labelCache.set(s.labels, cached);
      }
      const ls = cached.labels;
      const key = cached.key;
      const annotations = labelsFromPairs(this.rule.annotations.map(([name, text]) => [name, expand(text, data)] as const));
      if (fresh.has(key)) {
        return { series: [], error: 'vector contains metrics with the same labelset after applying alert labels' };
      }
      fresh.set(key, { labels: ls, annotations, phase: 'pending', value: s.value, activeAtMs: timeMs });
    }

    for (const [key, a] of fresh) {
      const existing = this.active.get(key);
      if (existing && existing.phase !== 'inactive') {
        existing.value = a.value;
        existing.annotations = a.annotations;
      } else {
        this.active.set(key, a);
      }
    }

    const series: Sample[] = [];
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.phase === 'firing' && this.rule.keepFiringForMs > 0) {
          a.keepFiringSinceMs ??= timeMs;
          keepFiring = timeMs - a.keepFiringSinceMs < this.rule.keepFiringForMs;
        }
        // Pending alerts vanish at once; resolved ones after the retention.
        if (a.phase === 'pending' || (a.resolvedAtMs !== undefined && timeMs - a.resolvedAtMs > RESOLVED_RETENTION_MS)) {
          this.active.delete(key);
        }
        if (a.phase !== 'inactive' && !keepFiring) {
          a.phase = 'inactive';
          a.resolvedAtMs = timeMs;
        }
        if (!keepFiring) continue;
      } else {
        delete a.keepFiringSinceMs;
      }
      activeCount++;
      if (a.phase === 'pending' && timeMs - a.activeAtMs >= this.rule.forMs) {
        a.phase = 'firing';
        a.firedAtMs = timeMs;
      }
      series.push(alertsSample(this.rule, a), forStateSample(this.rule, a));
    }

    if (limit > 0 && activeCount > limit) {
      this.active.clear();
      return { series: [], error: `exceeded limit of ${limit} with ${activeCount} alerts` };
    }
    return { series };
  }

  /** Instances that are pending or firing (resolved ones excluded). */
  activeAlerts(): AlertInstance[] {
    return [...this.active.values()].filter((a) => a.phase !== 'inactive');
  }
}

// The ALERTS label sets of an instance are the same at every evaluation:
// build them once, so storage and staleness tracking see the same objects.
const alertsLabels = new WeakMap<Labels, { pending?: Labels; firing?: Labels; forState?: Labels }>();

/**
 * Prometheus builds these series from the rule's labels as written, then the
 * alert's (expanded) labels on top: a label whose template expanded to ""
 * (and so was dropped from the alert) keeps its raw template text here.
 */
function seriesBase(rule: EvalAlertingRule, a: AlertInstance): Labels {
  let ls = labelsFromPairs(rule.labels);
  for (const l of a.labels) ls = withLabel(ls, l.name, l.value);
  return ls;
}

function alertsSample(rule: EvalAlertingRule, a: AlertInstance): Sample {
  const state = a.phase === 'firing' ? 'firing' : 'pending';
  let entry = alertsLabels.get(a.labels);
  if (!entry) alertsLabels.set(a.labels, (entry = {}));
  const ls = (entry[state] ??= withLabel(withLabel(seriesBase(rule, a), METRIC_NAME_LABEL, 'ALERTS'), 'alertstate', state));
  return { labels: ls, value: 1 };
}

function forStateSample(rule: EvalAlertingRule, a: AlertInstance): Sample {
  let entry = alertsLabels.get(a.labels);
  if (!entry) alertsLabels.set(a.labels, (entry = {}));
  const ls = (entry.forState ??= withLabel(seriesBase(rule, a), METRIC_NAME_LABEL, 'ALERTS_FOR_STATE'));
  return { labels: ls, value: Math.floor(a.activeAtMs / 1000) };
}
