// What fmt must keep, measured independently of fmt's own code: the YAML
// comments (yaml's lexer) and the PromQL comments inside every `expr`
// (lezer-promql's LineComment nodes), and the meaning of every `expr`
// (parsed and canonically printed).
import { parser } from '@prometheus-io/lezer-promql';
import { CST, Lexer, parseAllDocuments, isPair, isScalar, visit } from 'yaml';
import { parseExpr } from '../../src/promql/parse.js';
import { printExpr } from '../../src/promql/printer.js';

// commentsOf and meaningsOf are called on the same text one after the other: the last text's values are kept.
let lastValues: { readonly text: string; readonly values: readonly string[] } | undefined;

function exprValues(text: string): readonly string[] {
  if (lastValues?.text === text) return lastValues.values;
  const out: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    visit(doc, {
      Pair(_, pair) {
        if (isPair(pair) && isScalar(pair.key) && pair.key.value === 'expr' && isScalar(pair.value) && typeof pair.value.value === 'string')
          out.push(pair.value.value);
      },
    });
  }
  lastValues = { text, values: out };
  return out;
}

/** Every comment of the file, YAML's and PromQL's, sorted, trailing blanks dropped. */
export function commentsOf(text: string): string[] {
  const yaml = [...new Lexer().lex(text)].filter((t) => CST.tokenType(t) === 'comment');
  const promql: string[] = [];
  for (const v of exprValues(text)) {
    const cursor = parser.parse(v).cursor();
    do if (cursor.name === 'LineComment') promql.push(v.slice(cursor.from, cursor.to));
    while (cursor.next());
  }
  return [...yaml, ...promql].map((c) => c.trimEnd()).sort();
}

/** The canonical text of every `expr` in file order (`!value` where it does not parse). */
export function meaningsOf(text: string): string[] {
  return exprValues(text).map((v) => {
    const r = parseExpr(v);
    return r.expr ? printExpr(r.expr) : `!${v}`;
  });
}
