// Issue 6: `promforge test` (its runner, in process) against `promtool test
// rules` from Prometheus 2.42 on generated rule files and unit tests whose
// input samples sit off the evaluation grid (unit-tests.ts). Expectations
// are deliberately empty, so both tools print what they got; the test
// compares pass/fail and those failure texts line by line.
// Skips visibly when promtool is absent.

import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { runUnitTestFile } from '../../src/unittest/runner.js';
import { floatsAgree } from './compare.js';
import { KNOWN_UNITTEST_DISAGREEMENTS } from './known-unittest-disagreements.js';
import { PROMTOOL_BIN, binariesPresent } from './prometheus-server.js';
import { generateUnitTests } from './unit-tests.js';

const SEED = 6;
const TEST_COUNT = 80;
const CONCURRENCY = 6;

const present = binariesPresent(PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMTOOL_BIN} is absent; skipping the promforge-test-vs-promtool differential test`);

interface ToolReport {
  readonly passed: boolean;
  /** Failure text lines without blank lines, trailing spaces or the `FAILED:` header. */
  readonly lines: readonly string[];
}

function normalizeLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && l !== '  FAILED:' && !l.startsWith('Unit Testing:') && l !== '  SUCCESS');
}

/**
 * Failure reports keyed by their first line (`    alertname: X, time: T, ` or
 * `    expr: "…", time: T,`), each with its following lines joined; a test
 * group's `    name: …,` line belongs to the report after it.
 */
function failureBlocks(lines: readonly string[]): Map<string, string> {
  const blocks = new Map<string, string>();
  let header: string | undefined;
  let body: string[] = [];
  let pendingName = '';
  const flush = (): void => {
    if (header !== undefined) blocks.set(header, body.join('\n'));
  };
  for (const l of lines) {
    if (l.startsWith('    name: ')) {
      pendingName = l;
      continue;
    }
    if (l.startsWith('    alertname: ') || l.startsWith('    expr: ')) {
      flush();
      header = l;
      body = pendingName ? [pendingName] : [];
      pendingName = '';
      continue;
    }
    body.push(l);
  }
  flush();
  // Anything before the first report (file errors) is compared as one block.
  return blocks.size > 0 || lines.length === 0 ? blocks : new Map([['<whole output>', lines.join('\n')]]);
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * Equal texts, except that numbers may differ within the engine tolerance:
 * promtool itself sums in an order that varies from run to run, so its last
 * digit is not stable.
 */
function textsAgree(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  return na.length === nb.length && na.every((x, i) => floatsAgree(Number(x), Number(nb[i])));
}

function runPromtool(testFile: string): Promise<ToolReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, ['test', 'rules', path.basename(testFile)], { cwd: path.dirname(testFile), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ passed: code === 0, lines: normalizeLines(out) });
    });
  });
}

function runPromforge(testFile: string): ToolReport {
  const r = runUnitTestFile(testFile, engineDeps(), {});
  const text = [...r.diagnostics.map((d) => d.message), ...r.groups.flatMap((g) => g.failures)].join('\n');
  return { passed: r.passed && r.diagnostics.length === 0, lines: normalizeLines(text) };
}

describe.skipIf(!present)('promforge test vs promtool test rules 2.42 (differential)', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'promforge-unittest-diff-'));
  // PROMFORGE_DIFF_KEEP=1 keeps the generated files for inspection.
  afterAll(() => {
    if (process.env['PROMFORGE_DIFF_KEEP']) console.info(`generated unit tests kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });

  it(`reports the same on ${TEST_COUNT} generated unit tests`, async () => {
    const tests = generateUnitTests(SEED, TEST_COUNT);
    const files = tests.map((t) => {
      const dir = path.join(workDir, t.name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'rules.yml'), t.rulesYaml);
      writeFileSync(path.join(dir, 'test.yml'), t.testYaml);
      return path.join(dir, 'test.yml');
    });
    const promtool: ToolReport[] = [];
    for (let i = 0; i < files.length; i += CONCURRENCY) promtool.push(...(await Promise.all(files.slice(i, i + CONCURRENCY).map(runPromtool))));
    const ours = files.map(runPromforge);

    const differing: { name: string; block: string }[] = [];
    let blocksCompared = 0;
    let gotSections = 0;
    let passFailDiffer = 0;
    tests.forEach((t, i) => {
      const p = failureBlocks(promtool[i]!.lines);
      const o = failureBlocks(ours[i]!.lines);
      if (promtool[i]!.passed !== ours[i]!.passed) passFailDiffer++;
      gotSections += promtool[i]!.lines.filter((l) => l.trimStart().startsWith('got:')).length;
      const headers = [...new Set([...p.keys(), ...o.keys()])];
      for (const h of headers) {
        blocksCompared++;
        const a = p.get(h);
        const b = o.get(h);
        if (a !== undefined && b !== undefined && textsAgree(a, b)) continue;
        differing.push({ name: t.name, block: h });
        console.info(`DIFFER ${t.name} ${h}\n  promtool:  ${a ?? '<no failure>'}\n  promforge: ${b ?? '<no failure>'}`);
      }
    });
    const failing = promtool.filter((p) => !p.passed).length;
    console.info(
      `differential unit tests: ${tests.length} tests (${failing} failing in promtool, ${passFailDiffer} pass/fail differences); ` +
        `${blocksCompared - differing.length}/${blocksCompared} failure reports agree (${gotSections} got: sections from promtool)`,
    );

    // Most generated tests must fire something or return data, or there is little to compare.
    expect(failing).toBeGreaterThan(TEST_COUNT * 0.7);
    expect(differing).toEqual(KNOWN_UNITTEST_DISAGREEMENTS.map((k) => ({ name: k.name, block: k.block })));
    // Every known difference is in a failure text, not in whether a test fails.
    expect(passFailDiffer).toBe(0);
  }, 110_000);
});
