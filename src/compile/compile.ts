// compilePacks: packs + values → rule files, as strings. Pure apart from
// reading the packs (and the values files and thresholds tables they name);
// writing is write.ts's job. When anything is wrong, no file is returned.
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { stringify } from 'yaml';
import { hasErrors, type FileDiagnostic } from '../diagnostics.js';
import type { Expr } from '../promql/ast.js';
import { isLegacyLabelName, parseDuration } from '../promql/literals.js';
import { parseExpr } from '../promql/parse.js';
import { loadRuleText } from '../rulefmt/load.js';
import { GenParams, type GeneratorEnv } from './generators/context.js';
import { GENERATORS } from './generators/index.js';
import { injectGroupingLabels, injectSelector, type SelectorInjection } from './inject.js';
import { expandPackPaths, getNode, getString, loadPack, mapPairs, readInputFile } from './load.js';
import { outputTestName, packTestPaths, renderTestText, targetOfOutputName, testHeader } from './pack-tests.js';
import { outputFileName, parametersHash, renderFile, renderRule } from './emit.js';
import type { CompileOptions, CompileResult, CompiledFile, CompiledTest, LoadedPack, OutputGroup, OutputRule, Target } from './model.js';
import type { ParamValue } from './params.js';
import type { PrometheusVersion } from '../version/version.js';
import { parsePromqlTemplate, substituteText, type Resolver } from './placeholders.js';
import { errorAt, errorInScalar, errorWithoutPosition, type InputFile, type Origin } from './source.js';
import { checkSettingsKnown, readSettings, resolvePackValues, resolverFor } from './values.js';

interface InjectConfig {
  readonly selectors: readonly SelectorInjection[];
  readonly labels: readonly string[];
}

const NO_INJECTION: InjectConfig = { selectors: [], labels: [] };

interface PackContext {
  readonly pack: LoadedPack;
  readonly file: InputFile;
  readonly resolve: Resolver;
  readonly values: ReadonlyMap<string, ParamValue>;
  readonly diagnostics: FileDiagnostic[];
  readonly env: GeneratorEnv;
  readonly prometheusVersion: PrometheusVersion | undefined;
}

/** A rule before injection, with the injection settings that apply to it. */
interface PendingRule {
  readonly rule: OutputRule;
  readonly inject: InjectConfig;
}

export function compilePacks(paths: readonly string[], options: CompileOptions = {}): CompileResult {
  const cwd = options.cwd ?? process.cwd();
  const target: Target = options.target ?? 'prometheus';
  const injectLabels = options.injectLabels ?? [];
  const diagnostics: FileDiagnostic[] = [];
  for (const l of injectLabels) {
    if (!isLegacyLabelName(l) || l.startsWith('__')) diagnostics.push(errorWithoutPosition('--inject-label', `invalid label name "${l}"`));
  }
  const packs: LoadedPack[] = [];
  for (const p of expandPackPaths(paths, cwd)) {
    const pack = loadPack(p, cwd, diagnostics);
    if (!pack) continue;
    const clash = packs.find((other) => other.name === pack.name);
    if (clash)
      diagnostics.push(
        errorAt(pack.file, getNode(getNode(pack.file.doc?.contents, 'metadata'), 'name'), `pack name "${pack.name}" is also used by ${clash.file.path}`),
      );
    else packs.push(pack);
  }
  const settings = readSettings(options.valuesFiles ?? [], options.set ?? [], new Set(packs.map((p) => p.name)), cwd, diagnostics);
  checkSettingsKnown(settings, packs, diagnostics);

  const files: CompiledFile[] = [];
  const compiled: { pack: LoadedPack; values: ReadonlyMap<string, ParamValue>; hash: string }[] = [];
  for (const pack of packs) {
    const values = resolvePackValues(pack, settings, diagnostics);
    const before = diagnostics.length;
    const groups = compilePack(pack, values, injectLabels, cwd, diagnostics, options.prometheusVersion);
    if (diagnostics.slice(before).some((d) => d.severity === 'error')) continue;
    const hash = parametersHash(values, target, injectLabels);
    const content = renderFile({ pack, target, groups, hash });
    // Safety net: the whole file must load cleanly (duplicate groups, anything per-rule checks miss).
    for (const d of loadRuleText(content, outputFileName(pack.name, target), {
      nameValidation: 'legacy',
      dialect: dialectOf(target),
      ...versionOption(options.prometheusVersion),
    }).diagnostics) {
      if (d.severity === 'error')
        diagnostics.push(errorAt(pack.file, pack.file.doc?.contents, `the compiled file is invalid: ${d.message} (output line ${d.line})`));
    }
    files.push({ path: outputFileName(pack.name, target), content, pack: pack.name });
    compiled.push({ pack, values, hash });
  }
  const tests = options.tests === false ? [] : compileTests(compiled, target, cwd, options.outputDir, files, diagnostics);
  const summaries = packs.map((p) => ({ name: p.name, file: p.file.path, tests: packTestPaths(p).length }));
  if (hasErrors(diagnostics)) return { files: [], tests: [], packs: summaries, diagnostics };
  const byPath = (a: CompiledFile, b: CompiledFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: files.sort(byPath), tests: tests.sort(byPath), packs: summaries, diagnostics };
}

