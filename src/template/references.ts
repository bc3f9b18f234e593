// Which alert labels a template reads: `$labels.x`, `.Labels.x` (while dot is
// still the alert data) and `index $labels "x"` / `index .Labels "x"`. The
// rule linter compares these with the labels the alert's query produces.

import type { ListItem, ListNode, Operand, PipeNode, PosRange, TemplateAst } from './ast.js';

export interface LabelReference {
  readonly label: string;
  /** The label name's span: the identifier after the dot, or the quoted index key. */
  readonly pos: PosRange;
}

/** `dotIsAlert`: dot is still the alert data (not rebound by range/with, not in a define). */
function isLabelsMap(node: Operand, dotIsAlert: boolean): boolean {
  if (node.kind === 'Variable') return node.ident.length === 1 && node.ident[0] === '$labels';
  if (node.kind === 'Field') return dotIsAlert && node.ident.length === 1 && node.ident[0] === 'Labels';
  return false;
}

function fromOperand(node: Operand, dotIsAlert: boolean, out: LabelReference[]): void {
  switch (node.kind) {
    case 'Variable':
      if (node.ident[0] === '$labels' && node.ident.length >= 2) out.push({ label: node.ident[1]!, pos: node.identPos[1]! });
      return;
    case 'Field':
      if (dotIsAlert && node.ident[0] === 'Labels' && node.ident.length >= 2) out.push({ label: node.ident[1]!, pos: node.identPos[1]! });
      return;
    case 'Chain':
      fromOperand(node.node, dotIsAlert, out);
      return;
    case 'Pipe':
      fromPipe(node, dotIsAlert, out);
      return;
    default:
      return;
  }
}

function fromPipe(pipe: PipeNode, dotIsAlert: boolean, out: LabelReference[]): void {
  for (const cmd of pipe.cmds) {
    const [first, ...rest] = cmd.args;
    if (first?.kind === 'Identifier' && first.name === 'index' && rest[0] && isLabelsMap(rest[0], dotIsAlert) && rest[1]?.kind === 'String') {
      const key = rest[1];
      out.push({ label: key.text, pos: { start: key.pos.start + 1, end: key.pos.end - 1 } });
    }
    for (const arg of cmd.args) fromOperand(arg, dotIsAlert, out);
  }
}

function fromList(list: ListNode | undefined, dotIsAlert: boolean, out: LabelReference[]): void {
  for (const n of list?.nodes ?? []) fromItem(n, dotIsAlert, out);
}

function fromItem(node: ListItem, dotIsAlert: boolean, out: LabelReference[]): void {
  switch (node.kind) {
    case 'Action':
      fromPipe(node.pipe, dotIsAlert, out);
      return;
    case 'If':
      fromPipe(node.pipe, dotIsAlert, out);
      fromList(node.list, dotIsAlert, out);
      fromList(node.elseList, dotIsAlert, out);
      return;
    case 'Range':
    case 'With':
      // Inside the body dot is the ranged/with value; the else branch keeps the outer dot.
      fromPipe(node.pipe, dotIsAlert, out);
      fromList(node.list, false, out);
      fromList(node.elseList, dotIsAlert, out);
      return;
    case 'Template':
      if (node.pipe) fromPipe(node.pipe, dotIsAlert, out);
      return;
    case 'Text':
    case 'Comment':
    case 'Break':
    case 'Continue':
      return;
  }
}

/** Every alert-label reference in the main template, in source order. */
export function labelReferences(ast: TemplateAst): LabelReference[] {
  const out: LabelReference[] = [];
  fromList(ast.root, true, out);
  return out.sort((a, b) => a.pos.start - b.pos.start);
}
