// Public surface of the linter (`promforge lint`'s library side).
export { lintRules, validateLintOptions, type LintOptions, type CheckSetting } from './lint.js';
export { CHECKS, CHECKS_BY_ID } from './checks/index.js';
export type { AnyCheck, CheckMeta, CheckGroup, Finding, Problem, RuleCheck, RuleSetCheck, OptionsSchema, LintEnvironment, CheckContext } from './check.js';
export {
  fromPlainGroups,
  type LintRule,
  type LintGroup,
  type PlainGroup,
  type PlainRule,
  type ProblemLocation,
  type RuleField,
  type RuleSource,
  type FileRange,
} from './rule-context.js';
export { fromRuleFiles } from './adapter.js';
export { labelFlow, canHave, mustHave, whyCannotHave, describeFlow, type LabelFlow } from '../analysis/label-flow.js';
export {
  MetricTypes,
  parseMetadataJson,
  parseTypeComments,
  type MetricTypeSources,
  type SampleKind,
  type SeriesKind,
  type MetadataType,
} from '../knowledge/metric-types.js';
