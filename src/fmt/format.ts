// `promforge fmt`: rewrites the PromQL of every `expr:` in a rule file to its
// canonical form (pretty, multi-line, when it is long) by replacing only the
// text of those YAML scalars. Comments, key order and every other byte of
// the file stay as they were. The result is re-loaded and checked to hold
// the same expressions before anyone writes it.

import { Scalar } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import type { Expr } from '../promql/ast.js';
import { printExpr } from '../promql/printer.js';
import { prettyPrint } from '../promql/pretty.js';
import { loadRuleText } from '../rulefmt/load.js';
import type { LoadOptions } from '../rulefmt/load.js';
import type { RuleFile } from '../rulefmt/model.js';

export interface FormatOptions extends LoadOptions {
  /** Expressions longer than this are pretty-printed over several lines (default 100). */
  readonly maxWidth?: number;
}

export interface FormatResult {
  /** The formatted text; absent when the file has errors (nothing to write). */
  readonly text?: string;
  readonly changed: boolean;
  readonly diagnostics: FileDiagnostic[];
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

export function formatRuleText(text: string, path: string, options: FormatOptions = {}): FormatResult {
  return rewriteRuleText(text, path, (expr) => expr, options);
}

/**
 * Replaces the `expr` scalars whose rewrite returns an expression (undefined
 * leaves that expr's text alone), then checks the re-loaded file holds
 * exactly the rewritten expressions before returning it.
 */
export function rewriteRuleText(text: string, path: string, rewrite: (expr: Expr) => Expr | undefined, options: FormatOptions = {}): FormatResult {
  const loaded = loadRuleText(text, path, { experimental: true, ...options });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.file || errors.length > 0) return { changed: false, diagnostics: errors.length > 0 ? errors : loaded.diagnostics };
  const expected: string[] = [];
  const edits: Edit[] = [];
  const maxWidth = options.maxWidth ?? 100;
  for (const g of loaded.file.groups) {
    for (const r of g.rules) {
      const expr = r.expr.expr;
      const next = expr ? rewrite(expr) : undefined;
      expected.push(next ? printExpr(next) : expr ? printExpr(expr) : `!${r.expr.value}`);
      const node = r.expr.node;
      if (!next || !node?.range) continue;
      const keyColumn = (r.expr.keySpan?.column ?? r.expr.span.column) - 1;
      const replacement = renderScalar(text, node, next, keyColumn, maxWidth);
      const [start, end] = node.range;
      if (replacement !== undefined && replacement !== text.slice(start, end)) edits.push({ start, end, replacement });
    }
  }
  if (edits.length === 0) return { text, changed: false, diagnostics: [] };
  const out = applyEdits(text, edits);

  // Never hand back a file that means something other than intended.
  const check = loadRuleText(out, path, { experimental: true, ...options });
  const after = check.file ? canonicalExprs(check.file) : [];
  const same = expected.length === after.length && expected.every((e, i) => e === after[i]);
  if (!same || check.diagnostics.some((d) => d.severity === 'error')) {
    return {
      changed: false,
      diagnostics: [
        { severity: 'error', message: 'internal error: rewriting would change the meaning of this file; left unchanged (please report)', file: path, line: 1, column: 1, endLine: 1, endColumn: 1, source: 'fmt' },
      ],
    };
  }
  return { text: out, changed: out !== text, diagnostics: [] };
}

function canonicalExprs(file: RuleFile): string[] {
  return file.groups.flatMap((g) => g.rules.map((r) => (r.expr.expr ? printExpr(r.expr.expr) : `!${r.expr.value}`)));
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  return out + text.slice(at);
}

/** The new source text of an `expr` scalar, in a style that fits where it stands. */
function renderScalar(text: string, node: Scalar, expr: Expr, keyColumn: number, maxWidth: number): string | undefined {
  const canonical = printExpr(expr);
  const indent = ' '.repeat(keyColumn + 2);
  const wantsLines = canonical.length + keyColumn + 6 > maxWidth;
  const body = wantsLines ? prettyPrint(expr, { maxWidth: Math.max(40, maxWidth - indent.length) }) : canonical;
  const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  if (isBlock || body.includes('\n')) {
    // A block scalar can only replace a flow scalar that ends its line.
    if (!isBlock && !restOfLineIsBlank(text, node.range![1])) return flowScalar(canonical, node, original(text, node));
    const chomping = node.type === Scalar.BLOCK_LITERAL ? literalChomping(text, node.range![0]) : '-';
    // Pretty output may start indented (binary operands are); YAML then needs
    // an explicit indentation indicator, relative to the key's column.
    const indicator = body.startsWith(' ') ? '2' : '';
    return `|${indicator}${chomping}\n${body.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
  }
  return flowScalar(body, node, original(text, node));
}

function original(text: string, node: Scalar): string {
  return text.slice(node.range![0], node.range![1]);
}

function restOfLineIsBlank(text: string, from: number): boolean {
  const nl = text.indexOf('\n', from);
  return text.slice(from, nl === -1 ? text.length : nl).trim() === '';
}

/** The chomping indicator of an original `|`, `|-`, `|+`, `|2-` header (we choose the indentation ourselves). */
function literalChomping(text: string, start: number): string {
  const m = /^\|[1-9]?([-+]?)/.exec(text.slice(start));
  return m?.[1] ?? '';
}

function flowScalar(value: string, node: Scalar, originalText: string): string {
  // Flow indicators are only safe in a plain scalar outside flow collections;
  // if the original plain text had them, the scalar is in block context.
  const flowSafe = !/[,[\]{}]/.test(value) || /[,[\]{}]/.test(originalText);
  if (node.type === Scalar.PLAIN && flowSafe && isPlainSafe(value)) return value;
  if (node.type === Scalar.QUOTE_SINGLE || (node.type === Scalar.PLAIN && !value.includes("'"))) return `'${value.replace(/'/g, "''")}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Whether a one-line string can be written as a plain YAML scalar and read back as the same string. */
function isPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #|\t/.test(value)) return false;
  // Would read back as something other than a string.
  if (/^(true|false|yes|no|on|off|null|~|[-+]?(\.inf|\.nan|[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+))$/i.test(value)) return false;
  return true;
}
