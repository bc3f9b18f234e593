// The check registry: the one list of checks, built from their modules. A
// meta-test checks that every file under checks/ is here and that every check
// has its doc page and valid/invalid test cases.

import type { AnyCheck } from '../check.js';
import { annotations } from './alerts/annotations.js';
import { comparison } from './alerts/comparison.js';
import { forCheck } from './alerts/for.js';
import { alertName } from './alerts/name.js';
import { severity } from './alerts/severity.js';
import { template } from './alerts/template.js';
import { interval } from './group/interval.js';
import { aggregate } from './promql/aggregate.js';
import { counter } from './promql/counter.js';
import { fragile } from './promql/fragile.js';
import { gaugeFunctions } from './promql/gauge-functions.js';
import { histogram } from './promql/histogram.js';
import { impossible } from './promql/impossible.js';
import { nan } from './promql/nan.js';
import { rate } from './promql/rate.js';
import { regexp } from './promql/regexp.js';
import { selector } from './promql/selector.js';
import { series } from './promql/series.js';
import { dependency } from './rule/dependency.js';
import { duplicate } from './rule/duplicate.js';
import { recordName } from './rule/name.js';

export const CHECKS: readonly AnyCheck[] = [
  rate,
  counter,
  gaugeFunctions,
  histogram,
  impossible,
  nan,
  regexp,
  fragile,
  selector,
  series,
  aggregate,
  comparison,
  forCheck,
  template,
  annotations,
  severity,
  alertName,
  recordName,
  duplicate,
  dependency,
  interval,
];

export const CHECKS_BY_ID: ReadonlyMap<string, AnyCheck> = new Map(CHECKS.map((c) => [c.meta.id, c]));
