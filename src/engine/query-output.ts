// Rendering query results for people (text) and programs (Prometheus HTTP
// API JSON), and parsing the time arguments of `promforge query`.
import type { QueryResult, QueryValue } from './types.js';
import { parseDuration } from '../promql/literals.js';
import { labelsToRecord, labelsToSeriesString } from '../model/labels.js';
import { renderAnnotation } from './annotations.js';
import { formatFloatForLabel } from './format.js';

/** A time in ms: a duration since the epoch (`5m`), unix seconds (`1700000000.5`) or RFC 3339. */
export function parseTimeArg(text: string | undefined): number | string {
  if (text === undefined) return 'missing';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const d = parseDuration(text);
  if ('ms' in d) return d.ms;
  const t = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(t)) return t;
  return `not a time: ${JSON.stringify(text)} (use a duration like 5m, unix seconds, or RFC 3339)`;
}

export function parseStepArg(text: string | undefined): number | string {
  if (text === undefined) return 'missing';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const d = parseDuration(text);
  if ('ms' in d) return d.ms > 0 ? d.ms : 'step must be positive';
  return d.error;
}

function apiValue(v: number): string {
  return formatFloatForLabel(v);
}

function apiJson(v: QueryValue): unknown {
  switch (v.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [v.t / 1000, apiValue(v.v)] };
    case 'string':
      return { resultType: 'string', result: [v.t / 1000, v.value] };
    case 'vector':
      return {
        resultType: 'vector',
        result: v.samples.map((s) =>
          s.h ? { metric: labelsToRecord(s.labels), histogram: [s.t / 1000, s.h] } : { metric: labelsToRecord(s.labels), value: [s.t / 1000, apiValue(s.f)] },
        ),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: v.series.map((s) => ({
          metric: labelsToRecord(s.labels),
          ...(s.floats.length ? { values: s.floats.map((p) => [p.t / 1000, apiValue(p.f)]) } : {}),
          ...(s.histograms.length ? { histograms: s.histograms.map((p) => [p.t / 1000, p.h]) } : {}),
        })),
      };
  }
}

function text(v: QueryValue): string {
  switch (v.type) {
    case 'scalar':
      return `scalar: ${apiValue(v.v)}\n`;
    case 'string':
      return `string: ${JSON.stringify(v.value)}\n`;
    case 'vector':
      // An empty result is an answer too: say so rather than print nothing.
      if (v.samples.length === 0) return 'no series\n';
      return v.samples.map((s) => `${labelsToSeriesString(s.labels)} ${s.h ? JSON.stringify(s.h) : apiValue(s.f)}\n`).join('');
    case 'matrix':
      if (v.series.length === 0) return 'no series\n';
      return v.series
        .map(
          (s) =>
            `${labelsToSeriesString(s.labels)}\n${[...s.floats.map((p) => `  ${apiValue(p.f)} @ ${p.t / 1000}\n`), ...s.histograms.map((p) => `  ${JSON.stringify(p.h)} @ ${p.t / 1000}\n`)].join('')}`,
        )
        .join('');
  }
}

export function formatQueryResult(result: QueryResult, expr: string, format: string | undefined): { stdout: string; stderr: string } {
  const notes = [...result.warnings, ...result.infos].map((a) => renderAnnotation(a, expr));
  if ('error' in result) {
    if (format === 'json') return { stdout: `${JSON.stringify({ status: 'error', error: result.error.message }, null, 2)}\n`, stderr: '' };
    return { stdout: '', stderr: `error: ${result.error.message}\n` };
  }
  if (format === 'json') {
    const body = { status: 'success', data: apiJson(result.value), ...(notes.length ? { warnings: notes } : {}) };
    return { stdout: `${JSON.stringify(body, null, 2)}\n`, stderr: '' };
  }
  return { stdout: text(result.value), stderr: notes.map((n) => `${n}\n`).join('') };
}
