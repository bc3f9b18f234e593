// What the `dryrun --report` and `thresholds --report` options do: build the
// report, write it atomically, and give the terminal a compact summary.

import { writeFileAtomic } from '../fs/atomic.js';
import type { DryrunReport } from '../dryrun/run.js';
import { dryrunReportDoc } from './dryrun.js';
import { thresholdsReportDoc } from './thresholds.js';
import type { ThresholdsDocInput } from './thresholds.js';
import { renderReportPage } from './page.js';
import type { ReportDoc } from './model.js';
import { envelopeOf } from './downsample.js';
import { labelsText } from './common.js';
import { sparkline } from './sparkline.js';

export interface WrittenReport {
  readonly bytes: number;
  readonly charts: number;
}

/** Renders the page and writes it atomically. */
export async function writeReportDoc(doc: ReportDoc, file: string): Promise<WrittenReport | { error: string }> {
  const html = renderReportPage(doc);
  try {
    await writeFileAtomic(file, html);
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  return { bytes: Buffer.byteLength(html), charts: doc.sections.reduce((n, s) => n + s.charts.length, 0) };
}

/**
 * Writes the report of a dry run made with `recordValues: true`; `sparklines`
 * is one line per alert rule (the highest value of its series per cell).
 */
export async function writeDryrunHtmlReport(
  report: DryrunReport,
  file: string,
  unicode: boolean,
): Promise<(WrittenReport & { sparklines: string }) | { error: string }> {
  const written = await writeReportDoc(dryrunReportDoc(report), file);
  if ('error' in written) return written;
  const lines = report.alerts.flatMap(({ name, values: v }) => {
    if (!v) return [];
    const top = envelopeOf(
      v.series.map((s) => s.values),
      v.times.length,
    ).hi;
    const labels = v.rule.labels.length ? ` ${labelsText(Object.fromEntries(v.rule.labels))}` : '';
    return [`  ${sparkline(top, 48, unicode)}  ${name}${labels}`];
  });
  const sparklines = lines.length ? `values over time (highest series per cell):\n${lines.join('\n')}\n` : '';
  return { ...written, sparklines };
}

export async function writeThresholdsHtmlReport(input: ThresholdsDocInput, file: string): Promise<WrittenReport | { error: string }> {
  return writeReportDoc(thresholdsReportDoc(input), file);
}
