// Bundles the CLI into a few files (dist/bundle/): the entry plus one chunk
// per lazily imported command. Resolving and loading ~300 small ES modules
// costs more than the work of a pre-commit `promforge check`; a bundle cuts
// cold start (see BENCHMARKS.md, check-one). The library (dist/**/*.js with
// types) is still built by tsc.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// What identifies this build beyond its version (src/cli/build-id.ts): a hash
// of everything bundled or read at run time, so `lint --cache` never reuses
// the results of different checks.
function buildId() {
  const hash = createHash('sha256');
  const add = (rel) => {
    const abs = path.join(root, rel);
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(rel, e.name);
      if (e.isDirectory()) add(p);
      else
        hash
          .update(`${p}\0`)
          .update(readFileSync(path.join(root, p)))
          .update('\0');
    }
  };
  add('src');
  add('schemas');
  hash.update(readFileSync(path.join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

// esbuild leaves the chunks of earlier builds in place; they would be packed
// and published with the current ones.
rmSync(new URL('../dist/bundle', import.meta.url), { recursive: true, force: true });

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
  define: { __PROMFORGE_BUILD_ID__: JSON.stringify(buildId()) },
  logLevel: 'warning',
});
