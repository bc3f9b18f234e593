// Which files `promforge lint` looks at: the arguments, else the config's
// include globs, else the working directory; minus the config's exclude
// globs. Light on imports on purpose: `lint --cache` lists and hashes these
// files before deciding whether the linter has to be loaded at all.
import path from 'node:path';
import type { PromforgeConfig } from '../config/load.js';
import { expandPaths } from '../fs/expand.js';

export interface LintFileList {
  /** Paths as the user sees them (relative when given relative), `-` for standard input. */
  readonly files: string[];
  /** Paths that could not be expanded (missing, unreadable, empty directory). */
  readonly errors: string[];
}

export async function lintFileList(paths: readonly string[], cwd: string, config: PromforgeConfig): Promise<LintFileList> {
  // The glob matcher (RE2) is loaded only for a config that has globs.
  const { matchesAnyGlob } = config.include.length > 0 || config.exclude.length > 0 ? await import('../config/glob.js') : { matchesAnyGlob: () => false };
  let wanted = [...paths];
  if (wanted.length === 0 && config.include.length > 0) {
    const all = await expandPaths([config.dir], cwd);
    wanted = all.files.filter((f) => matchesAnyGlob(path.relative(config.dir, path.resolve(cwd, f)), config.include));
  } else if (wanted.length === 0) wanted = ['.'];
  const expanded = wanted.includes('-') ? { files: wanted, errors: [] as string[] } : await expandPaths(wanted, cwd);
  const files = expanded.files.filter((f) => f === '-' || !matchesAnyGlob(path.relative(config.dir, path.resolve(cwd, f)), config.exclude));
  return { files, errors: expanded.errors };
}
