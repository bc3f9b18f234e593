// `promforge lint` as a library: find the files (arguments or config include
// globs), load and validate them (rulefmt problems are reported too), build
// metric-type knowledge (metadata file, fixtures' # TYPE lines, catalog),
// run the checks with the config's settings, drop what inline comments
// disable, and optionally apply safe fixes.

import { cannotRead, readInputTextSync } from '../fs/read.js';
import path from 'node:path';
import { diagnosticLines, formatFileDiagnostic, lintCode, type FileDiagnostic, type Severity } from '../diagnostics.js';
import { configKeyPath, type PromforgeConfig } from '../config/load.js';
import { checkFiles } from '../rulefmt/check.js';
import { lintFileList } from './files.js';
import { parseDuration } from '../promql/literals.js';
import { MetricTypes, parseMetadataJson } from '../knowledge/metric-types.js';
import type { MetadataType } from '../knowledge/metric-types.js';
import type { CheckInfo } from './check-info.js';
import type { LintRule } from './rule-context.js';
import type { ServerFacts } from './server-facts.js';
import { CHECKS, CHECKS_BY_ID } from './checks/index.js';
import { fromRuleFiles } from './adapter.js';
import { lintOptionProblems, lintRules } from './lint.js';
import type { CheckSetting, LintOptions } from './lint.js';
import { isDisabled, parseDisables } from './disables.js';
import { applySafeFixes } from './fixes.js';
import { rewriteRuleText } from '../fmt/format.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { skipNote } from '../fs/classify.js';

/** Gathers server facts about the selectors of `rules` (and metric types when `wantTypes`). */
export type ServerFactSource = (
  rules: readonly LintRule[],
  wantTypes: boolean,
) => Promise<{ readonly facts: ServerFacts; readonly types?: Map<string, MetadataType> } | { readonly error: string }>;

export interface LintRunOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly config: PromforgeConfig;
  readonly metadataFile?: string;
  readonly samples: readonly string[];
  readonly scrapeInterval?: string;
  readonly dialect?: 'prometheus' | 'thanos' | 'mimir';
  readonly fix: boolean;
  readonly readStdin?: () => Promise<string>;
  /**
   * `--prometheus`: what a server knows, for metric types and for the checks
   * that need one (promql/series). The caller supplies the I/O (remote/'s
   * `fromServer`); lint only states what it needs.
   */
  readonly server?: ServerFactSource;
  /**
   * The Prometheus version the rules are for: its syntax, function set and
   * rule-file fields decide what is an error (src/version/differences.ts).
   * Default: the config's prometheusVersion, else the 3.x target.
   */
  readonly prometheusVersion?: import('../version/version.js').PrometheusVersion;
}

export interface LintRunResult {
  readonly problems: FileDiagnostic[];
  readonly sources: Map<string, string>;
  readonly checks: CheckInfo[];
  readonly usageErrors: string[];
  readonly fixed: { file: string; fixes: number }[];
}

const DOCS_BASE = 'https://github.com/promforge/promforge/blob/main/docs/checks';

export function checkInfos(): CheckInfo[] {
  return CHECKS.map((c) => ({
    id: c.meta.id,
    description: c.meta.description,
    defaultSeverity: c.meta.defaultSeverity,
    helpUri: `${DOCS_BASE}/${c.meta.id}.md`,
  }));
}

/** Config check settings in the linter's shape. */
function checkSettings(config: PromforgeConfig): Record<string, 'off' | Severity | CheckSetting> {
  const out: Record<string, 'off' | Severity | CheckSetting> = {};
  for (const [id, s] of config.checks) {
    if (!s.enabled) out[id] = 'off';
    else out[id] = { ...(s.severity ? { severity: s.severity } : {}), ...(Object.keys(s.options).length > 0 ? { options: s.options } : {}) };
  }
  return out;
}

/**
 * Lints; with `fix`, applies the safe fixes and then lints the files again,
 * so what is reported (and the exit code) is what the files hold now, not
 * the problems that were just fixed.
 */