/**
 * Renders every compiled pack's tests for the output directory. A
 * `rule_files` entry naming a compiled pack's output (for any target) names
 * that pack's file for this target; another relative entry is re-anchored at
 * the output directory (absolute without one), so it names the same file.
 */
function compileTests(
  compiled: readonly { pack: LoadedPack; values: ReadonlyMap<string, ParamValue>; hash: string }[],
  target: Target,
  cwd: string,
  outputDir: string | undefined,
  files: readonly CompiledFile[],
  diagnostics: FileDiagnostic[],
): CompiledTest[] {
  const out: CompiledTest[] = [];
  const taken = new Map<string, string>(files.map((f) => [f.path, `the compiled file of pack "${f.pack}"`]));
  const outAbs = outputDir === undefined ? undefined : path.resolve(cwd, outputDir);
  for (const { pack, values, hash } of compiled) {
    for (const testPath of packTestPaths(pack)) {
      const shown = path.relative(cwd, testPath) || testPath;
      const file = readInputFile(shown, testPath, diagnostics);
      if (!file) continue;
      const testsDir = path.dirname(testPath);
      const ruleFile = (entry: string): string | undefined => {
        const owner = compiled.find((c) => targetOfOutputName(c.pack.name, entry) !== undefined);
        if (owner) return outputFileName(owner.pack.name, target);
        if (path.isAbsolute(entry)) return undefined;
        const abs = path.resolve(testsDir, entry);
        return outAbs === undefined ? abs : path.relative(outAbs, abs).split(path.sep).join('/');
      };
      const text = renderTestText(file, { resolve: resolverFor(pack, values), ruleFile }, diagnostics);
      if (text === undefined) continue;
      const name = outputTestName(pack.name, testPath);
      const clash = taken.get(name);
      if (clash !== undefined) {
        diagnostics.push(errorAt(file, file.doc?.contents, `this test would be written as ${name}, which is also ${clash}; rename it`));
        continue;
      }
      taken.set(name, `the test ${shown}`);
      out.push({
        path: name,
        content: testHeader({ pack, source: path.relative(pack.dir, testPath).split(path.sep).join('/'), target, hash }) + text,
        pack: pack.name,
        source: shown,
      });
    }
  }
  return out;
}

function dialectOf(target: Target): 'prometheus' | 'thanos' | 'mimir' {
  return target === 'thanos' ? 'thanos' : target === 'mimir' ? 'mimir' : 'prometheus';
}

function versionOption(v: PrometheusVersion | undefined): { prometheusVersion?: PrometheusVersion } {
  return v ? { prometheusVersion: v } : {};
}

