// A static pass over one alert template that follows what each pipeline
// yields, the way Go's text/template would at expansion time, but with
// abstract values: the alert (dot at the top), its value ($value/.Value, a
// float64), constant strings, and the results of the `query` template
// function (a query result, then its samples via `first`/`range`), each
// carrying the label flow of its PromQL query. From that it finds what fails
// or renders empty when Prometheus expands the template:
//
// - a `query` whose PromQL does not parse (Prometheus's `query` returns the
//   parse error and the whole template expands to an error text);
// - labels read from a query's samples that the query cannot produce;
// - commands that always fail when executed (`nil` as a command, a float or
//   string passed where a query result or sample is expected);
// - the alert value printed raw (alerts/template hints at humanize then).
//
// Strings built with `printf "<query with %s>" ...` are checked too: each verb
// is replaced by a placeholder that fits where it stands.

import type { CommandNode, ListNode, Operand, PipeNode, PosRange, StringNode, TemplateAst } from '../template/ast.js';
import { PARAM_TYPE_NAMES, PROMETHEUS_FUNCTIONS, type ParamType } from '../template/functions.js';
import { parseExpr } from '../promql/parse.js';
import { assertNever } from '../promql/ast.js';
import { labelFlow, type LabelFlow } from '../analysis/label-flow.js';

export type TemplateValueFinding =
  | { readonly kind: 'query-syntax'; readonly query: string; readonly message: string; readonly pos: PosRange }
  | { readonly kind: 'query-label'; readonly query: string; readonly label: string; readonly flow: LabelFlow; readonly pos: PosRange }
  | { readonly kind: 'exec-error'; readonly message: string; readonly pos: PosRange }
  | { readonly kind: 'raw-value'; readonly pos: PosRange };

/** A template string whose text is known: a literal, or a printf with a literal format. */
interface KnownString {
  readonly kind: 'string';
  readonly text: string;
  /** The literal it came from (for error positions). */
  readonly literal: StringNode;
  /** Set when the text is a printf format whose verbs are still to be filled in. */
  readonly format: boolean;
}

type Abstract =
  | { readonly kind: 'alert' }
  | { readonly kind: 'alert-labels' }
  | { readonly kind: 'value'; readonly pos: PosRange }
  | KnownString
  | { readonly kind: 'number' }
  | { readonly kind: 'result'; readonly query: string; readonly flow: LabelFlow }
  | { readonly kind: 'sample'; readonly query: string; readonly flow: LabelFlow }
  | { readonly kind: 'sample-labels'; readonly query: string; readonly flow: LabelFlow }
  | { readonly kind: 'unknown' };

const UNKNOWN: Abstract = { kind: 'unknown' };

/** Go's type name of an abstract value, for "wrong type" messages; undefined when it may fit anything. */
function goTypeName(v: Abstract): string | undefined {
  switch (v.kind) {
    case 'value':
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
    default:
      return undefined;
  }
}

// printf verbs: flags, width, precision, verb letter (Go's fmt syntax).
const VERB = /%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z%]/g;

/** Placeholders tried for verbs outside PromQL quotes: a name, a number, a duration. */
const BARE_PLACEHOLDERS = ['x', '1', '5m'] as const;

/**
 * The PromQL texts a printf format can produce: verbs inside a quoted PromQL
 * string become `x`, verbs outside take each of the bare placeholders in turn
 * (a verb standing for a metric name, a number or a range).
 */
