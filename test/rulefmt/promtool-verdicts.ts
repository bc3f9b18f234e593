// promtool's accept/reject verdict on many rule files, for the differential
// tests. promtool runs on batches of files (one process per 150): starting
// it once per file made the corpus-and-mutants test spend most of its CPU
// in process start-up. --lint=none: its duplicate-rules lint prints FAILED
// yet exits 0 (a warning), so with the lint off a file's verdict is whether
// promtool printed SUCCESS for it, the same as its exit code alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PROMTOOL = process.env['PROMTOOL'] ?? '/usr/bin/promtool';
export const HAVE_PROMTOOL = existsSync(PROMTOOL);

const BATCH = 150;

/**
 * promtool's verdict per file: stdout holds `Checking F` then `  SUCCESS`
 * for each valid file. A file promtool never named (it died mid-batch) has
 * no entry, so callers report it rather than guess.
 */
export function promtoolVerdicts(files: readonly string[]): Map<string, boolean> {
  const verdicts = new Map<string, boolean>();
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH);
    const run = spawnSync(PROMTOOL, ['check', 'rules', '--lint=none', ...batch], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    let current: string | undefined;
    for (const line of (run.stdout ?? '').split('\n')) {
      const checking = /^Checking (.*)$/.exec(line);
      if (checking) {
        current = checking[1] as string;
        verdicts.set(current, false);
      } else if (current !== undefined && line.startsWith('  SUCCESS')) verdicts.set(current, true);
    }
  }
  return verdicts;
}
