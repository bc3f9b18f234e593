// `promforge test` on a pack's own test file (`<pack>/tests/x.yml`), where
// it lives: its `rule_files` name the pack's compiled output, which exists
// nowhere on disk. The pack is compiled in memory with its defaults (for the
// target each entry names) and served to the runner at the path the entry
// names; `{{param}}` placeholders in the test take the defaults too.
import path from 'node:path';
import { isSeq } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { compilePacks } from './compile.js';
import { getNode, loadPack, readInputFile } from './load.js';
import { packFileOfTest } from './pack-files.js';
import { renderTestText, targetOfOutputName } from './pack-tests.js';
import type { Target } from './model.js';
import { resolvePackValues, resolverFor } from './values.js';

export interface PackTestInPlace {
  /** The test text to run (placeholders substituted); undefined when diagnostics hold errors. */
  readonly source?: string;
  /** Absolute path → compiled rule file, for the runner. */
  readonly inMemoryRuleFiles: ReadonlyMap<string, string>;
  readonly diagnostics: FileDiagnostic[];
}

/** Prepares a pack test for running where it lives; undefined when the file is not a pack's test. */
export function preparePackTestInPlace(testAbs: string, cwd: string): PackTestInPlace | undefined {
  const packFile = packFileOfTest(testAbs);
  if (!packFile) return undefined;
  const diagnostics: FileDiagnostic[] = [];
  const inMemoryRuleFiles = new Map<string, string>();
  const shownPack = path.relative(cwd, packFile) || packFile;
  const pack = loadPack(shownPack, cwd, diagnostics);
  const file = readInputFile(path.relative(cwd, testAbs) || testAbs, testAbs, diagnostics);
  if (!pack || !file) return { inMemoryRuleFiles, diagnostics };

  const testsDir = path.dirname(testAbs);
  const ruleFiles = getNode(file.doc?.contents, 'rule_files');
  const wanted = new Map<string, Target>();
  for (const item of isSeq(ruleFiles) ? ruleFiles.items : []) {
    const entry = String((item as { value?: unknown }).value);
    const target = targetOfOutputName(pack.name, entry);
    if (target) wanted.set(path.resolve(testsDir, entry), target);
  }
  for (const [abs, target] of wanted) {
    const result = compilePacks([shownPack], { cwd, target, tests: false });
    diagnostics.push(...result.diagnostics);
    const compiled = result.files[0];
    if (compiled) inMemoryRuleFiles.set(abs, compiled.content);
  }
  const values = resolvePackValues(pack, [], diagnostics);
  const source = renderTestText(file, { resolve: resolverFor(pack, values), ruleFile: () => undefined }, diagnostics);
  if (diagnostics.some((d) => d.severity === 'error') || source === undefined) return { inMemoryRuleFiles, diagnostics };
  return { source, inMemoryRuleFiles, diagnostics };
}
