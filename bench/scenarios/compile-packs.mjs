// Compiling every shipped rule pack, cold process start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareCommands } from '../harness.mjs';
import { hasCommand, promforgeBin, skipped } from '../lib.mjs';

export const description = '`promforge compile rules/ -o <tmp>`: all shipped packs, cold process start (includes validating every compiled rule).';
export const target = 'no target; tracked for regressions';

export async function run({ root }) {
  if (!hasCommand(root, 'compile')) return skipped('promforge compile is not built yet');
  const out = mkdtempSync(path.join(tmpdir(), 'promforge-bench-compile-'));
  const commands = compareCommands([{ name: 'promforge compile', argv: [promforgeBin(root), 'compile', path.join(root, 'rules'), '-o', out, '--force'] }], {
    runs: 5,
  });
  return {
    commands,
    summary: `median ${(commands[0].wall.median * 1000).toFixed(0)} ms`,
    metrics: { 'median ms': (commands[0].wall.median * 1000).toFixed(0) },
  };
}
