// The parsed form of a PromQL `.test` script (see conformance/FORMAT.md).
// The parser only reads; it evaluates nothing and keeps queries as text, so
// the runner (run.ts) decides how to parse and execute them. All times are
// milliseconds since the Unix epoch; all line numbers are 1-based.

import type { Labels } from '../../model/labels.js';
import type { SequenceValue } from '../series-notation.js';

export type ScriptCommand = LoadCommand | ClearCommand | EvalCommand;

/** `load <step>` / `load_with_nhcb <step>`. */
export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  /** `load_with_nhcb`: also build NHCB histograms from classic histogram series (FORMAT §8). */
  readonly withNhcb: boolean;
  readonly stepMs: number;
  /**
   * The block's series, one per label set: when a label set is listed twice,
   * only the later line is kept (as upstream, where the later one wins).
   * Value k lands at timestamp k × stepMs.
   */
  readonly series: readonly LoadSeries[];
}

export interface LoadSeries {
  readonly line: number;
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
  /**
   * From the `<labels>@st` line just above (FORMAT §4.2): for each position,
   * the start-timestamp offset in ms to add to that sample's timestamp, or
   * undefined for "no start timestamp". Same length as `values`.
   */
  readonly startTimestampOffsets?: readonly (number | undefined)[];
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

export type EvalMode =
  { readonly kind: 'instant'; readonly atMs: number } | { readonly kind: 'range'; readonly startMs: number; readonly endMs: number; readonly stepMs: number };

/** What an `expect warn|info|fail` line (or a legacy fail line) requires of a message. */
export type MessageMatcher =
  | { readonly kind: 'any' }
  /** The whole message must equal `text`. */
  | { readonly kind: 'exact'; readonly text: string }
  /** RE2 pattern, unanchored (it may match anywhere); checked to compile while parsing. */
  | { readonly kind: 'regex'; readonly pattern: string };

export interface MessageExpectation {
  readonly line: number;
  readonly matcher: MessageMatcher;
}

export interface EvalExpectations {
  /** `expect fail`, `eval_fail`, or `expected_fail_message|regexp` (at most one). */
  readonly fail?: MessageExpectation;
  /** `expect warn` lines: every one must match a warning and every warning must match one. */
  readonly warn: readonly MessageExpectation[];
  readonly noWarn: boolean;
  readonly info: readonly MessageExpectation[];
  readonly noInfo: boolean;
  /** `expect ordered` or `eval_ordered`. */
  readonly ordered: boolean;
  /** Deprecated `eval_warn` header: at least one warning is required. */
  readonly atLeastOneWarn: boolean;
  /** Deprecated `eval_info` header: at least one info is required. */
  readonly atLeastOneInfo: boolean;
}

export interface ExpectedSeries {
  readonly line: number;
  readonly labels: Labels;
  /**
   * Instant queries: exactly one value. Range queries and `expect range
   * vector`: value i is the point at start + i × step.
   */
  readonly values: readonly SequenceValue[];
}

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  /** The header word as written: `eval`, `eval_fail`, `eval_warn`, `eval_info` or `eval_ordered`. */
  readonly header: 'eval' | 'eval_fail' | 'eval_warn' | 'eval_info' | 'eval_ordered';
  readonly mode: EvalMode;
  /** The PromQL text, unparsed. */
  readonly query: string;
  /** 1-based column of the query's first character in its line (to place PromQL diagnostics). */
  readonly queryColumn: number;
  readonly expect: EvalExpectations;
  /** Expected series lines in order; later duplicates of a label set replace earlier ones. */
  readonly series: readonly ExpectedSeries[];
  /** A bare number line: the query must return this scalar. */
  readonly scalar?: { readonly line: number; readonly value: number };
  /** `expect string "…"`: the query must return this string. */
  readonly string?: { readonly line: number; readonly value: string };
  /**
   * `expect range vector from … to … step …`: an instant query returning a
   * matrix; the `to` time replaces the `at` time as evaluation time.
   */
  readonly rangeVector?: { readonly line: number; readonly startMs: number; readonly endMs: number; readonly stepMs: number };
}

export interface TestScript {
  readonly commands: readonly ScriptCommand[];
}
