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

/**
 * Visits every pipeline of the main template (not of `define`d ones), telling
 * whether dot is still the alert data there. Range and with bodies rebind dot;
 * their else branches keep the outer one.
 */
export function walkPipes(ast: TemplateAst, visit: (pipe: PipeNode, dotIsAlert: boolean) => void): void {
  const list = (l: ListNode | undefined, dotIsAlert: boolean): void => {
    for (const n of l?.nodes ?? []) item(n, dotIsAlert);
  };
  const item = (node: ListItem, dotIsAlert: boolean): void => {
    switch (node.kind) {
      case 'Action':
        visit(node.pipe, dotIsAlert);
        return;
      case 'If':
      case 'Range':
      case 'With':
        visit(node.pipe, dotIsAlert);
        // Inside range and with, dot is the element or the value, no longer the alert.
        list(node.list, node.kind === 'If' && dotIsAlert);
        list(node.elseList, dotIsAlert);
        return;
      case 'Template':
        if (node.pipe) visit(node.pipe, dotIsAlert);
        return;
      case 'Text':
      case 'Comment':
      case 'Break':
      case 'Continue':
        return;
    }
  };
  list(ast.root, true);
}

/** Visits every operand of a pipeline, descending into chains and nested pipelines. */
export function walkOperands(pipe: PipeNode, dotIsAlert: boolean, visit: (node: Operand, dotIsAlert: boolean) => void): void {
  const operand = (node: Operand): void => {
    visit(node, dotIsAlert);
    if (node.kind === 'Chain') operand(node.node);
    else if (node.kind === 'Pipe') for (const cmd of node.cmds) for (const arg of cmd.args) operand(arg);
  };
  for (const cmd of pipe.cmds) for (const arg of cmd.args) operand(arg);
}

function fromPipe(pipe: PipeNode, dotIsAlert: boolean, out: LabelReference[]): void {
  walkOperands(pipe, dotIsAlert, (node, dotIsAlert2) => {
    if (node.kind === 'Variable' && node.ident[0] === '$labels' && node.ident.length >= 2) out.push({ label: node.ident[1]!, pos: node.identPos[1]! });
    else if (node.kind === 'Field' && dotIsAlert2 && node.ident[0] === 'Labels' && node.ident.length >= 2)
      out.push({ label: node.ident[1]!, pos: node.identPos[1]! });
    else if (node.kind === 'Pipe') {
      for (const cmd of node.cmds) indexReference(cmd.args, dotIsAlert2, out);
    }
  });
  for (const cmd of pipe.cmds) indexReference(cmd.args, dotIsAlert, out);
}

/** `index $labels "x"` / `index .Labels "x"`. */
function indexReference(args: readonly Operand[], dotIsAlert: boolean, out: LabelReference[]): void {
  const [first, ...rest] = args;
  if (first?.kind === 'Identifier' && first.name === 'index' && rest[0] && isLabelsMap(rest[0], dotIsAlert) && rest[1]?.kind === 'String') {
    const key = rest[1];
    out.push({ label: key.text, pos: { start: key.pos.start + 1, end: key.pos.end - 1 } });
  }
}

/** Every alert-label reference in the main template, in source order. */
export function labelReferences(ast: TemplateAst): LabelReference[] {
  const out: LabelReference[] = [];
  walkPipes(ast, (pipe, dotIsAlert) => fromPipe(pipe, dotIsAlert, out));
  return out.sort((a, b) => a.pos.start - b.pos.start);
}
