// What an alert's label/annotation template refers to, via src/template's Go
// template parser: query labels (`labelReferences`), uses of the alert value
// (`$value`, `.Value` while dot is the alert), and parse errors (unknown
// functions among them, which Go reports at parse time).

import type { PosRange } from '../promql/ast.js';
import { labelReferences, parseTemplate } from '../template/index.js';
import type { ListNode, ListItem, Operand, PipeNode } from '../template/index.js';

export type TemplateRef =
  | { readonly kind: 'label'; readonly label: string; readonly pos: PosRange }
  | { readonly kind: 'value'; readonly pos: PosRange }
  | { readonly kind: 'error'; readonly message: string; readonly pos: PosRange };

function valueInOperand(node: Operand, dotIsAlert: boolean, out: PosRange[]): void {
  switch (node.kind) {
    case 'Variable':
      if (node.ident[0] === '$value') out.push(node.pos);
      return;
    case 'Field':
      if (dotIsAlert && node.ident[0] === 'Value') out.push(node.pos);
      return;
    case 'Chain':
      valueInOperand(node.node, dotIsAlert, out);
      return;
    case 'Pipe':
      valueInPipe(node, dotIsAlert, out);
      return;
    case 'Identifier':
    case 'Dot':
    case 'Nil':
    case 'Bool':
    case 'Number':
    case 'String':
      return;
  }
}

function valueInPipe(pipe: PipeNode, dotIsAlert: boolean, out: PosRange[]): void {
  for (const cmd of pipe.cmds) for (const arg of cmd.args) valueInOperand(arg, dotIsAlert, out);
}

function valueInList(list: ListNode | undefined, dotIsAlert: boolean, out: PosRange[]): void {
  for (const n of list?.nodes ?? []) valueInItem(n, dotIsAlert, out);
}

function valueInItem(node: ListItem, dotIsAlert: boolean, out: PosRange[]): void {
  switch (node.kind) {
    case 'Action':
      valueInPipe(node.pipe, dotIsAlert, out);
      return;
    case 'If':
      valueInPipe(node.pipe, dotIsAlert, out);
      valueInList(node.list, dotIsAlert, out);
      valueInList(node.elseList, dotIsAlert, out);
      return;
    case 'Range':
    case 'With':
      // Inside the body dot is the ranged value, so `.Value` is not the alert's.
      valueInPipe(node.pipe, dotIsAlert, out);
      valueInList(node.list, false, out);
      valueInList(node.elseList, dotIsAlert, out);
      return;
    case 'Template':
      if (node.pipe) valueInPipe(node.pipe, dotIsAlert, out);
      return;
    case 'Text':
    case 'Comment':
    case 'Break':
    case 'Continue':
      return;
  }
}

/** The references of one template text, in source order; a parse error is returned as an `error` ref. */
export function templateRefs(text: string): TemplateRef[] {
  const parsed = parseTemplate(text);
  if (!parsed.ast) return parsed.diagnostics.map((d) => ({ kind: 'error', message: d.message, pos: d.pos }));
  const values: PosRange[] = [];
  valueInList(parsed.ast.root, true, values);
  const refs: TemplateRef[] = [
    ...labelReferences(parsed.ast).map((r): TemplateRef => ({ kind: 'label', label: r.label, pos: r.pos })),
    ...values.map((pos): TemplateRef => ({ kind: 'value', pos })),
  ];
  return refs.sort((a, b) => a.pos.start - b.pos.start);
}
