// Exit codes are decided here and nowhere else, by a pure function of what a
// command found, so every command agrees and tests can check the rule itself.

import { isUsageCode, type DiagnosticCode, type Severity } from '../diagnostics.js';

export const EXIT_OK = 0;
/** Problems were found in the input (invalid rules, failing tests, lint errors). */
export const EXIT_PROBLEMS = 1;
/** The command could not do its job: bad usage, missing or unreadable files. */
export const EXIT_USAGE = 2;

export interface Outcome {
  /** Usage or I/O failures: the command could not look at (all of) its input. */
  readonly usageErrors: number;
  /** Problems that fail the run (errors, or anything at or above --fail-on). */
  readonly failures: number;
}

export function exitCode(outcome: Outcome): number {
  if (outcome.usageErrors > 0) return EXIT_USAGE;
  if (outcome.failures > 0) return EXIT_PROBLEMS;
  return EXIT_OK;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * The outcome of a command's diagnostics, decided by their codes and
 * severities only: a code whose kind is `usage` (an input that could not be
 * read) counts as a usage error whatever its severity; any other diagnostic
 * at or above `failOn` (errors by default) is a failure.
 */
export function outcomeOf(diagnostics: readonly { readonly code: DiagnosticCode; readonly severity: Severity }[], failOn: Severity = 'error'): Outcome {
  let usageErrors = 0;
  let failures = 0;
  for (const d of diagnostics) {
    if (isUsageCode(d.code)) usageErrors++;
    else if (SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]) failures++;
  }
  return { usageErrors, failures };
}
