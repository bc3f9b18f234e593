// Typed pack parameters: declaration types, parsing a raw value (from a pack
// default, a values file or `--set k=v`) into a typed value, and the text form
// a value takes when substituted into a non-PromQL field.
import type { LabelMatcher } from '../promql/ast.js';
import { formatDuration, isLegacyLabelName, parseDuration } from '../promql/literals.js';
import { parseExpr } from '../promql/parse.js';
import { printMatchers } from '../promql/printer.js';
import { formatDecimal, parseDecimal, type Rational } from './decimal.js';

export const PARAM_TYPES = ['selector', 'duration', 'number', 'string', 'labels'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export type SelectorMatcher = Pick<LabelMatcher, 'name' | 'op' | 'value'>;

export type ParamValue =
  | { readonly type: 'selector'; readonly matchers: readonly SelectorMatcher[] }
  | { readonly type: 'duration'; readonly ms: number }
  | { readonly type: 'number'; readonly value: Rational }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'labels'; readonly names: readonly string[] };

/** Parameter names a Go template in an annotation could mean; refused so `{{ end }}` is never a placeholder. */
export const RESERVED_PARAM_NAMES: ReadonlySet<string> = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'and',
  'or',
  'not',
  'len',
  'index',
  'print',
  'printf',
  'println',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'call',
  'html',
  'js',
  'urlquery',
  'slice',
]);

export type ParsedValue = { ok: true; value: ParamValue } | { ok: false; message: string };

/** Parses a raw value (a YAML value or the text after `--set k=`) as a parameter of `type`. */
export function parseParamValue(type: ParamType, raw: unknown, fromText: boolean): ParsedValue {
  switch (type) {
    case 'selector': {
      if (typeof raw !== 'string') return fail(`expected a selector string such as '{job="api"}', got ${describe(raw)}`);
      return parseSelector(raw);
    }
    case 'duration': {
      if (typeof raw !== 'string') return fail(`expected a duration such as 5m, got ${describe(raw)}`);
      const d = parseDuration(raw.trim());
      if ('error' in d) return fail(d.error);
      return { ok: true, value: { type: 'duration', ms: d.ms } };
    }
    case 'number': {
      const text = typeof raw === 'number' ? numberText(raw) : typeof raw === 'string' ? raw : undefined;
      const value = text === undefined ? undefined : parseDecimal(text);
      if (!value) return fail(`expected a number, got ${describe(raw)}`);
      return { ok: true, value: { type: 'number', value } };
    }
    case 'string': {
      if (typeof raw === 'string') return { ok: true, value: { type: 'string', value: raw } };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: { type: 'string', value: String(raw) } };
      return fail(`expected a string, got ${describe(raw)}`);
    }
    case 'labels': {
      let names: unknown[];
      if (Array.isArray(raw)) names = raw;
      else if (typeof raw === 'string' && (fromText || raw.trim() === ''))
        names = raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
      else return fail(`expected a list of label names, got ${describe(raw)}`);
      for (const n of names) {
        if (typeof n !== 'string' || !isLegacyLabelName(n) || n.startsWith('__')) return fail(`invalid label name ${JSON.stringify(n)}`);
      }
      const unique = [...new Set(names as string[])];
      return { ok: true, value: { type: 'labels', names: unique } };
    }
  }
}

function fail(message: string): ParsedValue {
  return { ok: false, message };
}

function describe(raw: unknown): string {
  if (raw === null || raw === undefined) return 'nothing';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a map';
  return `${typeof raw} ${JSON.stringify(raw)}`;
}

/** A JS number from YAML back to decimal text without exponent surprises (1e-7 stays exact). */
function numberText(n: number): string {
  return String(n);
}

/** `{job="api", env=~"prod|staging"}` (braces optional; '' or '{}' is the empty selector). */
export function parseSelector(text: string): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '{}') return { ok: true, value: { type: 'selector', matchers: [] } };
  const body = trimmed.startsWith('{') ? trimmed : `{${trimmed}}`;
  // A metric name in front keeps the parser from requiring a non-empty matcher.
  const parsed = parseExpr(`promforge_selector${body}`);
  const vs = parsed.expr;
  if (!vs || vs.kind !== 'VectorSelector' || vs.offset || vs.at) {
    const why = parsed.diagnostics[0]?.message ?? 'not a plain list of label matchers';
    return fail(`invalid selector ${JSON.stringify(text)}: ${why}`);
  }
  if (vs.name !== 'promforge_selector' || vs.matchers.some((m) => m.name === '__name__')) {
    return fail(`invalid selector ${JSON.stringify(text)}: a selector parameter holds label matchers, not a metric name`);
  }
  return { ok: true, value: { type: 'selector', matchers: vs.matchers.map(({ name, op, value }) => ({ name, op, value })) } };
}

/** The text a value takes in a non-PromQL field (labels, annotations, `for:`, names) and in hashes. */
export function paramText(value: ParamValue): string {
  switch (value.type) {
    case 'selector':
      return printMatchers(value.matchers);
    case 'duration':
      return formatDuration(value.ms);
    case 'number':
      return formatDecimal(value.value);
    case 'string':
      return value.value;
    case 'labels':
      return value.names.join(', ');
  }
}
