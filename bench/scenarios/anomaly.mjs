// The anomaly benchmark (../shared/anomaly-benchmark, NAB): PROTOCOL.md's
// procedure with the CLI exactly as a user runs it — `promforge thresholds`
// with one command line for all files (fitted on each file's probationary
// period), `promforge dryrun` of the emitted rules, firing onsets scored with
// NAB's three profiles. Prints a per-file table.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { skipped } from '../lib.mjs';

export const description =
  "NAB anomaly benchmark (41 labelled real and artificial series, PROTOCOL.md): one `promforge thresholds` command line for every file, fitted on the probationary period only, emitted rules run by `promforge dryrun`, firing onsets scored by NAB's rules. Published scoreboard (all 58 NAB files, standard profile): ARTime 74.9, Numenta HTM 70.1, CAD-OSE 69.9, htmjava 65.5, Skyline (earthgecko) 58.2, KNN-CAD 58.0, relative entropy 54.6, random cut forest 51.7, Twitter ADVec 47.1, windowed Gaussian 39.6, Skyline 35.7, random 16.8, null 0.";
export const target = 'standard ≥ 40, reward_low_FP ≥ 25';

export async function run({ root, workDir }) {
  const data = process.env.PROMFORGE_ANOMALY_DIR ?? path.resolve(root, '../shared/anomaly-benchmark');
  if (!existsSync(path.join(data, 'windows.json'))) return skipped(`no anomaly benchmark at ${data}`);
  const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
  const bin = path.join(root, 'dist', 'bundle', 'main.js');
  if (!existsSync(bin)) return skipped('dist/ is not built');
  const protocol = await import(dist('scoring/protocol.js'));
  const nab = await import(dist('scoring/nab.js'));
  const { parseCsvTime } = await import(dist('samples/csv.js'));
  const { parseIncidents } = await import(dist('thresholds/incidents.js'));
  const windowsText = readFileSync(path.join(data, 'windows.json'), 'utf8');
  const files = Object.keys(JSON.parse(windowsText)).sort();
  const out = path.join(workDir, 'anomaly');
  mkdirSync(out, { recursive: true });
  const scores = [];
  const rows = [];
  let failedRuns = 0;
  const started = Date.now();
  for (const file of files) {
    const csv = path.join(data, 'data', file);
    // NAB indexes the file's rows as they are, duplicates included (a series dedupes them).
    const times = readFileSync(csv, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => parseCsvTime(l.split(',')[0].trim()));
    const rules = path.join(out, `${file.replace(/[/\\]/g, '__')}.rules.yml`);
    let onsets = [];
    let note = '';
    try {
      execFileSync(bin, [...protocol.thresholdsArgs(csv, rules, times)], { stdio: ['ignore', 'ignore', 'pipe'] });
      const json = execFileSync(bin, [...protocol.dryrunArgs(csv, rules)], { encoding: 'utf8', maxBuffer: 1 << 28 });
      onsets = protocol.onsetsFromDryrunJson(JSON.parse(json));
      const baselines = [...readFileSync(rules, 'utf8').matchAll(/baseline=(\w+)/g)].map((m) => m[1]);
      note = [...new Set(baselines)].join('/');
    } catch (e) {
      failedRuns++;
      note = `FAILED: ${String(e.stderr ?? e.message).split('\n')[0]}`;
    }
    const incidents = parseIncidents(windowsText, [csv]);
    const windows = ('error' in incidents ? [] : incidents.incidents).map((w) => nab.windowRows(times, w.startMs, w.endMs)).filter(Boolean);
    const probation = nab.nabProbationRows(times.length);
    const detections = onsets.map((t) => nab.rowAtOrAfter(times, t));
    const s = nab.scoreNabFile(times.length, probation, windows, detections);
    scores.push(s);
    const hit = s.windows.filter((w) => w.detectedRow !== undefined).length;
    rows.push(
      `| ${file} | ${times.length} | ${windows.length} | ${hit} | ${s.detections} | ${s.falsePositives.length} | ${s.raw.standard.toFixed(2)} | ${s.raw.reward_low_FP_rate.toFixed(2)} | ${note} |`,
    );
  }
  const norm = Object.fromEntries(nab.PROFILE_NAMES.map((p) => [p, nab.normalisedScore(scores, p)]));
  const windowsTotal = scores.reduce((n, s) => n + s.windows.length, 0);
  const detected = scores.reduce((n, s) => n + s.windows.filter((w) => w.detectedRow !== undefined).length, 0);
  const fps = scores.reduce((n, s) => n + s.falsePositives.length, 0);
  const cmd = `promforge thresholds --samples <file> ${protocol.BENCHMARK_THRESHOLDS_ARGS.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')} --end <last probationary row> --emit-rules <rules>; promforge dryrun <rules> --samples <file> --format json`;
  const markdown = [
    `Command line for every file: \`${cmd}\`.`,
    '',
    '| file | rows | windows | detected | detections | false pos. | raw standard | raw low-FP | baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
  return {
    commands: [],
    summary: `standard ${norm.standard.toFixed(1)}, reward_low_FP ${norm.reward_low_FP_rate.toFixed(1)}, reward_low_FN ${norm.reward_low_FN_rate.toFixed(1)}; ${detected}/${windowsTotal} windows detected, ${fps} false positives, ${failedRuns} failed run(s) over ${files.length} files`,
    metrics: {
      'standard (normalised)': norm.standard.toFixed(1),
      'reward_low_FP_rate (normalised)': norm.reward_low_FP_rate.toFixed(1),
      'reward_low_FN_rate (normalised)': norm.reward_low_FN_rate.toFixed(1),
      'windows detected': `${detected}/${windowsTotal}`,
      'false positives': fps,
      'failed runs': failedRuns,
      'wall s (all files)': ((Date.now() - started) / 1000).toFixed(1),
    },
    markdown,
  };
}
