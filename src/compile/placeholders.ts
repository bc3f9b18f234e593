// `{{param}}` placeholders. Outside PromQL (names, `for:`, labels,
// annotations) they are replaced as text. Inside PromQL they are never
// spliced into the text: each placeholder is replaced by a stand-in that
// parses in its position (a number `0`, a duration `1s`, a label name, a
// matcher), the expression is parsed, and the stand-in *nodes* are then
// replaced by nodes built from the typed value. A selector value therefore
// cannot break out of its braces, a number is printed as a number, and a
// placeholder in the wrong kind of position is a clear error.
import type { Expr, LabelMatcher, PosRange } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import type { PrometheusVersion } from '../version/version.js';
import { errorsOf, type Diagnostic } from '../diagnostics.js';
import { toNumber } from './decimal.js';
import { paramText, type ParamType, type ParamValue } from './params.js';
import { rewriteExpr } from './transform.js';

const error = errorsOf('compile/pack');

export const PLACEHOLDER_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type ParamLookup =
  { readonly kind: 'unknown' } | { readonly kind: 'missing'; readonly type: ParamType } | { readonly kind: 'value'; readonly value: ParamValue };

export type Resolver = (name: string) => ParamLookup;

export interface PlaceholderRef {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export function findPlaceholders(text: string): PlaceholderRef[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => ({ name: m[1]!, start: m.index, end: m.index + m[0].length }));
}

export function missingMessage(name: string, type: ParamType): string {
  return `parameter "${name}" (${type}) has no value: it has no default and is not set by a values file or --set`;
}

/**
 * Text substitution for non-PromQL fields. `strictNames`: an unknown name is
 * an error (names, durations); otherwise it is left alone, since labels and
 * annotations hold Go templates such as `{{ end }}`.
 */
export function substituteText(text: string, resolve: Resolver, strictNames: boolean): { text: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = text.replace(PLACEHOLDER_RE, (whole: string, name: string, offset: number) => {
    const found = resolve(name);
    const pos = { start: offset, end: offset + whole.length };
    switch (found.kind) {
      case 'unknown':
        if (strictNames) diagnostics.push(error(`unknown parameter "${name}"`, pos));
        return whole;
      case 'missing':
        diagnostics.push(error(missingMessage(name, found.type), pos));
        return whole;
      case 'value':
        return paramText(found.value);
    }
  });
  return { text: out, diagnostics };
}

interface StandIn {
  readonly ref: PlaceholderRef;
  readonly value: ParamValue;
  /** The stand-in's range in the prepared text. */
  readonly pos: PosRange;
  /** The stand-in label name (labels, selector). */
  readonly token?: string;
  used: boolean;
}

