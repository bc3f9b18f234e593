// Helpers shared by scenarios.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The CLI as users run it: package.json's bin (bin/promforge, which starts from the startup snapshot when it can). */
export function promforgeBin(root) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return path.join(root, pkg.bin.promforge);
}

/** Whether the built CLI has a command (scenarios skip visibly when not). */
export function hasCommand(root, name) {
  const bin = promforgeBin(root);
  if (!existsSync(bin)) return false;
  const help = execFileSync(bin, ['--help'], { encoding: 'utf8' });
  return new RegExp(`^\\s+${name}\\b`, 'm').test(help);
}

export function corpusDir(root) {
  return process.env.PROMFORGE_CORPUS_DIR ?? path.join(root, '..', 'shared', 'corpus');
}

/** Every rule file of the corpus (the unit-test file excluded), sorted. */
export function corpusRuleFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && !/test/i.test(name)) out.push(p);
    }
  };
  if (existsSync(corpusDir(root))) walk(corpusDir(root));
  return out;
}

export function ratio(a, b) {
  return a !== undefined && b ? a / b : undefined;
}

export function skipped(reason) {
  console.warn(`notice: ${reason}`);
  return { summary: `skipped: ${reason}`, commands: [] };
}
