// A Go text/template parser that follows text/template/parse/parse.go: the
// same grammar, the same variable scoping, the same parse-time checks
// (unknown functions, undefined variables, break/continue outside range,
// non-executable pipeline stages) and the same error wording. Like Go it stops
// at the first error; unlike Go it reports a UTF-16 span instead of a line.
//
// Internally a failed check throws a private ParseFailure (Go panics and
// recovers the same way); parseTemplate catches it and returns a diagnostic,
// so nothing is thrown across the API.

import { errorsOf, type Diagnostic } from '../diagnostics.js';
import { RecentResults } from '../recent-results.js';
import type {
  CommandNode,
  FieldNode,
  ListItem,
  ListNode,
  NumberNode,
  Operand,
  PipeNode,
  PosRange,
  StringNode,
  TemplateAst,
  TemplateCallNode,
  TemplateDefinition,
  VariableNode,
} from './ast.js';
import { operandString } from './ast.js';
import { lex, tokenString, type Token, type TokenType } from './lexer.js';
import { GO_BUILTIN_FUNCTION_NAMES, TEMPLATE_FUNCTION_NAMES } from './functions.js';
import { parseNumberLiteral } from './numbers.js';
import { goQuote, goUnquote } from '../go/strconv.js';

const errorDiagnostic = errorsOf('template/syntax');

/** The variables Prometheus's alert-template prefix declares (rules/alerting.go). */
export const ALERT_TEMPLATE_VARIABLES: readonly string[] = ['$labels', '$externalLabels', '$externalURL', '$value'];

export interface ParseOptions {
  /** Functions callable besides Go's builtins. Default: Prometheus's template functions. */
  readonly functions?: ReadonlySet<string>;
  /** Variables declared before the text. Default: the alert-template variables. */
  readonly variables?: readonly string[];
}

export interface ParseResult {
  readonly ast?: TemplateAst;
  readonly diagnostics: Diagnostic[];
}

class ParseFailure {
  constructor(
    readonly message: string,
    readonly pos: PosRange,
  ) {}
}

/** `{{end}}` and `{{else}}` end a list; they never appear in the AST. */
interface ListTerminator {
  readonly kind: 'End' | 'Else';
  readonly pos: PosRange;
}

type ItemOrTerminator = ListItem | ListTerminator;

const OPERAND_START: ReadonlySet<TokenType> = new Set<TokenType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

function span(start: number, end: number): PosRange {
  return { start, end };
}

function terminatorString(t: ListTerminator): string {
  return t.kind === 'End' ? '{{end}}' : '{{else}}';
}

function isTerminator(n: ItemOrTerminator): n is ListTerminator {
  return n.kind === 'End' || n.kind === 'Else';
}

/** Go's IsEmptyTree: only white space and comments. */
function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) => (n.kind === 'Text' ? n.text.trim() === '' : n.kind === 'Comment'));
}

