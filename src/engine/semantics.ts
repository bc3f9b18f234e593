// The engine's version-dependent behaviour, derived once per query from the
// table in src/version: the evaluator and the range kernels read these
// fields instead of asking about versions themselves.

import { behaviourAt } from '../version/differences.js';
import { DEFAULT_VERSION, type PrometheusVersion } from '../version/version.js';

export interface EngineSemantics {
  /**
   * Subtracted from the lower limit of range selectors and the lookback:
   * 0 for 3.x's left-open (t − r, t], 1 ms for 2.x's closed [t − r, t]
   * (timestamps are whole milliseconds, so (t − r − 1, t] is [t − r, t]).
   */
  readonly rangeLowerSlackMs: number;
  /** The same for windows over subquery results (left-open from 3.0.1). */
  readonly subqueryLowerSlackMs: number;
  /** Before 2.51, rate() limits extrapolation to the counter's zero point before the half-interval rule. */
  readonly legacyRateExtrapolation: boolean;
  /** Whether `.` in label-matcher and label_replace regexes matches a newline (3.x) or not (2.x). */
  readonly regexDotMatchesNewline: boolean;
  /** Whether `atan2` drops the metric name like the other arithmetic operators (from 2.47). */
  readonly atan2DropsMetricName: boolean;
  /** Before 3.0, stddev/stdvar of a group whose only sample is NaN or ±Inf is 0, not NaN. */
  readonly loneNonFiniteStddevIsZero: boolean;
}

function derive(version: PrometheusVersion): EngineSemantics {
  return {
    rangeLowerSlackMs: behaviourAt(version, 'left-open-windows') ? 0 : 1,
    subqueryLowerSlackMs: behaviourAt(version, 'left-open-subqueries') ? 0 : 1,
    legacyRateExtrapolation: !behaviourAt(version, 'rate-extrapolation-half-interval'),
    regexDotMatchesNewline: behaviourAt(version, 'regex-dot-matches-newline'),
    atan2DropsMetricName: behaviourAt(version, 'atan2-drops-metric-name'),
    loneNonFiniteStddevIsZero: !behaviourAt(version, 'stddev-lone-non-finite'),
  };
}

export const DEFAULT_SEMANTICS: EngineSemantics = derive(DEFAULT_VERSION);

export function engineSemantics(version: PrometheusVersion | undefined): EngineSemantics {
  return version === undefined || version === DEFAULT_VERSION ? DEFAULT_SEMANTICS : derive(version);
}
