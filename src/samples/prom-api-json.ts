// Prometheus HTTP API query results as JSON: the answer of
// `/api/v1/query_range` (resultType matrix) or `/api/v1/query` (vector,
// scalar), either with the `{"status":"success","data":{…}}` envelope or as
// the bare `data` object. Sample values are `[unixSeconds, "value"]`.
// Native histogram samples (`[ts, {count, sum, buckets}]`) cannot be turned
// back into a native histogram exactly (the API gives bucket boundaries, not
// schema and indices), so they are skipped with a warning.
//
// JSON.parse gives no positions for structural problems; those diagnostics
// name the JSON path (`data.result[2].values[5]`) and sit at 1:1. Syntax
// errors are placed at their line and column.

import type { FileDiagnostic, Severity } from '../diagnostics.js';
import { labelsFromPairs } from '../model/labels.js';
import { parseGoFloat } from '../go/strconv.js';
import { type LoadedSamples, SeriesAccumulator } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line and column of a UTF-16 offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

export function parsePromApiJson(text: string, file = '<input>'): LoadedSamples {
  const diagnostics: FileDiagnostic[] = [];
  const report = (severity: Severity, message: string, line = 1, column = 1): void => {
    diagnostics.push({ code: 'samples/syntax', severity, message, file, line, column, endLine: line, endColumn: column, source: 'prom-api-json' });
  };
  const empty = (): LoadedSamples => ({ series: [], metadata: new Map(), diagnostics });

  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch (e) {
    // V8's messages carry "at position N" (or "line L column C").
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const at = lc !== null ? { line: Number(lc[1]), column: Number(lc[2]) } : pos !== null ? lineColumn(text, Number(pos[1])) : { line: 1, column: 1 };
    report('error', `invalid JSON: ${msg}`, at.line, at.column);
    return empty();
  }

  let data: Json | undefined = root;
  let path = '';
  if (isObject(root) && 'status' in root) {
    if (root.status !== 'success') {
      const detail = [root.errorType, root.error].filter((x) => typeof x === 'string').join(': ');
      report('error', `query did not succeed (status ${JSON.stringify(root.status)})${detail ? `: ${detail}` : ''}`);
      return empty();
    }
    data = root.data;
    path = 'data.';
  }
  if (!isObject(data) || typeof data.resultType !== 'string') {
    report('error', `${path || 'top level'}: expected an object with "resultType" and "result" (a Prometheus API response or its "data")`);
    return empty();
  }

  const acc = new SeriesAccumulator(false);
  const sample = (where: string, pair: Json | undefined): { t: number; v: number } | undefined => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      report('error', `${where}: expected [unixSeconds, "value"]`);
      return undefined;
    }
    const [ts, val] = pair as [Json, Json];
    const seconds = typeof ts === 'number' ? ts : typeof ts === 'string' ? Number(ts) : NaN;
    if (!Number.isFinite(seconds)) {
      report('error', `${where}: invalid timestamp ${JSON.stringify(ts)}`);
      return undefined;
    }
    let v: number | undefined;
    if (typeof val === 'number') v = val;
    else if (typeof val === 'string') {
      const r = parseGoFloat(val);
      v = r.ok ? r.value : undefined;
    }
    if (v === undefined) {
      report('error', `${where}: invalid sample value ${JSON.stringify(val)}`);
      return undefined;
    }
    // The API prints seconds with millisecond precision; round away float noise.
    return { t: Math.round(seconds * 1000), v };
  };
  const labelsOf = (where: string, metric: Json | undefined) => {
    if (metric === undefined) return labelsFromPairs([]);
    if (!isObject(metric)) {
      report('error', `${where}.metric: expected an object of label names to values`);
      return undefined;
    }
    const pairs: [string, string][] = [];
    for (const [k, v] of Object.entries(metric)) {
      if (typeof v !== 'string') {
        report('error', `${where}.metric.${k}: label value must be a string`);
        return undefined;
      }
      pairs.push([k, v]);
    }
    return labelsFromPairs(pairs);
  };

  const result = data.result;
  const resultPath = `${path}result`;
  switch (data.resultType) {
    case 'matrix':
    case 'vector': {
      if (!Array.isArray(result)) {
        report('error', `${resultPath}: expected an array`);
        break;
      }
      const matrix = data.resultType === 'matrix';
      result.forEach((entry, i) => {
        const where = `${resultPath}[${i}]`;
        if (!isObject(entry)) {
          report('error', `${where}: expected an object`);
          return;
        }
        const labels = labelsOf(where, entry.metric);
        if (labels === undefined) return;
        acc.touch(labels);
        const floats: Json[] = matrix ? (Array.isArray(entry.values) ? entry.values : []) : entry.value === undefined ? [] : [entry.value];
        if (matrix && entry.values !== undefined && !Array.isArray(entry.values)) report('error', `${where}.values: expected an array`);
        floats.forEach((pair, k) => {
          const s = sample(matrix ? `${where}.values[${k}]` : `${where}.value`, pair);
          if (s !== undefined) acc.addFloat(labels, s.t, s.v);
        });
        const hists = matrix ? entry.histograms : entry.histogram === undefined ? undefined : [entry.histogram];
        if (Array.isArray(hists) && hists.length > 0) {
          report(
            'warning',
            `${where}: ${hists.length} native histogram sample(s) skipped: the API's bucket boundaries cannot be turned back into a native histogram`,
          );
        }
      });
      break;
    }
    case 'scalar': {
      const s = sample(resultPath, result);
      if (s !== undefined) acc.addFloat(labelsFromPairs([]), s.t, s.v);
      break;
    }
    case 'string':
      report('warning', `${resultPath}: a string result holds no samples`);
      break;
    default:
      report('error', `${path}resultType: unknown result type ${JSON.stringify(data.resultType)} (expected matrix, vector or scalar)`);
  }
  return { series: acc.finish(), metadata: new Map(), diagnostics };
}
