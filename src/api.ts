// The task-level library API: one call per thing the `promforge` CLI does,
// each returning a typed result (diagnostics, never printed output, never an
// exception for bad input). The CLI commands add argument parsing and
// printing on top. docs/api.md documents it with an example a test runs.
import path from 'node:path';
import { checkFiles, type CheckOptions, type CheckResult } from './rulefmt/check.js';
import type { RuleFile } from './rulefmt/model.js';
import { emptyConfig, loadConfig } from './config/load.js';
import type { FileDiagnostic } from './diagnostics.js';
import { runLint, type LintRunResult } from './lint/run.js';
import { Storage, evaluateInstant, evaluateRange, type EngineOptions, type QueryResult } from './engine/index.js';
import { storageOf } from './engine/recorded.js';
import type { RecordedSeries } from './samples/types.js';
import { runUnitTestFile, type FileResult, type RunOptions } from './unittest/runner.js';
import { engineDeps } from './unittest/engine-binding.js';
import { evalGroupsFromRuleFile } from './rules/from-rulefmt.js';
import { runDryrun, type DryrunOptions, type DryrunReport } from './dryrun/run.js';
import { queryingTemplateExpander } from './dryrun/expander.js';
import type { PrometheusVersion } from './version/version.js';

export { loadSamples, type LoadSamplesOptions } from './samples/index.js';
export type { LoadedSamples, RecordedSeries } from './samples/types.js';
export { fitThresholds, type ThresholdsRequest, type ThresholdsResult } from './thresholds/run.js';
export type { ThresholdsRun } from './thresholds/report.js';
export { formatRuleText, type FormatOptions, type FormatResult } from './fmt/format.js';
export { formatFiles, type FormatFilesOptions, type FormatFilesResult, type FileOutcome } from './fmt/files.js';
export { runTestScript as runPromqlTestScript, type ScriptRunResult, type EvalOutcome } from './promqltest/run.js';
export type { CheckResult, CheckOptions } from './rulefmt/check.js';
export type { LintRunResult } from './lint/run.js';
export type { QueryResult, QueryValue, Sample, Series } from './engine/index.js';
export type { FileResult, GroupResult, RunOptions as UnitTestOptions } from './unittest/runner.js';
export type { DryrunReport, AlertRuleReport, RecordingRuleReport, AlertInstanceReport } from './dryrun/run.js';
export type { AlertValues, PlottedSeries } from './dryrun/alert-values.js';
export type { PrometheusVersion } from './version/version.js';

/**
 * Finds and validates rule files as Prometheus loads them (`promforge
 * check`): directories are walked, unit-test files, rule packs and other YAML
 * are skipped with a note. Relative paths are resolved against `cwd`.
 */
export function loadRuleFiles(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  return checkFiles(paths, { cwd: process.cwd(), ...options });
}

export interface LintFilesOptions {
  readonly cwd?: string;
  /** A .promforge.yaml to use; default: the nearest one above cwd, else none. */
  readonly configFile?: string;
  /** /api/v1/metadata output, for metric types. */
  readonly metadataFile?: string;
  /** Recorded samples whose series tell metric types apart. */
  readonly samples?: readonly string[];
  readonly scrapeInterval?: string;
  readonly dialect?: 'prometheus' | 'thanos' | 'mimir';
  /** Rewrite the files with the checks' fixes. */
  readonly fix?: boolean;
  readonly prometheusVersion?: PrometheusVersion;
}

/** `promforge lint`: every check over the rule files; config problems come back as diagnostics. */
export async function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): Promise<LintRunResult | { configDiagnostics: FileDiagnostic[] }> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = options.configFile === undefined ? loadConfig(cwd) : loadConfig(cwd, options.configFile);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return { configDiagnostics: loaded.diagnostics };
  return runLint({
    paths,
    cwd,
    config: loaded.config ?? emptyConfig(cwd),
    samples: options.samples ?? [],
    fix: options.fix ?? false,
    ...(options.metadataFile !== undefined ? { metadataFile: options.metadataFile } : {}),
    ...(options.scrapeInterval !== undefined ? { scrapeInterval: options.scrapeInterval } : {}),
    ...(options.dialect !== undefined ? { dialect: options.dialect } : {}),
    ...(options.prometheusVersion !== undefined ? { prometheusVersion: options.prometheusVersion } : {}),
  });
}

/** An instant query at `time`, or a range query from `start` to `end` (all ms since the epoch). */
export type QueryAt = { readonly time: number } | { readonly start: number; readonly end: number; readonly step: number };

/** Puts recorded series (from loadSamples) into the engine's storage. */
export { storageOf };

/** `promforge query`: evaluates PromQL over recorded series with Prometheus's semantics. */
export function query(expr: string, series: readonly RecordedSeries[] | Storage, at: QueryAt, options: EngineOptions = {}): QueryResult {
  const storage = series instanceof Storage ? series : storageOf(series);
  return 'time' in at ? evaluateInstant(expr, at.time, storage, options) : evaluateRange(expr, at.start, at.end, at.step, storage, options);
}

/**
 * `promforge test`: runs one unit-test file in promtool's `test rules`
 * format; its rule_files are read relative to the test file.
 */
export function runUnitTests(file: string, options: RunOptions = {}): FileResult {
  return runUnitTestFile(path.resolve(file), engineDeps(), options);
}

/** What runDryrun takes, with validated rule files in place of evaluation groups. */
export interface DryrunRequest extends Pick<
  DryrunOptions,
  'series' | 'startMs' | 'endMs' | 'defaultIntervalMs' | 'prometheusVersion' | 'onProgress' | 'recordValues'
> {
  /** Validated rule files, e.g. loadRuleFiles(...).files. */
  readonly ruleFiles: readonly RuleFile[];
}

/**
 * `promforge dryrun`: evaluates every rule group over the series as
 * Prometheus would have, step by step: alert timelines, recording-rule
 * output, rules that never produced anything, evaluation errors.
 */
export function dryrun(req: DryrunRequest): DryrunReport | { error: string } {
  const { ruleFiles, ...options } = req;
  return runDryrun({
    ...options,
    groups: ruleFiles.flatMap((f) => evalGroupsFromRuleFile(f, req.prometheusVersion)),
    expander: queryingTemplateExpander(req.prometheusVersion),
  });
}
