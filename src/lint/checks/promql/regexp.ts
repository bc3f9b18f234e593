// promql/regexp: regex matchers that are invalid, pointless, or select far
// more than intended.

import type { LabelMatcher, VectorSelector } from '../../../promql/ast.js';
import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { Finding, VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';

/** RE2 metacharacters: a pattern without any is a plain string. */
const META = /[\\.+*?()|[\]{}^$]/;

function matcherFindings(m: LabelMatcher): Finding[] {
  if (m.op !== '=~' && m.op !== '!~') return [];
  const re = compileAnchoredRegex(m.value);
  if (!re.ok) return [atExpr(`invalid regular expression "${m.value}": ${re.error}`, m.pos, { severity: 'error' })];
  const plain = m.op === '=~' ? '=' : '!=';
  if (m.value === '.*') {
    return m.op === '=~'
      ? [atExpr(`${m.name}=~".*" matches every value (including a missing label) and can be removed`, m.pos, { severity: 'warning' })]
      : [atExpr(`${m.name}!~".*" can never match: ".*" matches every value, including a missing label`, m.pos, { severity: 'error' })];
  }
  if (m.op === '!~' && m.value === '.+') {
    return [atExpr(`${m.name}!~".+" only matches series without "${m.name}": use ${m.name}=""`, m.pos, { severity: 'info' })];
  }
  // Empty groups match nothing but the empty string: `(?:)` is "".
  const stripped = m.value.replace(/\(\?:\)|\(\)/g, '');
  if (!META.test(stripped)) {
    return [atExpr(`regex matcher ${m.name}${m.op}"${m.value}" has no special characters: use ${m.name}${plain}"${stripped}"`, m.pos, { severity: 'info' })];
  }
  if (smellySubstring(m.value)) {
    return [
      atExpr(`regex ${m.name}${m.op}"${m.value}" picks substrings out of the label value: consider splitting "${m.name}" into several labels`, m.pos, {
        severity: 'info',
        details:
          'A wildcard between two literal parts (`service_.*_prod`) or around one (`.*staging.*`) encodes several facts in one label; matching on parts of it is slow and breaks when the naming scheme changes.',
      }),
    ];
  }
  if (m.value.startsWith('^') || (m.value.endsWith('$') && !m.value.endsWith('\\$'))) {
    return [atExpr(`regex "${m.value}" has redundant anchors: Prometheus anchors label regexes at both ends`, m.pos, { severity: 'info' })];
  }
  return [];
}

/**
 * A pattern made only of literals and `.*`/`.+` wildcards that matches a
 * literal in the middle: `a.*b` (two literal parts) or `.*a.*` (contains).
 * Prefix (`5.*`) and suffix (`.*bar`) matches are ordinary.
 */
function smellySubstring(pattern: string): boolean {
  const parts = pattern.split(/\.[*+]/);
  if (parts.length < 2 || parts.some((p) => META.test(p))) return false;
  const literals = parts.filter((p) => p !== '');
  if (literals.length >= 2) return true;
  return literals.length === 1 && parts[0] === '' && parts[parts.length - 1] === '';
}

/** A selector without a metric name whose matchers only require labels to exist selects almost every series. */
function unboundedSelector(vs: VectorSelector): Finding[] {
  if (vs.name !== '' || vs.matchers.some((m) => m.name === '__name__')) return [];
  const loose = vs.matchers.every((m) => (m.op === '=~' && (m.value === '.+' || m.value === '.*')) || (m.op === '!=' && m.value === '') || m.op === '!~');
  if (!loose) return [];
  return [atExpr('selector without a metric name only matches on label presence: it selects every series that has these labels', vs, { severity: 'warning' })];
}

export const regexp: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/regexp',
    defaultSeverity: 'warning',
    description:
      'Invalid RE2 patterns, regexes on static strings, =~".*", !~".+", redundant anchors, substring-picking regexes and selectors that only match on label presence.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ report }) {
    return {
      VectorSelector(node) {
        for (const m of node.matchers) for (const f of matcherFindings(m)) report(f);
        for (const f of unboundedSelector(node)) report(f);
      },
    };
  },
};
