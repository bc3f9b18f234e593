// Executes a parsed template with Go's text/template semantics, following
// exec.go: variable stack and scoping, truth, field and map access (with the
// missingkey option), function calls with Go's argument conversion and arity
// checks, short-circuit and/or, range over slices/maps (sorted keys)/ints,
// break/continue, template invocation, and Go's error wording.
//
// Like Go (which panics and recovers inside exec), a failed step throws a
// private ExecFailure that executeTemplate turns into a diagnostic; nothing is
// thrown across the API.

import { errorsOf, type Diagnostic } from '../diagnostics.js';
import { assertNever } from '../promql/ast.js';
import {
  operandString,
  type ChainNode,
  type FieldNode,
  type IdentifierNode,
  type ListItem,
  type ListNode,
  type NumberNode,
  type Operand,
  type PipeNode,
  type PosRange,
  type TemplateAst,
  type VariableNode,
} from './ast.js';
import {
  FuncError,
  GO_BUILTIN_FUNCTION_NAMES,
  lookupFunction,
  PARAM_TYPE_NAMES,
  TEMPLATE_FUNCTION_NAMES,
  type FunctionContext,
  type ParamType,
  type QueryFunction,
  type TemplateFunction,
} from './functions.js';
import { formatValue } from './gofmt.js';
import { goQuote } from '../go/strconv.js';
import { callMethod, hasMethod } from './methods.js';
import { GoComplex, GoInt, GoSlice, GoStruct, goTypeName, intValue, isTrue, kindOf, mapView, sliceItems } from './values.js';

const errorDiagnostic = errorsOf('template/exec');

export interface ExecOptions {
  /** Callable function names (Go's builtins are always callable). Default: the alert-template set. */
  readonly functions?: ReadonlySet<string>;
  /** Answers the `query` function. */
  readonly query?: QueryFunction;
  /** Evaluation time for `now` (seconds since the epoch, or a Date). Default: the current time. */
  readonly now?: number | Date;
  /** For `externalURL` and `pathPrefix`. */
  readonly externalURL?: string;
  /** Variables visible at the top level besides `$`, e.g. `{ $labels: ... }`. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Go's missingkey option: what a missing map key gives. Default `invalid` ("<no value>"). */
  readonly missingKey?: 'invalid' | 'zero' | 'error';
  /** Limits on one execution; see DEFAULT_TEMPLATE_LIMITS. */
  readonly limits?: TemplateLimits;
}

export type ExecResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Diagnostic };

export interface TemplateLimits {
  /** Characters of output (default 1 MiB: Prometheus stores annotations in memory per alert). */
  readonly maxOutputChars?: number;
  /** Template nodes executed (default 1,000,000): bounds `range` over huge ints or lists. */
  readonly maxSteps?: number;
}

export const DEFAULT_TEMPLATE_LIMITS: Required<TemplateLimits> = { maxOutputChars: 1 << 20, maxSteps: 1_000_000 };

/** Go allows 100000 nested template calls; a JS stack allows far fewer. */
const MAX_EXEC_DEPTH = 1000;

class ExecFailure {
  constructor(
    readonly message: string,
    readonly pos: PosRange,
  ) {}
}

