import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CODES,
  formatFileDiagnostic,
  isUsageCode,
  lintCode,
  readErrorDiagnostic,
  wholeFileDiagnostic,
  type DiagnosticCode,
  type Severity,
} from '../../src/diagnostics.js';
import { exitCode, outcomeOf, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../../src/cli/exit-codes.js';

const d = (code: DiagnosticCode, severity: Severity) => ({ code, severity });

describe('diagnostic codes', () => {
  it('only an unreadable input is a usage code', () => {
    expect(Object.keys(DIAGNOSTIC_CODES).filter((c) => isUsageCode(c as DiagnosticCode))).toEqual(['io/cannot-read']);
    expect(isUsageCode(lintCode('promql/rate'))).toBe(false);
    expect(lintCode('promql/rate')).toBe('lint/promql/rate');
    expect(readErrorDiagnostic('a.yml', 'ENOENT: no such file or directory').code).toBe('io/cannot-read');
  });

  it.each([
    [[], 'error', { usageErrors: 0, failures: 0 }, EXIT_OK],
    [[d('promql/syntax', 'error')], 'error', { usageErrors: 0, failures: 1 }, EXIT_PROBLEMS],
    [[d('yaml/syntax', 'warning'), d('lint/alerts/for', 'info')], 'error', { usageErrors: 0, failures: 0 }, EXIT_OK],
    [[d('yaml/syntax', 'warning'), d('lint/alerts/for', 'info')], 'warning', { usageErrors: 0, failures: 1 }, EXIT_PROBLEMS],
    [[d('lint/alerts/for', 'info')], 'info', { usageErrors: 0, failures: 1 }, EXIT_PROBLEMS],
    [[d('io/cannot-read', 'error'), d('samples/syntax', 'error')], 'error', { usageErrors: 1, failures: 1 }, EXIT_USAGE],
    [[d('io/cannot-read', 'warning')], 'error', { usageErrors: 1, failures: 0 }, EXIT_USAGE],
  ] as const)('%j with --fail-on %s → %j → exit %i', (diags, failOn, outcome, code) => {
    expect(outcomeOf(diags, failOn)).toEqual(outcome);
    expect(exitCode(outcomeOf(diags, failOn))).toBe(code);
  });
});

describe('formatFileDiagnostic', () => {
  it('prints file:line:col: severity: message, and an unreadable file without a position', () => {
    const base = { code: 'rulefmt/rule-file', file: 'r.yml', line: 3, column: 7, endLine: 3, endColumn: 9 } as const;
    expect(formatFileDiagnostic({ ...base, severity: 'warning', message: 'no rule groups found' })).toBe('r.yml:3:7: warning: no rule groups found');
    expect(formatFileDiagnostic(readErrorDiagnostic('r.yml', 'EACCES: permission denied'))).toBe('r.yml: cannot read: EACCES: permission denied');
    expect(formatFileDiagnostic(wholeFileDiagnostic('compile/pack', 'error', 'p.yml', '--set x: unknown parameter'))).toBe(
      'p.yml:1:1: error: --set x: unknown parameter',
    );
  });
});
