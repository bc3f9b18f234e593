import { describe, it, expect } from 'vitest';
import { runCheck } from './cli-helpers.js';
import { FIXTURES } from './helpers.js';

const run = (args: string[]): ReturnType<typeof runCheck> => runCheck(args, { cwd: FIXTURES });

describe('promforge check (fixtures/check)', () => {
  it('passes a valid file', async () => {
    expect(await run(['valid.yaml'])).toEqual({ code: 0, stdout: 'valid: 1 file checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n', stderr: '' });
  });

  it('lists every problem of an invalid file at its position, exit 1', async () => {
    const result = await run(['invalid.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'invalid.yaml:5:31: error: group "broken", rule 1, "job:up:sum": could not parse expression: unclosed left parenthesis',
      `invalid.yaml:6:17: error: group "broken", rule 2, "up{job='a'}": braces present in the recording rule name; should it be in expr?: up{job='a'}`,
      `invalid.yaml:8:9: error: group "broken", rule 2, "up{job='a'}": invalid field 'for' in recording rule`,
      `invalid.yaml:9:9: error: group "broken", rule 3, "NoExpr": field 'expr' must be set in rule`,
      'invalid.yaml:11:11: error: group "broken", rule 3, "NoExpr": invalid label name: __name__',
      'invalid.yaml:12:11: error: groupname: "broken" is repeated in the same file',
      'INVALID: 1 file checked (3 rules), 1 invalid file, 6 errors, 0 warnings',
      '',
    ]);
  });

  it('reads PrometheusRule resources (several per file)', async () => {
    expect(await run(['prometheus-rule.yaml'])).toEqual({
      code: 0,
      stdout: 'valid: 1 file checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n',
      stderr: '',
    });
  });

  it('needs the right dialect for Mimir and Thanos files', async () => {
    expect((await run(['--dialect', 'mimir', 'mimir.yaml'])).code).toBe(0);
    expect((await run(['--dialect', 'thanos', 'thanos.yaml'])).code).toBe(0);
    const strict = await run(['thanos.yaml']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      'thanos.yaml:3:5: error: field partial_response_strategy not found in type rulefmt.RuleGroup (a Thanos Ruler field: use --dialect thanos)\n',
    );
    expect((await run(['--ignore-unknown-fields', 'thanos.yaml', 'mimir.yaml'])).code).toBe(0);
  });

  it('walks a directory in sorted order', async () => {
    const result = await run(['--dialect', 'thanos', '.']);
    expect(result.code).toBe(1);
    const files = [
      ...new Set(
        result.stdout
          .split('\n')
          .filter((l) => /^\S+:\d+:\d+:/.test(l))
          .map((l) => l.split(':')[0]),
      ),
    ];
    expect(files).toEqual(['invalid.yaml', 'mimir.yaml']);
    expect(result.stdout).toMatch(/INVALID: 5 files checked \(\d+ rules\), 2 invalid files, \d+ errors, 0 warnings\n$/);
  });

  it('reports template syntax errors inside the annotation value', async () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: |\n            Instance {{ $labels.instance }}\n            is {{ $valu }} down\n';
    const result = await runCheck(['-'], { stdin: text });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      '<stdin>:9:19: error: group "g", rule 1, "A": annotation "summary": template: __alert_A:2: undefined variable "$valu"',
    );
  });
});
