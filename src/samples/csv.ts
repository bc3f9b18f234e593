// CSV samples: the shape spreadsheets, NAB and Grafana's "Download CSV" give.
//
//   wide (one time column, one column per series):
//     timestamp,value                          -> series `value`
//     Time,cpu{host="a"},"cpu{host=""b""}"     -> series named by the header
//   long (Grafana's "series as rows"):
//     Series,Time,Value                        -> one series per Series cell
//
// The time column is the one named timestamp/time/date (any case), else the
// first. Times are unix seconds or milliseconds (by magnitude), RFC 3339, or
// `YYYY-MM-DD HH:MM:SS[.fff]` read as UTC (NAB, Grafana). A header that is a
// series description (`name{label="v"}`) keeps its labels; any other header is
// turned into a metric name (invalid characters become `_`), because PromQL
// must be able to select it. Empty cells are missing samples, not zeros.

import type { FileDiagnostic } from '../diagnostics.js';
import { labelsFromPairs, type Labels } from '../model/labels.js';
import { parseSeriesLabels } from './series-notation.js';
import { type LoadedSamples, SeriesAccumulator } from './types.js';

interface Cell {
  readonly text: string;
  /** 1-based column of the cell's first character in its line. */
  readonly column: number;
}

interface Row {
  readonly line: number;
  readonly cells: Cell[];
}

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and newlines. */
function* csvRows(text: string): Generator<Row | { line: number; column: number; error: string }> {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1; // a byte-order mark (Excel, Grafana)
  while (i < n) {
    const rowLine = line;
    const cells: Cell[] = [];
    for (;;) {
      const column = i - lineStart + 1;
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            yield { line: rowLine, column, error: 'unterminated quoted cell' };
            return;
          }
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += c;
          i++;
        }
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      } else {
        const s = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        value = text.slice(s, i);
      }
      cells.push({ text: value.trim(), column });
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    lineStart = i;
    if (cells.length === 1 && cells[0]!.text === '') continue; // blank line
    yield { line: rowLine, cells };
  }
}

const SPACE_TIME = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:?\d\d)?$/i;

/** Milliseconds since the epoch, or undefined. */
export function parseCsvTime(text: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const x = Number(text);
    // Unix seconds until the year 5138; larger magnitudes are milliseconds (Grafana, JavaScript).
    return Math.abs(x) < 1e11 ? Math.round(x * 1000) : Math.round(x);
  }
  const m = SPACE_TIME.exec(text);
  if (m) {
    const time = m[2]!.length === 5 ? `${m[2]}:00` : m[2]!;
    const zone = m[3] === undefined ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
    const t = Date.parse(`${m[1]}T${time}${zone}`);
    return Number.isNaN(t) ? undefined : t;
  }
  if (/^\d{4}-\d\d-\d\d$/.test(text)) {
    const t = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function parseCsvValue(text: string): number | undefined {
  const t = text.toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

/** A metric name PromQL can select, from free header text (`CPU %` -> `CPU__`). */
export function metricNameFromHeader(text: string): string {
  let name = text.replace(/[^a-zA-Z0-9_:]/g, '_');
  if (name === '') name = 'value';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

function labelsFromHeader(text: string): Labels {
  if (/[{}]/.test(text)) {
    const r = parseSeriesLabels(text);
    if (r.labels && r.diagnostics.length === 0 && r.end === text.length) return r.labels;
  }
  return labelsFromPairs([['__name__', metricNameFromHeader(text)]]);
}

const TIME_HEADER = /^(timestamp|time|date|datetime|ts)$/i;

export function parseCsvSamples(text: string, file = '<input>'): LoadedSamples {
  const diagnostics: FileDiagnostic[] = [];
  const problem = (line: number, column: number, message: string, width = 1): void => {
    diagnostics.push({
      code: 'samples/syntax',
      severity: 'error',
      message,
      file,
      line,
      column,
      endLine: line,
      endColumn: column + Math.max(1, width),
      source: 'samples',
    });
  };
  const acc = new SeriesAccumulator(false);
  let header: Row | undefined;
  let timeCol = 0;
  let seriesCol = -1;
  let valueCol = -1;
  let columnLabels: (Labels | undefined)[] = [];
  const maxErrors = 20;
  for (const row of csvRows(text)) {
    if ('error' in row) {
      problem(row.line, row.column, row.error);
      break;
    }
    if (header === undefined) {
      header = row;
      const names = row.cells.map((c) => c.text);
      const found = names.findIndex((h) => TIME_HEADER.test(h));
      timeCol = found === -1 ? 0 : found;
      seriesCol = names.findIndex((h) => /^(series|metric|name)$/i.test(h));
      valueCol = names.findIndex((h) => /^value$/i.test(h));
      if (names.length < 2) {
        problem(row.line, 1, 'a CSV samples file needs a header with a time column and at least one value column (e.g. "timestamp,value")');
        break;
      }
      if (parseCsvTime(names[timeCol]!) !== undefined) {
        problem(row.line, row.cells[timeCol]!.column, 'the first line must be a header naming the columns (e.g. "timestamp,value"), not data');
        break;
      }
      const long = seriesCol !== -1 && valueCol !== -1;
      if (!long) seriesCol = -1;
      columnLabels = row.cells.map((c, i) => (i === timeCol || long ? undefined : labelsFromHeader(c.text)));
      continue;
    }
    if (diagnostics.length >= maxErrors) break;
    const timeCell = row.cells[timeCol];
    if (timeCell === undefined || timeCell.text === '') {
      problem(row.line, 1, 'row has no time');
      continue;
    }
    const t = parseCsvTime(timeCell.text);
    if (t === undefined) {
      problem(
        row.line,
        timeCell.column,
        `cannot read "${timeCell.text}" as a time (unix seconds or ms, RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC)`,
        timeCell.text.length,
      );
      continue;
    }
    if (row.cells.length > header.cells.length) {
      problem(row.line, row.cells[header.cells.length]!.column, `row has ${row.cells.length} cells but the header names ${header.cells.length} columns`);
      continue;
    }
    const add = (labels: Labels, cell: Cell | undefined): void => {
      if (cell === undefined || cell.text === '') return;
      const v = parseCsvValue(cell.text);
      if (v === undefined) problem(row.line, cell.column, `cannot read "${cell.text}" as a number`, cell.text.length);
      else acc.addFloat(labels, t, v);
    };
    if (seriesCol !== -1) {
      const name = row.cells[seriesCol];
      if (name === undefined || name.text === '') problem(row.line, 1, 'row has no series name');
      else add(labelsFromHeader(name.text), row.cells[valueCol]);
      continue;
    }
    row.cells.forEach((cell, i) => {
      const labels = columnLabels[i];
      if (labels !== undefined) add(labels, cell);
    });
  }
  if (header === undefined) problem(1, 1, 'the CSV file is empty: expected a header such as "timestamp,value"');
  for (const labels of columnLabels) if (labels) acc.touch(labels);
  return { series: diagnostics.length > 0 ? [] : acc.finish(), metadata: new Map(), diagnostics };
}