/** Break and continue unwind to the enclosing range, as Go's walkBreak/walkContinue. */
class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** The "no final value" marker (Go's missingVal), distinct from an invalid value. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown | typeof MISSING;

interface Variable {
  readonly name: string;
  value: unknown;
}

class State {
  readonly out: string[] = [];
  vars: Variable[];
  depth = 0;
  private outChars = 0;
  private steps = 0;
  limits: Required<TemplateLimits> = DEFAULT_TEMPLATE_LIMITS;

  constructor(
    private readonly ast: TemplateAst,
    private readonly allowed: ReadonlySet<string>,
    private readonly missingKey: 'invalid' | 'zero' | 'error',
    readonly ctx: Omit<FunctionContext, 'executeNamed'>,
    vars: Variable[],
  ) {
    this.vars = vars;
  }

  private fail(message: string, pos: PosRange): never {
    throw new ExecFailure(message, pos);
  }

  // --- variables ----------------------------------------------------------

  private push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }

  private setVar(name: string, value: unknown, pos: PosRange): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`, pos);
  }

  private setTopVar(n: number, value: unknown): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  private varValue(name: string, pos: PosRange): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.fail(`undefined variable: ${name}`, pos);
  }

  // --- walking ------------------------------------------------------------

  walkList(dot: unknown, list: ListNode): void {
    for (const n of list.nodes) this.walk(dot, n);
  }

  /** Appends output within the size limit. */
  private emit(text: string, pos: PosRange): void {
    this.outChars += text.length;
    if (this.outChars > this.limits.maxOutputChars) this.fail(`template output exceeds the limit of ${this.limits.maxOutputChars} characters`, pos);
    this.out.push(text);
  }

  private walk(dot: unknown, node: ListItem): void {
    if (++this.steps > this.limits.maxSteps) this.fail(`template execution exceeds the limit of ${this.limits.maxSteps} steps`, node.pos);
    switch (node.kind) {
      case 'Action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node.pos, val);
        return;
      }
      case 'Break':
        throw new LoopSignal('break');
      case 'Continue':
        throw new LoopSignal('continue');
      case 'Comment':
        return;
      case 'If':
      case 'With':
        return this.walkIfOrWith(dot, node.kind, node.pipe, node.list, node.elseList, node.pos);
      case 'Range':
        return this.walkRange(dot, node.pipe, node.list, node.elseList, node.pos);
      case 'Template':
        return this.walkTemplate(dot, node.name, node.pipe, node.pos);
      case 'Text':
        this.emit(node.text, node.pos);
        return;
      default:
        assertNever(node);
    }
  }

  private walkIfOrWith(dot: unknown, kind: 'If' | 'With', pipe: PipeNode, list: ListNode, elseList: ListNode | undefined, pos: PosRange): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, pipe);
      const { truth, ok } = isTrue(val);
      if (!ok) this.fail(`if/with can't use ${formatValue(val)}`, pos);
      if (truth) this.walkList(kind === 'With' ? val : dot, list);
      else if (elseList) this.walkList(dot, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: unknown, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined, pos: PosRange): void {
    const outer = this.vars.length;
    try {
      let val = this.evalPipeline(dot, pipe);
      if (val instanceof GoStruct && val.pointer) val = new GoStruct(val.typeName, val.fields);
      const mark = this.vars.length;
      const oneIteration = (index: unknown, elem: unknown): void => {
        if (++this.steps > this.limits.maxSteps) this.fail(`template execution exceeds the limit of ${this.limits.maxSteps} steps`, pos);
        const decl = pipe.decl;
        if (decl.length > 0) {
          if (pipe.isAssign) this.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem, decl[0]!.pos);
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, decl[1]!.pos);
          else this.setTopVar(2, index);
        }
        try {
          this.walkList(elem, list);
        } catch (e) {
          if (!(e instanceof LoopSignal && e.kind === 'continue')) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let iterated = false;
      try {
        switch (kindOf(val)) {
          case 'slice': {
            const items = sliceItems(val);
            items.forEach((item, i) => oneIteration(new GoInt(BigInt(i)), item));
            iterated = items.length > 0;
            break;
          }
          case 'map': {
            const m = mapView(val)!;
            for (const k of m.keys) oneIteration(k, m.get(k));
            iterated = m.keys.length > 0;
            break;
          }
          case 'int': {
            if (pipe.decl.length > 1) this.fail(`can't use ${formatValue(val)} to iterate over more than one variable`, pos);
            const n = Number(intValue(val));
            for (let i = 0; i < n; i++) oneIteration(new GoInt(BigInt(i)), new GoInt(BigInt(i)));
            iterated = n > 0;
            break;
          }
          case 'invalid':
          case 'nil':
            break; // a nil map and the like: not an error
          default:
            this.fail(`range can't iterate over ${formatValue(val)}`, pipe.pos);
        }
      } catch (e) {
        if (!(e instanceof LoopSignal && e.kind === 'break')) throw e;
        iterated = true;
      }
      if (!iterated && elseList) this.walkList(dot, elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(dot: unknown, name: string, pipe: PipeNode | undefined, pos: PosRange): void {
    const def = this.ast.definitions.get(name);
    if (!def) this.fail(`template ${goQuote(name)} not defined`, pos);
    if (this.depth >= MAX_EXEC_DEPTH) this.fail(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`, pos);
    const newDot = pipe ? this.evalPipeline(dot, pipe) : undefined;
    this.runNested(def.body, newDot);
  }

  /** Runs a named template's body with only `$` visible (no dynamic scoping). */
  runNested(body: ListNode, dot: unknown): void {
    const savedVars = this.vars;
    this.vars = [{ name: '$', value: dot }];
    this.depth++;
    try {
      this.walkList(dot, body);
    } finally {
      this.depth--;
      this.vars = savedVars;
    }
  }

  executeNamed(name: string, data: unknown): string | FuncError {
    const def = this.ast.definitions.get(name);
    if (!def) return new FuncError(`no template ${goQuote(name)} associated with template`);
    const start = this.out.length;
    this.runNested(def.body, data);
    const text = this.out.splice(start).join('');
    return text;
  }

  private printValue(pos: PosRange, v: unknown): void {
    if (v === undefined) {
      this.emit('<no value>', pos);
      return;
    }
    if (typeof v === 'function') this.fail(`can't print ${formatValue(v)} of type ${goTypeName(v)}`, pos);
    this.emit(formatValue(v), pos);
  }

  // --- pipelines and commands ----------------------------------------------

  evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd.args, value);
      // An interface{} holding nil becomes an invalid value, as Go's "dig down one level".
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value, v.pos);
      else this.push(v.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: readonly Operand[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${operandString(args[0]!)}`, args[0]!.pos);
  }

  private evalCommand(dot: unknown, args: readonly Operand[], final: Final): unknown {
    const first = args[0]!;
    switch (first.kind) {
      case 'Field':
        return this.evalFieldChain(dot, dot, first, first.ident, args, final);
      case 'Chain':
        return this.evalChainNode(dot, first, args, final);
      case 'Identifier':
        return this.evalFunction(dot, first, args, final);
      case 'Pipe':
        this.notAFunction(args, final);
        return this.evalPipeline(dot, first);
      case 'Variable':
        return this.evalVariableNode(dot, first, args, final);
      default:
        break;
    }
    this.notAFunction(args, final);
    switch (first.kind) {
      case 'Bool':
        return first.value;
      case 'Dot':
        return dot;
      case 'Nil':
        return this.fail('nil is not a command', first.pos);
      case 'Number':
        return this.idealConstant(first);
      case 'String':
        return first.text;
      default:
        return assertNever(first);
    }
  }

  private idealConstant(n: NumberNode): unknown {
    if (n.isComplex) return new GoComplex(n.complex.re, n.complex.im);
    const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return new GoInt(n.int64);
    if (n.isUint) this.fail(`${n.text} overflows int`, n.pos);
    return undefined;
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: readonly Operand[], final: Final): unknown {
    if (chain.node.kind === 'Nil') this.fail(`indirection through explicit nil in ${operandString(chain)}`, chain.pos);
    const receiver = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, receiver, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: readonly Operand[], final: Final): unknown {
    const value = this.varValue(v.ident[0]!, v.pos);
    if (v.ident.length === 1) {
      this.notAFunction(args.length > 0 ? args : [v], final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: FieldNode | ChainNode | VariableNode,
    ident: readonly string[],
    args: readonly Operand[],
    final: Final,
  ): unknown {
    // Errors point at the field name that failed.
    const positions = node.kind === 'Chain' ? node.fieldPos : node.kind === 'Variable' ? node.identPos.slice(1) : node.identPos;
    const at = (i: number): PosRange => positions[i] ?? node.pos;
    let r = receiver;
    // Go names a receiver by its static type: a struct field declared interface{} is "interface {}".
    let staticType: string | undefined;
    for (let i = 0; i < ident.length - 1; i++) {
      const next = this.evalField(dot, ident[i]!, at(i), [], MISSING, r, staticType);
      staticType = r instanceof GoStruct ? r.fieldTypes[ident[i]!] : undefined;
      r = next;
    }
    return this.evalField(dot, ident[ident.length - 1]!, at(ident.length - 1), args, final, r, staticType);
  }

  private evalField(dot: unknown, fieldName: string, pos: PosRange, args: readonly Operand[], final: Final, receiver: unknown, staticType?: string): unknown {
    if (receiver === undefined) {
      if (this.missingKey === 'error') this.fail(`nil data; no entry for key ${goQuote(fieldName)}`, pos);
      return undefined;
    }
    const typ = staticType ?? goTypeName(receiver);
    if (receiver === null) this.fail(`nil pointer evaluating ${typ}.${fieldName}`, pos);
    if (hasMethod(receiver, fieldName)) {
      const method = callMethod(receiver, fieldName);
      return this.evalCall(dot, method, false, pos, fieldName, args, final);
    }
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver instanceof GoStruct) {
      if (Object.prototype.hasOwnProperty.call(receiver.fields, fieldName)) {
        if (hasArgs) this.fail(`${fieldName} has arguments but cannot be invoked as function`, pos);
        return receiver.fields[fieldName];
      }
    } else if (kindOf(receiver) === 'map') {
      if (hasArgs) this.fail(`${fieldName} is not a method but has arguments`, pos);
      const m = mapView(receiver)!;
      if (m.has(fieldName)) return m.get(fieldName);
      switch (this.missingKey) {
        case 'invalid':
          return undefined;
        case 'zero':
          return m.zero;
        case 'error':
          this.fail(`map has no entry for key ${goQuote(fieldName)}`, pos);
      }
    }
    this.fail(`can't evaluate field ${fieldName} in type ${typ}`, pos);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, args: readonly Operand[], final: Final): unknown {
    const found = lookupFunction(node.name, this.allowed);
    if (!found) this.fail(`${goQuote(node.name)} is not a defined function`, node.pos);
    return this.evalCall(dot, found.fn, found.builtin, node.pos, node.name, args, final);
  }

  private evalCall(dot: unknown, fn: TemplateFunction, isBuiltin: boolean, pos: PosRange, name: string, args: readonly Operand[], final: Final): unknown {
    const argNodes = args.slice(1);
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.fail(`wrong number of args for ${name}: want at least ${fn.params.length} got ${argNodes.length}`, pos);
    } else if (numIn !== fn.params.length) {
      this.fail(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`, pos);
    }
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const arg of argNodes) {
        v = this.evalArg(dot, 'value', arg);
        if (isTrue(v).truth === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.params[i]!, argNodes[i]!));
    if (fn.variadic !== undefined) for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.variadic, argNodes[i]!));
    if (final !== MISSING) {
      let t: ParamType = fn.params[fn.params.length - 1] ?? 'interface';
      if (fn.variadic !== undefined) t = numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.variadic;
      argv.push(this.validateType(final, t, pos));
    }
    const ctx: FunctionContext = { ...this.ctx, executeNamed: (n, d) => this.executeNamed(n, d) };
    const result = fn.call(argv, ctx);
    if (result instanceof FuncError) this.fail(`error calling ${name}: ${result.message}`, pos);
    return result;
  }

  // --- arguments ----------------------------------------------------------

  private evalArg(dot: unknown, typ: ParamType | null, n: Operand): unknown {
    switch (n.kind) {
      case 'Dot':
        return this.validateType(dot, typ, n.pos);
      case 'Nil':
        if (typ === null || canBeNil(typ)) return null;
        return this.fail(`cannot assign nil to ${PARAM_TYPE_NAMES[typ]}`, n.pos);
      case 'Field':
        return this.validateType(this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING), typ, n.pos);
      case 'Variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), typ, n.pos);
      case 'Pipe':
        return this.validateType(this.evalPipeline(dot, n), typ, n.pos);
      case 'Identifier':
        return this.validateType(this.evalFunction(dot, n, [n], MISSING), typ, n.pos);
      case 'Chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), typ, n.pos);
      default:
        break;
    }
    const found = operandString(n);
    switch (typ) {
      case 'bool':
        if (n.kind === 'Bool') return n.value;
        return this.fail(`expected bool; found ${found}`, n.pos);
      case 'float64':
        if (n.kind === 'Number' && n.isFloat) return n.float64;
        return this.fail(`expected float; found ${found}`, n.pos);
      case 'int':
        if (n.kind === 'Number' && n.isInt) return new GoInt(n.int64);
        return this.fail(`expected integer; found ${found}`, n.pos);
      case 'string':
        if (n.kind === 'String') return n.text;
        return this.fail(`expected string; found ${found}`, n.pos);
      case 'interface':
      case 'value':
      case null:
        return this.evalEmptyInterface(n);
      case 'sample':
      case 'queryResult':
        return this.fail(`can't handle ${found} for arg of type ${PARAM_TYPE_NAMES[typ]}`, n.pos);
      default:
        return assertNever(typ);
    }
  }

  private evalEmptyInterface(n: Operand): unknown {
    switch (n.kind) {
      case 'Bool':
        return n.value;
      case 'Number':
        return this.idealConstant(n);
      case 'String':
        return n.text;
      default:
        return this.fail(`can't handle assignment of ${operandString(n)} to empty interface argument`, n.pos);
    }
  }

  private validateType(value: unknown, typ: ParamType | null, pos: PosRange): unknown {
    if (typ === null || typ === 'value') return value;
    if (value === undefined || value === null) {
      if (canBeNil(typ)) return null;
      return this.fail(`invalid value; expected ${PARAM_TYPE_NAMES[typ]}`, pos);
    }
    if (assignable(value, typ)) return value;
    return this.fail(`wrong type for value; expected ${PARAM_TYPE_NAMES[typ]}; got ${goTypeName(value)}`, pos);
  }
}

function canBeNil(typ: ParamType): boolean {
  return typ === 'interface' || typ === 'value' || typ === 'sample' || typ === 'queryResult';
}

function assignable(value: unknown, typ: ParamType): boolean {
  switch (typ) {
    case 'string':
      return typeof value === 'string';
    case 'float64':
      return typeof value === 'number';
    case 'int':
      return value instanceof GoInt;
    case 'bool':
      return typeof value === 'boolean';
    case 'interface':
    case 'value':
      return true;
    case 'sample':
      return value instanceof GoStruct && value.typeName === '*template.sample';
    case 'queryResult':
      return value instanceof GoSlice && value.typeName === 'template.queryResult';
    default:
      return assertNever(typ);
  }
}

function nowSeconds(now: number | Date | undefined): number {
  if (now instanceof Date) return now.getTime() / 1000;
  return now ?? Date.now() / 1000;
}

/**
 * Executes `ast` with `data` as dot and `$`. Returns the output, or the first
 * execution error with the position of the node that failed.
 */
export function executeTemplate(ast: TemplateAst, data: unknown, options: ExecOptions = {}): ExecResult {
  const allowed = options.functions ? new Set<string>([...GO_BUILTIN_FUNCTION_NAMES, ...options.functions]) : TEMPLATE_FUNCTION_NAMES;
  const vars: Variable[] = [{ name: '$', value: data }];
  for (const [name, value] of Object.entries(options.variables ?? {})) vars.push({ name, value });
  const state = new State(
    ast,
    allowed,
    options.missingKey ?? 'invalid',
    { ...(options.query ? { query: options.query } : {}), now: nowSeconds(options.now), externalURL: options.externalURL ?? '' },
    vars,
  );
  state.limits = { ...DEFAULT_TEMPLATE_LIMITS, ...options.limits };
  try {
    state.walkList(data, ast.root);
    return { ok: true, text: state.out.join('') };
  } catch (e) {
    if (e instanceof ExecFailure) return { ok: false, error: errorDiagnostic(e.message, e.pos) };
    if (e instanceof RangeError) return { ok: false, error: errorDiagnostic(`template execution too deep: ${e.message}`, ast.root.pos) };
    throw e;
  }
}
