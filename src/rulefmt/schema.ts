// Validation against the published JSON Schema (schemas/rules.schema.json),
// with ajv's errors mapped back to YAML positions. rulefmt's own checks stay
// the source of truth for messages; this exists so the schema editors use is
// itself tested (it must accept every valid file) and can be run on demand.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { parseYaml } from '../yaml/parse.js';
import { spanOf, SourceText, type SourceSpan } from '../positions.js';
import { fileDiagnostic } from './positions.js';

/** Alias expansions allowed when turning YAML into JSON for ajv (alias-bomb guard). */
const MAX_ALIAS_COUNT = 1000;

let compiled: ValidateFunction | undefined;

/** The schema as published, read from the package's schemas/ folder. */
export function rulesSchema(): Record<string, unknown> {
  // src/rulefmt and dist/rulefmt are both two levels below the package root.
  return JSON.parse(readFileSync(new URL('../../schemas/rules.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(rulesSchema());
  return compiled;
}

/** Validates the first document of a rule file's text against the schema. */
export function validateAgainstSchema(text: string, path: string): FileDiagnostic[] {
  const parsed = parseYaml(text);
  const source = new SourceText(parsed.text);
  const syntax = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntax.length > 0) return syntax.map((d) => fileDiagnostic(path, d.code, 'error', d.message, spanOf(source, d.pos.start, d.pos.end), 'yaml'));
  const doc = parsed.documents[0];
  if (!doc) return [];
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // yaml throws for alias bombs and unresolvable aliases: report, do not crash.
    return [fileDiagnostic(path, 'rulefmt/schema', 'error', `cannot convert YAML to JSON: ${(e as Error).message}`, spanOf(source, 0, 0), 'schema')];
  }
  const validate = validator();
  if (validate(data ?? {})) return [];
  return selectErrors(validate.errors ?? []).map((e) =>
    fileDiagnostic(path, 'rulefmt/schema', 'error', `schema: ${e.instancePath || '/'}: ${describe(e)}`, errorSpan(doc, source, e), 'schema'),
  );
}

/**
 * ajv reports every failed branch of a `oneOf` (recording vs alerting rule).
 * Keep the errors outside any oneOf, and for each failed oneOf only the errors
 * of the branch the data was meant for (the one whose `required` held, fewest
 * errors on a tie), preferring "field X not allowed" over summary keywords.
 */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const BRANCH = /\/oneOf\/(\d+)\//;
  const out = errors.filter((e) => !BRANCH.test(e.schemaPath) && e.keyword !== 'oneOf');
  for (const failure of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = new Map<number, ErrorObject[]>();
    for (const e of errors) {
      const m = BRANCH.exec(e.schemaPath);
      if (!m || !e.instancePath.startsWith(failure.instancePath) || !e.schemaPath.startsWith(failure.schemaPath.replace(/oneOf$/, ''))) continue;
      const idx = Number(m[1]);
      branches.set(idx, [...(branches.get(idx) ?? []), e]);
    }
    const ranked = [...branches.values()].sort(
      (a, b) => Number(a.some((e) => e.keyword === 'required')) - Number(b.some((e) => e.keyword === 'required')) || a.length - b.length,
    );
    const chosen = ranked[0] ?? [];
    if (chosen.some((e) => e.keyword === 'required')) {
      // No branch applies at all: name what would select one.
      const missing = [...branches.values()].flatMap((b) =>
        b.filter((e) => e.keyword === 'required').map((e) => String((e.params as Record<string, unknown>)['missingProperty'])),
      );
      out.push({ ...failure, message: `must have one of the properties ${[...new Set(missing)].join(', ')}` });
      continue;
    }
    const named = chosen.filter((e) => e.keyword === 'propertyNames');
    const other = chosen.filter((e) => !['propertyNames', 'enum', 'not'].includes(e.keyword));
    const picked = named.length > 0 ? named : other;
    out.push(...(picked.length > 0 ? picked : [failure]));
  }
  return dedupe(out);
}

function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${describe(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field ${String(params['additionalProperty'])}`;
  if (e.keyword === 'propertyNames' && params['propertyName'] !== undefined) {
    const title = (e.parentSchema as { title?: string } | undefined)?.title;
    return `field ${String(params['propertyName'])} not allowed ${title ? `in a ${title}` : 'here'}`;
  }
  return e.message ?? e.keyword;
}

/** The YAML node at a JSON pointer, following aliases; also its key node. */
function nodeAt(doc: Document.Parsed, pointer: string): { node: Node | null; key: Node | null } {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let key: Node | null = null;
  for (const part of parts) {
    node = resolve(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === part);
      if (!pair) return { node: node as Node, key };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(part)];
      key = null;
    } else return { node: (node as Node | null) ?? null, key };
  }
  return { node: (resolve(doc, node) as Node | null) ?? null, key };
}

function resolve(doc: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 100 && current && typeof current === 'object' && 'resolve' in current && typeof current.resolve === 'function'; hops++) {
    current = (current as { resolve: (d: Document.Parsed) => unknown }).resolve(doc);
  }
  return current;
}

function errorSpan(doc: Document.Parsed, source: SourceText, e: ErrorObject): SourceSpan {
  const { node, key } = nodeAt(doc, e.instancePath);
  const params = e.params as Record<string, unknown>;
  const namedKey = params['additionalProperty'] ?? params['propertyName'];
  if (namedKey !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(namedKey));
    if (pair && isScalar(pair.key) && pair.key.range) return spanOf(source, pair.key.range[0], pair.key.range[1]);
  }
  const target = e.keyword === 'required' ? node : (node ?? key);
  const range = target?.range ?? key?.range;
  return range ? spanOf(source, range[0], range[1]) : spanOf(source, 0, 0);
}
