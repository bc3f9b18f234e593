// Parses all 21 upstream `.test` files and checks the statistics table of
// FORMAT.md §11, which was produced by an independent parser.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTestScript, type ScriptCommand } from '../../src/samples/test-script/script.js';
import { classicHistogramsToNhcb } from '../../src/samples/test-script/script-nhcb.js';
import { histogramValidationError } from '../../src/model/histogram.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const conformanceDir = process.env.PROMFORGE_CONFORMANCE_DIR ?? join(repoRoot, '..', 'shared', 'conformance');
const scriptsDir = join(conformanceDir, 'promqltest');
const haveCorpus = existsSync(scriptsDir);
if (!haveCorpus) console.warn(`promqltest-script corpus tests skipped: ${scriptsDir} not found (set PROMFORGE_CONFORMANCE_DIR)`);

interface FileStats {
  instant: number;
  range: number;
  expectingFailure: number;
  assertingWarnOrInfo: number;
  loadsWithHistogramLiterals: number;
  loadWithNhcb: number;
  evalsWithHistogramExpectations: number;
  evalsAgainstNativeHistograms: number;
}

// FORMAT.md §11, column by column.
const EXPECTED: Record<string, FileStats> = {
  'aggregators.test': stats(153, 7, 4, 29, 7, 0, 0, 64),
  'at_modifier.test': stats(63, 15, 0, 0, 0, 0, 0, 0),
  'collision.test': stats(2, 0, 1, 0, 0, 0, 0, 0),
  'duration_expression.test': stats(30, 29, 0, 0, 0, 0, 0, 0),
  'extended_vectors.test': stats(162, 7, 8, 10, 15, 0, 0, 51),
  'fill-modifier.test': stats(39, 7, 0, 0, 0, 0, 0, 0),
  'functions.test': stats(394, 37, 7, 26, 26, 0, 18, 260),
  'histograms.test': stats(185, 0, 6, 30, 2, 32, 7, 179),
  'info.test': stats(4, 49, 2, 0, 1, 0, 0, 1),
  'limit.test': stats(13, 24, 0, 2, 1, 0, 6, 37),
  'literals.test': stats(25, 0, 0, 0, 0, 0, 0, 0),
  'name_label_dropping.test': stats(29, 1, 1, 0, 0, 0, 0, 0),
  'native_histograms.test': stats(502, 20, 0, 55, 74, 0, 208, 522),
  'operators.test': stats(113, 101, 6, 62, 2, 1, 5, 171),
  'range_queries.test': stats(5, 13, 0, 5, 1, 0, 1, 9),
  'selectors.test': stats(31, 0, 0, 0, 0, 0, 0, 0),
  'staleness.test': stats(17, 0, 0, 0, 0, 0, 0, 0),
  'start_timestamps.test': stats(7, 19, 0, 2, 4, 0, 7, 10),
  'subquery.test': stats(34, 0, 0, 0, 1, 0, 2, 3),
  'trig_functions.test': stats(19, 0, 0, 0, 0, 0, 0, 0),
  'type_and_unit.test': stats(58, 0, 0, 0, 0, 0, 0, 0),
};

function stats(...n: number[]): FileStats {
  const [
    instant,
    range,
    expectingFailure,
    assertingWarnOrInfo,
    loadsWithHistogramLiterals,
    loadWithNhcb,
    evalsWithHistogramExpectations,
    evalsAgainstNativeHistograms,
  ] = n as [number, number, number, number, number, number, number, number];
  return {
    instant,
    range,
    expectingFailure,
    assertingWarnOrInfo,
    loadsWithHistogramLiterals,
    loadWithNhcb,
    evalsWithHistogramExpectations,
    evalsAgainstNativeHistograms,
  };
}

