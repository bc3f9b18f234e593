// Public surface of the Go text/template implementation.
export type * from './ast.js';
export { operandString } from './ast.js';
export { ALERT_TEMPLATE_VARIABLES, parseTemplate, type ParseOptions, type ParseResult } from './parser.js';
export { labelReferences, type LabelReference } from './references.js';
export { executeTemplate, type ExecOptions, type ExecResult } from './exec.js';
export { alertTemplateData, expandAlertTemplate, prometheusExpansionText, type AlertTemplateInput, type ExpandOptions } from './expand.js';
export { GO_BUILTIN_FUNCTION_NAMES, PROMETHEUS_FUNCTION_NAMES, TEMPLATE_FUNCTION_NAMES, type QueryFunction, type QuerySample } from './functions.js';
export { goSprint, goSprintf, goSprintln, formatValue } from './gofmt.js';
export { formatFloat } from '../go/strconv.js';
export { GoComplex, GoDuration, GoInt, GoMap, GoSlice, GoStruct, GoTime } from './values.js';