class Parser {
  private i = 0;
  private vars: string[];
  private rangeDepth = 0;
  /** The most recently read token: errors without a better span point here. */
  private current: Token;
  readonly definitions = new Map<string, TemplateDefinition>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly functions: ReadonlySet<string>,
    predeclared: readonly string[],
  ) {
    this.vars = ['$', ...predeclared];
    this.current = tokens[0]!;
  }

  // --- token stream -------------------------------------------------------

  private next(): Token {
    const t = this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
    this.i++;
    this.current = t;
    return t;
  }

  private backup(): void {
    this.i--;
  }

  private peek(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)]!;
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private fail(message: string, pos: PosRange = this.current): never {
    throw new ParseFailure(message, span(pos.start, pos.end));
  }

  /** Go's unexpected(): a lexer error shows its own message. */
  private unexpected(token: Token, context: string): never {
    if (token.type === 'error') this.fail(token.val, token);
    this.fail(`unexpected ${tokenString(token)} in ${context}`, token);
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // --- lists and actions --------------------------------------------------

  parse(): ListNode {
    const start = this.peek().start;
    const nodes: ListItem[] = [];
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const mark = this.i;
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition(delim);
          continue;
        }
        this.i = mark;
      }
      const n = this.textOrAction();
      if (isTerminator(n)) this.fail(`unexpected ${terminatorString(n)}`, n.pos);
      nodes.push(n);
    }
    return { kind: 'List', nodes, pos: span(start, this.peek().end) };
  }

  private addDefinition(name: string, body: ListNode, pos: PosRange): void {
    const existing = this.definitions.get(name);
    if (existing === undefined || isEmptyList(existing.body)) {
      this.definitions.set(name, { name, body, pos });
      return;
    }
    if (!isEmptyList(body)) this.fail(`template: multiple definition of template ${goQuote(name)}`, pos);
  }

  /** A `define` or `block` body is a separate tree in Go: it sees only `$`. */
  private inNewTree<T>(f: () => T): T {
    const saved = { vars: this.vars, rangeDepth: this.rangeDepth };
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return f();
    } finally {
      this.vars = saved.vars;
      this.rangeDepth = saved.rangeDepth;
    }
  }

  private parseDefinition(delim: Token): void {
    const context = 'define clause';
    const nameToken = this.nextNonSpace();
    if (nameToken.type !== 'string' && nameToken.type !== 'rawString') this.unexpected(nameToken, context);
    const name = goUnquote(nameToken.val);
    if (!name.ok) this.fail(name.error, nameToken);
    this.expect('rightDelim', context);
    this.inNewTree(() => {
      const { list, next } = this.itemList();
      if (next.kind !== 'End') this.fail(`unexpected ${terminatorString(next)} in ${context}`, next.pos);
      this.addDefinition(name.value, list, span(delim.start, next.pos.end));
    });
  }

  private itemList(): { list: ListNode; next: ListTerminator } {
    const start = this.peekNonSpace().start;
    const nodes: ListItem[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (isTerminator(n)) return { list: { kind: 'List', nodes, pos: span(start, n.pos.start) }, next: n };
      nodes.push(n);
    }
    const eof = this.next();
    this.fail('unexpected EOF', eof);
  }

  private textOrAction(): ItemOrTerminator {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'text':
        return { kind: 'Text', text: token.val, pos: span(token.start, token.end) };
      case 'comment':
        return { kind: 'Comment', text: token.val, pos: span(token.start, token.end) };
      case 'leftDelim':
        return this.action(token);
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(delim: Token): ItemOrTerminator {
    const token = this.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl(delim);
      case 'break':
      case 'continue':
        return this.loopControl(delim, token.type);
      case 'else':
        return this.elseControl(delim);
      case 'end': {
        const close = this.expect('rightDelim', 'end');
        return { kind: 'End', pos: span(delim.start, close.end) };
      }
      case 'if':
      case 'range':
      case 'with':
        return this.branchControl(delim.start, token.type);
      case 'template':
        return this.templateControl(delim);
      default:
        break;
    }
    this.backup();
    // Variables declared here persist until the enclosing {{end}}.
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'Action', pipe, pos: span(delim.start, this.current.end) };
  }

  private loopControl(delim: Token, which: 'break' | 'continue'): ListItem {
    const token = this.nextNonSpace();
    if (token.type !== 'rightDelim') this.unexpected(token, `{{${which}}}`);
    const pos = span(delim.start, token.end);
    if (this.rangeDepth === 0) this.fail(`{{${which}}} outside {{range}}`, pos);
    return { kind: which === 'break' ? 'Break' : 'Continue', pos };
  }

  private elseControl(delim: Token): ListTerminator {
    const peek = this.peekNonSpace();
    // "{{else if ...}}" and "{{else with ...}}" leave the keyword pending.
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'Else', pos: span(delim.start, peek.start) };
    const close = this.expect('rightDelim', 'else');
    return { kind: 'Else', pos: span(delim.start, close.end) };
  }

  private branchControl(start: number, context: 'if' | 'range' | 'with'): ListItem {
    const savedVars = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const { list, next } = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    let end = next.pos.end;
    if (next.kind === 'Else') {
      const pending = this.peek().type;
      if ((context === 'if' && pending === 'if') || (context === 'with' && pending === 'with')) {
        // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}.
        this.next();
        const inner = this.branchControl(next.pos.start, context);
        elseList = { kind: 'List', nodes: [inner], pos: inner.pos };
        end = inner.pos.end;
      } else {
        const rest = this.itemList();
        if (rest.next.kind !== 'End') this.fail(`expected end; found ${terminatorString(rest.next)}`, rest.next.pos);
        elseList = rest.list;
        end = rest.next.pos.end;
      }
    }
    this.vars.length = savedVars;
    const kind = context === 'if' ? 'If' : context === 'range' ? 'Range' : 'With';
    return { kind, pipe, list, ...(elseList ? { elseList } : {}), pos: span(start, end) };
  }

  private templateName(token: Token, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    const s = goUnquote(token.val);
    if (!s.ok) this.fail(s.error, token);
    return s.value;
  }

  private templateControl(delim: Token): TemplateCallNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'Template', name, namePos: span(token.start, token.end), ...(pipe ? { pipe } : {}), pos: span(delim.start, this.current.end) };
  }

  private blockControl(delim: Token): TemplateCallNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const actionEnd = this.current.end;
    this.inNewTree(() => {
      const { list, next } = this.itemList();
      if (next.kind !== 'End') this.fail(`unexpected ${terminatorString(next)} in ${context}`, next.pos);
      this.addDefinition(name, list, span(delim.start, next.pos.end));
    });
    return { kind: 'Template', name, namePos: span(token.start, token.end), pipe, pos: span(delim.start, actionEnd) };
  }

  // --- pipelines ----------------------------------------------------------

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const decl: VariableNode[] = [];
    let isAssign = false;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const mark = this.i;
      this.next();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        isAssign = next.type === 'assign';
        this.nextNonSpace();
        decl.push(this.variableNode(v));
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        decl.push(this.variableNode(v));
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.i = mark; // an ordinary operand: re-read it as one
      break;
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        const last = cmds[cmds.length - 1];
        const pipe: PipeNode = { kind: 'Pipe', isAssign, decl, cmds, pos: span(first.start, last ? last.pos.end : token.start) };
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (OPERAND_START.has(token.type)) {
        this.backup();
        cmds.push(this.command());
        continue;
      }
      this.unexpected(token, context);
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]?.kind;
      if (k === 'Bool' || k === 'Dot' || k === 'Nil' || k === 'Number' || k === 'String') {
        this.fail(`non executable command in pipeline stage ${i + 2}`, c.pos);
      }
    });
  }

  private command(): CommandNode {
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const token = this.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') {
        this.backup();
        break;
      }
      if (token.type === 'pipe') break;
      this.unexpected(token, 'operand');
    }
    const first = args[0];
    const last = args[args.length - 1];
    if (!first || !last) this.fail('empty command');
    return { kind: 'Command', args, pos: span(first.pos.start, last.pos.end) };
  }

  private operand(): Operand | undefined {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const fields: string[] = [];
    const fieldPos: PosRange[] = [];
    while (this.peek().type === 'field') {
      const t = this.next();
      fields.push(t.val.slice(1));
      fieldPos.push(span(t.start + 1, t.end));
    }
    const pos = span(node.pos.start, fieldPos[fieldPos.length - 1]!.end);
    switch (node.kind) {
      case 'Field':
        return { kind: 'Field', ident: [...node.ident, ...fields], identPos: [...node.identPos, ...fieldPos], pos };
      case 'Variable':
        return { kind: 'Variable', ident: [...node.ident, ...fields], identPos: [...node.identPos, ...fieldPos], pos };
      case 'Bool':
      case 'String':
      case 'Number':
      case 'Nil':
      case 'Dot':
        this.fail(`unexpected . after term ${goQuote(operandString(node))}`, span(fieldPos[0]!.start - 1, fieldPos[0]!.end));
      // fail() throws (the parser's own unwinding, caught at its entry), so this never falls through.
      default:
        return { kind: 'Chain', node, field: fields, fieldPos, pos };
    }
  }

  private term(): Operand | undefined {
    const token = this.nextNonSpace();
    const pos = span(token.start, token.end);
    switch (token.type) {
      case 'identifier':
        if (!this.functions.has(token.val)) this.fail(`function ${goQuote(token.val)} not defined`);
        return { kind: 'Identifier', name: token.val, pos };
      case 'dot':
        return { kind: 'Dot', pos };
      case 'nil':
        return { kind: 'Nil', pos };
      case 'variable': {
        if (!this.vars.includes(token.val)) this.fail(`undefined variable ${goQuote(token.val)}`);
        return this.variableNode(token);
      }
      case 'field':
        return this.fieldNode(token);
      case 'bool':
        return { kind: 'Bool', value: token.val === 'true', pos };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.numberNode(token);
      case 'leftParen': {
        const inner = this.pipeline('parenthesized pipeline', 'rightParen');
        return { ...inner, pos: span(token.start, this.current.end) };
      }
      case 'string':
      case 'rawString': {
        const s = goUnquote(token.val);
        if (!s.ok) this.fail(s.error);
        const node: StringNode = { kind: 'String', quoted: token.val, text: s.value, pos };
        return node;
      }
      default:
        this.backup();
        return undefined;
    }
  }

  private variableNode(t: Token): VariableNode {
    return { kind: 'Variable', ident: [t.val], identPos: [span(t.start, t.end)], pos: span(t.start, t.end) };
  }

  private fieldNode(t: Token): FieldNode {
    return { kind: 'Field', ident: [t.val.slice(1)], identPos: [span(t.start + 1, t.end)], pos: span(t.start, t.end) };
  }

  private numberNode(t: Token): NumberNode {
    const n = parseNumberLiteral(t.val, t.type === 'charConstant' ? 'char' : t.type === 'complex' ? 'complex' : 'number', span(t.start, t.end));
    if (typeof n === 'string') this.fail(n);
    return n;
  }
}

