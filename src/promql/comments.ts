// `#` comments inside PromQL text. The parser drops them (they carry no
// meaning), so anything that re-prints an expression — fmt, lint --fix —
// must look for them first or it silently deletes a user's notes.

import { quotedLiteralEnd } from '../go/strconv.js';

export interface PromqlComment {
  /** Offset of the `#` in the text. */
  readonly start: number;
  /** Offset just past the comment (its line break excluded). */
  readonly end: number;
  /** The comment, from `#` to the end of its line, trailing `\r` excluded. */
  readonly text: string;
}

/**
 * Every comment of a PromQL text, in order. A `#` inside a string ("…",
 * '…' with backslash escapes, `…` raw) is not a comment, as in Prometheus's
 * lexer; an unterminated string ends at its line break, where the lexer
 * would have failed anyway.
 */
export function promqlComments(text: string): PromqlComment[] {
  const out: PromqlComment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = quotedLiteralEnd(text, i) + 1;
      continue;
    }
    if (c === '#') {
      let j = i;
      while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
      out.push({ start: i, end: j, text: text.slice(i, j) });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}
