// The data a report page embeds: plain JSON the inlined renderer draws. Time
// is in seconds relative to `ReportDoc.baseMs` and values are rounded to a
// few significant digits, which keeps the file small without changing what a
// person can see on a chart a thousand pixels wide.

/** One line on a time chart; NaN (encoded as null) breaks the line. */
export interface LineSpec {
  readonly name: string;
  readonly t: readonly number[];
  readonly v: readonly (number | null)[];
}

/** A filled range: the min–max of the series not drawn as lines, or a fitted band. */
export interface EnvelopeSpec {
  readonly name: string;
  readonly kind: 'others' | 'band';
  readonly t: readonly number[];
  readonly lo: readonly (number | null)[];
  readonly hi: readonly (number | null)[];
}

/** A shaded time range. Times are exact (never downsampled). */
export interface IntervalSpec {
  readonly kind: 'pending' | 'firing' | 'incident';
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export interface MarkerSpec {
  readonly t: number;
  readonly label: string;
  readonly kind: 'detected' | 'missed';
}

export interface RuleLineSpec {
  readonly at: number;
  readonly label: string;
}

export interface TimeChartSpec {
  readonly kind: 'time';
  readonly id: string;
  readonly title: string;
  readonly note?: string;
  readonly from: number;
  readonly to: number;
  readonly lines: readonly LineSpec[];
  readonly envelopes: readonly EnvelopeSpec[];
  readonly hlines: readonly RuleLineSpec[];
  readonly intervals: readonly IntervalSpec[];
  readonly markers: readonly MarkerSpec[];
}

/** An x/y step curve: here candidate threshold → alerts per week. */
export interface CurveChartSpec {
  readonly kind: 'curve';
  readonly id: string;
  readonly title: string;
  readonly note?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** 'after': y holds from x[i] up to x[i+1]; 'before': from x[i-1] up to x[i]. */
  readonly step: 'after' | 'before';
  readonly vlines: readonly RuleLineSpec[];
  readonly hlines: readonly RuleLineSpec[];
}

export type ChartSpec = TimeChartSpec | CurveChartSpec;

export interface TableSpec {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface SectionSpec {
  readonly title: string;
  readonly summary: readonly string[];
  readonly charts: readonly ChartSpec[];
  readonly tables: readonly TableSpec[];
}

export interface ReportDoc {
  readonly title: string;
  readonly summary: readonly string[];
  /** Unix ms that time values are relative to (in seconds). */
  readonly baseMs: number;
  readonly sections: readonly SectionSpec[];
  readonly notes: readonly string[];
}