export async function runLint(o: LintRunOptions): Promise<LintRunResult> {
  // Standard input can be read once; the second pass sees the same text.
  let stdin: Promise<string> | undefined;
  const readStdin = o.readStdin;
  const once = { ...o, ...(readStdin ? { readStdin: () => (stdin ??= readStdin()) } : {}) };
  const first = await lintOnce(once);
  if (!o.fix || first.result.fixed.length === 0) return first.result;
  const after = await lintOnce({ ...once, fix: false });
  const writeErrors = first.result.usageErrors.filter((u) => !after.result.usageErrors.includes(u));
  return {
    ...after.result,
    problems: [...after.result.problems, ...first.fixNotes],
    usageErrors: [...after.result.usageErrors, ...writeErrors],
    fixed: first.result.fixed,
  };
}

async function lintOnce(o: LintRunOptions): Promise<{ result: LintRunResult; fixNotes: FileDiagnostic[] }> {
  const usageErrors: string[] = [];
  const problems: FileDiagnostic[] = [];
  const checks = checkSettings(o.config);
  // Problems in the config's check settings, at their key in the file (file:line:col) when it is known.
  const configProblem = (keys: readonly (string | number)[], message: string): string => {
    const pos = o.config.locate?.(keys, 'key') ?? o.config.locate?.(keys);
    const where = configKeyPath(keys);
    return o.config.path && pos
      ? formatFileDiagnostic({
          code: 'config/invalid',
          severity: 'error',
          message: `${where}: ${message}`,
          file: o.config.path,
          line: pos.line,
          column: pos.column,
          endLine: pos.line,
          endColumn: pos.column,
        })
      : `${o.config.path ?? 'config'}: ${where}: ${message}`;
  };
  for (const p of lintOptionProblems({ checks })) usageErrors.push(configProblem(['checks', ...p.keys], p.message));

  const interval = (text: string | undefined, what: string): number | undefined => {
    if (text === undefined) return undefined;
    const d = parseDuration(text);
    if ('error' in d || d.ms <= 0) {
      usageErrors.push(
        what.startsWith('--')
          ? `${what}: not a valid duration: "${text}"`
          : configProblem([what], `not a valid duration: "${text}" (it must be positive, e.g. 1m)`),
      );
      return undefined;
    }
    return d.ms;
  };
  const scrapeIntervalMs = interval(o.scrapeInterval ?? o.config.scrapeInterval, o.scrapeInterval !== undefined ? '--scrape-interval' : 'scrapeInterval');
  const evaluationIntervalMs = interval(o.config.evaluationInterval, 'evaluationInterval');

  // Which files: arguments, else the config's include globs, else the working directory.
  const listed = await lintFileList(o.paths, o.cwd, o.config);
  usageErrors.push(...listed.errors);
  const files = listed.files;

  const metricTypes: { fixture?: Map<string, MetadataType>; metadata?: ReadonlyMap<string, MetadataType> } = {};
  const metadataFile = o.metadataFile ?? (o.config.metadata ? path.resolve(o.config.dir, o.config.metadata) : undefined);
  if (metadataFile) {
    const read = readInputTextSync(path.resolve(o.cwd, metadataFile));
    if (!read.ok) usageErrors.push(cannotRead(metadataFile, read.error));
    else {
      const r = parseMetadataJson(read.value);
      if ('error' in r) usageErrors.push(`${metadataFile}: ${String(r.error)}`);
      else metricTypes.metadata = r.types;
    }
  }
  if (o.samples.length > 0) {
    const { loadSamples } = await import('../samples/index.js');
    const fixture = new Map<string, MetadataType>();
    for (const f of o.samples) {
      const loaded = await loadSamples(path.resolve(o.cwd, f), { displayName: f });
      usageErrors.push(...diagnosticLines(loaded.diagnostics.filter((d) => d.severity === 'error')));
      for (const [family, meta] of loaded.metadata) fixture.set(family, meta.type as MetadataType);
    }
    metricTypes.fixture = fixture;
  }

  // A directory of rules often holds promtool unit tests, packs and other
  // YAML; pre-commit hands us every staged YAML file. Only rule files (by
  // content, src/fs/classify.ts) are linted; the rest get a note.
  const prometheusVersion = o.prometheusVersion ?? o.config.prometheusVersion;
  const checked = await checkFiles(files, {
    cwd: o.cwd,
    namedOtherYaml: 'skip',
    ...(prometheusVersion ? { prometheusVersion } : {}),
    ...((o.dialect ?? o.config.dialect) ? { dialect: o.dialect ?? o.config.dialect } : {}),
    ...(o.readStdin ? { readStdin: o.readStdin } : {}),
  });
  for (const s of checked.skipped)
    problems.push({
      code: 'lint/skipped-file',
      severity: 'info',
      message: skipNote(s.classification),
      file: s.file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      source: 'lint',
    });
  usageErrors.push(...checked.usageErrors);
  const sources = new Map<string, string>();
  for (const f of checked.files) sources.set(f.path, f.source.text);
  // Validity problems (what `promforge check` reports) come first; a file with errors is not linted further.
  for (const d of checked.diagnostics) problems.push({ ...d, source: d.source === 'yaml' ? 'yaml' : 'rulefmt' });
  const broken = new Set(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  const lintable = checked.files.filter((f) => !broken.has(f.path));

  const known = new Set(CHECKS_BY_ID.keys());
  const disables = new Map(lintable.map((f) => [f.path, parseDisables(f, known)]));
  for (const d of disables.values()) problems.push(...d.problems);

  const lintRuleSet = fromRuleFiles(lintable);
  let server: LintOptions['server'];
  if (o.server) {
    const r = await o.server(lintRuleSet, metricTypes.metadata === undefined);
    if ('error' in r) usageErrors.push(r.error);
    else {
      server = r.facts;
      if (r.types) metricTypes.metadata = r.types;
    }
  }
  const options: LintOptions = {
    ...(server ? { server } : {}),
    checks,
    ...(scrapeIntervalMs !== undefined ? { scrapeIntervalMs } : {}),
    ...(evaluationIntervalMs !== undefined ? { evaluationIntervalMs } : {}),
    metricTypes,
  };
  const found = lintRules(lintRuleSet, options);
  for (const p of found) {
    if (p.file === undefined || p.line === undefined) continue;
    const d = disables.get(p.file);
    if (d && isDisabled(d, p.check, p.rule.group, p.rule.index)) continue;
    problems.push({
      code: lintCode(p.check),
      severity: p.severity,
      message: p.message,
      file: p.file,
      line: p.line,
      column: p.column ?? 1,
      endLine: p.endLine ?? p.line,
      endColumn: p.endColumn ?? 1,
      source: p.check,
    });
  }

  const fixed: { file: string; fixes: number }[] = [];
  // What rewriting said about the files (kept through the re-lint after fixing).
  const fixNotes: FileDiagnostic[] = [];
  if (o.fix) {
    const types = new MetricTypes(metricTypes);
    for (const f of lintable) {
      if (f.path === '<stdin>') continue;
      let total = 0;
      const r = rewriteRuleText(f.source.text, f.path, (expr) => {
        const fx = applySafeFixes(expr, types);
        total += fx.fixes;
        return fx.fixes > 0 ? fx.expr : undefined;
      });
      if (r.changed && r.text !== undefined) {
        try {
          await writeFileAtomic(path.resolve(o.cwd, f.path), r.text);
          fixed.push({ file: f.path, fixes: total });
        } catch (e) {
          usageErrors.push(`cannot write ${f.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
      problems.push(...r.diagnostics);
      fixNotes.push(...r.diagnostics);
    }
  }
  return { result: { problems, sources, checks: checkInfos(), usageErrors, fixed }, fixNotes };
}
