// `.promforge.yaml`: found from the working directory upward (or given with
// --config), validated against the published JSON Schema with ajv, errors
// reported at the file's line:col.

import { readInputTextSync } from '../fs/read.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import { type FileDiagnostic, readErrorDiagnostic, type Severity } from '../diagnostics.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileGlob } from './glob.js';
import type { ServerSpec } from './server-spec.js';
import { type PrometheusVersion, parsePrometheusVersion, versionText } from '../version/version.js';

import { emptyConfig, findConfigFile } from './find.js';

export { CONFIG_FILE_NAMES, emptyConfig, findConfigFile } from './find.js';

export interface CheckSetting {
  readonly enabled: boolean;
  readonly severity?: Severity;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface PromforgeConfig {
  /** The config file, when one was found. */
  readonly path?: string;
  /** Globs are relative to this directory. */
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly dialect?: 'prometheus' | 'thanos' | 'mimir';
  readonly metadata?: string;
  readonly scrapeInterval?: string;
  readonly evaluationInterval?: string;
  readonly checks: ReadonlyMap<string, CheckSetting>;
  /** Servers for --prometheus (src/remote); relative file paths in them are relative to `dir`. */
  readonly prometheus?: readonly ServerSpec[];
  /** The Prometheus version whose semantics every command emulates unless --prometheus-version says otherwise. */
  readonly prometheusVersion?: PrometheusVersion;
  /** Positions of values in the file, for problems found after loading (check options, durations). */
  readonly locate?: ConfigLocator;
}

let validator: ValidateFunction | undefined;
function configValidator(): ValidateFunction {
  if (!validator) {
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as typeof import('ajv').default;
    const schema = JSON.parse(readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

export interface LoadedConfig {
  readonly config: PromforgeConfig;
  readonly diagnostics: FileDiagnostic[];
}

/** Loads `explicitPath`, or the nearest config above `cwd`, or an empty config. */
export function loadConfig(cwd: string, explicitPath?: string): LoadedConfig {
  const file = explicitPath ? path.resolve(cwd, explicitPath) : findConfigFile(cwd);
  if (!file) return { config: emptyConfig(cwd), diagnostics: [] };
  const at = (message: string, line = 1, column = 1, endLine = line, endColumn = column + 1): FileDiagnostic => ({
    code: 'config/invalid',
    severity: 'error',
    message,
    file,
    line,
    column,
    endLine,
    endColumn,
    source: 'config',
  });
  const read = readInputTextSync(file);
  if (!read.ok) return { config: emptyConfig(cwd), diagnostics: [readErrorDiagnostic(explicitPath ?? file, read.error)] };
  const text = read.value;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      config: emptyConfig(path.dirname(file)),
      diagnostics: doc.errors.map((e) => {
        const s = lineCounter.linePos(e.pos[0]);
        const t = lineCounter.linePos(e.pos[1]);
        return at(e.message.split('\n')[0]!, s.line, s.col, t.line, t.col);
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml throws on alias bombs (excessive alias count): bad input, not a crash.
    return { config: emptyConfig(path.dirname(file)), diagnostics: [at(`invalid config: ${(e as Error).message}`)] };
  }
  const locate = configLocator(doc, lineCounter);
  const validate = configValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    const diagnostics = errors
      .filter((err, _i, all) => isLeafError(err, all, data))
      .map((err) => {
        const segments = pointerSegments(err.instancePath);
        // An unknown field is reported at its key, not at the map that holds it.
        const extra = err.keyword === 'additionalProperties' ? String((err.params as { additionalProperty: string }).additionalProperty) : undefined;
        const pos = (extra !== undefined ? locate([...segments, extra], 'key') : undefined) ?? locate(segments);
        return at(describeSchemaError(err, valueAt(data, segments)), pos?.line, pos?.column, pos?.endLine, pos?.endColumn);
      });
    return { config: emptyConfig(path.dirname(file)), diagnostics };
  }
  const globErrors = invalidGlobs(data as RawConfig, doc, lineCounter, at);
  if (globErrors.length > 0) return { config: emptyConfig(path.dirname(file)), diagnostics: globErrors };
  // `prometheusVersion: 2.50` is the YAML float 2.5: the version is read from the source text.
  let prometheusVersion: PrometheusVersion | undefined;
  const versionNode = doc.get('prometheusVersion', true);
  if (versionNode !== undefined) {
    const parsed = parsePrometheusVersion(versionText(versionNode));
    const range = isNode(versionNode) && versionNode.range ? versionNode.range : undefined;
    const s = lineCounter.linePos(range?.[0] ?? 0);
    const t = lineCounter.linePos(range?.[1] ?? 0);
    if (!parsed.ok) return { config: emptyConfig(path.dirname(file)), diagnostics: [at(`prometheusVersion: ${parsed.message}`, s.line, s.col, t.line, t.col)] };
    prometheusVersion = parsed.version;
  }
  const config = { ...toConfig(file, data as RawConfig), locate };
  return { config: prometheusVersion ? { ...config, prometheusVersion } : config, diagnostics: [] };
}

/** Where in the config file a value is (or, with 'key', the key naming it). */
export type ConfigLocator = (path: readonly (string | number)[], part?: 'value' | 'key') => ConfigPosition | undefined;

export interface ConfigPosition {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function configLocator(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter): ConfigLocator {
  return (keys, part = 'value') => {
    let range: readonly number[] | undefined;
    if (part === 'key' && keys.length > 0) {
      const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(keys[keys.length - 1])) : undefined;
      range = isNode(pair?.key) ? (pair.key.range ?? undefined) : undefined;
    } else {
      const node = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
      range = isNode(node) && node.range ? node.range : undefined;
    }
    if (!range) return undefined;
    const s = lineCounter.linePos(range[0]!);
    const t = lineCounter.linePos(range[1]!);
    return { line: s.line, column: s.col, endLine: t.line, endColumn: t.col };
  };
}

/** A JSON pointer's segments, array indexes as numbers. */
function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, keys: readonly (string | number)[]): unknown {
  let v = data;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** A key path as people write it: `checks.promql/rate.severity`, `prometheus[0].url`. */
export function configKeyPath(keys: readonly (string | number)[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || 'config';
}

/** A malformed include/exclude glob is reported where it is written. */
function invalidGlobs(
  raw: RawConfig,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  at: (m: string, l?: number, c?: number, el?: number, ec?: number) => FileDiagnostic,
): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  for (const key of ['include', 'exclude'] as const) {
    for (const [i, glob] of (raw[key] ?? []).entries()) {
      const compiled = compileGlob(glob);
      if (compiled.ok) continue;
      const node = doc.getIn([key, i], true);
      const range = isNode(node) && node.range ? node.range : undefined;
      const s = lineCounter.linePos(range?.[0] ?? 0);
      const t = lineCounter.linePos(range?.[1] ?? 0);
      out.push(at(`${key}[${i}]: ${compiled.error}`, s.line, s.col, t.line, t.col));
    }
  }
  return out;
}

interface RawConfig {
  include?: string[];
  exclude?: string[];
  dialect?: 'prometheus' | 'thanos' | 'mimir';
  metadata?: string;
  scrapeInterval?: string;
  evaluationInterval?: string;
  prometheus?: ServerSpec[];
  prometheusVersion?: string | number;
  checks?: Record<string, boolean | 'off' | Severity | { enabled?: boolean; severity?: Severity; options?: Record<string, unknown> }>;
}

function toConfig(file: string, raw: RawConfig): PromforgeConfig {
  const checks = new Map<string, CheckSetting>();
  for (const [id, v] of Object.entries(raw.checks ?? {})) {
    if (typeof v === 'boolean') checks.set(id, { enabled: v, options: {} });
    else if (v === 'off') checks.set(id, { enabled: false, options: {} });
    else if (typeof v === 'string') checks.set(id, { enabled: true, severity: v, options: {} });
    else checks.set(id, { enabled: v.enabled ?? true, ...(v.severity ? { severity: v.severity } : {}), options: v.options ?? {} });
  }
  return {
    path: file,
    dir: path.dirname(file),
    include: raw.include ?? [],
    exclude: raw.exclude ?? [],
    ...(raw.dialect ? { dialect: raw.dialect } : {}),
    ...(raw.metadata ? { metadata: raw.metadata } : {}),
    ...(raw.scrapeInterval ? { scrapeInterval: raw.scrapeInterval } : {}),
    ...(raw.evaluationInterval ? { evaluationInterval: raw.evaluationInterval } : {}),
    ...(raw.prometheus ? { prometheus: raw.prometheus } : {}),
    checks,
  };
}

// oneOf failures produce one error per branch plus the oneOf itself. For a
// value that is a map, the map branch's own errors (an unknown field, a bad
// severity inside it) name the exact key; for any other value the oneOf
// summary says what is accepted.
function isLeafError(err: ErrorObject, all: readonly ErrorObject[], data: unknown): boolean {
  if (err.keyword === 'oneOf') return !isPlainMap(valueAt(data, pointerSegments(err.instancePath)));
  // The name pattern's own error names the bad check id; propertyNames only repeats it.
  if (err.keyword === 'propertyNames') return false;
  const oneOf = all.find((e) => e.keyword === 'oneOf' && err.schemaPath.startsWith(e.schemaPath.replace(/\/oneOf$/, '/oneOf/')));
  if (oneOf === undefined) return true;
  if (!isPlainMap(valueAt(data, pointerSegments(oneOf.instancePath)))) return false;
  // Inside the map: keep what is wrong with its fields, not the other branches' "must be boolean/string".
  return err.instancePath !== oneOf.instancePath || err.keyword === 'additionalProperties' || err.keyword === 'required';
}

function isPlainMap(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a map (key: value)',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
};
const DURATION_PATTERN = '^([0-9]+(ms|[ywdhms]))+$';

function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}

function describeSchemaError(err: ErrorObject, value: unknown): string {
  const where = configKeyPath(pointerSegments(err.instancePath));
  switch (err.keyword) {
    case 'additionalProperties':
      return `unknown field "${String((err.params as { additionalProperty: string }).additionalProperty)}" in ${where}`;
    case 'required':
      return `${where} needs "${String((err.params as { missingProperty: string }).missingProperty)}"`;
    case 'enum':
      return `${where} must be one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}, got ${got(value)}`;
    case 'oneOf':
      return `${where} must be true/false, a severity (error, warning, info, off) or {enabled, severity, options}, got ${got(value)}`;
    case 'propertyNames':
      return `invalid check id in ${where}: check ids look like "promql/rate"`;
    case 'pattern': {
      const pattern = (err.params as { pattern: string }).pattern;
      // A property-name pattern (check ids under checks:) reports the name itself.
      if (err.propertyName !== undefined) return `invalid check id "${err.propertyName}" in ${where}: check ids look like "promql/rate"`;
      if (pattern === DURATION_PATTERN) return `${where} must be a duration such as 30s, 1m or 1h30m, got ${got(value)}`;
      if (pattern.startsWith('^https?')) return `${where} must be an http:// or https:// URL, got ${got(value)}`;
      return `${where} must match ${pattern}, got ${got(value)}`;
    }
    case 'type':
      return `${where} must be ${TYPE_NAMES[String((err.params as { type: string }).type)] ?? String((err.params as { type: string }).type)}, got ${got(value)}`;
    default:
      return `${where} ${err.message ?? 'is invalid'}`;
  }
}
