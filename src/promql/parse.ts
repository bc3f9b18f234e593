// The PromQL front end's entry point: text → lezer tree → typed AST → type
// check. Returns diagnostics, never throws on user input.
//
// Positions are UTF-16 offsets; Prometheus reports byte offsets. The two
// agree for ASCII input and differ after any non-ASCII character.

import { parser } from '@prometheus-io/lezer-promql';
import type { Tree } from '@lezer/common';
import type { Expr, ValueType } from './ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { error } from '../diagnostics.js';
import { Converter } from './convert.js';
import { typeCheck } from './typecheck.js';
import { describeSyntaxError } from './syntax-errors.js';
import { DEFAULT_VERSION, type PrometheusVersion } from '../version/version.js';
import { versionProblems } from '../version/promql-check.js';

export interface ParseOptions {
  /**
   * Accept experimental syntax and functions (duration expressions, fill
   * modifiers, anchored/smoothed, limitk, experimental functions). On by
   * default; turn off to match a Prometheus without feature flags.
   */
  readonly experimental?: boolean;
  /**
   * The Prometheus version whose syntax and function set apply; default the
   * 3.x target. The grammar is the union of all versions; what an older
   * version lacks is reported from src/version's table.
   */
  readonly version?: PrometheusVersion;
}

export interface ParseResult {
  /** The AST; present only when there are no errors. */
  readonly expr?: Expr;
  /** The value type of the whole expression; present with `expr`. */
  readonly type?: ValueType;
  readonly diagnostics: Diagnostic[];
}

export function parseExpr(text: string, options: ParseOptions = {}): ParseResult {
  const tree = parseWithLezer(text);
  const syntax = describeSyntaxError(text, firstErrorNode(tree));
  if (syntax) return { diagnostics: [syntax] };
  const top = tree.topNode.firstChild;
  if (!top) return { diagnostics: [error('no expression found in input', { start: 0, end: 0 })] };
  const version = options.version ?? DEFAULT_VERSION;
  const converter = new Converter(text, { experimental: options.experimental ?? true, version });
  const expr = converter.expr(top);
  if (converter.diagnostics.length > 0) return { diagnostics: converter.diagnostics };
  const checked = typeCheck(expr, text);
  if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics };
  if (version !== DEFAULT_VERSION) {
    const problems = versionProblems(expr, version);
    if (problems.length > 0) return { diagnostics: problems.map((p) => error(p.message, p.pos)) };
  }
  return { expr, type: checked.type, diagnostics: [] };
}

// ---------------------------------------------------------------------------
// lezer-promql's tokenizer is narrower than Prometheus's lexer in a few
// places. Rather than fork the grammar we hand lezer a same-length copy of
// the text with those spots rewritten; the converter always reads token
// text from the original, so values and positions are unaffected.
//   - `5.` (a number ending in a dot) is valid in Go and Prometheus; lezer
//     wants digits after the dot, so it sees `50` (the converter reads "5.").
//   - `step()`, `range()`, `min_of(...)`, `max_of(...)` are keywords that
//     Prometheus matches case-insensitively; lezer only knows lower case.
//   - `min_of(a, b)`/`max_of(a, b)` used as expressions (not inside a
//     range or offset) are not function calls to lezer, and `step()` or
//     `range()` inside arithmetic trip its grammar; when the first parse
//     fails, these names are shown to lezer as same-length functions
//     (`minute`, `time`, `month`) and the parse is retried.
//   - Hex literals: lezer knows neither `0X` nor underscores in them
//     (`0x_ff`, valid in Go); it sees `0x` and `0` instead.
//   - `offset` as a metric name (`offset{a="b"}`, allowed by Prometheus's
//     grammar) is shown to lezer as the identifier `offsex`.
//   - `holt_winters(...)` (2.x only; gone from lezer-promql's grammar) is
//     shown to lezer as `day_of_month(...)`; the converter reads the real
//     name and src/version decides whether the version has it.
//   - Comments are blanked out.

function parseWithLezer(text: string): Tree {
  const normalized = normalizeForLezer(text);
  const tree = parser.parse(normalized);
  if (!firstErrorNode(tree)) return tree;
  const withMinMaxCalls = normalized
    .replace(/\b(?:min_of|max_of)(?=\s*\()/g, 'minute')
    .replace(/\bstep(?=\s*\()/g, 'time')
    .replace(/\brange(?=\s*\()/g, 'month');
  if (withMinMaxCalls === normalized) return tree;
  const retry = parser.parse(withMinMaxCalls);
  return firstErrorNode(retry) ? tree : retry;
}

function normalizeForLezer(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    // Strings are copied unchanged; comments become spaces (lezer would
    // otherwise put LineComment nodes among an expression's children).
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += c !== '`' && text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#') {
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      out += ' '.repeat(j - i);
      i = j;
      continue;
    }
    const hex = /^0[xX][0-9a-fA-F_]+/.exec(text.slice(i, i + 400))?.[0];
    if (hex) {
      out += `0x${hex.slice(2).replace(/_/g, '0')}`;
      i += hex.length;
      continue;
    }
    const word = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text.slice(i, i + 64))?.[0];
    if (word) {
      const lower = word.toLowerCase();
      if (lower === 'offset' && isMetricNamePosition(text, i, word.length)) {
        out += 'offsex';
        i += word.length;
        continue;
      }
      const call = /^\s*\(/.test(text.slice(i + word.length));
      const keyword = (lower === 'step' || lower === 'range' || lower === 'min_of' || lower === 'max_of') && call;
      // 2.x's holt_winters left lezer-promql's grammar with 3.0; lezer sees a same-length function.
      out += keyword ? lower : call && word === 'holt_winters' ? 'day_of_month' : word;
      i += word.length;
      continue;
    }
    const number = /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)/.exec(text.slice(i, i + 400))?.[0];
    if (number) {
      // `5.` followed by something that cannot continue a number.
      const next = text[i + number.length];
      const trailingDot = number.endsWith('.') && (next === undefined || !/[0-9A-Za-z_.]/.test(next));
      out += trailingDot ? `${number.slice(0, -1)}0` : number;
      i += number.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Whether the word at `i` stands where an expression starts (or is
 * followed by `{`), so `offset` there is a metric name, not the modifier.
 */
function isMetricNamePosition(text: string, i: number, length: number): boolean {
  if (/^\s*\{/.test(text.slice(i + length))) return true;
  const before = text.slice(0, i).replace(/\s+$/, '');
  return before === '' || /[(,+\-*/%^=<>]$/.test(before) || /\b(?:and|or|unless|atan2|bool)$/i.test(before);
}

function firstErrorNode(tree: Tree): { from: number; to: number } | undefined {
  let first: { from: number; to: number } | undefined;
  tree.iterate({
    enter: (n) => {
      if (first) return false;
      if (n.type.isError) {
        first = { from: n.from, to: n.to };
        return false;
      }
      return undefined;
    },
  });
  return first;
}
