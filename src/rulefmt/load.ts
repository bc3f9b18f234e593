// Loading rule files: bytes → text (size, binary and UTF-8 checks) → YAML
// documents → the input kind (plain rule file, Mimir namespace file, or
// PrometheusRule resources) → decoded and validated model.
import { isMap, type Document } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { parseExpr } from '../promql/parse.js';
import type { PrometheusVersion } from '../version/version.js';
import { behaviourAt, ruleFieldsUnavailable } from '../version/differences.js';
import { parseYaml } from '../yaml/parse.js';
import { spanOf, SourceText } from '../positions.js';
import { decodePrometheusRuleDocument, decodeRulesDocument, isPrometheusRuleDocument, type DecodeOptions, type RawFile, type RawGroup } from './decode.js';
import type { Dialect, RuleFile } from './model.js';
import type { NameValidation } from './names.js';
import { fileDiagnostic } from './positions.js';
import { prometheusTemplateChecker } from './templates.js';
import { validateRuleFile, type ExprParser, type TemplateChecker } from './validate.js';
import { resolveNode, type DecodeContext } from './yaml-values.js';

export interface LoadOptions {
  readonly dialect?: Dialect;
  /** Accept unknown fields (promtool's `--ignore-unknown-fields`). */
  readonly ignoreUnknownFields?: boolean;
  /** `utf8` (Prometheus 3.x, the default) or `legacy` (2.x) name rules. */
  readonly nameValidation?: NameValidation;
  /** Accept experimental PromQL (Prometheus's feature flags). Off by default, as in Prometheus. */
  readonly experimental?: boolean;
  /**
   * The Prometheus version to validate for: its PromQL syntax and functions,
   * and legacy name rules before 3.0 unless `nameValidation` says otherwise
   * (src/version/differences.ts). Default: the 3.x target.
   */
  readonly prometheusVersion?: PrometheusVersion;
  /** Replaces the PromQL parser (tests). */
  readonly parseExpr?: ExprParser;
  /** Replaces the template checker; `null` turns template checks off. */
  readonly checkTemplate?: TemplateChecker | null;
}

export interface LoadResult {
  /** The model; absent when the file could not be read as YAML at all. */
  readonly file?: RuleFile;
  readonly diagnostics: FileDiagnostic[];
}

/** Files larger than this are refused rather than parsed (a real rule file is far smaller). */
export const MAX_RULE_FILE_BYTES = 32 * 1024 * 1024;

export type DecodedText = { ok: true; text: string } | { ok: false; diagnostic: FileDiagnostic };

