// Generated queries on which promforge and Prometheus 2.42 are known to
// disagree because of promforge behaviour (see docs/differential.md for
// reproductions). The differential test requires the disagreeing set to be
// exactly this list: a new entry is a regression, an entry that no longer
// disagrees must be removed once its cause is fixed.
//
// The four disagreements found when the suite was written all came from
// promforge always removing metric names late (Prometheus's
// promql-delayed-name-removal feature). The engine now removes names at once
// by default, as a server without that flag does, and none remain.

export interface KnownDisagreement {
  readonly expr: string;
  readonly timeMs: number;
  /** Why they differ; names the docs/differential.md section. */
  readonly reason: string;
}

export const KNOWN_ENGINE_DISAGREEMENTS: readonly KnownDisagreement[] = [];

export interface KnownRangeDisagreement {
  readonly expr: string;
  /** `start..end/step`, all in ms. */
  readonly range: string;
  readonly reason: string;
}

export const KNOWN_RANGE_DISAGREEMENTS: readonly KnownRangeDisagreement[] = [];
