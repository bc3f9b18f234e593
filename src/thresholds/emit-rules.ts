// `thresholds --emit-rules`: a Prometheus rule file carrying the fitted
// thresholds, in one of three shapes:
//   alert — one alert per group, the threshold baked into the expression
//           (the group's labels injected into the signal's selectors);
//   join  — one recording rule of constant thresholds per group, and one
//           alert joining the signal to them with `on (...) group_left`;
//   band  — live adaptive bands as recording rules (signal, mid-line,
//           spread, upper/lower) with the fitted multiplier, optionally
//           seasonal through `offset 1d`/`offset 7d`.
// Alerts carry provenance annotations (method, parameters, data range,
// backtest); recording rules carry them as YAML comments, because
// Prometheus allows no annotations there.

import type { Expr, LabelMatcher } from '../promql/ast.js';
import { printExpr } from '../promql/printer.js';
import { injectSelector } from '../compile/inject.js';
import type { Baseline, FitOptions, FitResult } from './fit.js';
import { DEFAULT_MARGIN } from './fit.js';
import { humanNumber, numberText } from './report.js';
import { formatDuration } from '../promql/literals.js';

export type EmitMode = 'alert' | 'join' | 'band';
export const EMIT_MODES: readonly EmitMode[] = ['alert', 'join', 'band'];

export interface EmitRulesInput {
  readonly mode: EmitMode;
  readonly signal: string;
  readonly expr: Expr;
  readonly by: readonly string[];
  readonly options: FitOptions;
  readonly results: readonly FitResult[];
  readonly startMs: number;
  readonly endMs: number;
  readonly alertName: string;
  readonly severity: string;
  /** Base name of recorded series (`<name>:threshold`, `<name>:mid`...). */
  readonly recordName: string;
  /**
   * The fit ignored this long after a process restart; the alert must too,
   * or every deploy's warm-up would page (0 = no guard).
   */
  readonly restartGuardMs: number;
  /** Results fitted on a baseline (envelope/auto) alert on that baseline's expression. */
  readonly residualExprs?: ReadonlyMap<Baseline, Expr>;
  /** Hysteresis: the alert keeps firing this long after the condition clears (one page per episode). */
  readonly keepFiringForMs?: number;
  /** The evaluation interval the fit assumed; written as the group's `interval`. */
  readonly intervalMs?: number;
}

/** `and on (job, instance) (time() - process_start_time_seconds > N)` when a restart guard is wanted. */
function withRestartGuard(e: EmitRulesInput, condition: string): string {
  if (e.restartGuardMs <= 0) return condition;
  return `(${condition}) and on (job, instance) (time() - process_start_time_seconds > ${e.restartGuardMs / 1000})`;
}

// Every name, key and value is written as a double-quoted YAML scalar
// (JSON's escapes are YAML's), so `: `, `#` or a newline in an alert name or
// a sample's label cannot change the file's structure.
const q = (s: string): string => JSON.stringify(s);
/** Comment text on one line: control characters (a newline would end the comment) are escaped. */
const commentText = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));

/** Prometheus's duration form (`1h30m`, `0s`), in rule fields and comments alike. */
const durationText = formatDuration;

function provenance(e: EmitRulesInput, r: FitResult): Record<string, string> {
  const params: string[] = [`direction=${e.options.direction}`, `for=${durationText(e.options.forMs)}`];
  if (r.q !== undefined) params.push(`q=${r.q}`);
  if (r.residual !== undefined) params.push(`baseline=${r.residual}`);
  if (r.envelope !== undefined)
    params.push(`envelope=${humanNumber(r.envelope.min)}..${humanNumber(r.envelope.max)} margin=${e.options.margin ?? DEFAULT_MARGIN}`);
  if (r.k !== undefined) params.push(`k=${humanNumber(r.k)}`);
  if (e.options.budgetPerWeek !== undefined) params.push(`budget=${e.options.budgetPerWeek}/week`);
  return {
    promforge_method: r.method,
    promforge_params: params.join(' '),
    promforge_data_range: `${new Date(e.startMs).toISOString()}/${new Date(e.endMs).toISOString()}`,
    promforge_backtest: `${r.backtest.alerts} alert(s) over ${r.backtest.weeks.toFixed(2)} week(s) (${r.backtest.alertsPerWeek.toFixed(2)}/week)`,
  };
}

function groupMatchers(r: FitResult): LabelMatcher[] {
  return r.group.map((l) => ({ name: l.name, op: '=' as const, value: l.value, pos: { start: 0, end: 0 } }));
}

/**
 * The group's labels as static rule labels: the series carry them anyway, and
 * they keep one alert per group from looking like duplicates of each other.
 */
function groupLabels(r: FitResult): Record<string, string> {
  return Object.fromEntries(r.group.map((l) => [l.name, l.value]));
}

function yamlMap(indent: string, entries: Record<string, string>): string {
  return Object.entries(entries)
    .map(([k, v]) => `${indent}${q(k)}: ${q(v)}`)
    .join('\n');
}

function alertRule(
  name: string,
  expr: string,
  forMs: number,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  keepFiringForMs = 0,
): string {
  const lines = [`      - alert: ${q(name)}`, `        expr: ${q(expr)}`];
  if (forMs > 0) lines.push(`        for: ${durationText(forMs)}`);
  if (keepFiringForMs > 0) lines.push(`        keep_firing_for: ${durationText(keepFiringForMs)}`);
  if (Object.keys(labels).length > 0) lines.push('        labels:', yamlMap('          ', labels));
  lines.push('        annotations:', yamlMap('          ', annotations));
  return lines.join('\n');
}

