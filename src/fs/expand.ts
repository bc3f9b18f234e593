// Which files a path argument means: a file as named, a directory walked
// for *.yml/*.yaml (sorted, recursive, following .gitignore, detecting
// symlink loops), `-` for standard input. Kept apart from the rule loader so
// `lint --cache` can list and hash the files without loading it.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { IgnoreRules } from './gitignore.js';
import { describeReadError } from './read.js';

const RULE_FILE_EXTENSIONS = ['.yml', '.yaml'];

/** Expands directories into their rule files (sorted, recursive), detecting symlink loops. */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<{ files: string[]; errors: string[]; named: ReadonlySet<string> }> {
  const files: string[] = [];
  const named = new Set<string>();
  const errors: string[] = [];
  // `dir` is what the user sees (relative when they gave a relative path); I/O uses it resolved against cwd.
  // Walks skip what git ignores (and node_modules, .git); a path named on
  // the command line is looked at whatever .gitignore says.
  const walk = async (dir: string, ancestors: ReadonlySet<string>, ignores: IgnoreRules): Promise<void> => {
    let real: string;
    try {
      real = realpathSync(path.resolve(cwd, dir));
    } catch (e) {
      errors.push(`${dir}: ${ioMessage(e)}`);
      return;
    }
    if (ancestors.has(real)) {
      errors.push(`${dir}: symlink loop (resolves to ${real}, which is already being walked); skipped`);
      return;
    }
    const inside = new Set(ancestors).add(real);
    let entries: string[];
    try {
      entries = readdirSync(path.resolve(cwd, dir)).sort();
    } catch (e) {
      errors.push(`${dir}: ${ioMessage(e)}`);
      return;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      let st;
      try {
        st = statSync(path.resolve(cwd, full));
      } catch (e) {
        // A dangling symlink or a loop the OS detected (ELOOP).
        errors.push(`${full}: ${ioMessage(e)}`);
        continue;
      }
      if (ignores.ignores(path.resolve(cwd, full), st.isDirectory())) continue;
      if (st.isDirectory()) await walk(full, inside, ignores.enter(path.resolve(cwd, full)));
      else if (st.isFile() && RULE_FILE_EXTENSIONS.includes(path.extname(name).toLowerCase())) files.push(full);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      errors.push(`${p}: ${ioMessage(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      const before = files.length;
      await walk(p, new Set(), IgnoreRules.forDirectory(abs));
      if (files.length === before) errors.push(`${p}: no *.yml or *.yaml files found in directory`);
    } else {
      files.push(p);
      named.add(p);
    }
  }
  return { files, errors, named };
}

/** `cannot read: reason`, after the path, as every command reports an unreadable input. */
export function ioMessage(e: unknown): string {
  return `cannot read: ${describeReadError(e)}`;
}
