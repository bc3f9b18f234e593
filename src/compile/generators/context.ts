// What a generator gets: typed access to its `params:` map (placeholders
// resolved, every error at the offending node), thresholds tables, and a
// place to report problems. Generators return rules as PromQL text built from
// validated values; the compiler parses, injects and checks them.
import path from 'node:path';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { FileDiagnostic } from '../../diagnostics.js';
import type { Expr } from '../../promql/ast.js';
import { parseDuration } from '../../promql/literals.js';
import type { Rational } from '../decimal.js';
import { getNode, mapPairs } from '../load.js';
import { parseParamValue, type ParamType, type ParamValue, type SelectorMatcher } from '../params.js';
import { parsePromqlTemplate, substituteText, type Resolver } from '../placeholders.js';
import { errorAt, errorInScalar, rawValue, type InputFile, type Origin } from '../source.js';
import { loadThresholdsTable, type ThresholdsTable } from '../thresholds.js';

export interface GeneratorEnv {
  readonly file: InputFile;
  readonly packDir: string;
  readonly cwd: string;
  readonly resolve: Resolver;
  readonly diagnostics: FileDiagnostic[];
  /** The Prometheus version the output is for (default the 3.x target). */
  readonly prometheusVersion?: import('../../version/version.js').PrometheusVersion;
}

export interface GeneratedRule {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly exprText: string;
  readonly forMs?: number;
  readonly labels: readonly (readonly [string, string])[];
  readonly annotations: readonly (readonly [string, string])[];
}

export interface GeneratorInput {
  /** The entry's `name:` (alert name / recording prefix). */
  readonly name: string;
  readonly params: GenParams;
  readonly origin: Origin;
  readonly env: GeneratorEnv;
}

export type Generator = (input: GeneratorInput) => GeneratedRule[];

const EXACT_PLACEHOLDER_RE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** Typed, position-aware reader of one `params:` map (or a nested map in it). */
export class GenParams {
  constructor(
    readonly env: GeneratorEnv,
    readonly map: YAMLMap | undefined,
    /** The map's own node, for "missing field" errors. */
    readonly owner: Node | undefined,
    readonly where: string,
  ) {}

  node(key: string): Node | undefined {
    return getNode(this.map, key);
  }

  has(key: string): boolean {
    return this.node(key) !== undefined;
  }

  error(key: string | undefined, message: string): void {
    const node = key === undefined ? this.owner : (this.node(key) ?? this.owner);
    this.env.diagnostics.push(errorAt(this.env.file, node, key === undefined ? message : `${this.where}.${key}: ${message}`));
  }

  /** A value of the given parameter type: `{{param}}` (of that type) or a literal. */
  private typed(key: string, type: ParamType): ParamValue | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    const raw = rawValue(this.env.file, node);
    if (typeof raw === 'string' && isScalar(node) && typeof node.value === 'string') {
      const exact = EXACT_PLACEHOLDER_RE.exec(raw.trim());
      if (exact) {
        const found = this.env.resolve(exact[1]!);
        if (found.kind === 'unknown') return void this.error(key, `unknown parameter "${exact[1]}"`);
        if (found.kind === 'missing')
          return void this.error(key, `parameter "${exact[1]}" has no value: it has no default and is not set by a values file or --set`);
        if (found.value.type !== type) return void this.error(key, `parameter "${exact[1]}" is a ${found.value.type}, expected a ${type}`);
        return found.value;
      }
      const substituted = substituteText(raw, this.env.resolve, true);
      for (const d of substituted.diagnostics) this.env.diagnostics.push(errorInScalar(this.env.file, node, d.pos.start, d.pos.end, d.message));
      if (substituted.diagnostics.length > 0) return undefined;
      const parsed = parseParamValue(type, substituted.text, true);
      if (!parsed.ok) return void this.error(key, parsed.message);
      return parsed.value;
    }
    const parsed = parseParamValue(type, raw, false);
    if (!parsed.ok) return void this.error(key, parsed.message);
    return parsed.value;
  }

  number(key: string): Rational | undefined {
    const v = this.typed(key, 'number');
    return v?.type === 'number' ? v.value : undefined;
  }

  duration(key: string, fallback?: string): number | undefined {
    if (!this.has(key)) {
      if (fallback === undefined) return undefined;
      const d = parseDuration(fallback);
      return 'ms' in d ? d.ms : undefined;
    }
    const v = this.typed(key, 'duration');
    return v?.type === 'duration' ? v.ms : undefined;
  }

  labels(key: string, fallback: readonly string[] = []): readonly string[] {
    if (!this.has(key)) return fallback;
    const v = this.typed(key, 'labels');
    return v?.type === 'labels' ? v.names : fallback;
  }

  selector(key: string): readonly SelectorMatcher[] {
    if (!this.has(key)) return [];
    const v = this.typed(key, 'selector');
    return v?.type === 'selector' ? v.matchers : [];
  }

  /** A string; placeholders are substituted (unknown names left for Go templates unless `strict`). */
  string(key: string, strict = true): string | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (!isScalar(node)) return void this.error(key, 'expected a string');
    const raw = String(node.value);
    const substituted = substituteText(raw, this.env.resolve, strict);
    for (const d of substituted.diagnostics) this.env.diagnostics.push(errorInScalar(this.env.file, node, d.pos.start, d.pos.end, d.message));
    return substituted.text;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const s = this.string(key);
    if (s === undefined) return fallback;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.error(key, `must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** A PromQL expression with placeholders, parsed on the AST. */
  promql(key: string): Expr | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'string') return void this.error(key, 'expected a PromQL expression string');
    const parsed = parsePromqlTemplate(node.value, this.env.resolve, this.env.prometheusVersion);
    for (const d of parsed.diagnostics)
      this.env.diagnostics.push(errorInScalar(this.env.file, node, d.pos.start, d.pos.end, `${this.where}.${key}: ${d.message}`));
    return parsed.expr;
  }

  /** A map of strings (labels, annotations); values keep unknown `{{ }}` for Go templates. */
  stringMap(key: string): [string, string][] {
    const node = this.node(key);
    const out: [string, string][] = [];
    for (const pair of mapPairs(node)) {
      const k = String((pair.key as { value?: unknown }).value);
      const sub = new GenParams(this.env, node as YAMLMap, node, `${this.where}.${key}`);
      const v = sub.string(k, false);
      if (v !== undefined) out.push([k, v]);
    }
    return out;
  }

  sub(key: string): GenParams | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (!isMap(node)) return void this.error(key, 'expected a map');
    return new GenParams(this.env, node, node, `${this.where}.${key}`);
  }

  keys(): string[] {
    return mapPairs(this.map).map((p) => String((p.key as { value?: unknown }).value));
  }

  /** A thresholds table named by a path (relative to the pack file). */
  table(key: string): ThresholdsTable | undefined {
    const rel = this.string(key);
    if (rel === undefined) return undefined;
    const shown = path.relative(this.env.cwd, path.resolve(this.env.packDir, rel)) || rel;
    const before = this.env.diagnostics.length;
    const table = loadThresholdsTable(shown, path.resolve(this.env.packDir, rel), this.env.diagnostics);
    if (!table && this.env.diagnostics.length === before) this.error(key, `cannot load thresholds table "${rel}"`);
    return table;
  }
}
