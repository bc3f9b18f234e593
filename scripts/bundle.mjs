// Bundles the CLI into a few files (dist/bundle/): the entry plus one chunk
// per lazily imported command. Resolving and loading ~300 small ES modules
// costs more than the work of a pre-commit `promforge check`; a bundle cuts
// cold start (see BENCHMARKS.md, check-one). The library (dist/**/*.js with
// types) is still built by tsc.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
