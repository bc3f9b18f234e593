// The AST of a Go text/template, as produced by parser.ts. It mirrors Go's
// text/template/parse node.go (ListNode, TextNode, ActionNode, IfNode, ...)
// so that the executor can follow exec.go step by step.
//
// Every node carries `pos`: half-open UTF-16 offsets [start, end) into the
// template text it was parsed from (Go keeps byte offsets; we keep the unit
// every other promforge layer reports in).

import type { PosRange } from '../positions.js';

export type { PosRange };

/** A whole parsed template: the main body plus every `define`/`block` body. */
export interface TemplateAst {
  readonly root: ListNode;
  /** Named templates from `{{define}}` and `{{block}}`, by name. */
  readonly definitions: ReadonlyMap<string, TemplateDefinition>;
  /** The text the offsets point into. */
  readonly text: string;
}

export interface TemplateDefinition {
  readonly name: string;
  readonly body: ListNode;
  /** The `{{define "name"}}` or `{{block "name" ...}}` action. */
  readonly pos: PosRange;
}

/** A node that can appear in a list: text, actions and control structures. */
export type ListItem = TextNode | CommentNode | ActionNode | IfNode | RangeNode | WithNode | TemplateCallNode | BreakNode | ContinueNode;

export interface ListNode {
  readonly kind: 'List';
  readonly nodes: readonly ListItem[];
  readonly pos: PosRange;
}

/** Plain text, after trim markers have removed surrounding white space. */
export interface TextNode {
  readonly kind: 'Text';
  readonly text: string;
  readonly pos: PosRange;
}

export interface CommentNode {
  readonly kind: 'Comment';
  readonly text: string;
  readonly pos: PosRange;
}

/** `{{pipeline}}`: prints the pipeline's value unless it declares variables. */
export interface ActionNode {
  readonly kind: 'Action';
  readonly pipe: PipeNode;
  readonly pos: PosRange;
}

/** `if`, `range` and `with` share one shape, as in Go's BranchNode. */
interface BranchFields {
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList?: ListNode;
  /** From the opening `{{` to the closing `}}` of the matching `{{end}}`. */
  readonly pos: PosRange;
}

export interface IfNode extends BranchFields {
  readonly kind: 'If';
}

export interface RangeNode extends BranchFields {
  readonly kind: 'Range';
}

export interface WithNode extends BranchFields {
  readonly kind: 'With';
}

/** `{{template "name" pipeline}}`, also what `{{block}}` leaves in place. */
export interface TemplateCallNode {
  readonly kind: 'Template';
  readonly name: string;
  readonly namePos: PosRange;
  readonly pipe?: PipeNode;
  readonly pos: PosRange;
}

export interface BreakNode {
  readonly kind: 'Break';
  readonly pos: PosRange;
}

export interface ContinueNode {
  readonly kind: 'Continue';
  readonly pos: PosRange;
}

/** `$x, $y := cmd | cmd | ...` */
export interface PipeNode {
  readonly kind: 'Pipe';
  /** True for `=` (assignment), false for `:=` (declaration). */
  readonly isAssign: boolean;
  readonly decl: readonly VariableNode[];
  readonly cmds: readonly CommandNode[];
  readonly pos: PosRange;
}

/** One stage of a pipeline: an operand followed by its arguments. */
export interface CommandNode {
  readonly kind: 'Command';
  readonly args: readonly Operand[];
  readonly pos: PosRange;
}

export type Operand = FieldNode | ChainNode | IdentifierNode | VariableNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | PipeNode;

/** `.A.B.C`: `ident` is `['A','B','C']`, `identPos` the position of each name. */
export interface FieldNode {
  readonly kind: 'Field';
  readonly ident: readonly string[];
  readonly identPos: readonly PosRange[];
  readonly pos: PosRange;
}

/** `$x.A.B`: `ident` is `['$x','A','B']`. */
export interface VariableNode {
  readonly kind: 'Variable';
  readonly ident: readonly string[];
  readonly identPos: readonly PosRange[];
  readonly pos: PosRange;
}

/** `(pipeline).A.B` or any other non-field term followed by fields. */
export interface ChainNode {
  readonly kind: 'Chain';
  readonly node: Operand;
  readonly field: readonly string[];
  readonly fieldPos: readonly PosRange[];
  readonly pos: PosRange;
}

/** A function name. */
export interface IdentifierNode {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly pos: PosRange;
}

export interface DotNode {
  readonly kind: 'Dot';
  readonly pos: PosRange;
}

export interface NilNode {
  readonly kind: 'Nil';
  readonly pos: PosRange;
}

export interface BoolNode {
  readonly kind: 'Bool';
  readonly value: boolean;
  readonly pos: PosRange;
}

/**
 * A numeric constant with every interpretation that succeeded, as Go's
 * NumberNode keeps them: the executor picks the one the context needs.
 */
export interface NumberNode {
  readonly kind: 'Number';
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: bigint;
  readonly uint64: bigint;
  readonly float64: number;
  readonly complex: { readonly re: number; readonly im: number };
  readonly pos: PosRange;
}

export interface StringNode {
  readonly kind: 'String';
  /** The literal as written, quotes included. */
  readonly quoted: string;
  /** The unquoted value. */
  readonly text: string;
  readonly pos: PosRange;
}

/** Go's Node.String() for operands: how error messages quote a node. */
export function operandString(node: Operand): string {
  switch (node.kind) {
    case 'Field':
      return node.ident.map((i) => '.' + i).join('');
    case 'Variable':
      return node.ident.join('.');
    case 'Chain': {
      const inner = node.node.kind === 'Pipe' ? `(${operandString(node.node)})` : operandString(node.node);
      return inner + node.field.map((f) => '.' + f).join('');
    }
    case 'Identifier':
      return node.name;
    case 'Dot':
      return '.';
    case 'Nil':
      return 'nil';
    case 'Bool':
      return node.value ? 'true' : 'false';
    case 'Number':
      return node.text;
    case 'String':
      return node.quoted;
    case 'Pipe': {
      const decl = node.decl.length > 0 ? `${node.decl.map((d) => d.ident.join('.')).join(', ')} ${node.isAssign ? '=' : ':='} ` : '';
      return decl + node.cmds.map((c) => c.args.map(operandString).join(' ')).join(' | ');
    }
  }
}
