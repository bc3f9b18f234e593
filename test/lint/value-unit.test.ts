import { describe, it, expect } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import type { Expr } from '../../src/promql/ast.js';
import { printExpr } from '../../src/promql/printer.js';
import { valueUnit } from '../../src/lint/value-unit.js';

function expr(text: string): Expr {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`does not parse: ${text}`);
  return r.expr;
}

/** [unit, the node giving it] or undefined. */
function unitOf(text: string, recordings: Record<string, string> = {}): [string, string] | undefined {
  const rec = new Map(Object.entries(recordings).map(([k, v]) => [k, expr(v)]));
  const u = valueUnit(expr(text), rec);
  return u ? [u.unit, printExpr(u.node)] : undefined;
}

describe('value unit', () => {
  const rows: [string, [string, string] | undefined][] = [
    ['rate(errors_total[5m]) > 0', ['rate', 'rate(errors_total[5m])']],
    ['sum by (job) (irate(errors_total[2m])) > 1', ['rate', 'irate(errors_total[2m])']],
    ['0 < deriv(queue_length[10m])', ['rate', 'deriv(queue_length[10m])']],
    ['rate(errors_total[5m]) * 60 > 1', ['rate', 'rate(errors_total[5m])']],
    ['max_over_time(rate(errors_total[5m])[1h:]) > 1', ['rate', 'rate(errors_total[5m])']],
    ['rate(errors_total[5m]) > 0 or vector(0)', ['rate', 'rate(errors_total[5m])']],
    ['node_memory_MemAvailable_bytes < 1e9', ['bytes', 'node_memory_MemAvailable_bytes']],
    ['probe_duration_seconds > 5', ['duration', 'probe_duration_seconds']],
    ['time() - last_success_timestamp_seconds > 3600', ['duration', 'time() - last_success_timestamp_seconds']],
    // Things that change what the value means end the unit.
    ['count(rate(errors_total[5m]) > 0)', undefined],
    ['round(rate(errors_total[5m])) > 0', undefined],
    ['rate(errors_total[5m]) / rate(requests_total[5m]) > 0.1', undefined],
    ['rate(errors_total[5m]) > bool 0', undefined],
    ['node_memory_MemAvailable_bytes / 1024 / 1024 < 100', undefined],
    ['process_start_time_seconds > 0', undefined],
    ['up == 0', undefined],
    ['probe_duration_seconds == 0', undefined],
    ['increase(errors_total[1h]) > 10', undefined],
    ['foo > on () sum(rate(errors_total[2m]))', undefined],
  ];
  for (const [text, want] of rows) {
    it(text, () => expect(unitOf(text)).toEqual(want));
  }

  it('follows recording rules, and stops at a recording that refers to itself', () => {
    expect(unitOf('job:errors:rate5m > 1', { 'job:errors:rate5m': 'sum by (job) (rate(errors_total[5m]))' })).toEqual(['rate', 'rate(errors_total[5m])']);
    expect(unitOf('loop:x > 1', { 'loop:x': 'loop:x + 1' })).toBeUndefined();
  });
});