function formatInstances(format: string): string[] {
  const parts: { text: string; bare: boolean; verb: boolean }[] = [];
  let quote: string | undefined;
  let last = 0;
  let i = 0;
  const quoteAt: boolean[] = [];
  for (; i < format.length; i++) {
    quoteAt[i] = quote !== undefined;
    const c = format[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') {
        i++;
        quoteAt[i] = true;
      } else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  for (const m of format.matchAll(VERB)) {
    parts.push({ text: format.slice(last, m.index), bare: false, verb: false });
    parts.push({ text: m[0] === '%%' ? '%' : m[0], bare: !quoteAt[m.index], verb: m[0] !== '%%' });
    last = m.index + m[0].length;
  }
  parts.push({ text: format.slice(last), bare: false, verb: false });
  const fill = (bare: string): string => parts.map((p) => (!p.verb ? p.text : p.bare ? bare : 'x')).join('');
  const hasBare = parts.some((p) => p.verb && p.bare);
  return hasBare ? BARE_PLACEHOLDERS.map(fill) : [fill('x')];
}

/** Where in the template a PromQL error offset lies: inside the literal when it is written without escapes. */
function errorPos(literal: StringNode, format: boolean, pos: PosRange): PosRange {
  const plain = !format && (literal.quoted.startsWith('`') || !literal.quoted.includes('\\'));
  if (!plain) return literal.pos;
  const start = literal.pos.start + 1 + pos.start;
  return { start, end: Math.max(start + 1, literal.pos.start + 1 + pos.end) };
}

class Walker {
  readonly findings: TemplateValueFinding[] = [];

  query(arg: Abstract | undefined): Abstract {
    if (arg?.kind !== 'string') return UNKNOWN;
    const texts = arg.format ? formatInstances(arg.text) : [arg.text];
    let firstError: { text: string; message: string; pos: PosRange } | undefined;
    for (const text of texts) {
      const parsed = parseExpr(text);
      if (parsed.expr) return { kind: 'result', query: arg.text, flow: labelFlow(parsed.expr) };
      const d = parsed.diagnostics[0];
      firstError ??= { text, message: d?.message ?? 'parse error', pos: d?.pos ?? { start: 0, end: 0 } };
    }
    if (firstError) {
      this.findings.push({ kind: 'query-syntax', query: arg.text, message: firstError.message, pos: errorPos(arg.literal, arg.format, firstError.pos) });
    }
    return UNKNOWN;
  }

  label(holder: Abstract, name: string, pos: PosRange): void {
    if (holder.kind !== 'sample' && holder.kind !== 'sample-labels') return;
    const flow = holder.flow;
    const can = flow.closed ? flow.possible.has(name) : !flow.absent.has(name);
    if (!can) this.findings.push({ kind: 'query-label', query: holder.query, label: name, flow, pos });
  }

  fields(base: Abstract, names: readonly string[], poses: readonly PosRange[], pos: PosRange): Abstract {
    let v = base;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      switch (v.kind) {
        case 'alert':
          v = name === 'Value' ? { kind: 'value', pos } : name === 'Labels' ? { kind: 'alert-labels' } : UNKNOWN;
          break;
        case 'sample':
          v = name === 'Labels' ? { kind: 'sample-labels', query: v.query, flow: v.flow } : name === 'Value' ? { kind: 'number' } : UNKNOWN;
          break;
        case 'sample-labels':
          this.label(v, name, poses[i] ?? pos);
          v = UNKNOWN;
          break;
        default:
          return UNKNOWN;
      }
    }
    return v;
  }

  operand(node: Operand, dot: Abstract, vars: Map<string, Abstract>): Abstract {
    switch (node.kind) {
      case 'String':
        return { kind: 'string', text: node.text, literal: node, format: false };
      case 'Number':
        return { kind: 'number' };
      case 'Bool':
      case 'Nil':
        return UNKNOWN;
      case 'Dot':
        return dot;
      case 'Field':
        return this.fields(dot, node.ident, node.identPos, node.pos);
      case 'Variable': {
        const base = vars.get(node.ident[0]!) ?? UNKNOWN;
        const v = base.kind === 'value' ? { kind: 'value' as const, pos: node.pos } : base;
        return this.fields(v, node.ident.slice(1), node.identPos.slice(1), node.pos);
      }
      case 'Chain':
        return this.fields(this.operand(node.node, dot, vars), node.field, node.fieldPos, node.pos);
      case 'Pipe':
        return this.pipe(node, dot, vars);
      case 'Identifier':
        return this.call(node.name, [], node.pos);
      default:
        return assertNever(node);
    }
  }

  call(name: string, args: readonly Abstract[], pos: PosRange): Abstract {
    const fn = PROMETHEUS_FUNCTIONS[name];
    if (fn) {
      fn.params.forEach((param: ParamType, i) => {
        const arg = args[i];
        const got = arg ? goTypeName(arg) : undefined;
        if ((param === 'queryResult' || param === 'sample') && got) {
          this.findings.push({ kind: 'exec-error', message: `${name}: wrong type for value; expected ${PARAM_TYPE_NAMES[param]}; got ${got}`, pos });
        }
      });
    }
    const [a0, a1] = args;
    switch (name) {
      case 'query':
        return this.query(a0);
      case 'first':
        return a0?.kind === 'result' ? { kind: 'sample', query: a0.query, flow: a0.flow } : UNKNOWN;
      case 'label':
        if (a0?.kind === 'string' && !a0.format && a1) this.label(a1, a0.text, { start: a0.literal.pos.start + 1, end: a0.literal.pos.end - 1 });
        return UNKNOWN;
      case 'sortByLabel':
        if (a0?.kind === 'string' && !a0.format && a1?.kind === 'result')
          this.label({ ...a1, kind: 'sample' }, a0.text, { start: a0.literal.pos.start + 1, end: a0.literal.pos.end - 1 });
        return a1 ?? UNKNOWN;
      case 'index':
        if (a0 && a1?.kind === 'string' && !a1.format) this.label(a0, a1.text, { start: a1.literal.pos.start + 1, end: a1.literal.pos.end - 1 });
        return UNKNOWN;
      case 'printf':
        return a0?.kind === 'string' && !a0.format ? { ...a0, format: true } : UNKNOWN;
      case 'print':
      case 'println':
        // Printing a single value formats it as {{ . }} would.
        return args.length === 1 && a0?.kind === 'value' ? a0 : UNKNOWN;
      default:
        // Any other function (humanize*, printf, ...) turns the value into something else.
        return UNKNOWN;
    }
  }

  command(cmd: CommandNode, dot: Abstract, vars: Map<string, Abstract>, piped: Abstract | undefined): Abstract {
    const [head, ...rest] = cmd.args;
    if (!head) return UNKNOWN;
    if (head.kind === 'Nil') {
      // exec.go evalCommand: a nil operand in command position always fails.
      this.findings.push({ kind: 'exec-error', message: 'nil is not a command', pos: head.pos });
      return UNKNOWN;
    }
    if (head.kind !== 'Identifier') return this.operand(head, dot, vars);
    const args = rest.map((a) => this.operand(a, dot, vars));
    if (piped) args.push(piped);
    return this.call(head.name, args, head.pos);
  }

  pipe(pipe: PipeNode, dot: Abstract, vars: Map<string, Abstract>): Abstract {
    let v: Abstract | undefined;
    for (const cmd of pipe.cmds) v = this.command(cmd, dot, vars, v);
    return v ?? UNKNOWN;
  }

  declare(pipe: PipeNode, vars: Map<string, Abstract>, values: readonly Abstract[]): void {
    pipe.decl.forEach((d, i) => vars.set(d.ident[0]!, values[i] ?? UNKNOWN));
  }

  list(list: ListNode | undefined, dot: Abstract, vars: Map<string, Abstract>): void {
    for (const node of list?.nodes ?? []) {
      switch (node.kind) {
        case 'Action': {
          const v = this.pipe(node.pipe, dot, vars);
          if (node.pipe.decl.length > 0) this.declare(node.pipe, vars, [v]);
          else if (v.kind === 'value') this.findings.push({ kind: 'raw-value', pos: v.pos });
          break;
        }
        case 'If': {
          const v = this.pipe(node.pipe, dot, vars);
          const inner = new Map(vars);
          this.declare(node.pipe, inner, [v]);
          this.list(node.list, dot, inner);
          this.list(node.elseList, dot, new Map(vars));
          break;
        }
        case 'With': {
          const v = this.pipe(node.pipe, dot, vars);
          const inner = new Map(vars);
          this.declare(node.pipe, inner, [v]);
          this.list(node.list, v, inner);
          this.list(node.elseList, dot, new Map(vars));
          break;
        }
        case 'Range': {
          const v = this.pipe(node.pipe, dot, vars);
          const element: Abstract = v.kind === 'result' ? { kind: 'sample', query: v.query, flow: v.flow } : UNKNOWN;
          const inner = new Map(vars);
          this.declare(node.pipe, inner, node.pipe.decl.length === 2 ? [{ kind: 'number' }, element] : [element]);
          this.list(node.list, element, inner);
          this.list(node.elseList, dot, new Map(vars));
          break;
        }
        case 'Template':
          if (node.pipe) this.pipe(node.pipe, dot, vars);
          break;
        case 'Text':
        case 'Comment':
        case 'Break':
        case 'Continue':
          break;
        default:
          assertNever(node);
      }
    }
  }
}

/** Walks the main template (dot is the alert) and every defined one (dot unknown). */
export function templateValueFindings(ast: TemplateAst): TemplateValueFinding[] {
  const w = new Walker();
  // Prometheus prepends `{{$labels := .Labels}}{{$externalLabels := ...}}{{$value := .Value}}`.
  const alertVars = (): Map<string, Abstract> =>
    new Map<string, Abstract>([
      ['$', { kind: 'alert' }],
      ['$labels', { kind: 'alert-labels' }],
      ['$value', { kind: 'value', pos: { start: 0, end: 0 } }],
    ]);
  w.list(ast.root, { kind: 'alert' }, alertVars());
  for (const def of ast.definitions.values()) w.list(def.body, UNKNOWN, new Map());
  return w.findings.sort((a, b) => a.pos.start - b.pos.start);
}
