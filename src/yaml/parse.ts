// Parses YAML text into documents that keep the range of every node (and the
// CST token of every scalar, which the scalar position mapper needs), turning
// the parser's errors into positioned diagnostics instead of exceptions.
import { parseAllDocuments, type Document } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

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

/**
 * Parses all documents of a YAML stream. Options mirror what Go's yaml.v3
 * accepts for Prometheus files: YAML 1.2 core schema, unique keys required.
 */
export function parseYaml(text: string): ParsedYaml {
  const documents = parseAllDocuments(text, {
    keepSourceTokens: true,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
  });
  // parseAllDocuments returns an EmptyStream (an empty array with extras) for no documents.
  const docs = Array.isArray(documents) ? [...documents] : [documents];
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
