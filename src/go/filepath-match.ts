// Go's path/filepath.Match (Unix): `*` any run of non-'/' characters, `?` one
// non-'/' character, `[^a-z\]]` classes, `\c` a literal c. A port of Go's
// algorithm rather than a translation to a regular expression: it needs no
// backtracking across stars, so it is O(pattern × name), and a malformed
// pattern is an error result exactly where Go returns ErrBadPattern.

export type GlobMatch = { readonly ok: true; readonly matched: boolean } | { readonly ok: false; readonly error: string };

/** Go's filepath.ErrBadPattern text. */
export const BAD_PATTERN = 'syntax error in pattern';

class BadPattern {}

/** Splits off a leading run of stars and the chunk up to the next unescaped star. */
function scanChunk(pattern: string): { star: boolean; chunk: string; rest: string } {
  let star = false;
  let i = 0;
  while (i < pattern.length && pattern[i] === '*') {
    i++;
    star = true;
  }
  pattern = pattern.slice(i);
  let inRange = false;
  let j = 0;
  scan: for (; j < pattern.length; j++) {
    switch (pattern[j]) {
      case '\\':
        if (j + 1 < pattern.length) j++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: pattern.slice(0, j), rest: pattern.slice(j) };
}

function codePointAt(s: string, i: number): { cp: number; len: number } {
  const cp = s.codePointAt(i)!;
  return { cp, len: cp > 0xffff ? 2 : 1 };
}

/** Go's getEsc: one possibly escaped class character. */
function getEsc(chunk: string): { r: number; rest: string } {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPattern();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPattern();
  }
  const { cp, len } = codePointAt(chunk, 0);
  const rest = chunk.slice(len);
  if (rest.length === 0) throw new BadPattern();
  return { r: cp, rest };
}

/**
 * Matches chunk against the start of s; returns the rest of s, or undefined
 * on mismatch. Like Go it keeps parsing after a mismatch so that malformed
 * patterns are always reported.
 */
function matchChunk(chunk: string, s: string): string | undefined {
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    switch (chunk[0]) {
      case '[': {
        let r = 0;
        if (!failed) {
          const c = codePointAt(s, 0);
          r = c.cp;
          s = s.slice(c.len);
        }
        chunk = chunk.slice(1);
        let negated = false;
        if (chunk.length > 0 && chunk[0] === '^') {
          negated = true;
          chunk = chunk.slice(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === ']' && nrange > 0) {
            chunk = chunk.slice(1);
            break;
          }
          const lo = getEsc(chunk);
          let hi = lo.r;
          chunk = lo.rest;
          if (chunk[0] === '-') {
            const h = getEsc(chunk.slice(1));
            hi = h.r;
            chunk = h.rest;
          }
          if (lo.r <= r && r <= hi) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true;
          else s = s.slice(codePointAt(s, 0).len);
        }
        chunk = chunk.slice(1);
        break;
      default:
        if (chunk[0] === '\\') {
          // An escaped character is matched literally.
          chunk = chunk.slice(1);
          if (chunk.length === 0) throw new BadPattern();
        }
        if (!failed) {
          if (chunk[0] !== s[0]) failed = true;
          else s = s.slice(1);
        }
        chunk = chunk.slice(1);
    }
  }
  return failed ? undefined : s;
}

function matchOrThrow(pattern: string, name: string): boolean {
  pattern: while (pattern.length > 0) {
    const { star, chunk, rest } = scanChunk(pattern);
    pattern = rest;
    if (star && chunk === '') return !name.includes('/');
    const t = matchChunk(chunk, name);
    if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, name.slice(i + 1));
        if (t2 !== undefined) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue pattern;
        }
      }
    }
    // Before returning false with no error, check the rest of the pattern is well-formed.
    while (pattern.length > 0) {
      const next = scanChunk(pattern);
      pattern = next.rest;
      matchChunk(next.chunk, '');
    }
    return false;
  }
  return name.length === 0;
}

/** Go's filepath.Match(pattern, name). */
export function filepathMatch(pattern: string, name: string): GlobMatch {
  try {
    return { ok: true, matched: matchOrThrow(pattern, name) };
  } catch (e) {
    if (e instanceof BadPattern) return { ok: false, error: BAD_PATTERN };
    throw e;
  }
}
