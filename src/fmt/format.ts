// `promforge fmt`: rewrites the PromQL of every `expr:` in a rule file to its
// canonical form (pretty, multi-line, when it is long) by replacing only the
// text of those YAML scalars. Comments, key order and every other byte of
// the file stay as they were. An expression holding `#` comments is left as
// written, with a note: the printer works from the AST, which has no
// comments, so re-printing would delete them. The result is re-loaded and
// checked to hold the same expressions and the same comments before anyone
// writes it.

import { CST, Lexer, Scalar } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import type { Expr } from '../promql/ast.js';
import { promqlComments } from '../promql/comments.js';
import { printExpr } from '../promql/printer.js';
import { prettyPrint } from '../promql/pretty.js';
import { loadRuleText } from '../rulefmt/load.js';
import type { LoadOptions } from '../rulefmt/load.js';
import type { RuleFile } from '../rulefmt/model.js';
import { fileDiagnostic, valueRangeSpan } from '../rulefmt/positions.js';

/**
 * `canonical`: every expression is re-laid out. `keep-multiline`: an
 * expression its author spread over several lines keeps that layout (less
 * churn when adopting fmt); one-line expressions are still canonicalised.
 */
export type FormatLayout = 'canonical' | 'keep-multiline';
export const FORMAT_LAYOUTS: readonly FormatLayout[] = ['canonical', 'keep-multiline'];

export interface FormatOptions extends LoadOptions {
  /** Expressions longer than this are pretty-printed over several lines (default 100). */
  readonly maxWidth?: number;
  /** Default `canonical`. */
  readonly layout?: FormatLayout;
}

export interface FormatResult {
  /** The formatted text; absent when the file has errors (nothing to write). */
  readonly text?: string;
  readonly changed: boolean;
  /** Errors (then `text` is absent), or `info` notes about expressions left as written. */
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
const HIGH_BYTE_ESCAPE = /\\(?:x[89a-fA-F][0-9a-fA-F]|[23][0-7]{2})/;

export function rewriteRuleText(text: string, path: string, rewrite: (expr: Expr) => Expr | undefined, options: FormatOptions = {}): FormatResult {
  const loaded = loadRuleText(text, path, { experimental: true, ...options });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!loaded.file || errors.length > 0) return { changed: false, diagnostics: errors.length > 0 ? errors : loaded.diagnostics };
  const file = loaded.file;
  const expected: string[] = [];
  const edits: Edit[] = [];
  const notes: FileDiagnostic[] = [];
  const maxWidth = options.maxWidth ?? 100;
  // Rules merged from an anchor (`- <<: *rule`) share the anchored rule's
  // `expr` node: its text is one place in the file, rewritten (and edited) once.
  const rewritten = new Map<object, Expr | undefined>();
  for (const g of file.groups) {
    for (const r of g.rules) {
      const expr = r.expr.expr;
      const comments = promqlComments(r.expr.value);
      const keptLayout = options.layout === 'keep-multiline' && r.expr.value.trim().includes('\n');
      // A string escape of a byte >= 0x80 (`"\xff"`, `"\377"`) can stand for
      // invalid UTF-8, which a JavaScript string cannot hold: printing would
      // turn it into U+FFFD and select other series. Leave such exprs as written.
      const node = r.expr.node;
      const shared = node !== undefined && rewritten.has(node);
      const next = shared
        ? rewritten.get(node)
        : expr && comments.length === 0 && !keptLayout && !HIGH_BYTE_ESCAPE.test(r.expr.value)
          ? rewrite(expr)
          : undefined;
      if (node !== undefined) rewritten.set(node, next);
      expected.push(next ? printExpr(next) : expr ? printExpr(expr) : `!${r.expr.value}`);
      if (expr && comments.length > 0 && !shared) {
        const first = comments[0]!;
        const span = valueRangeSpan(file.source, r.expr, first.start, first.end);
        notes.push(
          fileDiagnostic(
            path,
            'fmt/left-as-written',
            'info',
            `expr has ${comments.length} PromQL comment(s), which re-printing would drop; left as written`,
            span,
            'fmt',
          ),
        );
      }
      if (!next || !node?.range || shared) continue;
      const keyColumn = (r.expr.keySpan?.column ?? r.expr.span.column) - 1;
      const edit = renderScalar(text, node, next, keyColumn, maxWidth);
      if (edit !== undefined && edit.replacement !== text.slice(edit.start, edit.end)) edits.push(edit);
    }
  }
  if (edits.length === 0) return { text, changed: false, diagnostics: notes };
  const out = applyEdits(text, edits);

