// Validation of pack files, thresholds tables and values files against the
// published JSON Schema (schemas/rulepack.schema.json, also usable by
// editors). ajv reports JSON pointers; they are mapped back onto the YAML
// nodes so each error carries the file's line:col.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Node } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { errorAt, type InputFile } from './source.js';

const SCHEMA_URL = new URL('../../schemas/rulepack.schema.json', import.meta.url);
const SCHEMA_ID = 'https://promforge.dev/schemas/rulepack.schema.json';

export type SchemaPart = 'pack' | 'thresholdsTable';

let validators: Record<SchemaPart, ValidateFunction> | undefined;

function getValidators(): Record<SchemaPart, ValidateFunction> {
  if (!validators) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(schema);
    validators = {
      pack: ajv.getSchema(SCHEMA_ID)!,
      thresholdsTable: ajv.getSchema(`${SCHEMA_ID}#/$defs/thresholdsTable`)!,
    };
  }
  return validators;
}

/** Validates the file's document; returns one diagnostic per distinct problem location. */
export function validateAgainstSchema(file: InputFile, part: SchemaPart): FileDiagnostic[] {
  if (!file.doc) return [errorAt(file, undefined, 'empty file')];
  let data: unknown;
  try {
    data = file.doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // yaml refuses alias bombs ("excessive alias count"): bad input, reported, not a crash.
    return [errorAt(file, undefined, `cannot expand the file's YAML aliases: ${(e as Error).message}`)];
  }
  const validate = getValidators()[part];
  if (validate(data)) return [];
  return pickErrors(validate.errors ?? []).map((e) => errorAt(file, nodeAtPointer(file, e.instancePath, e), messageOf(e)));
}

/**
 * ajv reports every failed branch of a oneOf/if; the useful error is the one
 * at the deepest location. Keep, per location, the most specific errors.
 */
function pickErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const structural = new Set(['oneOf', 'anyOf', 'if', 'allOf']);
  const concrete = errors.filter((e) => !structural.has(e.keyword));
  const pool = concrete.length > 0 ? concrete : [...errors];
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0);
  const max = Math.max(...pool.map(depth));
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  for (const e of pool) {
    if (depth(e) !== max) continue;
    const key = `${e.instancePath} ${messageOf(e)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

function messageOf(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'file' : e.instancePath.slice(1).replace(/\//g, '.');
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(p['additionalProperty'])}" in ${where}`;
    case 'required':
      return `missing required field "${String(p['missingProperty'])}" in ${where}`;
    case 'enum':
      return `${where}: must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where}: must be ${JSON.stringify(p['allowedValue'])}`;
    default:
      return `${where}: ${e.message ?? 'is invalid'}`;
  }
}

function nodeAtPointer(file: InputFile, pointer: string, e: ErrorObject): Node | undefined {
  const path =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const keys = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  if (e.keyword === 'additionalProperties') {
    // Point at the offending key itself.
    const parent = keys.length === 0 ? file.doc?.contents : file.doc?.getIn(keys, true);
    const name = String((e.params as Record<string, unknown>)['additionalProperty']);
    const pair = (parent as { items?: { key: Node }[] } | undefined)?.items?.find((it) => (it.key as { value?: unknown }).value === name);
    if (pair) return pair.key;
  }
  if (keys.length === 0) return (file.doc?.contents ?? undefined) as Node | undefined;
  return (file.doc?.getIn(keys, true) ?? undefined) as Node | undefined;
}
