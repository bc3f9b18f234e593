// Go's strconv as Prometheus and text/template rely on it, the one place
// every layer gets Go's number parsing, quoting and float formatting from:
// quote.ts (Quote, Unquote, %#U, PromQL string literals), numbers.ts
// (ParseInt, ParseUint, ParseFloat, Prometheus's number tokens) and
// format-float.ts (FormatFloat, %g).
export * from './quote.js';
export * from './numbers.js';
export * from './format-float.js';