/** Go's builtins and Prometheus's template functions: the default function set, made once. */
let defaultFunctions: ReadonlySet<string> | undefined;

/**
 * Parses of recent template texts with the default options. One alert's
 * templates are parsed by rule validation, then by lint's template check,
 * then by every expansion of a dry-run or unit test. Results are immutable
 * (the AST is readonly; the diagnostics array is copied per caller).
 * Bounded in entries and key size.
 */
const parseCache = new RecentResults<ParseResult>(4096);
const PARSE_CACHE_MAX_TEXT = 16 * 1024;

/**
 * Parses a Go text/template. Syntax errors come back as one diagnostic (Go
 * stops at the first) with Go's message; `ast` is present only on success.
 */
export function parseTemplate(text: string, options: ParseOptions = {}): ParseResult {
  const cacheable =
    options.functions === undefined && (options.variables ?? ALERT_TEMPLATE_VARIABLES) === ALERT_TEMPLATE_VARIABLES && text.length <= PARSE_CACHE_MAX_TEXT;
  if (!cacheable) return parseUncached(text, options);
  const r = parseCache.get(text, () => parseUncached(text, options));
  return { ...r, diagnostics: [...r.diagnostics] };
}

function parseUncached(text: string, options: ParseOptions): ParseResult {
  const functions = options.functions
    ? new Set<string>([...GO_BUILTIN_FUNCTION_NAMES, ...options.functions])
    : (defaultFunctions ??= new Set<string>([...GO_BUILTIN_FUNCTION_NAMES, ...TEMPLATE_FUNCTION_NAMES]));
  const parser = new Parser(lex(text), functions, options.variables ?? ALERT_TEMPLATE_VARIABLES);
  try {
    const root = parser.parse();
    return { ast: { root, definitions: parser.definitions, text }, diagnostics: [] };
  } catch (e) {
    if (e instanceof ParseFailure) return { diagnostics: [errorDiagnostic(e.message, e.pos)] };
    throw e;
  }
}

export type { Diagnostic };
export { labelReferences, type LabelReference } from './references.js';
