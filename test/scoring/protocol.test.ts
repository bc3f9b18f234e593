// PROTOCOL.md's procedure on a few benchmark files, in process, with the same
// command lines `npm run bench -- anomaly` uses: fit on the probationary
// period, dry-run the emitted rules, score the firing onsets; and
// `promforge score` must agree with that pipeline.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { dryrunArgs, onsetsFromDryrunJson, thresholdsArgs } from '../../src/scoring/protocol.js';
import { nabProbationRows, rowAtOrAfter, scoreNabFile, windowRows } from '../../src/scoring/nab.js';
import { parseCsvTime } from '../../src/samples/csv.js';
import { parseIncidents } from '../../src/thresholds/incidents.js';

const DATA = process.env['PROMFORGE_ANOMALY_DIR'] ?? path.resolve(__dirname, '../../../shared/anomaly-benchmark');
const present = existsSync(path.join(DATA, 'windows.json'));
if (!present) console.warn(`notice: ${DATA} not found; the anomaly-benchmark protocol test is skipped`);

async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe.skipIf(!present)('anomaly benchmark protocol', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-nab-'));
  // A daily artificial series with a level jump, an hourly ad-exchange series, an irregular traffic series.
  it.each(['artificialWithAnomaly/art_daily_jumpsup.csv', 'realAdExchange/exchange-3_cpc_results.csv', 'realTraffic/speed_7578.csv'])(
    '%s: fits, dry-runs and scores as the protocol says',
    async (file) => {
      const csv = path.join(DATA, 'data', file);
      const times = readFileSync(csv, 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter((l) => l.trim() !== '')
        .map((l) => parseCsvTime(l.split(',')[0]!.trim())!);
      const rules = path.join(dir, `${path.basename(file)}.yml`);
      const fit = await cli(thresholdsArgs(csv, rules, times));
      expect(fit.code, fit.err).toBe(0);
      const rulesText = readFileSync(rules, 'utf8');
      // The fit window ends with the probationary period (at the last evaluation step within it).
      const fitEnd = Date.parse(/"?promforge_data_range"?: "[^/]+\/([^"]+)"/.exec(rulesText)![1]!);
      const probationEnd = times[nabProbationRows(times.length) - 1]!;
      expect(fitEnd).toBeLessThanOrEqual(probationEnd);
      expect(fitEnd).toBeGreaterThan(probationEnd - 3_600_000);
      const dry = await cli(dryrunArgs(csv, rules));
      expect(dry.code, dry.err).toBe(0);
      const onsets = onsetsFromDryrunJson(JSON.parse(dry.out));
      const parsed = parseIncidents(readFileSync(path.join(DATA, 'windows.json'), 'utf8'), [csv]);
      if ('error' in parsed) throw new Error(parsed.error);
      const windows = parsed.incidents.map((w) => windowRows(times, w.startMs, w.endMs)!);
      const byHand = scoreNabFile(
        times.length,
        nabProbationRows(times.length),
        windows,
        onsets.map((t) => rowAtOrAfter(times, t)),
      );

      const scored = await cli(['score', rules, '--samples', csv, '--incidents', path.join(DATA, 'windows.json'), '--probation', 'nab', '--format', 'json']);
      expect(scored.code, scored.err).toBe(0);
      const json = JSON.parse(scored.out) as { nab: { raw: Record<string, number>; detections: number }; overall: { pages: number } };
      // `score` dedupes rows only where the CSV has duplicate timestamps; these files have none.
      expect(json.nab.detections).toBe(byHand.detections);
      expect(json.nab.raw['standard']).toBeCloseTo(byHand.raw.standard, 9);
      expect(json.nab.raw['reward_low_FP_rate']).toBeCloseTo(byHand.raw.reward_low_FP_rate, 9);
      expect(json.overall.pages).toBe(byHand.detections);
      if (file.includes('jumpsup')) {
        // The jump is outside anything "same time yesterday" predicted: detected, early in its window.
        expect(byHand.windows[0]!.detectedRow).toBeDefined();
        expect(byHand.windows[0]!.position!).toBeGreaterThan(0.5);
      }
    },
    30_000,
  );
});
