// Bundles the CLI into a few files (dist/bundle/): the entry plus one chunk
// per lazily imported command. Resolving and loading ~300 small ES modules
// costs more than the work of a pre-commit `promforge check`; a bundle cuts
// cold start (see BENCHMARKS.md, check-one). The library (one dist/ file per
// source file, with types) is made by build.mjs.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { findOnPath, hashTree } from './build-support.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// What identifies this build beyond its version (src/cli/build-id.ts): a hash
// of everything bundled or read at run time, so `lint --cache` never reuses
// the results of different checks.
function buildId() {
  const hash = createHash('sha256');
  hashTree(hash, root, 'src');
  hashTree(hash, root, 'schemas');
  hash.update(readFileSync(path.join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

// esbuild leaves the chunks of earlier builds in place; they would be packed
// and published with the current ones.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });
const id = buildId();

await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies (ajv) call require() for Node built-ins.
  banner: { js: "import { createRequire as __promforgeCreateRequire } from 'node:module'; const require = __promforgeCreateRequire(import.meta.url);" },
  define: { __PROMFORGE_BUILD_ID__: JSON.stringify(id) },
  logLevel: 'warning',
});

// The V8 startup snapshot bin/promforge starts from (src/cli/snapshot.ts says
// why). It only works with the Node binary that built it, so it is built here,
// by the Node running the build, and bin/promforge uses it only when `node` on
// its PATH is that binary (same path and size, recorded next to the blob);
// otherwise it runs dist/bundle/main.js. A build that cannot make a snapshot
// still succeeds: the CLI is then only slower to start.
const snapshotDir = fileURLToPath(new URL('../dist/snapshot/', import.meta.url));
rmSync(snapshotDir, { recursive: true, force: true });
mkdirSync(snapshotDir, { recursive: true });
const snapshotEntry = path.join(snapshotDir, 'entry.cjs');
await build({
  entryPoints: ['src/cli/snapshot.ts'],
  outfile: snapshotEntry,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // A snapshot's code has no dynamic import() (Node gives it no loader for
  // one): `await import('node:path')` becomes a require() of the built-in.
  supported: { 'dynamic-import': false },
  define: { __PROMFORGE_BUILD_ID__: JSON.stringify(id), 'import.meta.url': 'globalThis.__promforgeModuleUrl' },
  logLevel: 'warning',
});
const blob = path.join(snapshotDir, 'promforge.blob');
const made = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', snapshotEntry], { encoding: 'utf8' });
rmSync(snapshotEntry);
const nodeOnPath = findOnPath('node');
if (made.status !== 0 || !existsSync(blob)) {
  rmSync(snapshotDir, { recursive: true, force: true });
  console.warn(`notice: no startup snapshot (promforge starts without it): ${(made.stderr || made.error?.message || '').trim().split('\n').pop()}`);
} else if (nodeOnPath === undefined || realpathSync(nodeOnPath) !== realpathSync(process.execPath)) {
  // bin/promforge runs the `node` on PATH; a snapshot of another Node would not load in it.
  rmSync(snapshotDir, { recursive: true, force: true });
  console.warn(`notice: no startup snapshot: the build runs ${process.execPath}, but node on PATH is ${nodeOnPath ?? 'missing'}`);
} else {
  // What bin/promforge compares before it uses the blob: `command -v node` and the size `ls -lL` reports.
  writeFileSync(path.join(snapshotDir, 'node'), `${nodeOnPath}\n${statSync(nodeOnPath).size}\n`);
}
