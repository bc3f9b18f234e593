// Where packs and their tests are on disk. Kept free of the compiler's
// imports so `promforge test` can tell a pack's test from any other test file
// without loading the compiler.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const PACK_FILE_NAMES = ['pack.yml', 'pack.yaml'];
/** The directory beside the pack file that holds its unit tests. */
export const PACK_TESTS_DIR = 'tests';

/** The pack file for a path: the path itself, or `pack.yml`/`pack.yaml` inside a directory. */
export function resolvePackFile(p: string): string | undefined {
  if (!existsSync(p)) return undefined;
  if (!statSync(p).isDirectory()) return p;
  for (const name of PACK_FILE_NAMES) {
    const candidate = path.join(p, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The pack file a test file belongs to: `<pack dir>/tests/<file>` with a pack file in `<pack dir>`. */
export function packFileOfTest(testAbs: string): string | undefined {
  const testsDir = path.dirname(testAbs);
  if (path.basename(testsDir) !== PACK_TESTS_DIR) return undefined;
  const packFile = resolvePackFile(path.dirname(testsDir));
  return packFile && packFile !== testAbs ? packFile : undefined;
}
