// A pack input file (pack, values file, thresholds table) parsed with node
// ranges, plus the helpers that turn "this node" or "this character of this
// scalar's value" into a FileDiagnostic with line:col. Every error the
// compiler reports about its input goes through here.
import { isScalar, type Document, type Node, type Scalar } from 'yaml';
import { wholeFileDiagnostic, type FileDiagnostic, type Severity } from '../diagnostics.js';
import { parseYaml } from '../yaml/parse.js';
import { scalarFileOffset, scalarString } from '../yaml/scalar-map.js';
import { SourceText, spanOf, type SourceSpan } from '../positions.js';
import { fileDiagnostic } from '../rulefmt/positions.js';

export interface InputFile {
  /** The path as given (used in diagnostics). */
  readonly path: string;
  readonly source: SourceText;
  /** The first document; undefined for an empty file. */
  readonly doc?: Document.Parsed;
}

const SOURCE = 'compile';

export function diagnosticAt(file: string, severity: Severity, message: string, span: SourceSpan): FileDiagnostic {
  return fileDiagnostic(file, 'compile/pack', severity, message, span, SOURCE);
}

/** Parses an input file; YAML errors become diagnostics. */
export function parseInputFile(path: string, text: string, diagnostics: FileDiagnostic[]): InputFile {
  const source = new SourceText(text);
  const parsed = parseYaml(text);
  for (const d of parsed.diagnostics) {
    diagnostics.push(diagnosticAt(path, d.severity, d.message, spanOf(source, d.pos.start, d.pos.end)));
  }
  const doc = parsed.documents[0];
  if (parsed.documents.length > 1) {
    diagnostics.push(diagnosticAt(path, 'error', 'expected a single YAML document', spanOf(source, 0, 0)));
  }
  return doc ? { path, source, doc } : { path, source };
}

/** The span of a node (its value, without trailing comments); the file start when unknown. */
export function nodeSpan(file: InputFile, node: Node | null | undefined): SourceSpan {
  const range = node?.range;
  if (!range) return spanOf(file.source, 0, 0);
  return spanOf(file.source, range[0], range[1]);
}

export function errorAt(file: InputFile, node: Node | null | undefined, message: string): FileDiagnostic {
  return diagnosticAt(file.path, 'error', message, nodeSpan(file, node));
}

/** A diagnostic at value[start, end) of a string scalar (exact through quoting and block styles). */
export function errorInScalar(file: InputFile, node: Node | null | undefined, start: number, end: number, message: string): FileDiagnostic {
  if (!node || !isScalar(node)) return errorAt(file, node, message);
  const a = scalarFileOffset(node as Scalar, file.source.text, start);
  const b = end > start ? scalarFileOffset(node as Scalar, file.source.text, end - 1) + 1 : a;
  return diagnosticAt(file.path, 'error', message, spanOf(file.source, a, Math.max(a, b)));
}

/** Where a reported problem is: a node of an input file. */
export interface Origin {
  readonly file: InputFile;
  readonly node: Node | null | undefined;
}

/** A diagnostic about something with no file position (a `--set` flag, a missing file). */
export function errorWithoutPosition(file: string, message: string): FileDiagnostic {
  return wholeFileDiagnostic('compile/pack', 'error', file, message, SOURCE);
}

/**
 * A node's value for parameter parsing. Numbers keep their spelling as
 * written (`0.1000000000000000055` must not become the float 0.1), so exact
 * decimals survive YAML.
 */
export function rawValue(file: InputFile, node: Node | null | undefined): unknown {
  if (isScalar(node) && typeof node.value === 'number') return scalarString(node as Scalar, file.source.text) ?? node.value;
  return node?.toJSON();
}
