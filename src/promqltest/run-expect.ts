// Checking one query outcome against an eval block's expectations
// (FORMAT.md §5.2–§5.8): failure, annotations, then the result.

import { compileRegex } from '../regex/re2.js';
import type { QueryResult } from '../engine/index.js';
import { renderAnnotation } from '../engine/annotations.js';

export { renderAnnotation };
import type { EvalCommand, MessageExpectation, MessageMatcher } from '../samples/test-script/script.js';
import { compareMatrix, compareVector, describeValue, floatsMatch, formatFloat } from './compare.js';

function matches(m: MessageMatcher, text: string): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'exact':
      return m.text === text;
    case 'regex': {
      const re = compileRegex(m.pattern);
      return re.ok && re.re.matcher(text).find();
    }
  }
}

function describeMatcher(m: MessageMatcher): string {
  switch (m.kind) {
    case 'any':
      return '(any message)';
    case 'exact':
      return JSON.stringify(m.text);
    case 'regex':
      return `regex ${JSON.stringify(m.pattern)}`;
  }
}

function checkAnnotations(
  kind: 'warning' | 'info',
  actual: readonly string[],
  expectations: readonly MessageExpectation[],
  none: boolean,
  atLeastOne: boolean,
): string | undefined {
  if (none && actual.length > 0) return `expected no ${kind}s, got: ${actual.join(' | ')}`;
  if (atLeastOne && actual.length === 0) return `expected at least one ${kind}, got none`;
  if (expectations.length === 0) return undefined;
  for (const e of expectations) {
    if (!actual.some((a) => matches(e.matcher, a)))
      return `expected ${kind} ${describeMatcher(e.matcher)} (line ${e.line}), got: ${actual.length ? actual.join(' | ') : `no ${kind}s`}`;
  }
  for (const a of actual) {
    if (!expectations.some((e) => matches(e.matcher, a))) return `unexpected ${kind}: ${a}`;
  }
  return undefined;
}

/** Failure and annotation expectations; `query` is the text the annotations are positioned in. */
export function checkOutcome(cmd: EvalCommand, res: QueryResult, query: string): string | undefined {
  const exp = cmd.expect;
  if (exp.fail) {
    if (!('error' in res)) return `expected the query to fail, but it returned ${describeValue(res.value)}`;
    if (!matches(exp.fail.matcher, res.error.message)) return `expected error ${describeMatcher(exp.fail.matcher)}, got ${JSON.stringify(res.error.message)}`;
    return undefined;
  }
  if ('error' in res) return `unexpected error: ${res.error.message}`;
  const warnings = res.warnings.map((a) => renderAnnotation(a, query));
  const infos = res.infos.map((a) => renderAnnotation(a, query));
  return (
    checkAnnotations('warning', warnings, exp.warn, exp.noWarn, exp.atLeastOneWarn) ?? checkAnnotations('info', infos, exp.info, exp.noInfo, exp.atLeastOneInfo)
  );
}

/** The result part of the expectations (vector, matrix, scalar, string). */
export function checkValue(cmd: EvalCommand, res: QueryResult, isRange: boolean): string | undefined {
  if ('error' in res) return `unexpected error: ${res.error.message}`;
  const v = res.value;
  if (cmd.string) {
    if (v.type !== 'string') return `expected string ${JSON.stringify(cmd.string.value)}, got ${describeValue(v)}`;
    return v.value === cmd.string.value ? undefined : `expected string ${JSON.stringify(cmd.string.value)}, got ${JSON.stringify(v.value)}`;
  }
  if (cmd.scalar) {
    if (v.type !== 'scalar') return `expected scalar ${formatFloat(cmd.scalar.value)}, got ${describeValue(v)}`;
    return floatsMatch(cmd.scalar.value, v.v) ? undefined : `expected scalar ${formatFloat(cmd.scalar.value)}, got ${formatFloat(v.v)}`;
  }
  if (cmd.rangeVector) {
    if (v.type !== 'matrix') return `expected a range vector, got ${describeValue(v)}`;
    return compareMatrix(v.series, cmd.series, cmd.rangeVector.startMs, cmd.rangeVector.stepMs, undefined);
  }
  if (isRange && cmd.mode.kind === 'range') {
    if (cmd.expect.ordered) return 'expect ordered is meaningless for a range query';
    if (v.type !== 'matrix') return `expected a matrix, got ${describeValue(v)}`;
    const steps = Math.floor((cmd.mode.endMs - cmd.mode.startMs) / cmd.mode.stepMs) + 1;
    return compareMatrix(v.series, cmd.series, cmd.mode.startMs, cmd.mode.stepMs, steps);
  }
  if (v.type === 'matrix') {
    return v.series.length === 0 && cmd.series.length === 0 ? undefined : `expected an instant vector, got range vector ${describeValue(v)}`;
  }
  // With no `expect string`, the expected string is empty (FORMAT.md §5.6).
  if (v.type === 'string') return v.value === '' && cmd.series.length === 0 ? undefined : `expected vector, got ${describeValue(v)}`;
  if (v.type === 'scalar') return `expected vector, got ${describeValue(v)}`;
  return compareVector(v.samples, cmd.series, cmd.expect.ordered);
}
