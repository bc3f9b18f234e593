// Parses YAML text into documents that keep the range of every node (and the
// CST token of every scalar, which the scalar position mapper needs), turning
// the parser's errors into positioned diagnostics instead of exceptions.
// Scanning follows go-yaml where it differs from YAML 1.2 (see go-lexer.ts and
// go-rules.ts): Prometheus accepts what go-yaml accepts.
import { Composer, Parser, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { GoYamlLexer, goLexerSupported } from './go-lexer.js';

/** A YAML problem and the 0-based index of the document it belongs to. */
export interface YamlDiagnostic extends Diagnostic {
  readonly document: number;
}

export interface ParsedYaml {
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

/** The `yaml` package's Parser with go-yaml's lexer swapped in. */
function goParser(): Parser {
  const parser = new Parser();
  if (goLexerSupported()) (parser as unknown as { lexer: GoYamlLexer }).lexer = new GoYamlLexer();
  return parser;
}

/**
 * Parses all documents of a YAML stream. Options mirror what Go's yaml.v3
 * accepts for Prometheus files: YAML 1.2 core schema, unique keys required.
 */
export function parseYaml(text: string): ParsedYaml {
  const composer = new Composer(OPTIONS);
  const docs = Array.from(composer.compose(goParser().parse(text))) as Document.Parsed[];
  const diagnostics: YamlDiagnostic[] = [];
  docs.forEach((doc, document) => {
    for (const e of doc.errors) {
      diagnostics.push({ severity: 'error', message: yamlMessage(e.code, e.message), pos: { start: e.pos[0], end: e.pos[1] }, document });
    }
    for (const w of doc.warnings) {
      diagnostics.push({ severity: 'warning', message: yamlMessage(w.code, w.message), pos: { start: w.pos[0], end: w.pos[1] }, document });
    }
  });
  return { documents: docs, diagnostics };
}

/** Rewords the few `yaml` package messages whose wording differs from yaml.v3's. */
function yamlMessage(code: string, message: string): string {
  const text = message.replace(/ at line \d+, column \d+$/, '').trim();
  if (code === 'DUPLICATE_KEY') return 'mapping key already defined (map keys must be unique)';
  return `YAML syntax error: ${text}`;
}
