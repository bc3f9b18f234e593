// What a parsed PromQL expression uses that a given Prometheus version does
// not have: functions added later (or removed), syntax added later, and
// names outside the legacy character set before UTF-8 names. The parser
// accepts the union of all versions; this pass narrows it, with messages in
// Prometheus's own words where it has them.

import type { DurationExpr, Expr, PosRange } from './ast.js';
import { walk } from './ast.js';
import { type DifferenceId, behaviourAt, functionUnavailability } from '../version/differences.js';
import type { PrometheusVersion } from '../version/version.js';

export interface VersionProblem {
  readonly message: string;
  readonly pos: PosRange;
  /** The table entry that explains it (Prometheus's message does not say why). */
  readonly difference: DifferenceId;
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function isDurationExpression(d: DurationExpr | undefined): boolean {
  return d !== undefined && d.kind !== 'DurationLiteral';
}

/** Problems of `expr` under `version`, in source order of discovery; empty when it is valid there. */
export function versionProblems(expr: Expr, version: PrometheusVersion): VersionProblem[] {
  const out: VersionProblem[] = [];
  const add = (id: DifferenceId, message: string, pos: PosRange): void => {
    out.push({ message, pos, difference: id });
  };
  const utf8 = behaviourAt(version, 'utf8-names');
  const durationExpressions = behaviourAt(version, 'duration-step-function');
  walk(expr, (node) => {
    switch (node.kind) {
      case 'Call': {
        const why = functionUnavailability(version, node.func);
        if (why) add(why.id as DifferenceId, `unknown function with name ${JSON.stringify(node.func)}`, node.pos);
        break;
      }
      case 'AggregateExpr': {
        const why = functionUnavailability(version, node.op);
        if (why) add(why.id as DifferenceId, `unknown aggregation ${JSON.stringify(node.op)}`, node.pos);
        if (!utf8) {
          const bad = node.grouping.find((g) => !LEGACY_LABEL_NAME.test(g));
          if (bad !== undefined) add('utf8-names', `invalid label name ${JSON.stringify(bad)} in grouping`, node.pos);
        }
        break;
      }
      case 'VectorSelector':
      case 'MatrixSelector': {
        const vs = node.kind === 'VectorSelector' ? node : node.vector;
        if ((vs.anchored || vs.smoothed) && !behaviourAt(version, 'anchored-smoothed')) {
          add('anchored-smoothed', `unexpected ${vs.anchored ? 'anchored' : 'smoothed'} modifier`, node.pos);
        }
        if (!utf8) {
          if (vs.name !== '' && !LEGACY_METRIC_NAME.test(vs.name)) add('utf8-names', `invalid metric name ${JSON.stringify(vs.name)}`, vs.pos);
          for (const m of vs.matchers) {
            if (!LEGACY_LABEL_NAME.test(m.name)) add('utf8-names', `invalid label name ${JSON.stringify(m.name)}`, vs.pos);
          }
        }
        if (!durationExpressions && (isDurationExpression(vs.offset) || (node.kind === 'MatrixSelector' && isDurationExpression(node.range)))) {
          add('duration-step-function', 'duration expressions are not supported', node.pos);
        }
        break;
      }
      case 'SubqueryExpr':
        if (!durationExpressions && (isDurationExpression(node.range) || isDurationExpression(node.step) || isDurationExpression(node.offset))) {
          add('duration-step-function', 'duration expressions are not supported', node.pos);
        }
        break;
      case 'BinaryExpr':
        if (node.matching?.fill && !behaviourAt(version, 'fill-modifiers')) {
          add('fill-modifiers', 'unexpected fill modifier', node.matching.pos ?? node.opPos);
        }
        if (!utf8 && node.matching) {
          const bad = [...node.matching.matchingLabels, ...node.matching.include].find((g) => !LEGACY_LABEL_NAME.test(g));
          if (bad !== undefined) add('utf8-names', `invalid label name ${JSON.stringify(bad)} in vector matching`, node.pos);
        }
        break;
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'UnaryExpr':
      case 'ParenExpr':
        break;
    }
    return undefined;
  });
  return out;
}
