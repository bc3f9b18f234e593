// The rule-file layer: load and validate rule files as Prometheus does.
export type {
  AlertingRule,
  Dialect,
  ModelDuration,
  LabelEntry,
  LabelMap,
  Located,
  LocatedString,
  RecordingRule,
  ResourceRef,
  Rule,
  RuleExpr,
  RuleFile,
  RuleFileFormat,
  RuleGroup,
} from './model.js';
export { DIALECTS, ruleName } from './model.js';
export { loadRuleText, decodeRuleBytes, MAX_RULE_FILE_BYTES, type LoadOptions, type LoadResult } from './load.js';
export { checkFiles, expandPaths, STDIN_PATH, type CheckOptions, type CheckResult } from './check.js';
export { findDuplicateRules } from './duplicates.js';
export { parseModelDuration, formatModelDuration } from './duration.js';
export { isValidLabelName, isValidMetricName, isValidLabelValue, type NameValidation } from './names.js';
export { valueRangeSpan, fileDiagnostic, mapValueDiagnostic } from './positions.js';
export { validateAgainstSchema, rulesSchema } from './schema.js';
export type { ExprParser, TemplateChecker } from './validate.js';