/** Parses a PromQL expression with placeholders; diagnostics are offsets into `text`. */
/** `version`: whose function set and syntax apply (default the 3.x target). */
export function parsePromqlTemplate(text: string, resolve: Resolver, version?: PrometheusVersion): { expr?: Expr; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const refs = findPlaceholders(text);
  const resolved: { ref: PlaceholderRef; value: ParamValue }[] = [];
  for (const ref of refs) {
    const found = resolve(ref.name);
    if (found.kind === 'unknown') diagnostics.push(error(`unknown parameter "${ref.name}"`, ref));
    else if (found.kind === 'missing') diagnostics.push(error(missingMessage(ref.name, found.type), ref));
    else resolved.push({ ref, value: found.value });
  }
  if (diagnostics.length > 0) return { diagnostics };

  const quoted = quotedRanges(text);
  const inQuotes = (r: PlaceholderRef): boolean => quoted.some((q) => r.start >= q.start && r.end <= q.end);
  // Build the prepared text and a map of replaced ranges for error positions.
  let prepared = '';
  let last = 0;
  const standIns: StandIn[] = [];
  const shifts: { from: PosRange; to: PosRange }[] = [];
  for (const { ref, value } of resolved) {
    if (inQuotes(ref)) continue; // substituted in the string's value after parsing
    let replacement: string;
    let token: string | undefined;
    switch (value.type) {
      case 'number':
        replacement = '0';
        break;
      case 'duration':
        replacement = '1s';
        break;
      case 'labels':
        token = `__promforge_labels_${standIns.length}__`;
        replacement = token;
        break;
      case 'selector': {
        token = `__promforge_selector_${standIns.length}__`;
        const before = text.slice(0, ref.start).trimEnd();
        const insideBraces = before.endsWith('{') || before.endsWith(',');
        replacement = insideBraces ? `${token}="x"` : `{${token}="x"}`;
        break;
      }
      case 'string':
        diagnostics.push(error(`string parameter "${ref.name}" can only be used inside a quoted PromQL string`, ref));
        continue;
    }
    prepared += text.slice(last, ref.start);
    const pos = { start: prepared.length, end: prepared.length + replacement.length };
    prepared += replacement;
    last = ref.end;
    shifts.push({ from: ref, to: pos });
    standIns.push({ ref, value, pos, ...(token ? { token } : {}), used: false });
  }
  prepared += text.slice(last);
  if (diagnostics.length > 0) return { diagnostics };

  const parsed = parseExpr(prepared, version ? { version } : {});
  if (!parsed.expr) {
    const back = (o: number): number => {
      let delta = 0;
      for (const s of shifts) {
        if (o >= s.to.end) delta = s.from.end - s.to.end;
        else if (o >= s.to.start) return s.from.start;
      }
      return o + delta;
    };
    return {
      diagnostics: parsed.diagnostics.map((d) => {
        // An error at a stand-in is about the placeholder, not about the text that replaced it.
        const s = standIns.find((x) => d.pos.start >= x.pos.start && d.pos.start < x.pos.end);
        if (s)
          return {
            ...d,
            message: `parameter "${s.ref.name}" (${s.value.type}) cannot be used in this position of the expression`,
            pos: { start: s.ref.start, end: s.ref.end },
          };
        return { ...d, pos: { start: back(d.pos.start), end: back(d.pos.end) } };
      }),
    };
  }

  const at = (pos: PosRange): StandIn | undefined => standIns.find((s) => s.pos.start === pos.start && s.pos.end === pos.end && !s.token);
  const byToken = new Map(standIns.filter((s) => s.token).map((s) => [s.token!, s]));
  const expandLabels = (list: readonly string[]): string[] => {
    const out: string[] = [];
    for (const l of list) {
      const s = byToken.get(l);
      const names = s && s.value.type === 'labels' ? ((s.used = true), s.value.names) : [l];
      for (const n of names) if (!out.includes(n)) out.push(n);
    }
    return out;
  };
  const substituteInString = (value: string): string =>
    value.replace(PLACEHOLDER_RE, (whole: string, name: string) => {
      const found = resolve(name);
      return found.kind === 'value' ? paramText(found.value) : whole;
    });

  const expr = rewriteExpr(parsed.expr, {
    duration: (d) => {
      const s = d.kind === 'DurationLiteral' ? at(d.pos) : undefined;
      if (!s || d.kind !== 'DurationLiteral') return d;
      if (s.value.type === 'duration') {
        s.used = true;
        return { ...d, ms: s.value.ms, unit: true };
      }
      if (s.value.type === 'number') {
        s.used = true;
        return { ...d, ms: Math.round(toNumber(s.value.value) * 1000), unit: false };
      }
      return d;
    },
    selector: (vs) => {
      if (!vs.matchers.some((m) => byToken.has(m.name))) {
        return { ...vs, matchers: vs.matchers.map((m) => ({ ...m, value: substituteInString(m.value) })) };
      }
      const matchers: LabelMatcher[] = [];
      for (const m of vs.matchers) {
        const s = byToken.get(m.name);
        if (s && s.value.type === 'selector') {
          s.used = true;
          for (const injected of s.value.matchers) matchers.push({ ...injected, pos: m.pos });
        } else matchers.push({ ...m, value: substituteInString(m.value) });
      }
      return { ...vs, matchers };
    },
    expr: (node) => {
      switch (node.kind) {
        case 'NumberLiteral': {
          const s = at(node.pos);
          if (!s) return node;
          if (s.value.type === 'number') {
            s.used = true;
            return { ...node, value: toNumber(s.value.value), duration: false };
          }
          if (s.value.type === 'duration') {
            s.used = true;
            return { ...node, value: s.value.ms / 1000, duration: false };
          }
          return node;
        }
        case 'StringLiteral':
          return { ...node, value: substituteInString(node.value) };
        case 'AggregateExpr':
          return { ...node, grouping: expandLabels(node.grouping) };
        case 'BinaryExpr':
          return node.matching
            ? {
                ...node,
                matching: { ...node.matching, matchingLabels: expandLabels(node.matching.matchingLabels), include: expandLabels(node.matching.include) },
              }
            : node;
        default:
          return node;
      }
    },
  });
  for (const s of standIns) {
    if (!s.used) diagnostics.push(error(`parameter "${s.ref.name}" (${s.value.type}) cannot be used in this position of the expression`, s.ref));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { expr, diagnostics: [] };
}

/** Ranges of quoted strings (`"…"`, `'…'`, `` `…` ``), including the quotes; comments are skipped. */
function quotedRanges(text: string): PosRange[] {
  const out: PosRange[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < text.length && text[i] !== c) i += c !== '`' && text[i] === '\\' ? 2 : 1;
      out.push({ start, end: Math.min(i + 1, text.length) });
    }
    i++;
  }
  return out;
}
