// Round-trip property over real expressions: every rule expression in the
// shared corpus and every `eval` query in Prometheus's own PromQL test
// scripts that parses must print (canonically and prettily) to text that
// parses back to the same AST, ignoring positions (astEqual), and printing
// must be idempotent.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseExpr } from '../../src/promql/parse.js';
import { astEqual, canonicalAst, printExpr } from '../../src/promql/printer.js';
import { prettyPrint } from '../../src/promql/pretty.js';
import type { Expr } from '../../src/promql/ast.js';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const conformanceDir = process.env.PROMFORGE_CONFORMANCE_DIR ?? join(repo, '../shared/conformance');
const corpusDir = join(repo, '../shared/corpus');
const promqltestDir = join(conformanceDir, 'promqltest');

interface Sample {
  readonly source: string;
  readonly text: string;
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(name)) out.push(path);
  }
  return out;
}

/** Every string `expr:` field anywhere in the YAML documents of the corpus. */
function corpusExpressions(): Sample[] {
  const samples: Sample[] = [];
  const collect = (node: unknown, source: string): void => {
    if (Array.isArray(node)) for (const item of node) collect(item, source);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'expr' && typeof value === 'string') samples.push({ source, text: value });
        else collect(value, source);
      }
    }
  };
  for (const file of filesUnder(corpusDir, (n) => /\.ya?ml$/.test(n))) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (!('errors' in doc) || doc.errors.length > 0) continue;
      collect(doc.toJS(), file);
    }
  }
  return samples;
}

const INSTANT_EVAL = /^eval\S*\s+instant\s+at\s+\S+\s+(.*)$/;
const RANGE_EVAL = /^eval\S*\s+range\s+from\s+.*\s+to\s+.*\s+step\s+\S+\s+(.*)$/;

/** The query of every `eval` header line (FORMAT.md §4.4). */
function evalQueries(): Sample[] {
  const samples: Sample[] = [];
  for (const file of filesUnder(promqltestDir, (n) => n.endsWith('.test'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = INSTANT_EVAL.exec(line) ?? RANGE_EVAL.exec(line);
        if (m) samples.push({ source: `${file}:${i + 1}`, text: m[1]!.trim() });
      });
  }
  return samples;
}

interface Outcome {
  parsed: number;
  unparsable: number;
  failures: string[];
}

function checkRoundTrip(samples: readonly Sample[]): Outcome {
  const outcome: Outcome = { parsed: 0, unparsable: 0, failures: [] };
  const check = (sample: Sample, ast: Expr, how: string, printed: string): void => {
    const again = parseExpr(printed);
    if (!again.expr) {
      outcome.failures.push(`${sample.source}: ${how} output does not parse (${again.diagnostics[0]?.message}):\n${printed}`);
    } else if (!astEqual(ast, again.expr)) {
      outcome.failures.push(
        `${sample.source}: ${how} output parses to a different AST:\n${printed}\n${JSON.stringify(canonicalAst(ast))}\n${JSON.stringify(canonicalAst(again.expr))}`,
      );
    }
  };
  for (const sample of samples) {
    const parsed = parseExpr(sample.text);
    if (!parsed.expr) {
      outcome.unparsable++;
      continue;
    }
    outcome.parsed++;
    const printed = printExpr(parsed.expr);
    check(sample, parsed.expr, 'printExpr', printed);
    const pretty = prettyPrint(parsed.expr);
    check(sample, parsed.expr, 'prettyPrint', pretty);
    const prettyAgain = parseExpr(pretty).expr;
    if (prettyAgain && prettyPrint(prettyAgain) !== pretty) {
      outcome.failures.push(`${sample.source}: pretty printing is not idempotent:\n${pretty}\n${prettyPrint(prettyAgain)}`);
    }
    check(sample, parsed.expr, 'prettyPrint(maxWidth 20)', prettyPrint(parsed.expr, { maxWidth: 20 }));
    const reparsed = parseExpr(printed).expr;
    if (reparsed && printExpr(reparsed) !== printed) {
      outcome.failures.push(`${sample.source}: printing is not idempotent:\n${printed}\n${printExpr(reparsed)}`);
    }
  }
  return outcome;
}

const haveCorpus = existsSync(corpusDir);
const haveConformance = existsSync(promqltestDir);
if (!haveCorpus) console.warn(`[skip] printer round trip over the rule corpus: ${corpusDir} not found`);
if (!haveConformance) console.warn(`[skip] printer round trip over promqltest evals: ${promqltestDir} not found`);

describe.skipIf(!haveCorpus)('round trip over the rule corpus', () => {
  it('reprints every parsable rule expression to an equal AST', () => {
    const samples = corpusExpressions();
    const outcome = checkRoundTrip(samples);
    console.info(`corpus: ${samples.length} expressions, ${outcome.parsed} parsed and round-tripped, ${outcome.unparsable} unparsable`);
    expect(samples.length).toBeGreaterThan(1000);
    expect(outcome.failures).toEqual([]);
  });
});

describe.skipIf(!haveConformance)('round trip over promqltest eval queries', () => {
  it('reprints every parsable eval query to an equal AST', () => {
    const samples = evalQueries();
    const outcome = checkRoundTrip(samples);
    console.info(`promqltest: ${samples.length} eval queries, ${outcome.parsed} parsed and round-tripped, ${outcome.unparsable} unparsable`);
    expect(samples.length).toBeGreaterThan(2000);
    expect(outcome.failures).toEqual([]);
  });
});