function compilePack(
  pack: LoadedPack,
  values: ReadonlyMap<string, ParamValue>,
  injectLabels: readonly string[],
  cwd: string,
  diagnostics: FileDiagnostic[],
  prometheusVersion: PrometheusVersion | undefined,
): OutputGroup[] {
  const resolve = resolverFor(pack, values);
  const env: GeneratorEnv = { file: pack.file, packDir: pack.dir, cwd, resolve, diagnostics, ...versionOption(prometheusVersion) };
  const ctx: PackContext = { pack, file: pack.file, resolve, values, diagnostics, env, prometheusVersion };
  const packInject = mergeInject({ selectors: [], labels: injectLabels }, readInject(ctx, pack.inject));
  const groups: { group: Omit<OutputGroup, 'rules'>; pending: PendingRule[] }[] = [];
  for (const groupNode of pack.groups.items as YAMLMap[]) {
    const origin: Origin = { file: pack.file, node: groupNode };
    const name = text(ctx, getNode(groupNode, 'name'), true) ?? '';
    const intervalMs = durationField(ctx, getNode(groupNode, 'interval'));
    const queryOffsetMs = durationField(ctx, getNode(groupNode, 'query_offset'));
    const limitNode = getNode(groupNode, 'limit');
    const limit = isScalar(limitNode) && typeof limitNode.value === 'number' ? limitNode.value : undefined;
    const prs = getString(groupNode, 'partial_response_strategy') as 'warn' | 'abort' | undefined;
    const groupInject = mergeInject(packInject, readInject(ctx, getNode(groupNode, 'inject') as YAMLMap | undefined));
    const pending: PendingRule[] = [];
    for (const entry of (getNode(groupNode, 'rules') as YAMLSeq<YAMLMap>).items) {
      const inject = mergeInject(groupInject, readInject(ctx, getNode(entry, 'inject') as YAMLMap | undefined));
      for (const rule of compileEntry(ctx, entry)) pending.push({ rule, inject });
    }
    groups.push({
      group: {
        name,
        origin,
        ...(intervalMs !== undefined ? { intervalMs } : {}),
        ...(queryOffsetMs !== undefined ? { queryOffsetMs } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(prs ? { partialResponseStrategy: prs } : {}),
      },
      pending,
    });
  }
  // Series the pack records are already filtered: selector injection leaves them alone.
  const recorded = new Set(groups.flatMap((g) => g.pending.filter((p) => p.rule.kind === 'record').map((p) => p.rule.name)));
  return groups.map(({ group, pending }) => ({
    ...group,
    rules: pending.map(({ rule, inject }) => {
      let expr: Expr = rule.expr;
      for (const s of inject.selectors) expr = injectSelector(expr, { ...s, exceptMetrics: recorded });
      expr = injectGroupingLabels(expr, inject.labels);
      const injected = { ...rule, expr };
      validateRule(ctx, injected);
      return injected;
    }),
  }));
}

function mergeInject(a: InjectConfig, b: InjectConfig): InjectConfig {
  return { selectors: [...a.selectors, ...b.selectors], labels: [...a.labels, ...b.labels.filter((l) => !a.labels.includes(l))] };
}

/** Reads an `inject:` block; parameters must exist, have the right type and a value. */
function readInject(ctx: PackContext, node: YAMLMap | undefined): InjectConfig {
  if (!node) return NO_INJECTION;
  const selectors: SelectorInjection[] = [];
  const valueOf = (nameNode: Node | undefined, type: ParamValue['type']): ParamValue | undefined => {
    const name = isScalar(nameNode) ? String(nameNode.value) : '';
    const decl = ctx.pack.params.get(name);
    if (!decl) return void ctx.diagnostics.push(errorAt(ctx.file, nameNode, `unknown parameter "${name}"`));
    if (decl.type !== type)
      return void ctx.diagnostics.push(errorAt(ctx.file, nameNode, `parameter "${name}" is a ${decl.type}; inject needs a ${type} parameter`));
    const value = ctx.values.get(name);
    if (!value)
      return void ctx.diagnostics.push(
        errorAt(ctx.file, nameNode, `parameter "${name}" (${decl.type}) has no value: it has no default and is not set by a values file or --set`),
      );
    return value;
  };
  const list = getNode(node, 'selectors');
  for (const item of isSeq(list) ? (list.items as Node[]) : []) {
    const nameNode = isMap(item) ? getNode(item, 'parameter') : item;
    const value = valueOf(nameNode, 'selector');
    if (value?.type !== 'selector') continue;
    const metricsNode = isMap(item) ? getNode(item, 'metrics') : undefined;
    const metrics = isSeq(metricsNode) ? metricsNode.items.map((m) => String((m as { value?: unknown }).value)) : undefined;
    selectors.push({ matchers: value.matchers, ...(metrics ? { metrics } : {}) });
  }
  const labelsNode = getNode(node, 'labels');
  const labels = labelsNode ? valueOf(labelsNode, 'labels') : undefined;
  return { selectors, labels: labels?.type === 'labels' ? labels.names : [] };
}

/** Text of a scalar field with placeholders substituted (errors at the placeholder). */
function text(ctx: PackContext, node: Node | undefined, strict: boolean): string | undefined {
  if (!isScalar(node)) return undefined;
  const raw = String(node.value);
  const out = substituteText(raw, ctx.resolve, strict);
  for (const d of out.diagnostics) ctx.diagnostics.push(errorInScalar(ctx.file, node, d.pos.start, d.pos.end, d.message));
  return out.diagnostics.length > 0 ? undefined : out.text;
}

function durationField(ctx: PackContext, node: Node | undefined): number | undefined {
  if (node === undefined) return undefined;
  const t = text(ctx, node, true);
  if (t === undefined) return undefined;
  const d = parseDuration(t);
  if ('error' in d) {
    ctx.diagnostics.push(errorAt(ctx.file, node, d.error));
    return undefined;
  }
  return d.ms;
}

function stringPairs(ctx: PackContext, node: Node | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const pair of mapPairs(node)) {
    const v = text(ctx, pair.value ?? undefined, false);
    if (v !== undefined) out.push([String((pair.key as { value?: unknown }).value), v]);
  }
  return out;
}

