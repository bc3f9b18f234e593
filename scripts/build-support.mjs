// What build.mjs and bundle.mjs share.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Adds every file under `dir` (relative to `root`) to `hash`: paths and contents, in name order, so the same tree always gives the same hash. */
export function hashTree(hash, root, dir) {
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) hashTree(hash, root, rel);
    else
      hash
        .update(`${rel}\0`)
        .update(readFileSync(path.join(root, rel)))
        .update('\0');
  }
}

/** The first executable file called `name` in PATH's directories, as a shell's `command -v` finds it. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
