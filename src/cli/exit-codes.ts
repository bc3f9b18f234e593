// Exit codes are decided here and nowhere else, by a pure function of what a
// command found, so every command agrees and tests can check the rule itself.

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
