// Streamed sample files have their own, larger size limit: their text is
// never held, so the 64 MiB limit of whole-file inputs does not apply (a
// generated week of 20 services is 330 MB of OpenMetrics).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadSamples } from '../../src/samples/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'promforge-streamed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const saved = { ...process.env };
afterEach(() => {
  delete process.env['PROMFORGE_MAX_INPUT_BYTES'];
  delete process.env['PROMFORGE_MAX_STREAMED_BYTES'];
  Object.assign(process.env, saved);
});

const lines = ['# TYPE x gauge', ...Array.from({ length: 200 }, (_, i) => `x{i="${i % 7}"} ${i} ${1_700_000_000 + i * 15}`), '# EOF', ''].join('\n');

describe('streamed OpenMetrics size limit', () => {
  it.each([
    ['x.om', lines],
    ['x.om.gz', gzipSync(lines)],
  ])('%s over the whole-file limit still loads', async (name, content) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    process.env['PROMFORGE_MAX_INPUT_BYTES'] = '1000';
    const r = await loadSamples(file);
    expect(r.diagnostics).toEqual([]);
    expect(r.series.reduce((n, s) => n + s.values.length, 0)).toBe(200);
  });

  it.each([
    ['y.om', lines, /^cannot read: file is \d+ bytes, over the 1000-byte input limit/],
    ['y.om.gz', gzipSync(lines), /^cannot read: content is over the 1000-byte input limit \(set PROMFORGE_MAX_STREAMED_BYTES to raise it\)/],
  ])('%s over PROMFORGE_MAX_STREAMED_BYTES is refused with a reason', async (name, content, message) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    process.env['PROMFORGE_MAX_STREAMED_BYTES'] = '1000';
    const r = await loadSamples(file);
    expect(r.series).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(message)]);
  });
});
