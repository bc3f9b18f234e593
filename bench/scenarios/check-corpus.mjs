// promforge check / lint vs promtool check rules over the whole corpus.
import { compareCommands } from '../harness.mjs';
import { corpusRuleFiles, hasCommand, promforgeBin, ratio, skipped } from '../lib.mjs';

export const description = '`promforge check` and `promforge lint` (all default checks) vs `promtool check rules` on every rule file of ../shared/corpus, one process each.';
export const target = 'lint ≤ 0.5× promtool wall time';

export async function run({ root, hasPromtool }) {
  const files = corpusRuleFiles(root);
  if (files.length === 0) return skipped('../shared/corpus is absent');
  if (!hasCommand(root, 'check')) return skipped('promforge check is not built yet');
  const bin = promforgeBin(root);
  const variants = [{ name: 'promforge check', argv: [process.execPath, bin, 'check', ...files], allowedCodes: [0, 1] }];
  if (hasCommand(root, 'lint')) variants.push({ name: 'promforge lint', argv: [process.execPath, bin, 'lint', ...files], allowedCodes: [0, 1] });
  if (hasPromtool) variants.push({ name: 'promtool check rules', argv: ['promtool', 'check', 'rules', ...files], allowedCodes: [0, 1] });
  const commands = compareCommands(variants, { runs: 5 });
  const by = Object.fromEntries(commands.map((c) => [c.name, c.wall.median]));
  const r = ratio(by['promforge lint'] ?? by['promforge check'], by['promtool check rules']);
  const which = by['promforge lint'] !== undefined ? 'lint' : 'check';
  return { commands, summary: r === undefined ? `${files.length} files measured (no promtool ratio)` : `${which}/promtool median ratio ${r.toFixed(2)}× over ${files.length} files`, metrics: { files: files.length, ratio: r?.toFixed(3) ?? 'n/a' } };
}
