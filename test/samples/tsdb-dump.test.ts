// `promtool tsdb dump` output as a sample format: the parser on hand-written
// lines (values, quoting, errors at line:col), format detection, and a round
// trip through a real TSDB made and dumped by Debian's promtool.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { labelsToRecord } from '../../src/model/labels.js';
import { detectSampleFormat, loadSamples, parseTsdbDump, type LoadedSamples } from '../../src/samples/index.js';

const PROMTOOL = process.env['PROMTOOL'] ?? '/usr/bin/promtool';
const havePromtool = existsSync(PROMTOOL);
if (!havePromtool) console.warn(`notice: promtool not found at ${PROMTOOL}: the tsdb dump round trip through a real TSDB is skipped`);

const dir = mkdtempSync(join(tmpdir(), 'promforge-tsdb-dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plain(loaded: LoadedSamples): { labels: Record<string, string>; samples: [number, number][] }[] {
  return loaded.series.map((s) => ({ labels: labelsToRecord(s.labels), samples: [...s.timestamps].map((t, i) => [t, s.values[i]!] as [number, number]) }));
}

describe('parseTsdbDump', () => {
  it('reads labels, %g values and ms timestamps, grouped into series', () => {
    const text = [
      '{__name__="g"} 1e+300 1700000030000',
      '{__name__="g", q="\\"x\\\\n"} NaN 1700000000000',
      '{__name__="x_total", a="b", c="d e"} 1 1700000000000',
      '{__name__="x_total", a="b", c="d e"} 2 1700000015500',
      '{__name__="x_total", a="b", c="d e"} -Inf 1700000016000',
      '',
    ].join('\n');
    const r = parseTsdbDump(text, 'd.txt');
    expect(r.diagnostics).toEqual([]);
    const series = plain(r);
    expect(series.map((s) => s.labels)).toEqual([{ __name__: 'g' }, { __name__: 'g', q: '"x\\n' }, { __name__: 'x_total', a: 'b', c: 'd e' }]);
    expect(series[0]!.samples).toEqual([[1700000030000, 1e300]]);
    expect(Number.isNaN(series[1]!.samples[0]![1])).toBe(true);
    expect(series[2]!.samples).toEqual([
      [1700000000000, 1],
      [1700000015500, 2],
      [1700000016000, -Infinity],
    ]);
  });

  it('reads 3.x quoted UTF-8 names and drops empty label values', () => {
    const r = parseTsdbDump('{"my.metric", "a.b"="c", e=""} 4 1000\n', 'd.txt');
    expect(r.diagnostics).toEqual([]);
    expect(plain(r)).toEqual([{ labels: { __name__: 'my.metric', 'a.b': 'c' }, samples: [[1000, 4]] }]);
  });

  it.each([
    ['{__name__="x"} 1\n', 1, 15, 'tsdb dump: expected "<labels> <value> <timestamp in ms>"'],
    ['{__name__="x"} abc 1000\n', 1, 16, 'tsdb dump: invalid sample value "abc"'],
    ['\n{__name__="x" 1 1000\n', 2, 15, "tsdb dump: unexpected character inside braces: '1'"],
    [
      '{__name__="h"} {count:1, sum:2} 1000\n',
      1,
      15,
      'tsdb dump: native histogram samples are not read from `tsdb dump` output; use `promtool tsdb dump-openmetrics`',
    ],
    ['{__name__="x"} 1 99999999999999999999\n', 1, 18, 'tsdb dump: timestamp 99999999999999999999 is out of range'],
  ])('reports a bad line %j at line:col', (text, line, column, message) => {
    const r = parseTsdbDump(text, 'd.txt');
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[line, column, message]]);
  });

  it('summarises after 100 bad lines', () => {
    const r = parseTsdbDump('bad\n'.repeat(250), 'd.txt');
    expect(r.diagnostics).toHaveLength(101);
    expect(r.diagnostics[100]!.message).toBe('tsdb dump: … and 150 more bad lines');
  });
});

