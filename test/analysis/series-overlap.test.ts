import { describe, it, expect } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { disjointLabel, literalPrefixes, matchersDisjoint } from '../../src/analysis/series-overlap.js';
import { loadRuleText } from '../../src/rulefmt/index.js';
import { findDuplicateRules } from '../../src/rulefmt/duplicates.js';

const e = (s: string) => parseExpr(s).expr!;

describe('series overlap', () => {
  it('finds the label that tells outputs apart', () => {
    expect(disjointLabel(e('sum by (code) (x{code=~"2.."})'), e('sum by (code) (x{code=~"3.."})'))).toBe('code');
    expect(disjointLabel(e('x{job="a"} > 1'), e('x{job!="a"} > 2'))).toBe('job');
    expect(disjointLabel(e('sum by (job) (x)'), e('sum by (job, pod) (x{pod="p"})'))).toBe('pod');
    // A label the aggregation drops does not tell outputs apart.
    expect(disjointLabel(e('sum by (job) (x{code="1"})'), e('sum by (job) (x{code="2"})'))).toBeUndefined();
    expect(disjointLabel(e('x{job=~"api.*"}'), e('x{job="api-prod"}'))).toBeUndefined();
    // A rewritten label no longer carries the selector's matcher.
    expect(disjointLabel(e('label_replace(x{job="a"}, "job", "b", "", "")'), e('x{job="b"}'))).toBeUndefined();
    // `or` outputs either side.
    expect(disjointLabel(e('x{job="a"} or y'), e('x{job="b"}'))).toBeUndefined();
  });

  it('compares regexes by their literal prefixes only when simple', () => {
    expect(literalPrefixes('LIST|GET')).toEqual(['LIST', 'GET']);
    expect(literalPrefixes('(?:ab|cd).*')).toBeUndefined();
    expect(literalPrefixes('(ab|cd)')).toEqual(['ab', 'cd']);
    expect(literalPrefixes('ab?c')).toEqual(['a']);
    expect(literalPrefixes('.*x')).toBeUndefined();
    expect(matchersDisjoint([{ name: 'a', op: '=~', value: 'GET|LIST' }], [{ name: 'a', op: '=~', value: 'POST|PUT' }])).toBe(true);
    expect(matchersDisjoint([{ name: 'a', op: '=~', value: 'GET|LIST' }], [{ name: 'a', op: '=~', value: 'G.*' }])).toBe(false);
  });

  it('the rule-file duplicate warning skips rules that cannot write the same series', () => {
    const rule = (code: string) => `      - record: code:req:increase1h\n        expr: sum by (code) (increase(req_total{code=~"${code}"}[1h]))\n`;
    const text = `groups:\n  - name: a\n    rules:\n${rule('2..')}${rule('3..')}${rule('2..')}`;
    const loaded = loadRuleText(text, 'r.yml');
    expect(findDuplicateRules(loaded.file!).map((d) => [d.line, d.message])).toEqual([
      [8, 'duplicate rule: "code:req:increase1h" has the same name and labels as rule 1 of group "a" (line 4); both write the same series'],
    ]);
  });
});
