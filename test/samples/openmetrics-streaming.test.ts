// The OpenMetrics reader parses each series text (`name{labels}`) once and
// reads a streamed file in batches of lines, one per chunk. Neither may change
// what is read: the streamed file (plain and gzipped, chunks of 64 KiB and
// 16 KiB, multi-byte characters and CRLF across chunk boundaries) must give
// what the whole text split at once gives, and a repeated series text must
// read as it did the first time, whatever # TYPE lines came between.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { labelsToString } from '../../src/model/labels.js';
import { parseOpenMetrics, parseOpenMetricsFile } from '../../src/samples/openmetrics.js';
import { Rng } from '../differential/rng.js';

const dir = mkdtempSync(path.join(tmpdir(), 'promforge-om-stream-'));

/** Sample lines of a few series (values with spaces, braces, escapes and multi-byte text), some broken. */
function sampleText(rng: Rng, lines: number, lineEnd: string): string {
  const series = ['up', 'up{job="a b"}', 'x{v="}{",w="ü€😀"}', 'x{v="a\\"b\\\\"}', '{"dotted.name",job="c"}', 'y{job="a"}'];
  const out: string[] = ['# TYPE x gauge'];
  let t = 1_700_000_000;
  for (let i = 0; i < lines; i++) {
    t += 15;
    const r = rng.next();
    if (r < 0.01) out.push('# TYPE up counter');
    else if (r < 0.015)
      out.push('up{job="a b" 1 2'); // unclosed braces
    else if (r < 0.02)
      out.push(`y{job="a"} nope ${t}`); // bad value
    else out.push(`${rng.pick(series)} ${rng.int(0, 10_000)}.${rng.int(0, 99)} ${t}`);
  }
  out.push('# EOF');
  return out.join(lineEnd) + lineEnd;
}

describe('OpenMetrics streaming and the series-text memo', () => {
  it.each([
    ['LF', '\n', false],
    ['CRLF', '\r\n', false],
    ['LF, gzipped', '\n', true],
    ['CRLF, gzipped', '\r\n', true],
  ] as const)('a streamed file reads as the whole text does (%s)', async (_name, lineEnd, gzip) => {
    const text = sampleText(new Rng(lineEnd.length + (gzip ? 10 : 0)), 20_000, lineEnd);
    const file = path.join(dir, `s${lineEnd.length}${gzip ? '.om.gz' : '.om'}`);
    writeFileSync(file, gzip ? gzipSync(Buffer.from(text)) : text);
    const whole = parseOpenMetrics(text, file);
    const streamed = await parseOpenMetricsFile(file);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 65_536);
    expect(whole.diagnostics.length).toBeGreaterThan(100);
    expect(streamed).toEqual(whole);
  });

  it('a line over the limit stops the stream at that line, after the lines before it', async () => {
    const file = path.join(dir, 'long.om');
    writeFileSync(file, `up 1 1\nup 2 2\nup{job="${'x'.repeat(200)}"} 3 3\n# EOF\n`);
    const r = await parseOpenMetricsFile(file, { maxLineBytes: 100 });
    expect(r.series).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^cannot read: at line 3: line is longer than the 100-byte limit/)]);
  });

  it('the line limit counts bytes: a line of exactly the limit is read, one byte more is refused', async () => {
    // `ü` is two bytes: the line is 103 bytes in 57 characters.
    const line = `u{a="${'ü'.repeat(46)}"} 1 1`;
    expect([line.length, Buffer.byteLength(line)]).toEqual([57, 103]);
    const file = path.join(dir, 'exact.om');
    writeFileSync(file, `${line}\n# EOF\n`);
    expect((await parseOpenMetricsFile(file, { maxLineBytes: 103 })).diagnostics).toEqual([]);
    expect((await parseOpenMetricsFile(file, { maxLineBytes: 102 })).diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^cannot read: line is longer than the 102-byte limit/),
    ]);
  });

  it('the family of a repeated series text follows the # TYPE lines read so far', () => {
    const family = (text: string): string[] => [...parseOpenMetrics(text).metadata.keys()].sort();
    // Under `# TYPE x counter`, x_total is family x: no family of its own.
    expect(family('# TYPE x counter\nx_total 1 1\nx_total 2 2\n# EOF\n')).toEqual(['x']);
    // Once another family starts, the same text is a family of its own.
    expect(family('# TYPE x counter\nx_total 1 1\n# TYPE y gauge\nx_total 2 2\n# EOF\n')).toEqual(['x', 'x_total', 'y']);
    // A # TYPE after # HELP changes the family state in place.
    expect(family('# HELP x h\nx_total 1 1\n# TYPE x counter\nx_total 2 2\n# EOF\n')).toEqual(['x', 'x_total']);
    expect(family('# HELP x h\n# TYPE x counter\nx_total 1 1\nx_total 2 2\n# EOF\n')).toEqual(['x']);
  });

  it('a repeated series text keeps its labels', () => {
    const r = parseOpenMetrics('x_total{a="1 }"} 1 1\n# TYPE x counter\nx_total{a="1 }"} 2 2\n# TYPE x_total gauge\nx_total{a="1 }"} 3 3\n# EOF\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.series.map((s) => [labelsToString(s.labels), [...s.values]])).toEqual([['{__name__="x_total", a="1 }"}', [1, 2, 3]]]);
  });

  it('a series none of whose lines is valid does not appear, and a later valid line makes it', () => {
    const refused = parseOpenMetrics('up{job="a"} x 1\nup{job="a"} 1\n# EOF\n');
    expect(refused.series).toEqual([]);
    expect(refused.diagnostics).toHaveLength(2);
    const later = parseOpenMetrics('up{job="a"} x 1\nup{job="a"} 5 2\n# EOF\n');
    expect(later.series.map((s) => [...s.values])).toEqual([[5]]);
  });

  it('an out-of-order sample names the sample it came after', () => {
    const r = parseOpenMetrics('up 1 10\nup 2 5\n# EOF\n');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['out of order sample for {__name__="up"}: timestamp 5000ms is before the previous sample at 10000ms']);
  });
});
