// `compile --test`: runs the packs' tests as compile renders them, against
// the rule files as compile renders them, before anything is written — so a
// failing test can keep broken rules out of the output directory. The files
// are served from memory at the paths they will have in the output directory;
// the results are exactly what running the written tests gives.
import path from 'node:path';
import { engineDeps } from '../unittest/engine-binding.js';
import { runUnitTestFile, type FileResult, type RunOptions } from '../unittest/runner.js';
import type { CompiledFile, CompiledTest } from './model.js';

export interface CompiledTestRun {
  readonly test: CompiledTest;
  /** Where the test is (or will be) written. */
  readonly path: string;
  readonly result: FileResult;
}

/** `versions`: the runner's version options (an override, or a default for tests without their own prometheusVersion). */
export function runCompiledTests(
  outputDir: string,
  files: readonly CompiledFile[],
  tests: readonly CompiledTest[],
  versions: Pick<RunOptions, 'prometheusVersion' | 'defaultPrometheusVersion'> = {},
): CompiledTestRun[] {
  const outAbs = path.resolve(outputDir);
  const deps = engineDeps(new Map(files.map((f) => [path.join(outAbs, f.path), f.content])));
  return tests.map((test) => {
    const at = path.join(outAbs, test.path);
    return { test, path: at, result: runUnitTestFile(at, deps, { ...versions, source: test.content }) };
  });
}
