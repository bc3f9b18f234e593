// Every expression of the shared reference material must be accepted, with
// the value type Prometheus gives it: the `expr:` of every rule file in the
// rule corpus (and the `promql_expr_test` expressions of its unit-test
// file), and every `eval` query of Prometheus's own PromQL test scripts
// (those always parse upstream: a query that does not parse makes the whole
// script fail to load, so even `expect fail` blocks hold valid queries).

import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseExpr } from '../../src/promql/parse.js';
import type { ValueType } from '../../src/promql/ast.js';
import { parseNumber } from '../../src/promql/literals.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const conformanceDir = process.env.PROMFORGE_CONFORMANCE_DIR ?? join(repoRoot, '..', 'shared', 'conformance');
const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
const scriptsDir = join(conformanceDir, 'promqltest');

function walkFiles(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walkFiles(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rule corpus.

interface CorpusExpr {
  readonly where: string;
  readonly expr: string;
}

/** The `expr` strings under groups[].rules[] and tests[].promql_expr_test[] of any YAML document. */
function exprsOfDocument(doc: unknown, where: string): CorpusExpr[] {
  const out: CorpusExpr[] = [];
  const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const field = (v: unknown, key: string): unknown => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
  // PrometheusRule resources carry the rule groups under `spec`.
  const roots = [doc, field(doc, 'spec')];
  for (const root of roots) {
    asList(field(root, 'groups')).forEach((group, g) => {
      asList(field(group, 'rules')).forEach((rule, r) => {
        const expr = field(rule, 'expr');
        if (typeof expr === 'string') out.push({ where: `${where} groups[${g}].rules[${r}]`, expr });
        else if (typeof expr === 'number') out.push({ where: `${where} groups[${g}].rules[${r}]`, expr: String(expr) });
      });
    });
    asList(field(root, 'tests')).forEach((test, t) => {
      asList(field(test, 'promql_expr_test')).forEach((pet, i) => {
        const expr = field(pet, 'expr');
        if (typeof expr === 'string') out.push({ where: `${where} tests[${t}].promql_expr_test[${i}]`, expr });
      });
    });
  }
  return out;
}

function corpusExprs(): CorpusExpr[] {
  const files = walkFiles(corpusDir, (p) => /\.ya?ml$/.test(p));
  const out: CorpusExpr[] = [];
  for (const file of files) {
    const where = relative(corpusDir, file);
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) out.push(...exprsOfDocument(doc.toJS(), where));
  }
  return out;
}

const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`[promql corpus] skipping the rule corpus: ${corpusDir} not found`);

describe.skipIf(!hasCorpus)('rule corpus expressions', () => {
  it('parses every expr with no diagnostics, as an instant vector or scalar', () => {
    const exprs = corpusExprs();
    const failures: string[] = [];
    const types = new Map<ValueType, number>();
    for (const { where, expr } of exprs) {
      const r = parseExpr(expr);
      if (r.diagnostics.length > 0 || !r.type) {
        failures.push(`${where}: ${r.diagnostics.map((d) => `${d.message} @${d.pos.start}-${d.pos.end}`).join('; ')}\n    ${expr}`);
        continue;
      }
      types.set(r.type, (types.get(r.type) ?? 0) + 1);
      // A rule's expression is evaluated as an instant query: Prometheus
      // accepts only vector and scalar results there.
      if (r.type !== 'vector' && r.type !== 'scalar') failures.push(`${where}: type ${r.type}\n    ${expr}`);
    }
    console.info(`[promql corpus] ${exprs.length} rule-file expressions parsed; types: ${JSON.stringify(Object.fromEntries(types))}`);
    expect(failures).toEqual([]);
    // The corpus has 1858 rules plus the unit-test file's expressions.
    expect(exprs.length).toBeGreaterThanOrEqual(1858);
  });
});

// ---------------------------------------------------------------------------
// PromQL test scripts.

interface EvalQuery {
  readonly where: string;
  readonly query: string;
  /** The type Prometheus gives the query, derived from the block's expectations; undefined when the block cannot tell. */
  readonly expectedType: ValueType | 'scalar-or-vector' | undefined;
}

const INSTANT_HEADER = /^eval(?:_fail|_warn|_info|_ordered)?\s+instant\s+(?:at\s+)?(\S+)\s+(.+)$/;
const RANGE_HEADER = /^eval(?:_fail|_warn|_info)?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(\S+)\s+(.+)$/;

/** Whether a line is, as a whole, a Go number (a scalar expectation line). */
function isScalarLine(line: string): boolean {
  const t = line.trim();
  return t !== '' && parseNumber(t) !== undefined && !/_/.test(t);
}

function evalQueries(file: string): EvalQuery[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: EvalQuery[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i]!.trim();
    if (!header.startsWith('eval')) continue;
    const where = `${relative(scriptsDir, file)}:${i + 1}`;
    const range = RANGE_HEADER.exec(header);
    const instant = range ? null : INSTANT_HEADER.exec(header);
    const query = range ? range[4]! : instant ? instant[2]! : undefined;
    if (query === undefined) throw new Error(`${where}: unrecognised eval header: ${header}`);
    // The block: lines up to the first empty or comment line.
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!.trim();
      if (l === '' || l.startsWith('#')) break;
      body.push(l);
    }
    const expectsFailure = header.startsWith('eval_fail') || body.some((l) => /^expect\s+fail\b/.test(l));
    let expectedType: EvalQuery['expectedType'];
    if (expectsFailure) expectedType = undefined;
    else if (range) expectedType = 'scalar-or-vector';
    else if (body.some((l) => l.startsWith('expect string'))) expectedType = 'string';
    else if (body.some((l) => l.startsWith('expect range vector'))) expectedType = 'matrix';
    else if (body.some((l) => isScalarLine(l))) expectedType = 'scalar';
    else expectedType = 'vector';
    out.push({ where, query, expectedType });
  }
  return out;
}

const hasScripts = existsSync(scriptsDir);
if (!hasScripts) console.warn(`[promql corpus] skipping the PromQL test scripts: ${scriptsDir} not found`);

describe.skipIf(!hasScripts)('PromQL test script queries', () => {
  it('parses every eval query, with the type its expectations imply', () => {
    const files = walkFiles(scriptsDir, (p) => p.endsWith('.test'));
    const failures: string[] = [];
    let count = 0;
    let typed = 0;
    for (const file of files) {
      for (const { where, query, expectedType } of evalQueries(file)) {
        count++;
        const r = parseExpr(query);
        if (r.diagnostics.length > 0 || !r.type) {
          failures.push(`${where}: ${r.diagnostics.map((d) => `${d.message} @${d.pos.start}-${d.pos.end}`).join('; ')}\n    ${query}`);
          continue;
        }
        if (expectedType === undefined) continue;
        typed++;
        const ok = expectedType === 'scalar-or-vector' ? r.type === 'scalar' || r.type === 'vector' : r.type === expectedType;
        if (!ok) failures.push(`${where}: type ${r.type}, expected ${expectedType}\n    ${query}`);
      }
    }
    console.info(`[promql corpus] ${count} eval queries in ${files.length} scripts parsed; ${typed} type-checked against their expectations`);
    expect(failures).toEqual([]);
    expect(files.length).toBe(21);
    expect(count).toBeGreaterThan(1000);
  });
});
