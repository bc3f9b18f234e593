import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsToString } from '../../src/model/labels.js';
import { parseOpenMetrics, parseOpenMetricsFile } from '../../src/samples/openmetrics.js';
import type { LoadedSamples } from '../../src/samples/types.js';

function summary(r: LoadedSamples) {
  return r.series.map((s) => [labelsToString(s.labels), [...s.timestamps], [...s.values]]);
}

function errors(text: string): string[] {
  return parseOpenMetrics(text, 'm.om').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

const GOOD = `# HELP http_requests Requests "served".\\nSecond line.
# TYPE http_requests counter
http_requests_total{code="200",path="/a\\"b"} 10 1700000000
http_requests_total{code="200",path="/a\\"b"} 12 1700000015.5 # {trace_id="abc"} 1 1700000015
http_requests_created{code="200",path="/a\\"b"} 1699999000 1700000000
# TYPE rpc_seconds histogram
# UNIT rpc_seconds seconds
rpc_seconds_bucket{le="0.1"} 1 1700000000.001
rpc_seconds_bucket{le="+Inf"} 3 1700000000.001
rpc_seconds_count 3 1700000000.001
rpc_seconds_sum 0.75 1700000000.001
{"my.gauge",job="x"} NaN 1700000000
temp -Inf 1700000000
# EOF
`;

describe('OpenMetrics', () => {
  it('reads samples with second timestamps into ms, labels, metadata and skips exemplars', () => {
    const r = parseOpenMetrics(GOOD, 'm.om');
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual([
      ['{__name__="http_requests_created", code="200", path="/a\\"b"}', [1_700_000_000_000], [1_699_999_000]],
      ['{__name__="http_requests_total", code="200", path="/a\\"b"}', [1_700_000_000_000, 1_700_000_015_500], [10, 12]],
      ['{__name__="my.gauge", job="x"}', [1_700_000_000_000], [NaN]],
      ['{__name__="rpc_seconds_bucket", le="+Inf"}', [1_700_000_000_001], [3]],
      ['{__name__="rpc_seconds_bucket", le="0.1"}', [1_700_000_000_001], [1]],
      ['{__name__="rpc_seconds_count"}', [1_700_000_000_001], [3]],
      ['{__name__="rpc_seconds_sum"}', [1_700_000_000_001], [0.75]],
      ['{__name__="temp"}', [1_700_000_000_000], [-Infinity]],
    ]);
    expect([...r.metadata.entries()]).toEqual([
      ['http_requests', { type: 'counter', help: 'Requests "served".\nSecond line.' }],
      ['rpc_seconds', { type: 'histogram', unit: 'seconds' }],
      ['my.gauge', { type: 'unknown' }],
      ['temp', { type: 'unknown' }],
    ]);
  });

  it('truncates fractional milliseconds like Go int64(ts*1000)', () => {
    const r = parseOpenMetrics('a 1 1.0019\na 2 -0.0019\n# EOF\n');
    // The second sample is earlier: out of order.
    expect([...r.series[0]!.timestamps]).toEqual([1001]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['out of order sample for {__name__="a"}: timestamp -1ms is before the previous sample at 1001ms']);
  });

  it('streams a file line by line with the same result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promforge-om-'));
    const path = join(dir, 'x.om');
    writeFileSync(path, GOOD.replace(/\n/g, '\r\n'));
    const r = await parseOpenMetricsFile(path);
    expect(r.diagnostics).toEqual([]);
    expect(summary(r)).toEqual(summary(parseOpenMetrics(GOOD)));
  });

  it('accepts a repeated timestamp with the same value, not with another', () => {
    expect(errors('a 1 10\na 1 10\na 2 10\n# EOF\n')).toEqual(['3:5: duplicate sample for timestamp 10000ms of {__name__="a"} with a different value']);
  });

  it.each([
    ['a 1 10\n', ['1:1: data does not end with # EOF']],
    ['', ['1:1: data does not end with # EOF']],
    ['a 1 10\n# EOF\nb 1 10\n', ['3:1: unexpected data after # EOF']],
    ['a{b="c" 1 10\n# EOF\n', ['1:8: expected "," or "}" in labels, found " "']],
    ['a{b="c} 1 10\n# EOF\n', ['1:5: unterminated label value']],
    ['a{b=c} 1 10\n# EOF\n', ['1:5: expected a quoted label value, found "c"']],
    ['a{1b="c"} 1 10\n# EOF\n', ['1:3: invalid label name, found "1"']],
    ['a{b="1",b="2"} 1 10\n# EOF\n', ['1:11: duplicate label name "b"']],
    ['a 1x 10\n# EOF\n', ['1:3: invalid value "1x"']],
    ['a 1_0 10\n# EOF\n', ['1:3: invalid value "1_0"']],
    ['a 1\n# EOF\n', ['1:4: expected timestamp for series {__name__="a"}, got none (promtool needs one on every sample)']],
    ['a 1 NaN\n# EOF\n', ['1:5: invalid timestamp NaN']],
    ['a 1 10 x\n# EOF\n', ['1:7: unexpected " " after the timestamp (exemplars start with " # ")']],
    ['a  1 10\n# EOF\n', ['1:3: expected value']],
    ['a 2 20\na 1 10\n# EOF\n', ['2:5: out of order sample for {__name__="a"}: timestamp 10000ms is before the previous sample at 20000ms']],
    ['# TYPE a foo\n# EOF\n', ['1:10: invalid metric type "foo"']],
    ['# UNIT a_bytes seconds\n# EOF\n', ['1:16: unit "seconds" not a suffix of metric "a_bytes"']],
    ['# some comment\n# EOF\n', ['1:1: invalid metadata line "# some comment": expected # HELP, # TYPE, # UNIT or # EOF']],
    ['a 1 10\n\n# EOF\n', ['2:1: unexpected empty line (OpenMetrics allows none)']],
  ])('reports %j', (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});
