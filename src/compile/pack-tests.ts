// A pack's promtool-format unit tests (`tests/*.yml` beside the pack file)
// travel with the pack: compile renders them for the output directory, with
// `rule_files` entries that name a compiled pack file pointing at that pack's
// output for the target, other relative entries re-anchored at the output
// directory, and `{{param}}` placeholders in string values replaced by the
// values of that compile. Every other byte of the test (comments, layout) is
// kept: only the scalars that change are re-written, in place.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isSeq, visit, type Node } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { parseUnitTestFile } from '../unittest/file.js';
import { GENERATED_MARKER, outputFileName } from './emit.js';
import { getNode } from './load.js';
import { PACK_TESTS_DIR } from './pack-files.js';
import { TARGETS, type LoadedPack, type Target } from './model.js';
import { substituteText, type Resolver } from './placeholders.js';
import { errorAt, errorInScalar, type InputFile } from './source.js';

const TEST_FILE_RE = /\.ya?ml$/;

/** The pack's test files (absolute paths, name order); none when there is no tests/ directory. */
export function packTestPaths(pack: LoadedPack): string[] {
  const dir = path.join(pack.dir, PACK_TESTS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && TEST_FILE_RE.test(e.name))
      .map((e) => e.name);
  } catch {
    return [];
  }
  return names.sort().map((n) => path.join(dir, n));
}

/**
 * The name a pack's test gets in the output directory: its own when it
 * already starts with `<pack>.`, else prefixed with it, so the tests of
 * different packs never collide there.
 */
export function outputTestName(packName: string, testPath: string): string {
  const base = path.basename(testPath);
  return base.startsWith(`${packName}.`) ? base : `${packName}.${base}`;
}

/** The target whose output file name `entry` is for `packName`, if it is one. */
export function targetOfOutputName(packName: string, entry: string): Target | undefined {
  const name = entry.replace(/^\.\//, '');
  return TARGETS.find((t) => outputFileName(packName, t) === name);
}

export interface TestRewrite {
  /** Placeholder values: those of the pack as compiled. */
  readonly resolve: Resolver;
  /** The replacement of a `rule_files` entry, or undefined to keep it as written. */
  readonly ruleFile: (entry: string) => string | undefined;
}

/**
 * The test's text with placeholders substituted and `rule_files` entries
 * rewritten; undefined (with diagnostics at the test file's line:col) when the
 * test cannot be rendered or the result is not a valid unit test file.
 */
export function renderTestText(file: InputFile, rewrite: TestRewrite, diagnostics: FileDiagnostic[]): string | undefined {
  const doc = file.doc;
  if (!doc) {
    diagnostics.push(errorAt(file, undefined, 'the test file is empty'));
    return undefined;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const before = diagnostics.length;
  const ruleFilesNode = getNode(doc.contents, 'rule_files');
  const ruleFileEntries = new Set<Node>(isSeq(ruleFilesNode) ? (ruleFilesNode.items as Node[]) : []);
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.range) return;
      let value = node.value;
      if (value.includes('{{')) {
        const out = substituteText(value, rewrite.resolve, false);
        for (const d of out.diagnostics) diagnostics.push(errorInScalar(file, node, d.pos.start, d.pos.end, d.message));
        value = out.text;
      }
      if (ruleFileEntries.has(node)) value = rewrite.ruleFile(value) ?? value;
      if (value !== node.value) edits.push({ start: node.range[0], end: node.range[1], text: yamlString(value) });
    },
  });
  if (diagnostics.length > before) return undefined;
  let text = file.source.text;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  // Lines are kept (replacements are one-line scalars), so findings map back to the source test.
  const checked = parseUnitTestFile(file.path, text);
  if (!checked.file) {
    diagnostics.push(...checked.diagnostics);
    return undefined;
  }
  return text;
}

/** A YAML scalar for a string: plain when that reads back as the same string, else double-quoted (JSON escapes are YAML's). */
function yamlString(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./+-]*$/.test(value) && !/^[0-9.+-]/.test(value) ? value : JSON.stringify(value);
}

export interface RenderedTestHeader {
  readonly pack: { readonly name: string; readonly version: string };
  /** The source test, relative to the pack directory (not to the working directory: output must not depend on it). */
  readonly source: string;
  readonly target: Target;
  readonly hash: string;
}

/** The generated-file header of a written test (the writer recognises it like a rule file's). */
export function testHeader(h: RenderedTestHeader): string {
  return [
    GENERATED_MARKER,
    `# pack: ${h.pack.name} ${h.pack.version}`,
    `# test: ${h.source}`,
    `# target: ${h.target}`,
    `# parameters: sha256:${h.hash}`,
    '',
  ].join('\n');
}
