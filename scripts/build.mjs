// The build: tsc's library into dist/, then the bundle and startup snapshot
// (bundle.mjs). With --if-changed (npm's `prepare`) it does nothing when
// dist/ was built by this script from the same inputs: npm runs `prepare`
// on `npm install` and again on `npm pack`, and pre-commit does both when
// it installs the hooks, so without the check every hook install built the
// same tree twice (about 14 s of CPU each time).
//
// The record of what dist/ was built from (dist/.build-inputs) is removed
// before a build starts and written only after it succeeded, so a failed or
// interrupted build, or one of other sources, is never taken as current.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { findOnPath, hashTree } from './build-support.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const record = path.join(root, 'dist', '.build-inputs');
// What bin/promforge and the package need from a build; a record without them is not trusted.
const OUTPUTS = ['dist/index.js', 'dist/bundle/main.js'];

/** Everything the build reads, and the Node that runs it (the snapshot is made for that binary). */
function buildInputs() {
  const hash = createHash('sha256');
  for (const dir of ['src', 'schemas', 'scripts']) hashTree(hash, root, dir);
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
    const abs = path.join(root, file);
    hash
      .update(`${file}\0`)
      .update(existsSync(abs) ? readFileSync(abs) : '')
      .update('\0');
  }
  // The snapshot is made by this Node for the `node` on PATH (bundle.mjs); PATH itself differs
  // between npm's lifecycle scripts and a shell, so only the binary it finds counts.
  const node = findOnPath('node');
  hash.update(`${realpathSync(process.execPath)}\0${process.version}\0${node === undefined ? '' : realpathSync(node)}\0`);
  return hash.digest('hex');
}

/** Each .ts file under src/ to a .js file at the same place under dist/, as tsc lays them out (rootDir src, outDir dist). */
async function transpileLibrary() {
  const { build } = await import('esbuild');
  const sources = [];
  (function collect(dir) {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) collect(rel);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) sources.push(rel);
    }
  })('src');
  await build({
    absWorkingDir: root,
    entryPoints: sources,
    outdir: 'dist',
    outbase: 'src',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const inputs = buildInputs();
const upToDate = (existsSync(record) ? readFileSync(record, 'utf8').trim() : '') === inputs && OUTPUTS.every((f) => existsSync(path.join(root, f)));
// --check: only say whether a build is needed (exit 0: dist/ is current, 1: it is not).
if (process.argv.includes('--check')) {
  console.log(upToDate ? 'build: dist/ is up to date with its sources' : 'build: dist/ is not built from the current sources');
  process.exit(upToDate ? 0 : 1);
}
if (upToDate && process.argv.includes('--if-changed')) {
  console.log('build: dist/ is up to date with its sources (dist/.build-inputs); not rebuilt');
  process.exit(0);
}
// dist/ holds only what these sources make: files of removed modules would be packed and published.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
// The library's JavaScript comes from esbuild, the transpiler that already makes
// the CLI bundle and runs the tests (vitest), so every way of running the code
// runs the same output; tsc then writes only the declarations. Type errors are
// `npm run lint`'s job (tsc -p tsconfig.test.json covers src/ and test/): a
// checking tsc here took ~10 s of each build, and pre-commit builds once per
// hook install. The declarations are the same with and without --noCheck.
await transpileLibrary();
// Resolved as Node resolves packages, so a typescript hoisted to a parent node_modules is found too.
run([createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly', '--noCheck']);
run([path.join(root, 'scripts', 'bundle.mjs')]);
mkdirSync(path.dirname(record), { recursive: true });
writeFileSync(record, `${inputs}\n`);