describe('format detection', () => {
  it.each([
    ['x.dump', undefined, 'tsdb-dump'],
    ['x.txt', '{__name__="up", job="a"} 1 1000\n', 'tsdb-dump'],
    ['x.txt', 'up{job="a"} 1 1000\n', 'openmetrics'],
    ['x', '{__name__="up"} 1 1000\n', 'tsdb-dump'],
    ['x', '{"status":"success","data":{}}', 'prom-api-json'],
    ['x', '{\n  "status": "success"\n}', 'prom-api-json'],
    ['x', '{"a.b"} 1 1000', 'tsdb-dump'],
  ])('%s with %j is %s', (path, content, format) => {
    expect(detectSampleFormat(path, content)).toBe(format);
  });

  it('loads a gzipped .txt dump through loadSamples', async () => {
    const path = join(dir, 'dump.txt.gz');
    writeFileSync(path, gzipSync('{__name__="up", job="a"} 1 1000\n{__name__="up", job="a"} 0 2000\n'));
    const r = await loadSamples(path);
    expect(r.diagnostics).toEqual([]);
    expect(plain(r)).toEqual([
      {
        labels: { __name__: 'up', job: 'a' },
        samples: [
          [1000, 1],
          [2000, 0],
        ],
      },
    ]);
  });
});

describe('promtool tsdb dump-openmetrics output', () => {
  // 2.42 has no dump-openmetrics: this is its 3.x form (name, condensed labels
  // with `{}` when there are none, %g value, seconds with 3 decimals, `# EOF`).
  it('is read as OpenMetrics without # TYPE lines', async () => {
    const path = join(dir, 'dump-om.txt');
    writeFileSync(path, 'up{} 1 1700000000.000\nup{} 0 1700000015.000\nx_total{a="b",c="d"} 1e+300 1700000000.500\n# EOF\n');
    expect(detectSampleFormat(path, 'up{} 1 1700000000.000')).toBe('openmetrics');
    const r = await loadSamples(path);
    expect(r.diagnostics).toEqual([]);
    expect(plain(r)).toEqual([
      {
        labels: { __name__: 'up' },
        samples: [
          [1700000000000, 1],
          [1700000015000, 0],
        ],
      },
      { labels: { __name__: 'x_total', a: 'b', c: 'd' }, samples: [[1700000000500, 1e300]] },
    ]);
  });
});

describe.skipIf(!havePromtool)('round trip through a real TSDB (promtool tsdb create-blocks-from openmetrics, tsdb dump)', () => {
  it('loads the dump as the same samples as the OpenMetrics file it was made from', async () => {
    const lines = ['# TYPE req counter'];
    for (let i = 0; i < 40; i++) lines.push(`req_total{code="${200 + (i % 3)}",path="/a\\"b"} ${i * 1.5} ${1_700_000_000 + i * 15}`);
    lines.push('# TYPE temp gauge');
    for (let i = 0; i < 40; i++) lines.push(`temp{room="x y"} ${i % 2 === 0 ? -i / 7 : 1e-300 * i} ${1_700_000_000 + i * 15}.25`);
    lines.push('# EOF', '');
    const om = join(dir, 'in.om');
    writeFileSync(om, lines.join('\n'));
    const data = join(dir, 'data');
    const made = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', om, data], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    // 2.42's dump replays the WAL too, and refuses a data dir without one.
    mkdirSync(join(data, 'wal'), { recursive: true });
    const dumped = spawnSync(PROMTOOL, ['tsdb', 'dump', data], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(dumped.status, dumped.stderr).toBe(0);
    const dumpPath = join(dir, 'dump.txt');
    writeFileSync(dumpPath, dumped.stdout);
    const fromDump = await loadSamples(dumpPath);
    const fromOm = await loadSamples(om);
    expect(fromDump.diagnostics).toEqual([]);
    expect(plain(fromDump)).toEqual(plain(fromOm));
    expect(fromDump.series.reduce((n, s) => n + s.values.length, 0)).toBe(80);
  });
});
