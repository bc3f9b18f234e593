#!/usr/bin/env node
// Entry point of the `promforge` binary. Kept tiny on purpose: pre-commit runs
// promforge on every commit, so `--version` answers without loading commander
// or any of the library, and everything else is imported only when needed.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Node ≥ 22.1 can cache compiled bytecode between runs; older Nodes lack it.
  const cache = (module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof cache === 'function') cache();
  const { runCli, nodeIo } = await import('./program.js');
  process.exitCode = await runCli(argv, nodeIo());
}
