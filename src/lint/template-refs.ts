// What an alert's label/annotation template refers to, via src/template's Go
// template parser: query labels (`labelReferences`), uses of the alert value
// (`$value`, `.Value` while dot is the alert), and parse errors (unknown
// functions among them, which Go reports at parse time).

import type { PosRange } from '../promql/ast.js';
import { labelReferences, parseTemplate, type ParseResult } from '../template/index.js';
import { walkOperands, walkPipes } from '../template/references.js';

export type TemplateRef =
  | { readonly kind: 'label'; readonly label: string; readonly pos: PosRange }
  | { readonly kind: 'value'; readonly pos: PosRange }
  | { readonly kind: 'error'; readonly message: string; readonly pos: PosRange };

/** The references of one template text, in source order; a parse error is returned as an `error` ref. */
export function templateRefs(text: string): TemplateRef[] {
  return refsOfParsed(parseTemplate(text));
}

/** `templateRefs` of an already parsed template. */
export function refsOfParsed(parsed: ParseResult): TemplateRef[] {
  if (!parsed.ast) return parsed.diagnostics.map((d) => ({ kind: 'error', message: d.message, pos: d.pos }));
  const values: PosRange[] = [];
  walkPipes(parsed.ast, (pipe, dotIsAlert) =>
    walkOperands(pipe, dotIsAlert, (node, dot) => {
      if (node.kind === 'Variable' && node.ident[0] === '$value') values.push(node.pos);
      else if (node.kind === 'Field' && dot && node.ident[0] === 'Value') values.push(node.pos);
    }),
  );
  const refs: TemplateRef[] = [
    ...labelReferences(parsed.ast).map((r): TemplateRef => ({ kind: 'label', label: r.label, pos: r.pos })),
    ...values.map((pos): TemplateRef => ({ kind: 'value', pos })),
  ];
  return refs.sort((a, b) => a.pos.start - b.pos.start);
}
