// promforge check / lint vs promtool check rules over the whole corpus.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { compareCommands } from '../harness.mjs';
import { corpusRuleFiles, hasCommand, promforgeBin, ratio, skipped } from '../lib.mjs';

export const description =
  '`promforge check`, `promforge lint` (all default checks, cold) and `promforge lint --cache` (answered from the cache its warm-up run filled) vs `promtool check rules` on every rule file of ../shared/corpus, one process each.';
export const target = 'cold lint ≤ 1.5× promtool wall time, lint --cache ≤ 0.5× (issue #18)';

export async function run({ root, workDir, hasPromtool }) {
  const files = corpusRuleFiles(root);
  if (files.length === 0) return skipped('../shared/corpus is absent');
  if (!hasCommand(root, 'check')) return skipped('promforge check is not built yet');
  const bin = promforgeBin(root);
  const variants = [{ name: 'promforge check', argv: [bin, 'check', ...files], allowedCodes: [0, 1] }];
  if (hasCommand(root, 'lint')) {
    variants.push({ name: 'promforge lint', argv: [bin, 'lint', ...files], allowedCodes: [0, 1] });
    // The warm-up run stores the entry; the measured runs are answered from it.
    const cacheDir = path.join(workDir, 'check-corpus-lint-cache');
    rmSync(cacheDir, { recursive: true, force: true });
    variants.push({
      name: 'promforge lint --cache',
      argv: [bin, 'lint', '--cache', '--cache-location', cacheDir, ...files],
      allowedCodes: [0, 1],
    });
  }
  if (hasPromtool) variants.push({ name: 'promtool check rules', argv: ['promtool', 'check', 'rules', ...files], allowedCodes: [0, 1] });
  const commands = compareCommands(variants, { runs: 5 });
  const by = Object.fromEntries(commands.map((c) => [c.name, c.wall.median]));
  const r = ratio(by['promforge lint'] ?? by['promforge check'], by['promtool check rules']);
  const warm = ratio(by['promforge lint --cache'], by['promtool check rules']);
  const which = by['promforge lint'] !== undefined ? 'lint' : 'check';
  const warmText = warm === undefined ? '' : `; lint --cache/promtool ${warm.toFixed(2)}×`;
  return {
    commands,
    summary:
      r === undefined
        ? `${files.length} files measured (no promtool ratio)`
        : `${which}/promtool median ratio ${r.toFixed(2)}×${warmText} over ${files.length} files`,
    metrics: { files: files.length, ratio: r?.toFixed(3) ?? 'n/a', 'lint --cache ratio': warm?.toFixed(3) ?? 'n/a' },
  };
}
