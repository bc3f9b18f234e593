// The thresholds table in three forms: text for people, JSON for tools, and
// YAML in the `kind: Thresholds` format the rule-pack compiler reads
// (docs/packs.md), so fitted values flow straight into packs.

import { stringify } from 'yaml';
import { formatDuration } from '../promql/literals.js';
import type { Labels } from '../model/labels.js';
import { labelsToRecord } from '../model/labels.js';
import type { FitOptions, FitResult } from './fit.js';
import type { IncidentReport } from './incidents.js';

export interface ThresholdsRun {
  readonly signal: string;
  readonly by: readonly string[];
  readonly options: FitOptions;
  readonly startMs: number;
  readonly endMs: number;
  readonly results: readonly FitResult[];
  readonly incidents?: IncidentReport;
}

/** Shortest decimal text of a number (no `1e-7` surprises in rule files). */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  const s = String(v);
  if (!/e/i.test(s)) return s;
  // Expand exponents: Prometheus reads them, but people read decimals better.
  return v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * A number for people: rounded to 6 significant digits, then its shortest
 * text (`34.25000000000001` → `34.25`). Only for what people read — tables,
 * comments; rule expressions and the JSON/YAML tables keep the exact value
 * (numberText), so an emitted rule reproduces the backtest.
 */
export function humanNumber(v: number): string {
  return numberText(Number.isFinite(v) ? Number(v.toPrecision(6)) : v);
}

function groupText(g: Labels): string {
  return g.length === 0 ? '(all series)' : `{${g.map((l) => `${l.name}="${l.value}"`).join(', ')}}`;
}

/** Durations as Prometheus writes them (`1h30m`, `0s`), the same in every output. */
const durationText = (ms: number): string => formatDuration(Math.max(0, ms));

export function thresholdsText(run: ThresholdsRun): string {
  const o = run.options;
  const lines: string[] = [];
  lines.push(`signal: ${run.signal}`);
  lines.push(
    `method: ${o.method}, direction: ${o.direction}, for: ${durationText(o.forMs)}, step: ${durationText(o.stepMs)}${o.budgetPerWeek !== undefined ? `, budget: ${o.budgetPerWeek}/week` : ''}`,
  );
  lines.push(`history: ${new Date(run.startMs).toISOString()} → ${new Date(run.endMs).toISOString()}`);
  lines.push('');
  const header = ['group', 'threshold', 'params', 'samples', 'coverage', 'alerts/week', 'firing'];
  const rows = run.results.map((r) => [
    groupText(r.group),
    r.error ? 'n/a' : r.method === 'seasonal' ? `median ± ${humanNumber(r.k!)}·MAD (${r.baseline?.season})` : humanNumber(r.threshold!),
    r.error ? r.error : paramsText(r),
    String(r.samples),
    `${(r.coverage * 100).toFixed(1)}%`,
    r.error ? '-' : r.backtest.alertsPerWeek.toFixed(2),
    r.error ? '-' : durationText(r.backtest.firingMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(fmt(header));
  lines.push(fmt(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) lines.push(fmt(r));
  if (run.incidents) {
    lines.push('');
    lines.push(
      `incidents: ${run.incidents.detected} of ${run.incidents.total} detected${run.incidents.total ? `, median delay ${durationText(run.incidents.medianDelayMs ?? 0)}` : ''}`,
    );
    for (const i of run.incidents.items) {
      lines.push(
        `  ${i.name ?? groupText(i.group)} ${new Date(i.startMs).toISOString()}: ${i.detectedAtMs === undefined ? 'MISSED' : `detected after ${durationText(i.detectedAtMs - i.startMs)}`}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function paramsText(r: FitResult): string {
  const p: string[] = [];
  if (r.q !== undefined) p.push(`q=${r.q}`);
  if (r.k !== undefined) p.push(`k=${humanNumber(r.k)}`);
  if (r.center !== undefined) p.push(`center=${humanNumber(r.center)}`);
  if (r.scale !== undefined) p.push(`scale=${humanNumber(r.scale)}`);
  return p.join(' ') || '-';
}

export function thresholdsJson(run: ThresholdsRun): unknown {
  return {
    signal: run.signal,
    by: run.by,
    method: run.options.method,
    direction: run.options.direction,
    forSeconds: run.options.forMs / 1000,
    stepSeconds: run.options.stepMs / 1000,
    budgetPerWeek: run.options.budgetPerWeek ?? null,
    start: new Date(run.startMs).toISOString(),
    end: new Date(run.endMs).toISOString(),
    groups: run.results.map((r) => ({
      labels: labelsToRecord(r.group),
      threshold: r.threshold ?? null,
      k: r.k ?? null,
      q: r.q ?? null,
      center: r.center ?? null,
      scale: r.scale ?? null,
      baseline: r.baseline ? { season: r.baseline.season, median: [...r.baseline.median], mad: [...r.baseline.mad] } : null,
      samples: r.samples,
      coverage: r.coverage,
      backtest: r.backtest,
      error: r.error ?? null,
    })),
    incidents: run.incidents ?? null,
  };
}

/** The rule-pack compiler's thresholds table (kind: Thresholds). */
export function thresholdsYaml(run: ThresholdsRun, name = 'fitted-thresholds'): string {
  const fitted = run.results.filter((r) => !r.error && r.threshold !== undefined);
  const doc = {
    apiVersion: 'promforge/v1',
    kind: 'Thresholds',
    metadata: { name, generated_by: 'promforge thresholds', generated_at: new Date(run.endMs).toISOString() },
    // One global threshold goes in `default` (the table format needs a key; `job` is the natural one).
    key: run.by.length > 0 ? [...run.by] : ['job'],
    ...(run.by.length === 0 && fitted[0] ? { default: { threshold: Number(numberText(fitted[0].threshold!)), method: fitted[0].method } } : {}),
    rows: (run.by.length === 0 ? [] : fitted).map((r) => ({
      labels: labelsToRecord(r.group),
      threshold: Number(numberText(r.threshold!)),
      method: r.method,
      params: {
        ...(r.q !== undefined ? { quantile: r.q } : {}),
        ...(r.k !== undefined ? { k: Number(r.k.toPrecision(6)) } : {}),
        direction: run.options.direction,
        for: durationText(run.options.forMs),
        ...(run.options.budgetPerWeek !== undefined ? { budget_per_week: run.options.budgetPerWeek } : {}),
        window: `${new Date(run.startMs).toISOString()}/${new Date(run.endMs).toISOString()}`,
        backtest_alerts_per_week: Number(r.backtest.alertsPerWeek.toFixed(3)),
      },
    })),
  };
  return stringify(doc, { lineWidth: 0 });
}