function measure(commands: readonly ScriptCommand[]): FileStats {
  const s = stats(0, 0, 0, 0, 0, 0, 0, 0);
  let storageHasHistograms = false;
  for (const c of commands) {
    switch (c.kind) {
      case 'clear':
        storageHasHistograms = false;
        break;
      case 'load': {
        const hasLiteral = c.series.some((ser) => ser.values.some((v) => v.kind === 'histogram'));
        if (hasLiteral) s.loadsWithHistogramLiterals++;
        if (c.withNhcb) s.loadWithNhcb++;
        if (hasLiteral || c.withNhcb) storageHasHistograms = true;
        break;
      }
      case 'eval':
        if (c.mode.kind === 'instant') s.instant++;
        else s.range++;
        if (c.expect.fail !== undefined) s.expectingFailure++;
        if (c.expect.warn.length > 0 || c.expect.info.length > 0) s.assertingWarnOrInfo++;
        if (c.series.some((ser) => ser.values.some((v) => v.kind === 'histogram'))) s.evalsWithHistogramExpectations++;
        if (storageHasHistograms) s.evalsAgainstNativeHistograms++;
        break;
    }
  }
  return s;
}

describe.skipIf(!haveCorpus)('the 21 upstream promqltest files', () => {
  const files = haveCorpus
    ? readdirSync(scriptsDir)
        .filter((f) => f.endsWith('.test'))
        .sort()
    : [];
  const parsed = new Map(files.map((f) => [f, parseTestScript(readFileSync(join(scriptsDir, f), 'utf8'), f)]));

  it('are exactly the files FORMAT.md counts', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s parses without diagnostics and matches FORMAT.md §11', (file) => {
    const r = parsed.get(file)!;
    expect(r.diagnostics).toEqual([]);
    expect(measure(r.commands)).toEqual(EXPECTED[file]);
  });

  it('matches the corpus-wide totals', () => {
    const all = [...parsed.values()].flatMap((r) => r.commands);
    const loads = all.filter((c) => c.kind === 'load');
    const evals = all.filter((c) => c.kind === 'eval');
    expect(evals.length).toBe(2214);
    expect(loads.length).toBe(310);
    expect(loads.filter((c) => c.withNhcb).length).toBe(33);
    expect(all.filter((c) => c.kind === 'clear').length).toBe(231);
    expect(evals.filter((c) => c.scalar !== undefined).length).toBe(54);
    expect(evals.filter((c) => c.rangeVector !== undefined).length).toBe(5);
    expect(evals.filter((c) => c.string !== undefined).length).toBe(5);
    expect(evals.filter((c) => c.header === 'eval_fail').length).toBe(3);
    expect(loads.flatMap((l) => l.series).filter((s) => s.startTimestampOffsets !== undefined).length).toBe(37);
  });

  it('converts every load_with_nhcb block without errors into valid histograms', () => {
    const nhcbLoads = [...parsed.values()].flatMap((r) => r.commands).filter((c) => c.kind === 'load' && c.withNhcb);
    expect(nhcbLoads).toHaveLength(33);
    for (const load of nhcbLoads) {
      if (load.kind !== 'load') continue;
      const r = classicHistogramsToNhcb(load);
      expect(r.errors).toEqual([]);
      expect(r.series.length).toBeGreaterThan(0);
      for (const s of r.series) for (const p of s.samples) expect(histogramValidationError(p.histogram)).toBeUndefined();
    }
  });

  it('loads only histograms that storage accepts (FORMAT §4.1)', () => {
    const loads = [...parsed.values()].flatMap((r) => r.commands).filter((c) => c.kind === 'load');
    const invalid = loads.flatMap((l) =>
      l.kind !== 'load'
        ? []
        : l.series.flatMap((s) =>
            s.values.flatMap((v) => (v.kind === 'histogram' ? [histogramValidationError(v.histogram)].filter((e) => e !== undefined) : [])),
          ),
    );
    expect(invalid).toEqual([]);
  });

  it('keeps line numbers and query columns of the source', () => {
    const r = parsed.get('range_queries.test')!;
    const text = readFileSync(join(scriptsDir, 'range_queries.test'), 'utf8').split('\n');
    for (const c of r.commands) {
      if (c.kind !== 'eval') continue;
      const line = text[c.line - 1]!;
      expect(line.slice(c.queryColumn - 1).trimEnd()).toBe(c.query);
    }
  });
});
