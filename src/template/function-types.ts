// The shape of a template function: its Go parameter types (which drive how
// the executor converts arguments, exactly as exec.go's evalArg does) and an
// implementation that returns a value or a FuncError (Go's non-nil error).

/** A Go parameter type, reduced to the ones the function maps use. */
export type ParamType =
  | 'string'
  | 'float64'
  | 'int'
  | 'bool'
  /** interface{}: anything, nil for a missing value. */
  | 'interface'
  /** reflect.Value: anything, passed through untouched (builtins). */
  | 'value'
  /** *template.sample */
  | 'sample'
  /** template.queryResult */
  | 'queryResult';

/** The Go spelling of a parameter type, for "wrong type" messages. */
export const PARAM_TYPE_NAMES: Readonly<Record<ParamType, string>> = {
  string: 'string',
  float64: 'float64',
  int: 'int',
  bool: 'bool',
  interface: 'interface {}',
  value: 'reflect.Value',
  sample: '*template.sample',
  queryResult: 'template.queryResult',
};

/** A function's error result: the executor reports "error calling NAME: message". */
export class FuncError {
  constructor(readonly message: string) {}
}

/** One series of a `query` result. */
export interface QuerySample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Runs a PromQL instant query for the `query` function; an Error fails the template. */
export type QueryFunction = (expr: string) => readonly QuerySample[] | Error;

export interface FunctionContext {
  readonly query?: QueryFunction;
  /** The evaluation time, in seconds since the epoch. */
  readonly now: number;
  readonly externalURL: string;
  /** Executes a named template (for `tmpl`). */
  readonly executeNamed: (name: string, data: unknown) => string | FuncError;
}

export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** Element type of a trailing `...T` parameter. */
  readonly variadic?: ParamType;
  /** Only in console (HTML) templates, not in alert rules. */
  readonly consoleOnly?: boolean;
  readonly call: (args: unknown[], ctx: FunctionContext) => unknown;
}