export function emitRules(e: EmitRulesInput): string {
  const ok = e.results.filter((r) => !r.error);
  const op = e.options.direction === 'upper' ? '>' : '<';
  const header = [
    `# Generated by promforge thresholds from ${new Date(e.startMs).toISOString()} to ${new Date(e.endMs).toISOString()}.`,
    `# signal: ${commentText(e.signal)}`,
    `# method: ${e.options.method}, direction: ${e.options.direction}, for: ${durationText(e.options.forMs)}${e.options.budgetPerWeek !== undefined ? `, budget: ${e.options.budgetPerWeek}/week` : ''}`,
    'groups:',
    `  - name: ${q(`${e.recordName}-thresholds`)}`,
    ...(e.intervalMs !== undefined ? [`    interval: ${durationText(e.intervalMs)}`] : []),
    '    rules:',
  ];
  const rules: string[] = [];
  const summary = (r: FitResult): string =>
    `${e.signal.length > 80 ? 'signal' : e.signal} ${op} fitted threshold${r.group.length ? ` for ${r.group.map((l) => `${l.name}=${l.value}`).join(', ')}` : ''}`;
  const annotations = (r: FitResult): Record<string, string> => ({
    summary: summary(r),
    description: `Value {{ $value }} crossed the threshold fitted by promforge thresholds (${r.method}).`,
    ...provenance(e, r),
  });
  switch (e.mode) {
    case 'alert':
      for (const r of ok) {
        if (r.threshold === undefined) continue;
        const expr = (r.residual && e.residualExprs?.get(r.residual)) || e.expr;
        const scoped = injectSelector(expr, { matchers: groupMatchers(r) });
        const condition = r.residual && r.residual !== 'level' ? `(${printExpr(scoped)})` : printExpr(scoped);
        rules.push(
          alertRule(
            e.alertName,
            withRestartGuard(e, `${condition} ${op} ${numberText(r.threshold)}`),
            e.options.forMs,
            { ...groupLabels(r), severity: e.severity },
            annotations(r),
            e.keepFiringForMs,
          ),
        );
      }
      break;
    case 'join': {
      const rec = `${e.recordName}:threshold`;
      for (const r of ok) {
        if (r.threshold === undefined) continue;
        rules.push(
          [
            ...Object.entries(provenance(e, r)).map(([k, v]) => `      # ${k}: ${commentText(v)}`),
            `      - record: ${q(rec)}`,
            `        expr: vector(${numberText(r.threshold)})`,
            ...(r.group.length ? ['        labels:', yamlMap('          ', Object.fromEntries(r.group.map((l) => [l.name, l.value])))] : []),
          ].join('\n'),
        );
      }
      const on = e.by.length ? `on (${e.by.join(', ')}) group_left () ` : 'on () group_left () ';
      const first = ok[0];
      if (first) {
        rules.push(
          alertRule(
            e.alertName,
            withRestartGuard(e, `(${printExpr(e.expr)}) ${op} ${on}${rec}`),
            e.options.forMs,
            { severity: e.severity },
            { ...annotations(first), summary: `${e.signal.length > 80 ? 'signal' : e.signal} ${op} its fitted threshold` },
          ),
        );
      }
      break;
    }
    case 'band': {
      const base = e.recordName;
      const k = ok[0]?.k ?? 3;
      const season = e.options.method === 'seasonal' ? (ok[0]?.baseline?.season ?? 'day') : undefined;
      const shift = season === 'week' ? ' offset 7d' : season === 'day' ? ' offset 1d' : '';
      const robust = e.options.method === 'mad' || e.options.method === 'seasonal';
      const window = season ? '1h' : '1d';
      rules.push(`      - record: ${q(`${base}:value`)}\n        expr: ${q(printExpr(e.expr))}`);
      rules.push(
        `      - record: ${q(`${base}:mid`)}\n        expr: ${q(robust ? `quantile_over_time(0.5, ${base}:value[${window}]${shift})` : `avg_over_time(${base}:value[${window}]${shift})`)}`,
      );
      // (q75 − q25) / 2 equals the MAD for symmetric distributions and needs no experimental function.
      rules.push(
        `      - record: ${q(`${base}:spread`)}\n        expr: ${q(robust ? `(quantile_over_time(0.75, ${base}:value[1d]) - quantile_over_time(0.25, ${base}:value[1d])) / 2` : `stddev_over_time(${base}:value[1d])`)}`,
      );
      const bound = e.options.direction === 'upper' ? 'upper' : 'lower';
      const sign = e.options.direction === 'upper' ? '+' : '-';
      rules.push(
        `      # fitted multiplier k=${numberText(Number(k.toPrecision(6)))}\n      - record: ${q(`${base}:${bound}`)}\n        expr: ${q(`${base}:mid ${sign} ${numberText(Number(k.toPrecision(6)))} * ${base}:spread`)}`,
      );
      const first = ok[0];
      if (first)
        rules.push(
          alertRule(e.alertName, withRestartGuard(e, `${base}:value ${op} ${base}:${bound}`), e.options.forMs, { severity: e.severity }, annotations(first)),
        );
      break;
    }
  }
  return `${header.join('\n')}\n${rules.join('\n')}\n`;
}
