// The PromQL front end: parse, type-check, print.
export * from './ast.js';
export { parseExpr, MAX_EXPRESSION_DEPTH, MAX_UNBRACKETED_DEPTH } from './parse.js';
export type { ParseOptions, ParseResult } from './parse.js';
export { typeCheck, typeOf, documentedType } from './typecheck.js';
export { FUNCTIONS, FUNCTION_SIGNATURES, arity, argTypeAt } from './functions.js';
export type { FunctionSignature } from './functions.js';
export { parseDuration, formatDuration, parseNumber, unquoteString, quoteString } from './literals.js';
export { printExpr, printDuration, printMatchers, printMatcher, astEqual, canonicalAst, normalizeDuration } from './printer.js';
export { prettyPrint } from './pretty.js';
export type { PrettyOptions } from './pretty.js';