/** Bytes → text, refusing binary and non-UTF-8 content with a positioned error. */
export function decodeRuleBytes(path: string, bytes: Uint8Array): DecodedText {
  const fail = (message: string, offset: number): DecodedText => {
    const before = bytes.subarray(0, offset);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    return {
      ok: false,
      diagnostic: { code: 'yaml/syntax', severity: 'error', message, file: path, line, column, endLine: line, endColumn: column + 1, source: 'yaml' },
    };
  };
  const nul = bytes.indexOf(0);
  if (nul !== -1) return fail(`file is binary, not YAML (NUL byte at offset ${nul})`, nul);
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    return fail(`file is not valid UTF-8 (invalid byte at offset ${firstInvalidUtf8(bytes)})`, firstInvalidUtf8(bytes));
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

let templateChecker: TemplateChecker | undefined;
function defaultTemplateChecker(): TemplateChecker {
  templateChecker ??= prometheusTemplateChecker();
  return templateChecker;
}

const versionCheckers = new Map<string, TemplateChecker>();
/** Template functions the version does not have yet are undefined functions, as there. */
function versionTemplateChecker(version: PrometheusVersion): TemplateChecker {
  const key = `${version.major}.${version.minor}.${version.patch}`;
  let checker = versionCheckers.get(key);
  if (!checker) versionCheckers.set(key, (checker = prometheusTemplateChecker(version)));
  return checker;
}

/** The default template checker and parser, with test overrides applied. */
function validators(options: LoadOptions): { parse: ExprParser; template: TemplateChecker | undefined } {
  const experimental = options.experimental ?? false;
  const version = options.prometheusVersion;
  const parse: ExprParser = options.parseExpr ?? ((text) => parseExpr(text, { experimental, ...(version ? { version } : {}) }));
  const template =
    options.checkTemplate === null ? undefined : (options.checkTemplate ?? (version ? versionTemplateChecker(version) : defaultTemplateChecker()));
  return { parse, template };
}

function decodeContext(path: string, source: SourceText, doc: Document.Parsed, diagnostics: FileDiagnostic[]): DecodeContext {
  return { path, source, doc, diagnostics, decodeCount: 0, aliasCount: 0, aliasBombReported: false };
}

/**
 * The input kind decides which documents count: every PrometheusRule resource
 * of a file, or only the first document of a plain (or Mimir) rule file.
 */
function decodeDocuments(
  path: string,
  source: SourceText,
  docs: readonly Document.Parsed[],
  diagnostics: FileDiagnostic[],
  decodeOptions: DecodeOptions,
): RawFile {
  const firstDoc = docs[0];
  if (!firstDoc) return { format: 'rules', groups: [] };
  const contexts = docs.map((doc) => decodeContext(path, source, doc, diagnostics));
  const contents = docs.map((doc, i) => resolveNode(contexts[i] as DecodeContext, doc.contents));
  const isResource = contents.map((c, i) => isPrometheusRuleDocument(contexts[i] as DecodeContext, c));
  if (isResource.some(Boolean)) {
    const groups: RawGroup[] = [];
    docs.forEach((doc, i) => {
      const c = contents[i] ?? null;
      if (isResource[i] && isMap(c)) groups.push(...decodePrometheusRuleDocument(contexts[i] as DecodeContext, c, i, decodeOptions));
      else if (c !== null) {
        diagnostics.push(
          fileDiagnostic(
            path,
            'rulefmt/rule-file',
            'warning',
            `YAML document ${i + 1} is not a PrometheusRule resource; skipped`,
            spanOf(source, doc.range[0], doc.range[1]),
            'rulefmt',
          ),
        );
      }
    });
    return { format: 'prometheus-rule', groups };
  }
  const rawFile = decodeRulesDocument(contexts[0] as DecodeContext, contents[0] ?? null, decodeOptions);
  const second = docs[1];
  if (second) {
    const message = `file contains ${docs.length} YAML documents; only the first is used, as Prometheus does`;
    diagnostics.push(fileDiagnostic(path, 'rulefmt/rule-file', 'warning', message, spanOf(source, second.range[0], second.range[0]), 'rulefmt'));
  }
  return rawFile;
}

/** Loads one rule file from its text. Pure: no I/O. */
export function loadRuleText(text: string, path: string, options: LoadOptions = {}): LoadResult {
  const parsed = parseYaml(text);
  // Positions count lines as go-yaml does (a lone CR or NEL breaks a line too); offsets are the text's own.
  const source = new SourceText(parsed.text);
  const dialect = options.dialect ?? 'prometheus';
  const laterFields = options.prometheusVersion ? ruleFieldsUnavailable(options.prometheusVersion) : undefined;
  const decodeOptions: DecodeOptions = {
    dialect,
    ignoreUnknownFields: options.ignoreUnknownFields ?? false,
    ...(laterFields && laterFields.size > 0 ? { fieldsAddedLater: new Map([...laterFields].map(([f, d]) => [f, d.since])) } : {}),
  };
  const docs = parsed.documents;
  // Prometheus reads only the first document of a plain rule file, so it never
  // sees a syntax error further down; PrometheusRule files use every document.
  const firstIsResource = docs[0] !== undefined && isPrometheusRuleDocument(decodeContext(path, source, docs[0], []), docs[0].contents);
  const diagnostics: FileDiagnostic[] = parsed.diagnostics.map((d) => {
    const span = spanOf(source, d.pos.start, d.pos.end);
    if (d.document === 0 || firstIsResource || d.severity !== 'error') return fileDiagnostic(path, d.code, d.severity, d.message, span, 'yaml');
    return fileDiagnostic(path, d.code, 'warning', `${d.message} (in YAML document ${d.document + 1}, which Prometheus ignores)`, span, 'yaml');
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: sortByPosition(diagnostics) };

  const rawFile = decodeDocuments(path, source, docs, diagnostics, decodeOptions);
  const { parse, template } = validators(options);
  const validated = validateRuleFile(path, source, rawFile, {
    dialect,
    nameValidation: options.nameValidation ?? (options.prometheusVersion && !behaviourAt(options.prometheusVersion, 'utf8-names') ? 'legacy' : 'utf8'),
    parseExpr: parse,
    ...(template ? { checkTemplate: template } : {}),
  });
  diagnostics.push(...validated.diagnostics);
  if (validated.file.groups.length === 0) {
    // promtool 3.x lints this ("no rule groups found"); not an error for Prometheus.
    diagnostics.push(fileDiagnostic(path, 'rulefmt/rule-file', 'warning', 'no rule groups found', spanOf(source, 0, 0), 'rulefmt'));
  }
  return { file: validated.file, diagnostics: sortByPosition(diagnostics) };
}

/** File order, so output reads top to bottom (the sort is stable for equal positions). */
function sortByPosition(diagnostics: FileDiagnostic[]): FileDiagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
