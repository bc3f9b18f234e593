// Parses YAML text into documents that keep the range of every node (and the
// CST token of every scalar, which the scalar position mapper needs), turning
// the parser's errors into positioned diagnostics instead of exceptions.
// Scanning follows go-yaml where it differs from YAML 1.2 (see go-lexer.ts and
// go-rules.ts): Prometheus accepts what go-yaml accepts.
import { Composer, Lexer, Parser, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { GoYamlLexer, goLexerSupported } from './go-lexer.js';
import { firstControlCharacter, goYamlAccepts, goYamlDocumentProblems, normalizeLineBreaks } from './go-rules.js';
import { flowScalarValue } from './scalar-map.js';

/** A YAML problem and the 0-based index of the document it belongs to. */
export interface YamlDiagnostic extends Diagnostic {
  readonly document: number;
}

export interface ParsedYaml {
  /** The text as go-yaml reads it: every line break one LF (same length and offsets as the input). */
  readonly text: string;
  /** Documents that have content or errors (a comment-only stream yields none). */
  readonly documents: Document.Parsed[];
  /** Syntax errors and warnings, `pos` as UTF-16 offsets into the text. */
  readonly diagnostics: YamlDiagnostic[];
}

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  keepSourceTokens: true,
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  version: '1.2',
};

/**
 * Deepest nesting read. go-yaml stops at 10,000 levels ("exceeded max depth");
 * the `yaml` package's composer recurses per level and exhausts the call stack
 * near 800, so promforge stops earlier, with a clear error. No valid rule file
 * nests past ~8 levels; only a value under an unknown field read with
 * --ignore-unknown-fields could be valid for go-yaml and refused here.
 */
export const MAX_YAML_DEPTH = 400;
const GO_YAML_MAX_DEPTH = 10_000;

/**
 * The `yaml` package's Parser with go-yaml's lexer swapped in, stopping (and
 * reporting the offset) when nesting passes go-yaml's limit, before the
 * recursive composer could exhaust the call stack.
 */
function goParser(tooDeep: (offset: number) => void): Parser {
  const parser = new Parser();
  const lexer = goLexerSupported() ? new GoYamlLexer() : new Lexer();
  const lex = lexer.lex.bind(lexer);
  lexer.lex = function* depthLimitedLex(source: string, incomplete?: boolean): Generator<string, void> {
    for (const lexeme of lex(source, incomplete)) {
      if (parser.stack.length > MAX_YAML_DEPTH) {
        tooDeep(parser.offset);
        return;
      }
      yield lexeme;
    }
  };
  (parser as unknown as { lexer: Lexer }).lexer = lexer;
  return parser;
}

/**
 * Parses all documents of a YAML stream as go-yaml reads them (see
 * go-lexer.ts, go-rules.ts): YAML 1.2 core schema, unique keys required.
 * Never throws: every problem is a diagnostic.
 */
export function parseYaml(input: string): ParsedYaml {
  const text = normalizeLineBreaks(input);
  const diagnostics: YamlDiagnostic[] = [];
  const control = firstControlCharacter(text);
  let depthAt = -1;
  let docs: Document.Parsed[];
  try {
    const composer = new Composer(OPTIONS);
    docs = Array.from(composer.compose(goParser((offset) => (depthAt = offset)).parse(text))) as Document.Parsed[];
  } catch (e) {
    // The composer recurses per nesting level; a stack overflow below go-yaml's limit.
    if (!(e instanceof RangeError)) throw e;
    depthAt = Math.max(0, depthAt);
    docs = [];
  }
  if (depthAt >= 0) {
    const message = `YAML nesting too deep: more than ${MAX_YAML_DEPTH} levels (go-yaml allows ${GO_YAML_MAX_DEPTH}; no rule file needs more than a few)`;
    return {
      text,
      documents: [],
      diagnostics: [{ code: 'limit/yaml-depth', severity: 'error', message, pos: { start: depthAt, end: depthAt + 1 }, document: 0 }],
    };
  }
  const documentAt = (offset: number): number => {
    const i = docs.findIndex((d) => offset < d.range[2]);
    return i === -1 ? Math.max(0, docs.length - 1) : i;
  };
  if (control !== -1) {
    const code = text.codePointAt(control) ?? 0;
    const message = `YAML syntax error: control characters are not allowed (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    diagnostics.push({ code: 'yaml/syntax', severity: 'error', message, pos: { start: control, end: control + 1 }, document: documentAt(control) });
  }
  docs.forEach((doc, document) => {
    for (const e of doc.errors) {
      if (goYamlAccepts(text, e)) continue;
      if (/Maximum call stack size exceeded/.test(e.message)) {
        // Deep recursion below MAX_YAML_DEPTH (a deep caller stack): same refusal, never a crash.
        diagnostics.push({
          code: 'limit/yaml-depth',
          severity: 'error',
          message: `YAML nesting too deep to read (over ~${MAX_YAML_DEPTH} levels)`,
          pos: { start: e.pos[0], end: e.pos[1] },
          document,
        });
        continue;
      }
      diagnostics.push({ code: 'yaml/syntax', severity: 'error', message: yamlMessage(e.code, e.message), pos: { start: e.pos[0], end: e.pos[1] }, document });
    }
    for (const w of doc.warnings) {
      if (goYamlAccepts(text, w)) continue;
      // go-yaml refuses unknown YAML versions and values its tag does not resolve.
      const severity = w.code === 'BAD_DIRECTIVE' || /^Unsupported YAML version/.test(w.message) ? 'error' : 'warning';
      if (/^Unresolved tag: tag:yaml\.org,2002:(int|float|bool|null)\b/.test(w.message)) continue; // judged below
      diagnostics.push({ code: 'yaml/syntax', severity, message: yamlMessage(w.code, w.message), pos: { start: w.pos[0], end: w.pos[1] }, document });
    }
    for (const p of goYamlDocumentProblems(text, doc, (node) => flowScalarValue(node, text))) {
      diagnostics.push({ code: 'yaml/syntax', severity: 'error', message: `YAML syntax error: ${p.message}`, pos: { start: p.offset, end: p.end }, document });
    }
  });
  return { text, documents: docs, diagnostics };
}

/** Rewords the few `yaml` package messages whose wording differs from yaml.v3's. */
function yamlMessage(code: string, message: string): string {
  const text = message.replace(/ at line \d+, column \d+$/, '').trim();
  if (code === 'DUPLICATE_KEY') return 'mapping key already defined (map keys must be unique)';
  return `YAML syntax error: ${text}`;
}
