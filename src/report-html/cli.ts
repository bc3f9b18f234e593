// What the `dryrun --report` and `thresholds --report` options do: build the
// report, write it atomically, and give the terminal a compact summary.

import { writeFileAtomic } from '../fs/atomic.js';
import { dryrunReportDoc, evaluateAlertValues } from './dryrun.js';
import type { AlertValuesInput } from './dryrun.js';
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

async function write(doc: ReportDoc, file: string): Promise<WrittenReport | { error: string }> {
  const html = renderReportPage(doc);
  try {
    await writeFileAtomic(file, html);
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  return { bytes: Buffer.byteLength(html), charts: doc.sections.reduce((n, s) => n + s.charts.length, 0) };
}

/** Writes the dry-run report; `sparklines` is one line per alert rule (the highest value of its series per cell). */
export async function writeDryrunHtmlReport(input: AlertValuesInput, file: string, unicode: boolean): Promise<(WrittenReport & { sparklines: string }) | { error: string }> {
  const values = evaluateAlertValues(input);
  const written = await write(dryrunReportDoc(input.report, values), file);
  if ('error' in written) return written;
  const lines = values.map((a) => {
    const top = envelopeOf(a.series.map((s) => s.values), a.times.length).hi;
    const labels = a.rule.labels.length ? ` ${labelsText(Object.fromEntries(a.rule.labels))}` : '';
    return `  ${sparkline(top, 48, unicode)}  ${a.report.name}${labels}`;
  });
  const sparklines = lines.length ? `values over time (highest series per cell):\n${lines.join('\n')}\n` : '';
  return { ...written, sparklines };
}

export async function writeThresholdsHtmlReport(input: ThresholdsDocInput, file: string): Promise<WrittenReport | { error: string }> {
  return write(thresholdsReportDoc(input), file);
}
