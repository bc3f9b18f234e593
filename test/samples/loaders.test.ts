import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsToString } from '../../src/model/labels.js';
import { isStaleNaN } from '../../src/model/stale.js';
import { detectSampleFormat, loadSamples, samplesFromTestScript } from '../../src/samples/index.js';
import { loadInputSeries } from '../../src/samples/input-series.js';
import { parsePromApiJson } from '../../src/samples/prom-api-json.js';
import type { RecordedSeries } from '../../src/samples/types.js';

function summary(series: readonly RecordedSeries[]) {
  return series.map((s) => [labelsToString(s.labels), [...s.timestamps], [...s.values]]);
}

function messages(r: { diagnostics: readonly { line?: number; column?: number; message: string; severity: string }[] }): string[] {
  return r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column}: ${d.message}`);
}

describe('Prometheus API JSON', () => {
  const matrix = {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'up', job: 'b' },
          values: [
            [1435781430.781, '1'],
            [1435781445.781, 'NaN'],
            [1435781460.781, '+Inf'],
          ],
        },
        { metric: { __name__: 'up', job: 'a' }, values: [[1435781430.781, '0']], histograms: [[1435781430.781, { count: '1', sum: '2', buckets: [] }]] },
      ],
    },
  };

  it('reads a query_range matrix, sorted by labels, seconds to ms', () => {
    const r = parsePromApiJson(JSON.stringify(matrix), 'r.json');
    expect(summary(r.series)).toEqual([
      ['{__name__="up", job="a"}', [1435781430781], [0]],
      ['{__name__="up", job="b"}', [1435781430781, 1435781445781, 1435781460781], [1, NaN, Infinity]],
    ]);
    expect(messages(r)).toEqual([
      "warning 1:1: data.result[1]: 1 native histogram sample(s) skipped: the API's bucket boundaries cannot be turned back into a native histogram",
    ]);
  });

  it('reads a bare data object with a vector and a scalar', () => {
    const vector = parsePromApiJson(JSON.stringify({ resultType: 'vector', result: [{ metric: {}, value: [10, '-1.5e3'] }] }));
    expect(summary(vector.series)).toEqual([['{}', [10000], [-1500]]]);
    const scalar = parsePromApiJson(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1.5, '42'] } }));
    expect(summary(scalar.series)).toEqual([['{}', [1500], [42]]]);
  });

  it.each([
    ['{"status":"success",\n  "data": {"resultType": "matrix",, }}', ['error 2:35: invalid JSON: Expected double-quoted property name in JSON at position 55']],
    ['{"status":"error","errorType":"bad_data","error":"parse error"}', ['error 1:1: query did not succeed (status "error"): bad_data: parse error']],
    ['{"foo": 1}', ['error 1:1: top level: expected an object with "resultType" and "result" (a Prometheus API response or its "data")']],
    ['{"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]}', ['error 1:1: result[0].metric.a: label value must be a string']],
    ['{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}', ['error 1:1: result[0].values[0]: invalid sample value "x"']],
    ['{"resultType":"vector","result":[{"metric":{},"value":["t","1"]}]}', ['error 1:1: result[0].value: invalid timestamp "t"']],
    ['{"resultType":"string","result":[1,"x"]}', ['warning 1:1: result: a string result holds no samples']],
    ['{"resultType":"table","result":[]}', ['error 1:1: resultType: unknown result type "table" (expected matrix, vector or scalar)']],
  ])('reports %j', (text, expected) => {
    const got = messages(parsePromApiJson(text));
    expect(got).toHaveLength(expected.length);
    got.forEach((m, i) => expect(m.startsWith(expected[i]!)).toBe(true));
  });
});

describe('promtool input_series', () => {
  it('expands values at the interval; the later duplicate wins; stale stays a marker', () => {
    const r = loadInputSeries(
      [
        { series: 'up{job="a"}', values: '1 _ 3' },
        { series: 'x', values: '0+10x2 stale' },
        { series: ' up{job="a"} ', values: '5x1' },
      ],
      30_000,
    );
    expect(r.diagnostics).toEqual([]);
    expect(summary(r.series).map(([l, t]) => [l, t])).toEqual([
      ['{__name__="up", job="a"}', [0, 30000]],
      ['{__name__="x"}', [0, 30000, 60000, 90000]],
    ]);
    const x = r.series[1]!;
    expect([...x.values.slice(0, 3)]).toEqual([0, 10, 20]);
    expect(isStaleNaN(x.values[3]!)).toBe(true);
  });

  it('keeps histogram values apart', () => {
    const r = loadInputSeries([{ series: 'h', values: '{{count:1 sum:2}}x1 5' }], 60_000);
    const s = r.series[0]!;
    expect([...s.timestamps]).toEqual([120_000]);
    expect([...s.histograms!.timestamps]).toEqual([0, 60_000]);
    expect(s.histograms!.values[1]).toMatchObject({ count: 1, sum: 2 });
  });

  it('reports errors per entry and field, positioned in that string', () => {
    const r = loadInputSeries(
      [
        { series: ' up{job="a"', values: '1' },
        { series: 'ok', values: '1 2 x' },
        { series: 'a b', values: '1' },
      ],
      60_000,
    );
    expect(r.diagnostics.map((d) => [d.index, d.field, d.pos.start, d.message])).toEqual([
      [0, 'series', 11, 'unexpected end of input inside braces'],
      [1, 'values', 4, 'unexpected identifier "x" in series values, expected number or "stale"'],
      [2, 'series', 1, 'unexpected text after the label set: " b"'],
    ]);
    expect(r.series.map((s) => labelsToString(s.labels))).toEqual([]);
  });
});

describe('loadSamples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promforge-samples-'));
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('picks the format by extension, then by content', () => {
    expect(detectSampleFormat('a.prom')).toBe('openmetrics');
    expect(detectSampleFormat('a.JSON')).toBe('prom-api-json');
    expect(detectSampleFormat('a.test')).toBe('promqltest');
    expect(detectSampleFormat('a.dat')).toBeUndefined();
    expect(detectSampleFormat('a.dat', '\n{"resultType":"vector"}')).toBe('prom-api-json');
    expect(detectSampleFormat('a.dat', '# TYPE x gauge\n')).toBe('openmetrics');
    expect(detectSampleFormat('a.dat', 'load 1m\n')).toBe('promqltest');
  });

  it('loads each format from disk', async () => {
    const om = await loadSamples(write('a.om', 'x 1 1\n# EOF\n'));
    expect(summary(om.series)).toEqual([['{__name__="x"}', [1000], [1]]]);
    const json = await loadSamples(write('b.json', '{"resultType":"scalar","result":[2,"3"]}'));
    expect(summary(json.series)).toEqual([['{}', [2000], [3]]]);
    const test = await loadSamples(write('c.test', 'load 1m\n  x 1 2\n\neval instant at 0 x\n  x 1\n\nload 30s\n  x _ 5\n'));
    expect(summary(test.series)).toEqual([['{__name__="x"}', [0, 30000, 60000], [1, 5, 2]]]);
    const sniffed = await loadSamples(write('d.dat', 'y 2 2\n# EOF\n'));
    expect(summary(sniffed.series)).toEqual([['{__name__="y"}', [2000], [2]]]);
  });

  it('reports unreadable and unrecognised files', async () => {
    expect(messages(await loadSamples(join(dir, 'missing.json')))[0]).toMatch(/^error 1:1: cannot read: ENOENT: no such file or directory/);
    expect(messages(await loadSamples(write('e.dat', '???')))).toEqual([
      'error 1:1: cannot tell the sample format: use .om/.txt/.prom (OpenMetrics), .json (Prometheus API JSON), .test (load blocks) or .csv (timestamp,value...)',
    ]);
  });

  it('merges test-script load blocks and notes ignored clears', () => {
    const r = samplesFromTestScript('load 1m\n  a 1\n\nclear\n\nload 1m\n  b 2\n', 'x.test');
    expect(summary(r.series)).toEqual([
      ['{__name__="a"}', [0], [1]],
      ['{__name__="b"}', [0], [2]],
    ]);
    expect(messages(r)).toEqual(['info 4:1: clear is ignored when loading samples: all load blocks are merged']);
    const nhcb = samplesFromTestScript('load_with_nhcb 1m\n  h_bucket{le="1"} 1 2\n  h_bucket{le="+Inf"} 3 4\n', 'x.test');
    expect(nhcb.series.map((s) => [labelsToString(s.labels), s.timestamps.length, s.histograms?.values.map((h) => h.count)])).toEqual([
      ['{__name__="h"}', 0, [3, 4]],
      ['{__name__="h_bucket", le="+Inf"}', 2, undefined],
      ['{__name__="h_bucket", le="1"}', 2, undefined],
    ]);
    expect(messages(samplesFromTestScript('load 1m\n  a{ 1\n', 'x.test'))).toEqual([
      'error 2:6: error parsing series "a{ 1": unexpected character inside braces: \'1\'',
    ]);
  });

  it('keeps the start timestamps of @st lines, and as a samples file refuses eval and clear', () => {
    const [a] = samplesFromTestScript('load 1m\n  a@st _ -1mx1\n  a 1 2 3\n', 'x.test').series;
    expect([Array.from(a!.timestamps), Array.from(a!.startTimestamps ?? [])]).toEqual([
      [0, 60_000, 120_000],
      [0, 0, 60_000],
    ]);
    expect(samplesFromTestScript('load 1m\n  a 1\n', 'x.test').series[0]!.startTimestamps).toBeUndefined();
    expect(messages(samplesFromTestScript('load 1m\n  a 1\n\nclear\n\neval instant at 0 a\n  a 1\n', 'x.test', { onlyLoadBlocks: true }))).toEqual([
      'error 4:1: only load blocks are allowed in a samples file',
      'error 6:1: only load blocks are allowed in a samples file',
    ]);
  });
});
