// The `yaml` package's lexer with go-yaml's scanning rules where they differ
// from YAML 1.2's. Prometheus reads rule files with go-yaml (gopkg.in/yaml.v3
// 3.0.1 in 2.42, go.yaml.in/yaml/v3 in 3.x), a port of libyaml, whose scanner
// checks indentation only in block context and only for plain scalars:
//
// - a quoted scalar ('…' or "…") may continue on lines indented any amount,
//   tabs included; only a document marker (`---`/`...` at column 0) ends it
//   early, as an error;
// - inside a flow collection ([…], {…}) lines may be indented any amount,
//   plain scalars in it may continue at any indentation.
//
// The `yaml` package (strict YAML 1.2) cuts such a scalar or collection at the
// first under-indented line ("Missing closing 'quote"). Changing how the lexer
// finds where a token ends, and nothing else, keeps every token's offsets
// exactly those of the file: the CST, the composer and every node range stay
// the `yaml` package's own. The composer folds the continuation lines of a
// quoted scalar exactly as libyaml does (trim blanks around a break, one break
// is a space, n breaks are n-1 newlines).
//
// The overridden methods are private in the `yaml` package's types, so they
// are reached through `LexerInternals`; `goLexerSupported()` checks they exist
// (a `yaml` upgrade that renames them falls back to the stock lexer, and the
// tests for these layouts fail loudly).
import { Lexer } from 'yaml';

/** The parts of the `yaml` package's Lexer this file relies on. */
interface LexerInternals {
  buffer: string;
  pos: number;
  atEnd: boolean;
  flowLevel: number;
  charAt(n: number): string | undefined;
  setNext(state: string): null;
  pushToIndex(i: number, allowEmpty: boolean): Generator<string, number>;
  continueScalar(offset: number): number;
  parseQuotedScalar(): Generator<string, string | null>;
  parseFlowCollection(): Generator<string, string | null>;
}

const stock = Lexer.prototype as unknown as LexerInternals;

/** True when the `yaml` package still has the lexer methods overridden here. */
export function goLexerSupported(): boolean {
  return ['continueScalar', 'parseQuotedScalar', 'parseFlowCollection', 'pushToIndex', 'setNext', 'charAt'].every(
    (name) => typeof (stock as unknown as Record<string, unknown>)[name] === 'function',
  );
}

/** `---` or `...` followed by a blank, a break or the end: a document marker at `i` (a line start). */
function isDocumentMarker(buffer: string, i: number): boolean {
  const three = buffer.slice(i, i + 3);
  if (three !== '---' && three !== '...') return false;
  const after = buffer[i + 3];
  return after === undefined || after === ' ' || after === '\t' || after === '\n' || after === '\r';
}

/** Index of the quote closing the scalar opened at `open`, or -1. */
function closingQuote(buffer: string, open: number): number {
  const quote = buffer[open];
  let i = open + 1;
  while (i < buffer.length) {
    const c = buffer[i];
    if (quote === "'" && c === "'") {
      if (buffer[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i;
    }
    if (quote === '"') {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"') return i;
    }
    i++;
  }
  return -1;
}

export class GoYamlLexer extends Lexer {}

const go = GoYamlLexer.prototype as unknown as LexerInternals;

/** A quoted scalar ends at its closing quote, whatever the indentation of its lines. */
go.parseQuotedScalar = function* parseQuotedScalar(this: LexerInternals): Generator<string, string | null> {
  let end = closingQuote(this.buffer, this.pos);
  if (end === -1 && !this.atEnd) return this.setNext('quoted-scalar');
  // A document marker at a line start inside the quotes: go-yaml's "found
  // unexpected document indicator". Ending the token before that line makes
  // the composer report the scalar as unclosed.
  const limit = end === -1 ? this.buffer.length : end;
  for (let nl = this.buffer.indexOf('\n', this.pos); nl !== -1 && nl < limit; nl = this.buffer.indexOf('\n', nl + 1)) {
    if (isDocumentMarker(this.buffer, nl + 1)) {
      end = nl - (this.buffer[nl - 1] === '\r' ? 2 : 1);
      break;
    }
  }
  if (end === -1) end = this.buffer.length;
  yield* this.pushToIndex(end + 1, false);
  return this.flowLevel ? 'flow' : 'doc';
};

/** In flow context a scalar continues on any line that is not a document marker. */
go.continueScalar = function continueScalar(this: LexerInternals, offset: number): number {
  if (this.flowLevel > 0) return isDocumentMarker(this.buffer, offset) ? -1 : offset;
  return stock.continueScalar.call(this, offset);
};

/**
 * Flow collections ignore indentation: the stock lexer ends a collection at a
 * line indented less than its parent; here only a document marker does.
 */
go.parseFlowCollection = function* parseFlowCollection(this: LexerInternals & { indentNext: number }): Generator<string, string | null> {
  // The stock method ends the collection when `indent < indentNext`; with the
  // minimum indentation at 0 only its document-marker rule is left.
  const saved = this.indentNext;
  this.indentNext = 0;
  try {
    return yield* stock.parseFlowCollection.call(this);
  } finally {
    this.indentNext = saved;
  }
};
