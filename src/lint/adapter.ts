// From the rulefmt model (src/rulefmt) to the lint model, with a RuleSource
// per rule that maps problem locations to file line:column through the
// scalar position maps the loader keeps.

import type { AlertingRule, LabelMap, Located, LocatedString, Rule, RuleFile, RuleGroup } from '../rulefmt/index.js';
import { valueRangeSpan } from '../rulefmt/index.js';
import type { SourceSpan } from '../yaml/index.js';
import type { FileRange, LintGroup, LintRule, ProblemLocation, RuleSource } from './rule-context.js';
import { assertNever } from '../promql/ast.js';

function toRecord(map: LabelMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of map?.entries ?? []) out[e.name.value] = e.value.value;
  return out;
}

function range(file: string, span: SourceSpan): FileRange {
  return { file, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

class RuleFileSource implements RuleSource {
  constructor(
    readonly file: string,
    private readonly rf: RuleFile,
    private readonly group: RuleGroup,
    private readonly rule: Rule,
  ) {}

  private nameField(): LocatedString {
    return this.rule.kind === 'recording' ? this.rule.record : this.rule.alert;
  }

  private inValue(str: LocatedString, start: number, end: number): FileRange {
    return range(this.file, valueRangeSpan(this.rf.source, str, start, end));
  }

  private entry(map: LabelMap | undefined, key: string | undefined, pos: { start: number; end: number } | undefined): FileRange | undefined {
    if (!map) return undefined;
    if (key === undefined) return range(this.file, map.span);
    const e = map.entries.find((x) => x.name.value === key);
    if (!e) return range(this.file, map.span);
    return pos ? this.inValue(e.value, pos.start, pos.end) : range(this.file, e.value.span);
  }

  private located(l: Located<unknown> | undefined): FileRange | undefined {
    return l ? range(this.file, l.span) : undefined;
  }

  locate(location: ProblemLocation): FileRange | undefined {
    if (location.kind === 'expr') return this.inValue(this.rule.expr, location.pos.start, location.pos.end);
    const alerting: AlertingRule | undefined = this.rule.kind === 'alerting' ? this.rule : undefined;
    const name = range(this.file, this.nameField().span);
    switch (location.field) {
      case 'name':
        return name;
      case 'for':
        return this.located(alerting?.for) ?? name;
      case 'keep_firing_for':
        return this.located(alerting?.keepFiringFor) ?? name;
      case 'labels':
        return this.entry(this.rule.labels, location.key, location.pos) ?? name;
      case 'annotations':
        return this.entry(alerting?.annotations, location.key, location.pos) ?? name;
      case 'rule':
        return range(this.file, this.rule.span);
      case 'group-name':
        return range(this.file, this.group.name.span);
      case 'group-interval':
        return this.located(this.group.interval) ?? range(this.file, this.group.name.span);
      default:
        return assertNever(location.field);
    }
  }
}

/** Lint rules of loaded rule files, in file and group order. */
export function fromRuleFiles(files: readonly RuleFile[]): LintRule[] {
  const all: LintRule[] = [];
  for (const rf of files) {
    for (const g of rf.groups) {
      const members: LintRule[] = [];
      const group: LintGroup = { name: g.name.value, intervalMs: g.interval?.value.ms, labels: toRecord(g.labels), file: rf.path, rules: members };
      for (const r of g.rules) {
        members.push({
          kind: r.kind === 'alerting' ? 'alert' : 'record',
          name: r.kind === 'alerting' ? r.alert.value : r.record.value,
          exprText: r.expr.value,
          expr: r.expr.expr,
          forMs: r.kind === 'alerting' ? r.for?.value.ms : undefined,
          keepFiringForMs: r.kind === 'alerting' ? r.keepFiringFor?.value.ms : undefined,
          labels: toRecord(r.labels),
          annotations: r.kind === 'alerting' ? toRecord(r.annotations) : {},
          group,
          index: r.index,
          source: new RuleFileSource(rf.path, rf, g, r),
        });
      }
      all.push(...members);
    }
  }
  return all;
}
