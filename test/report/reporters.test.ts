import { describe, expect, it } from 'vitest';
import type { FileDiagnostic } from '../../src/diagnostics.js';
import { REPORTERS, wantsColor } from '../../src/report/index.js';
import type { ReportInput } from '../../src/report/index.js';

const file = 'rules/app.yml';
const source = ['groups:', '  - name: app', '    rules:', '      - alert: GoroutinesHigh', '        expr: rate(go_goroutines[5m]) > 10', ''].join('\n');
const problems: FileDiagnostic[] = [
  { code: 'lint/alerts/for', severity: 'warning', message: 'alert has no "for"', file, line: 4, column: 9, endLine: 4, endColumn: 30, source: 'alerts/for' },
  {
    code: 'lint/promql/rate',
    severity: 'error',
    message: 'rate() over gauge "go_goroutines"; use deriv()',
    file,
    line: 5,
    column: 15,
    endLine: 5,
    endColumn: 38,
    source: 'promql/rate',
  },
];
const input: ReportInput = {
  problems,
  sources: new Map([[file, source]]),
  toolVersion: '0.1.0',
  checks: [{ id: 'promql/rate', description: 'rate over non-counters', defaultSeverity: 'error', helpUri: 'https://example.test/docs/checks/promql/rate.md' }],
};

describe('text reporter', () => {
  it('prints location, severity, message, check, source line and carets, sorted by position', () => {
    expect(REPORTERS.text(input, { color: false })).toBe(
      [
        'rules/app.yml:4:9: warning: alert has no "for" [alerts/for]',
        '    4 |       - alert: GoroutinesHigh',
        '      |         ^^^^^^^^^^^^^^^^^^^^^',
        'rules/app.yml:5:15: error: rate() over gauge "go_goroutines"; use deriv() [promql/rate]',
        '    5 |         expr: rate(go_goroutines[5m]) > 10',
        '      |               ^^^^^^^^^^^^^^^^^^^^^^^',
        '1 error, 1 warning, 0 info',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colours only when asked', () => {
    expect(REPORTERS.text(input, { color: true })).toContain('\x1b[31merror\x1b[0m');
    expect(REPORTERS.text(input, { color: false })).not.toContain('\x1b[');
  });

  it('summarises an empty run', () => {
    expect(REPORTERS.text({ ...input, problems: [] }, { color: false })).toBe('0 errors, 0 warnings, 0 info\n');
  });
});

describe('colour decision', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { TERM: 'dumb' }, false],
  ])('tty=%s env=%o → %s', (tty, env, want) => {
    expect(wantsColor(tty, env)).toBe(want);
  });
});

describe('json reporter', () => {
  it('prints the documented fields', () => {
    expect(JSON.parse(REPORTERS.json(input, { color: false }))).toEqual([
      { check: 'alerts/for', severity: 'warning', file, line: 4, column: 9, endLine: 4, endColumn: 30, message: 'alert has no "for"' },
      {
        check: 'promql/rate',
        severity: 'error',
        file,
        line: 5,
        column: 15,
        endLine: 5,
        endColumn: 38,
        message: 'rate() over gauge "go_goroutines"; use deriv()',
      },
    ]);
  });
});

describe('github reporter', () => {
  it('prints workflow commands with escaped properties', () => {
    expect(REPORTERS.github(input, { color: false })).toBe(
      '::warning file=rules/app.yml,line=4,col=9,endLine=4,endColumn=30,title=alerts/for::alert has no "for"\n' +
        '::error file=rules/app.yml,line=5,col=15,endLine=5,endColumn=38,title=promql/rate::rate() over gauge "go_goroutines"; use deriv()\n',
    );
  });

  it('escapes newlines and percent signs in messages', () => {
    const p: FileDiagnostic = {
      code: 'lint/alerts/for',
      severity: 'info',
      message: '100%\nsure',
      file: 'a,b:c.yml',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
    };
    expect(REPORTERS.github({ ...input, problems: [p] }, { color: false })).toBe(
      '::notice file=a%2Cb%3Ac.yml,line=1,col=1,endLine=1,endColumn=2::100%25%0Asure\n',
    );
  });
});

describe('sarif reporter', () => {
  it('produces a SARIF 2.1.0 log with rule metadata and regions', () => {
    const log = JSON.parse(REPORTERS.sarif(input, { color: false }));
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('promforge');
    expect(run.tool.driver.rules).toEqual([
      { id: 'alerts/for' },
      {
        id: 'promql/rate',
        shortDescription: { text: 'rate over non-counters' },
        helpUri: 'https://example.test/docs/checks/promql/rate.md',
        defaultConfiguration: { level: 'error' },
      },
    ]);
    expect(run.results[1]).toEqual({
      ruleId: 'promql/rate',
      ruleIndex: 1,
      level: 'error',
      message: { text: 'rate() over gauge "go_goroutines"; use deriv()' },
      locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 5, startColumn: 15, endLine: 5, endColumn: 38 } } }],
    });
  });
});
