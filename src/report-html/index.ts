// Self-contained HTML reports (charts of dry-runs and fitted thresholds):
// build a ReportDoc from results, then render it into one HTML file.

export type {
  ChartSpec,
  CurveChartSpec,
  EnvelopeSpec,
  IntervalSpec,
  LineSpec,
  MarkerSpec,
  ReportDoc,
  RuleLineSpec,
  SectionSpec,
  TableSpec,
  TimeChartSpec,
} from './model.js';
export { renderReportPage } from './page.js';
export { dryrunReportDoc } from './dryrun.js';
export type { DryrunDocOptions } from './dryrun.js';
export type { AlertValues, PlottedSeries } from '../dryrun/alert-values.js';
export { thresholdsReportDoc } from './thresholds.js';
export type { ThresholdsDocInput } from './thresholds.js';
export { splitThreshold } from '../dryrun/threshold-split.js';
export type { ThresholdSplit } from '../dryrun/threshold-split.js';
export { sparkline } from './sparkline.js';
export { downsampleMinMax, downsampleEnvelope } from './downsample.js';
