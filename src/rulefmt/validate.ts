// Semantic validation of decoded rule groups, check for check with
// Prometheus 3.x's model/rulefmt (RuleGroups.Validate, Rule.Validate,
// testTemplateParsing), with the same messages, each at the position of the
// offending node. Builds the clean model (RuleFile) as it goes.
import type { Diagnostic, FileDiagnostic, Severity } from '../diagnostics.js';
import { prometheusParseErrorText } from '../diagnostics.js';
import type { Expr, ValueType } from '../promql/ast.js';
import type { SourceSpan, SourceText } from '../positions.js';
import type { RawFile, RawGroup, RawRule } from './decode.js';
import { goQuote } from './duration.js';
import type { AlertingRule, Dialect, LabelMap, Located, LocatedString, RecordingRule, Rule, RuleExpr, RuleFile, RuleGroup } from './model.js';
import { isValidLabelName, isValidLabelValue, isValidMetricName, type NameValidation } from './names.js';
import { fileDiagnostic, mapValueDiagnostic } from './positions.js';

/** Parses PromQL: the shape of src/promql/parse.ts's parseExpr. */
export type ExprParser = (text: string) => { expr?: Expr; type?: ValueType; diagnostics: Diagnostic[] };

/**
 * Checks the syntax of one alert label/annotation template. `pos` of each
 * diagnostic is relative to `text`.
 */
export type TemplateChecker = (text: string, alertName: string) => Diagnostic[];

export interface ValidateOptions {
  readonly dialect: Dialect;
  readonly nameValidation: NameValidation;
  readonly parseExpr: ExprParser;
  /** Absent: templates are not checked. */
  readonly checkTemplate?: TemplateChecker;
}

interface Ctx {
  readonly path: string;
  readonly source: SourceText;
  readonly diagnostics: FileDiagnostic[];
  readonly opts: ValidateOptions;
}

const PARTIAL_RESPONSE_STRATEGIES = ['warn', 'abort'] as const;

function push(ctx: Ctx, severity: Severity, message: string, span: SourceSpan): void {
  ctx.diagnostics.push(fileDiagnostic(ctx.path, 'rulefmt/rule-file', severity, message, span, 'rulefmt'));
}

export function validateRuleFile(path: string, source: SourceText, raw: RawFile, opts: ValidateOptions): { file: RuleFile; diagnostics: FileDiagnostic[] } {
  const ctx: Ctx = { path, source, diagnostics: [], opts };
  // Group names are unique per rule file; a PrometheusRule resource becomes its own file.
  const seenNames = new Map<string, Set<string>>();
  const groups: RuleGroup[] = [];
  for (const rawGroup of raw.groups) {
    const scope = rawGroup.resource ? `doc${rawGroup.resource.document}` : '';
    const seen = seenNames.get(scope) ?? new Set<string>();
    seenNames.set(scope, seen);
    groups.push(validateGroup(ctx, rawGroup, seen));
  }
  const file: RuleFile = {
    path,
    format: raw.format,
    ...(raw.namespace ? { namespace: raw.namespace } : {}),
    groups,
    source,
  };
  return { file, diagnostics: ctx.diagnostics };
}

function validateGroup(ctx: Ctx, raw: RawGroup, seen: Set<string>): RuleGroup {
  const name = raw.name ?? { value: '', span: raw.span };
  if (name.value === '' && !raw.failed.has('name')) push(ctx, 'error', 'Groupname must not be empty', raw.span);
  if (seen.has(name.value)) push(ctx, 'error', `groupname: ${goQuote(name.value)} is repeated in the same file`, name.span);
  seen.add(name.value);
  if (raw.labels) validateLabels(ctx, raw.labels, '');

  let partialResponseStrategy: Located<'warn' | 'abort'> | undefined;
  if (raw.partialResponseStrategy && raw.partialResponseStrategy.value !== '') {
    const v = raw.partialResponseStrategy.value.toLowerCase();
    const known = PARTIAL_RESPONSE_STRATEGIES.find((s) => s === v);
    if (known) partialResponseStrategy = { ...raw.partialResponseStrategy, value: known };
    else
      push(
        ctx,
        'error',
        `invalid partial_response_strategy ${goQuote(raw.partialResponseStrategy.value)}: must be "warn" or "abort"`,
        raw.partialResponseStrategy.span,
      );
  }

  const rules: Rule[] = [];
  for (const r of raw.rules) {
    const rule = validateRule(ctx, name.value, r);
    if (rule) rules.push(rule);
  }
  return {
    name,
    ...(raw.interval ? { interval: raw.interval } : {}),
    ...(raw.queryOffset ? { queryOffset: raw.queryOffset } : {}),
    ...(raw.limit ? { limit: raw.limit } : {}),
    ...(raw.labels ? { labels: raw.labels } : {}),
    rules,
    span: raw.span,
    ...(partialResponseStrategy ? { partialResponseStrategy } : {}),
    ...(raw.sourceTenants ? { sourceTenants: raw.sourceTenants } : {}),
    ...(raw.evaluationDelay ? { evaluationDelay: raw.evaluationDelay } : {}),
    ...(raw.alignEvaluationTimeOnInterval ? { alignEvaluationTimeOnInterval: raw.alignEvaluationTimeOnInterval } : {}),
    ...(raw.resource ? { resource: raw.resource } : {}),
  };
}

/** Label names and values (rule or group labels); `prefix` is the rule context. */
function validateLabels(ctx: Ctx, labels: LabelMap, prefix: string): void {
  for (const { name, value } of labels.entries) {
    if (!isValidLabelName(name.value, ctx.opts.nameValidation) || name.value === '__name__') {
      push(ctx, 'error', `${prefix}invalid label name: ${name.value}`, name.span);
    }
    if (!isValidLabelValue(value.value)) push(ctx, 'error', `${prefix}invalid label value: ${value.value}`, value.span);
  }
}

