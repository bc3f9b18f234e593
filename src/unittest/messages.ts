// promtool's failure texts, reproduced so that output reads the same as
// promtool's (users grep CI logs for them): Go's time.Duration formatting,
// label sets, alert lists and sample lists.

import type { Labels } from '../model/labels.js';
import { labelsToString } from '../model/labels.js';
import { formatFloat } from '../go/strconv.js';

/** Go's `time.Duration.String()` for a number of milliseconds: `0s`, `1m0s`, `1h30m0s`, `500ms`, `1.5s`. */
export function goDurationString(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  let out: string;
  if (rest < 1000) out = `${rest}ms`;
  else {
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const s = rest / 1000;
    const secs = Number.isInteger(s) ? String(s) : String(Number(s.toFixed(3)));
    out = h > 0 ? `${h}h${m}m${secs}s` : m > 0 ? `${m}m${secs}s` : `${secs}s`;
  }
  return neg ? `-${out}` : out;
}

/** Prefixes every line after the first with `indent` (promtool's indentLines). */
export function indentLines(lines: string, indent: string): string {
  return lines.split('\n').join(`\n${indent}`);
}

export interface AlertView {
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** promtool's `labelsAndAnnotations.String()`. */
export function alertListString(alerts: readonly AlertView[]): string {
  if (alerts.length === 0) return '[]';
  const one = (a: AlertView): string => `Labels:${labelsToString(a.labels)}\nAnnotations:${labelsToString(a.annotations)}`;
  let s = `[\n0:${indentLines(`\n${one(alerts[0]!)}`, '  ')}`;
  alerts.slice(1).forEach((a, i) => {
    s += `,\n${i + 1}:${indentLines(`\n${one(a)}`, '  ')}`;
  });
  return `${s}\n]`;
}

export interface SampleView {
  readonly labels: Labels;
  readonly value: number;
  /** A histogram's test expression, when the sample is a histogram. */
  readonly histogram?: string;
}

/** promtool's `parsedSamplesString`: `nil` or `{labels} 1E+00, ...`. */
export function sampleListString(samples: readonly SampleView[]): string {
  if (samples.length === 0) return 'nil';
  return samples.map((s) => `${labelsToString(s.labels)} ${s.histogram ?? formatFloat(s.value, 'E', -1)}`).join(', ');
}
