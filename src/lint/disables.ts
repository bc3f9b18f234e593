// Inline disables in rule files' YAML comments:
//   # promforge disable <check>[, <check>...] [-- reason]   the next rule (or the rule the comment is in)
//   # promforge disable-file <check>[, ...] [-- reason]     the whole file
// `all` disables every check. Unknown check ids are reported, so a typo does
// not silently keep a check on.

import type { FileDiagnostic } from '../diagnostics.js';
import type { RuleFile } from '../rulefmt/model.js';

export interface RuleDisable {
  /** Group name and rule index the comment applies to (group names are unique in a valid file). */
  readonly group: string;
  readonly rule: number;
  readonly checks: ReadonlySet<string>;
}

export interface FileDisables {
  readonly file: ReadonlySet<string>;
  readonly rules: readonly RuleDisable[];
  readonly problems: FileDiagnostic[];
}

const COMMENT = /#\s*promforge\s+(disable-file|disable)\b(.*)$/;

export function parseDisables(file: RuleFile, knownChecks: ReadonlySet<string>): FileDisables {
  const lines = file.source.text.split('\n');
  const fileChecks = new Set<string>();
  const rules: RuleDisable[] = [];
  const problems: FileDiagnostic[] = [];
  // Rule spans as 1-based line ranges, in file order.
  const spans = file.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name.value, rule: r.index, start: r.span.line, end: r.span.endLine })));

  lines.forEach((text, i) => {
    const line = i + 1;
    const hash = text.indexOf('#');
    if (hash === -1) return;
    const m = COMMENT.exec(text.slice(hash));
    if (!m) return;
    const kind = m[1]!;
    const [list] = m[2]!.split(/\s+--\s+|\s--$/);
    const ids = (list ?? '').split(/[,\s]+/).filter((s) => s !== '');
    const column = hash + 1;
    const at = (message: string): FileDiagnostic => ({
      code: 'lint/disable-comment',
      severity: 'warning',
      message,
      file: file.path,
      line,
      column,
      endLine: line,
      endColumn: text.length + 1,
      source: 'lint/disable',
    });
    if (ids.length === 0) {
      problems.push(at(`"promforge ${kind}" needs a check id (e.g. promql/rate) or "all"`));
      return;
    }
    const checks = new Set<string>();
    for (const id of ids) {
      if (id === 'all' || knownChecks.has(id)) checks.add(id);
      else problems.push(at(`unknown check "${id}" in "promforge ${kind}" comment`));
    }
    if (checks.size === 0) return;
    if (kind === 'disable-file') {
      for (const c of checks) fileChecks.add(c);
      return;
    }
    // The rule this comment sits in, else the first rule starting after it.
    const inside = spans.find((s) => s.start <= line && line <= s.end && !(s.start === line && hash < firstNonSpace(text)));
    const next = spans.find((s) => s.start > line || (s.start === line && hash < firstNonSpace(text)));
    const target = inside ?? next;
    if (!target) problems.push(at(`"promforge disable" comment is not followed by a rule`));
    else rules.push({ group: target.group, rule: target.rule, checks });
  });
  return { file: fileChecks, rules, problems };
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : text.length;
}

export function isDisabled(d: FileDisables, check: string, group: string, rule: number): boolean {
  if (d.file.has('all') || d.file.has(check)) return true;
  return d.rules.some((r) => r.group === group && r.rule === rule && (r.checks.has('all') || r.checks.has(check)));
}