function compileEntry(ctx: PackContext, entry: YAMLMap): OutputRule[] {
  const origin: Origin = { file: ctx.file, node: entry };
  const generatorName = getString(entry, 'generator');
  if (generatorName !== undefined) {
    const generator = GENERATORS[generatorName];
    const paramsNode = getNode(entry, 'params') as YAMLMap;
    const name = getString(entry, 'name') ?? '';
    if (!generator) return [];
    const before = ctx.diagnostics.length;
    const generated = generator({ name, params: new GenParams(ctx.env, paramsNode, paramsNode, 'params'), origin, env: ctx.env });
    if (ctx.diagnostics.length > before) return [];
    const out: OutputRule[] = [];
    for (const g of generated) {
      const parsed = parseExpr(g.exprText, ctx.prometheusVersion ? { version: ctx.prometheusVersion } : {});
      if (!parsed.expr) {
        ctx.diagnostics.push(
          errorAt(
            ctx.file,
            entry,
            `generator ${generatorName} produced an invalid expression (${parsed.diagnostics[0]?.message ?? 'unknown error'}): ${g.exprText}`,
          ),
        );
        continue;
      }
      out.push({
        kind: g.kind,
        name: g.name,
        expr: parsed.expr,
        labels: g.labels,
        annotations: g.annotations,
        origin,
        ...(g.forMs !== undefined ? { forMs: g.forMs } : {}),
      });
    }
    return out;
  }
  const kind = getNode(entry, 'alert') !== undefined ? 'alert' : 'record';
  const nameNode = getNode(entry, kind);
  const name = text(ctx, nameNode, true);
  const exprNode = getNode(entry, 'expr');
  const exprText = isScalar(exprNode) ? String(exprNode.value) : '';
  const parsed = parsePromqlTemplate(exprText, ctx.resolve, ctx.prometheusVersion);
  for (const d of parsed.diagnostics) ctx.diagnostics.push(errorInScalar(ctx.file, exprNode, d.pos.start, d.pos.end, d.message));
  const forMs = durationField(ctx, getNode(entry, 'for'));
  const keepFiringForMs = durationField(ctx, getNode(entry, 'keep_firing_for'));
  const labels = stringPairs(ctx, getNode(entry, 'labels'));
  const annotations = stringPairs(ctx, getNode(entry, 'annotations'));
  if (name === undefined || !parsed.expr) return [];
  return [
    {
      kind,
      name,
      expr: parsed.expr,
      labels,
      annotations,
      origin: { file: ctx.file, node: entry },
      ...(forMs !== undefined ? { forMs } : {}),
      ...(keepFiringForMs !== undefined ? { keepFiringForMs } : {}),
    },
  ];
}

/**
 * Runs one compiled rule through the rule-file validator (as a one-rule
 * file) and reports its errors at the pack entry that produced it. Names are
 * checked with the legacy (Prometheus 2) rules so output loads everywhere.
 */
function validateRule(ctx: PackContext, rule: OutputRule): void {
  const doc = stringify({ groups: [{ name: 'validate', rules: [renderRule(rule)] }] }, { lineWidth: 0 });
  const result = loadRuleText(doc, 'rule', { nameValidation: 'legacy', ...versionOption(ctx.prometheusVersion) });
  const lines = doc.split('\n');
  for (const d of result.diagnostics) {
    if (d.severity !== 'error') continue;
    const node = fieldNode(rule.origin.node, lines[d.line - 1] ?? '') ?? rule.origin.node;
    // The validator names the throw-away wrapper group; the rule is already named here.
    const message = d.message.replace(/^group "validate", rule \d+(?:, "[^"]*")?: /, '');
    ctx.diagnostics.push(errorAt(ctx.file, node, `${rule.kind} "${rule.name}" is invalid: ${message}`));
  }
}

/**
 * The pack node a validator finding is about: the key on the finding's line
 * of the one-rule document (`summary: ...`), looked up in the entry, its
 * labels and its annotations. Generated rules have no such nodes.
 */
function fieldNode(entry: Node | null | undefined, line: string): Node | undefined {
  const key = /^\s*(?:- )?([A-Za-z_][\w.-]*):/.exec(line)?.[1];
  if (key === undefined || !isMap(entry) || getNode(entry, 'generator') !== undefined) return undefined;
  const direct = getNode(entry, key);
  if (direct !== undefined) return direct;
  for (const section of ['annotations', 'labels']) {
    const inner = getNode(getNode(entry, section), key);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
