// Bad input must give diagnostics, never exceptions: feed the readers many
// mutated variants of valid input (deterministic PRNG) and check that every
// call returns, and that every error has a position inside the text.

import { describe, expect, it } from 'vitest';
import { parseTestScript } from '../../src/samples/test-script/script.js';
import { parseOpenMetrics } from '../../src/samples/openmetrics.js';
import { parsePromApiJson } from '../../src/samples/prom-api-json.js';
import { parseSeriesDescription } from '../../src/samples/series-notation.js';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  '{',
  '}',
  '{{',
  '}}',
  '[',
  ']',
  '"',
  "'",
  '`',
  '\\',
  ',',
  '=',
  ':',
  ' ',
  '\t',
  '\n',
  'x',
  '_',
  '+',
  '-',
  '.',
  'e',
  '1',
  '0x',
  'Inf',
  'NaN',
  'stale',
  'schema:',
  'buckets:',
  '@st',
  '#',
  'eval',
  'load',
  'expect',
];

function mutate(base: string, rnd: () => number): string {
  let s = base;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (s.length + 1));
    const r = rnd();
    if (r < 0.4) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 3));
    else s = s.slice(0, at) + PIECES[Math.floor(rnd() * PIECES.length)]! + s.slice(at);
  }
  return s;
}

const SERIES = 'm{a="b", "u.x"=\'c\'} 1 2+3x4 _x2 stale -Inf {{schema:1 sum:2 count:3 buckets:[1 2] offset:-1}}+{{count:1}}x2';
const SCRIPT =
  'load 1m\n  a{x="1"}@st _ -1mx2\n  a{x="1"} 1 2 3\n\neval instant at 1m a\n  expect warn msg: x\n  a{x="1"} 2\n\neval range from 0 to 2m step 1m a\n  a{x="1"} 1 2 3\n';
const OM = '# TYPE a counter\n# HELP a h\na_total{x="1"} 1 10\na_total{x="1"} 2 20 # {t="1"} 1\n# EOF\n';
const JSON_TEXT = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"2"]]}]}}';

describe('readers never throw on mutated input', () => {
  it('series notation', () => {
    const rnd = prng(1);
    for (let i = 0; i < 3000; i++) {
      const text = mutate(SERIES, rnd);
      const r = parseSeriesDescription(text);
      for (const d of r.diagnostics) {
        expect(d.pos.start).toBeGreaterThanOrEqual(0);
        expect(d.pos.end).toBeLessThanOrEqual(text.length);
        expect(d.pos.start).toBeLessThanOrEqual(d.pos.end);
      }
      expect(r.series === undefined).toBe(r.diagnostics.length > 0);
    }
  });

  it('test scripts', () => {
    const rnd = prng(2);
    for (let i = 0; i < 1500; i++) {
      const text = mutate(SCRIPT, rnd);
      const lines = text.split('\n');
      for (const d of parseTestScript(text).diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines.length);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.endColumn).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
      }
    }
  });

  it('OpenMetrics and API JSON', () => {
    const rnd = prng(3);
    for (let i = 0; i < 1500; i++) {
      const om = mutate(OM, rnd);
      for (const d of parseOpenMetrics(om).diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      const json = mutate(JSON_TEXT, rnd);
      for (const d of parsePromApiJson(json).diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    }
  });
});