function validateRule(ctx: Ctx, groupName: string, raw: RawRule): Rule | undefined {
  const record = raw.record?.value ?? '';
  const alert = raw.alert?.value ?? '';
  const prefix = `group ${goQuote(groupName)}, rule ${raw.index + 1}, ${goQuote(alert !== '' ? alert : record)}: `;
  const err = (message: string, span: SourceSpan): void => push(ctx, 'error', prefix + message, span);

  if (record !== '' && alert !== '') err("only one of 'record' and 'alert' must be set", raw.record?.span ?? raw.span);
  const nameFailed = raw.failed.has('record') || raw.failed.has('alert');
  if (record === '' && alert === '' && !nameFailed) err("one of 'record' or 'alert' must be set", raw.span);

  const expr = checkExpr(ctx, raw, prefix);

  if (record !== '' && raw.record) {
    if (raw.annotations && raw.annotations.entries.length > 0) err("invalid field 'annotations' in recording rule", keyOrValue(raw.annotations, raw.span));
    if (raw.for && raw.for.value.ms !== 0) err("invalid field 'for' in recording rule", raw.for.keySpan ?? raw.for.span);
    if (raw.keepFiringFor && raw.keepFiringFor.value.ms !== 0) {
      err("invalid field 'keep_firing_for' in recording rule", raw.keepFiringFor.keySpan ?? raw.keepFiringFor.span);
    }
    if (!isValidMetricName(record, ctx.opts.nameValidation)) err(`invalid recording rule name: ${record}`, raw.record.span);
    // A valid UTF-8 name, but usually a PromQL selector pasted into `record`.
    if (record.includes('{') || record.includes('}')) err(`braces present in the recording rule name; should it be in expr?: ${record}`, raw.record.span);
  }

  if (raw.labels) validateLabels(ctx, raw.labels, prefix);
  for (const { name } of raw.annotations?.entries ?? []) {
    if (!isValidLabelName(name.value, ctx.opts.nameValidation)) err(`invalid annotation name: ${name.value}`, name.span);
  }
  if (alert !== '' && ctx.opts.checkTemplate) {
    checkTemplates(ctx, raw.labels, 'label', alert, prefix);
    checkTemplates(ctx, raw.annotations, 'annotation', alert, prefix);
  }

  if (record !== '' && alert === '' && raw.record) {
    const rule: RecordingRule = {
      kind: 'recording',
      index: raw.index,
      span: raw.span,
      record: raw.record,
      expr,
      ...(raw.labels ? { labels: raw.labels } : {}),
    };
    return rule;
  }
  if (alert !== '' && record === '' && raw.alert) {
    const rule: AlertingRule = {
      kind: 'alerting',
      index: raw.index,
      span: raw.span,
      alert: raw.alert,
      expr,
      ...(raw.for ? { for: raw.for } : {}),
      ...(raw.keepFiringFor ? { keepFiringFor: raw.keepFiringFor } : {}),
      ...(raw.labels ? { labels: raw.labels } : {}),
      ...(raw.annotations ? { annotations: raw.annotations } : {}),
    };
    return rule;
  }
  return undefined;
}

/** The span of a map's key (`annotations:`), else of its first entry. */
function keyOrValue(map: LabelMap, fallback: SourceSpan): SourceSpan {
  return map.keySpan ?? map.entries[0]?.name.span ?? fallback;
}

/**
 * `{ ...located, ...extra }` without evaluating `located`'s lazy `map`: a
 * spread calls the getter, which built the offset map of every expression of
 * every file (4% of a corpus lint) though only a problem inside a value needs it.
 */
export function extendLocated<T extends object, E extends object>(located: T, extra: E): T & E {
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(located));
  return Object.assign(out, extra) as T & E;
}

function checkExpr(ctx: Ctx, raw: RawRule, prefix: string): RuleExpr {
  const located: LocatedString = raw.expr ?? { value: '', span: raw.span };
  if (located.value === '') {
    if (raw.failed.has('expr')) return extendLocated(located, { diagnostics: [] });
    push(ctx, 'error', `${prefix}field 'expr' must be set in rule`, raw.expr ? located.span : raw.span);
    return extendLocated(located, { diagnostics: [] });
  }
  const parsed = ctx.opts.parseExpr(located.value);
  for (const d of parsed.diagnostics) {
    const message = d.severity === 'error' ? `${prefix}could not parse expression: ` : prefix;
    const mapped = mapValueDiagnostic(ctx.path, ctx.source, located, d, message, 'promql');
    ctx.diagnostics.push(d.severity === 'error' ? { ...mapped, prometheusMessage: `${message}${prometheusParseErrorText(located.value, d)}` } : mapped);
  }
  const ok = !parsed.diagnostics.some((d) => d.severity === 'error');
  return extendLocated(located, {
    ...(ok && parsed.expr ? { expr: parsed.expr } : {}),
    ...(ok && parsed.type ? { type: parsed.type } : {}),
    diagnostics: parsed.diagnostics,
  });
}

function checkTemplates(ctx: Ctx, map: LabelMap | undefined, what: 'label' | 'annotation', alert: string, prefix: string): void {
  const check = ctx.opts.checkTemplate;
  if (!map || !check) return;
  for (const { name, value } of map.entries) {
    for (const d of check(value.value, alert)) {
      ctx.diagnostics.push(mapValueDiagnostic(ctx.path, ctx.source, value, d, `${prefix}${what} ${goQuote(name.value)}: `, 'template'));
    }
  }
}