  // Never hand back a file that means something other than intended, or
  // that lost a comment.
  const check = loadRuleText(out, path, { experimental: true, ...options });
  const after = check.file ? canonicalExprs(check.file) : [];
  const same = expected.length === after.length && expected.every((e, i) => e === after[i]);
  const commentsKept = check.file !== undefined && sameList(fileComments(text, file), fileComments(out, check.file));
  if (!same || !commentsKept || check.diagnostics.some((d) => d.severity === 'error')) {
    return {
      changed: false,
      diagnostics: [
        {
          code: 'fmt/left-as-written',
          severity: 'error',
          message: 'internal error: rewriting would change the meaning of this file; left unchanged (please report)',
          file: path,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          source: 'fmt',
        },
      ],
    };
  }
  return { text: out, changed: out !== text, diagnostics: notes };
}

function canonicalExprs(file: RuleFile): string[] {
  return file.groups.flatMap((g) => g.rules.map((r) => (r.expr.expr ? printExpr(r.expr.expr) : `!${r.expr.value}`)));
}

/** Every comment of a rule file, YAML's and those inside `expr` PromQL, sorted. */
export function fileComments(text: string, file: RuleFile): string[] {
  const yaml = [...new Lexer().lex(text)].filter((t) => CST.tokenType(t) === 'comment').map((t) => t.trimEnd());
  const promql = file.groups.flatMap((g) => g.rules.flatMap((r) => promqlComments(r.expr.value).map((c) => c.text.trimEnd())));
  return [...yaml, ...promql].sort();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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

/** The edit that gives an `expr` scalar new text, in a style that fits where it stands. */
function renderScalar(text: string, node: Scalar, expr: Expr, keyColumn: number, maxWidth: number): Edit | undefined {
  const [start, end] = node.range!;
  const flow = (value: string): Edit => ({ start, end, replacement: flowScalar(value, node, text.slice(start, end)) });
  const canonical = printExpr(expr);
  const indent = ' '.repeat(keyColumn + 2);
  const wantsLines = canonical.length + keyColumn + 6 > maxWidth;
  const body = wantsLines ? prettyPrint(expr, { maxWidth: Math.max(40, maxWidth - indent.length) }) : canonical;
  const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  if (!isBlock && !body.includes('\n')) return flow(body);
  const lineEnd = restOfLineEnd(text, end);
  // A block scalar can only replace a flow scalar that ends its line.
  if (!isBlock && lineEnd === undefined) return flow(canonical);
  const chomping = node.type === Scalar.BLOCK_LITERAL ? literalChomping(text, start) : '-';
  // Pretty output may start indented (binary operands are); YAML then needs
  // an explicit indentation indicator, relative to the key's column.
  const indicator = body.startsWith(' ') ? '2' : '';
  // New lines use the line break of the line they replace, so a CRLF file
  // stays CRLF. Taking CRLF from a stray `\r\n` elsewhere in an LF file
  // made fmt write CRLF blocks there and rewrite them on the next run (a fuzz
  // finding: fmt was not idempotent).
  const eol = lineBreakAfter(text, isBlock ? Math.max(start, end - 1) : end);
  const block = `|${indicator}${chomping}${eol}${body
    .split('\n')
    .map((l) => (l === '' ? '' : indent + l))
    .join(eol)}`;
  // A block scalar's range includes its final line break; a flow scalar's
  // does not, and the line break after it stays (no blank line follows).
  if (isBlock) return { start, end, replacement: `${block}${eol}` };
  return { start, end: lineEnd!, replacement: lineEnd === text.length ? `${block}${eol}` : block };
}

/** The line break ending the line that holds `at`; at the end of the file, the file's (CRLF only if every line is CRLF). */
function lineBreakAfter(text: string, at: number): string {
  const nl = text.indexOf('\n', at);
  if (nl !== -1) return text[nl - 1] === '\r' ? '\r\n' : '\n';
  return text.includes('\r\n') && !/(?<!\r)\n/.test(text) ? '\r\n' : '\n';
}

/** Where the blank rest of the line after `from` ends (before its line break); undefined when it holds more than spaces. */
function restOfLineEnd(text: string, from: number): number | undefined {
  const nl = text.indexOf('\n', from);
  const end = nl === -1 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  return text.slice(from, end).trim() === '' ? end : undefined;
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
