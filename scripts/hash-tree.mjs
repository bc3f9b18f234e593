// Adds every file under `dir` (relative to `root`) to `hash`: paths and
// contents, in name order, so the same tree always gives the same hash.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
