// The compiler's data model: loaded packs with their parameter declarations,
// the rules a pack produces (before printing), and the public options and
// results of compilePacks.
import type { YAMLMap, YAMLSeq } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import type { Expr } from '../promql/ast.js';
import type { ParamType, ParamValue } from './params.js';
import type { InputFile, Origin } from './source.js';

export const TARGETS = ['prometheus', 'prometheusrule', 'mimir', 'thanos'] as const;
export type Target = (typeof TARGETS)[number];

export interface ParamDecl {
  readonly name: string;
  readonly type: ParamType;
  readonly description?: string;
  /** The raw default as written (validated when the pack is loaded). */
  readonly defaultValue?: ParamValue;
  /** The declaration (its key node) — where "declared here" points. */
  readonly origin: Origin;
  /** The pack that declared it (differs from the loading pack for imports). */
  readonly declaredIn: string;
}

export interface LoadedPack {
  readonly file: InputFile;
  /** Directory of the pack file; relative paths in the pack resolve against it. */
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly params: ReadonlyMap<string, ParamDecl>;
  readonly inject?: YAMLMap;
  readonly groups: YAMLSeq;
}

/** One rule a pack produces, before printing. */
export interface OutputRule {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly expr: Expr;
  readonly forMs?: number;
  readonly keepFiringForMs?: number;
  /** Ordered pairs; emitted in this order. */
  readonly labels: readonly (readonly [string, string])[];
  readonly annotations: readonly (readonly [string, string])[];
  /** Where errors about this rule point. */
  readonly origin: Origin;
}

export interface OutputGroup {
  readonly name: string;
  readonly intervalMs?: number;
  readonly queryOffsetMs?: number;
  readonly limit?: number;
  readonly partialResponseStrategy?: 'warn' | 'abort';
  readonly rules: OutputRule[];
  readonly origin: Origin;
}

export interface CompileOptions {
  /** Output format (default prometheus). */
  readonly target?: Target;
  /** Values files, applied in order (later wins). */
  readonly valuesFiles?: readonly string[];
  /** `k=v` or `pack.k=v` overrides, applied after values files. */
  readonly set?: readonly string[];
  /** Labels added to every by/on clause of every pack (like `mimirtool rules prepare -a`). */
  readonly injectLabels?: readonly string[];
  /** Resolves relative paths (default process.cwd()). */
  readonly cwd?: string;
  /**
   * Where the output will be written (relative to cwd): a pack test's
   * relative `rule_files` entries that are not compiled packs are re-anchored
   * there. Without it they become absolute paths.
   */
  readonly outputDir?: string;
  /** Render the packs' tests into `CompileResult.tests` (default true). */
  readonly tests?: boolean;
  /**
   * Validate the compiled rules for this Prometheus version (its function
   * set, syntax and rule-file fields); default the 3.x target.
   */
  readonly prometheusVersion?: import('../version/version.js').PrometheusVersion;
}

export interface CompiledFile {
  /** File name relative to the output directory. */
  readonly path: string;
  readonly content: string;
  readonly pack: string;
}

/** A pack's unit test rendered for the output directory (see pack-tests.ts). */
export interface CompiledTest extends CompiledFile {
  /** The test file in the pack it was rendered from, as shown (relative to cwd). */
  readonly source: string;
}

export interface CompiledPackSummary {
  readonly name: string;
  /** The pack file, as shown (relative to cwd). */
  readonly file: string;
  readonly tests: number;
}

export interface CompileResult {
  /** Rule files, one per pack. */
  readonly files: CompiledFile[];
  /** The packs' unit tests, to be written beside the rule files (writeCompiled takes both). */
  readonly tests: CompiledTest[];
  /** Every pack compiled, with how many tests it has. */
  readonly packs: CompiledPackSummary[];
  readonly diagnostics: FileDiagnostic[];
}
