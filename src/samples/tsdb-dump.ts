// `promtool tsdb dump` output as a sample format, so a user can turn what is
// stored in a Prometheus data directory into a fixture without converting it.
//
// Each line is one float sample, printed by promtool as
//   {__name__="up", instance="a:9100"} 1 1700000000000
// i.e. the series' labels in Prometheus's `labels.String()` form (Go-quoted
// values; 3.x quotes UTF-8 names as `"my.name"`), the value in Go's `%g`
// (`1e+300`, `NaN`, `+Inf`) and the timestamp in milliseconds. Lines come
// grouped by series, each series in time order, but we do not rely on it.
//
// What the format cannot carry: `%g` prints a staleness marker as a plain
// `NaN`, so stale markers come back as NaN values (documented in
// docs/sample-formats.md); 3.x native histogram samples (a `{count:…}` value)
// are refused with a pointer to `dump-openmetrics`.

import type { FileDiagnostic } from '../diagnostics.js';
import { parseGoFloat } from '../go/strconv.js';
import { withoutEmptyLabels } from '../model/labels.js';
import { parseSeriesLabels } from './series-notation.js';
import { type LoadedSamples, SeriesAccumulator } from './types.js';

/** More bad lines than this in one file are summarised, not listed. */
const MAX_LINE_DIAGNOSTICS = 100;

/** True when a first line looks like `tsdb dump` output rather than JSON. */
export function looksLikeTsdbDump(firstLine: string): boolean {
  // `{name=` / `{"utf8.name"=` / `{"metric name",` vs JSON's `{"key":`.
  return /^\{\s*([A-Za-z_][A-Za-z0-9_]*\s*=|"(?:[^"\\]|\\.)*"\s*[=,}])/.test(firstLine);
}

export function parseTsdbDump(text: string, file = '<input>'): LoadedSamples {
  const acc = new SeriesAccumulator(false);
  const diagnostics: FileDiagnostic[] = [];
  let badLines = 0;
  const report = (line: number, column: number, endColumn: number, message: string): void => {
    badLines++;
    if (badLines > MAX_LINE_DIAGNOSTICS) return;
    diagnostics.push({ code: 'samples/syntax', severity: 'error', message, file, line, column, endLine: line, endColumn, source: 'samples' });
  };
  let lineNo = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    pos = end + 1;
    lineNo++;
    if (line.trim() === '') continue;
    const parsedLabels = parseSeriesLabels(line, 0);
    if (parsedLabels.labels === undefined) {
      const d = parsedLabels.diagnostics[0];
      const col = (d?.pos.start ?? 0) + 1;
      report(lineNo, col, col + 1, `tsdb dump: ${d?.message ?? 'cannot read the series labels'}`);
      continue;
    }
    const rest = line.slice(parsedLabels.end);
    const m = /^ +(\S+) +(-?\d+)\s*$/.exec(rest);
    if (m === null) {
      const col = parsedLabels.end + 1;
      const message = /^ +\{/.test(rest)
        ? 'tsdb dump: native histogram samples are not read from `tsdb dump` output; use `promtool tsdb dump-openmetrics`'
        : 'tsdb dump: expected "<labels> <value> <timestamp in ms>"';
      report(lineNo, col, line.length + 1, message);
      continue;
    }
    const parsed = parseGoFloat(m[1]!);
    const t = Number(m[2]);
    if (!parsed.ok) {
      report(lineNo, parsedLabels.end + 2, parsedLabels.end + 2 + m[1]!.length, `tsdb dump: invalid sample value ${JSON.stringify(m[1])}`);
      continue;
    }
    if (!Number.isSafeInteger(t)) {
      report(lineNo, line.length - m[2]!.length + 1, line.length + 1, `tsdb dump: timestamp ${m[2]} is out of range`);
      continue;
    }
    // Prometheus never stores an empty label value: `{a=""}` is no label a.
    acc.addFloat(withoutEmptyLabels(parsedLabels.labels), t, parsed.value);
  }
  if (badLines > MAX_LINE_DIAGNOSTICS) {
    diagnostics.push({
      code: 'limit/too-many-problems',
      severity: 'error',
      message: `tsdb dump: … and ${badLines - MAX_LINE_DIAGNOSTICS} more bad lines`,
      file,
      line: lineNo,
      column: 1,
      endLine: lineNo,
      endColumn: 1,
      source: 'samples',
    });
  }
  return { series: acc.finish(), metadata: new Map(), diagnostics };
}
