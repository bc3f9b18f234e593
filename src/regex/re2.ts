// The one place where user text becomes a pattern. Every regular expression
// promforge matches (selectors' =~ / !~, label_replace, templates' match and
// reReplaceAll, promqltest expectations, `test --run`, config and rule-file
// globs) goes through here, so matching is always linear in the input: RE2
// semantics via re2js (a port of RE2 with its DFA/NFA engines), never
// JavaScript's backtracking RegExp.
//
// Fast paths skip re2js only where the result is provably identical: literal
// patterns, alternations of literals, and a literal with `.*`/`.+` at either
// end (the same shapes Prometheus's FastRegexMatcher special-cases). Anything
// else — classes, flags, repetition, escapes — is compiled by re2js, whose
// error messages are Go's.

import { RE2JS } from 're2js';

export interface RegexOptions {
  /**
   * Whether `.` matches `\n`. Prometheus 3.x compiles matchers as
   * `^(?s:<pattern>)$` (true, the default); 2.x as `^(?:<pattern>)$` (false).
   */
  readonly dotMatchesNewline?: boolean;
  /** Largest compiled program (RE2 instructions) accepted; see DEFAULT_REGEX_LIMITS. */
  readonly maxProgramSize?: number;
}

export const DEFAULT_REGEX_LIMITS = {
  /**
   * RE2 instructions per compiled pattern. Go's own ceiling (regexp/syntax
   * maxSize) is ~1.4 M; rule files in the wild stay under a few thousand, and
   * a program this size already takes ~0.5 s to build in re2js.
   */
  maxProgramSize: 250_000,
} as const;

export type CompiledRegex = { readonly ok: true; test(value: string): boolean } | { readonly ok: false; readonly error: string };
export type CompiledUnanchored = { readonly ok: true; readonly re: RE2JS } | { readonly ok: false; readonly error: string };

/** RE2 metacharacters outside a character class; every other character matches itself. */
const RE2_META = /[\\.+*?()|[\]{}^$]/;

const LONE_SURROGATE = /\p{Cs}/u;

function isLiteral(s: string): boolean {
  return !RE2_META.test(s) && !LONE_SURROGATE.test(s);
}

/** The pattern text Prometheus compiles for a matcher. */
export function anchoredSource(pattern: string, options: RegexOptions = {}): string {
  return options.dotMatchesNewline === false ? `^(?:${pattern})$` : `^(?s:${pattern})$`;
}

type FastPath = (value: string) => boolean;

/** A matcher equivalent to `anchoredSource(pattern)` for the shapes it recognises, else undefined. */
export function fastPath(pattern: string, dotAll: boolean): FastPath | undefined {
  // `.*` / `.+` over some part of the value: with dotAll any text, without it any text free of `\n`.
  const anyText = dotAll ? (_s: string) => true : (s: string) => !s.includes('\n');
  if (isLiteral(pattern)) return (v) => v === pattern;
  if (pattern.includes('|') && !pattern.includes('||') && pattern.split('|').every(isLiteral)) {
    const set = new Set(pattern.split('|'));
    return (v) => set.has(v);
  }
  const m = /^(\.[*+])?(.*?)(\.[*+])?$/s.exec(pattern);
  if (!m || (m[1] === undefined && m[3] === undefined)) return undefined;
  const [, head, lit = '', tail] = m;
  if (!isLiteral(lit) || (!dotAll && lit.includes('\n'))) return undefined;
  const minHead = head === '.+' ? 1 : 0;
  const minTail = tail === '.+' ? 1 : 0;
  if (head && tail) {
    // `.*L.*`: L somewhere, with enough room either side. Without dotAll no
    // `\n` may appear anywhere (L has none), so the first occurrence decides.
    return (v) => {
      if (!anyText(v)) return false;
      // `.` is one code point, not one UTF-16 unit: `.+.+` needs two of them.
      if (lit === '') return minHead + minTail < 2 ? v.length >= minHead + minTail : hasTwoCodePoints(v);
      // The first occurrence at or after minHead leaves the most room after it.
      const at = v.indexOf(lit, minHead);
      return at >= 0 && v.length - at - lit.length >= minTail;
    };
  }
  if (head) return (v) => v.length - lit.length >= minHead && v.endsWith(lit) && anyText(v.slice(0, v.length - lit.length));
  return (v) => v.length - lit.length >= minTail && v.startsWith(lit) && anyText(v.slice(lit.length));
}

function hasTwoCodePoints(v: string): boolean {
  if (v.length < 2) return false;
  const first = v.codePointAt(0)!;
  return v.length > (first > 0xffff ? 2 : 1);
}

function withResultCache(test: (v: string) => boolean): CompiledRegex {
  // Label values repeat across series and steps: remember results per value.
  const results = new Map<string, boolean>();
  return {
    ok: true,
    test(value: string): boolean {
      let r = results.get(value);
      if (r === undefined) {
        r = test(value);
        if (results.size < 100_000) results.set(value, r);
      }
      return r;
    },
  };
}

interface Re2Internals {
  re2(): { prog?: { numInst(): number } };
}

function programSize(re: RE2JS): number | undefined {
  const prog = (re as unknown as Re2Internals).re2().prog;
  return prog && typeof prog.numInst === 'function' ? prog.numInst() : undefined;
}

/** Compiles RE2 source with re2js, turning its exceptions and our size limit into a result. */
export function compileRe2(source: string, options: RegexOptions = {}): CompiledUnanchored {
  const max = options.maxProgramSize ?? DEFAULT_REGEX_LIMITS.maxProgramSize;
  // A cheap bound before compiling: every pattern character costs at least
  // one instruction... unless it is part of an escape or a class, so allow 4x.
  if (source.length > max * 4) return { ok: false, error: `regular expression too large: ${source.length} characters (limit: ${max} program instructions)` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const size = programSize(re);
  if (size !== undefined && size > max) return { ok: false, error: `regular expression too large: ${size} program instructions (limit: ${max})` };
  return { ok: true, re };
}

const anchoredCache = new Map<string, CompiledRegex>();

/**
 * A fully anchored matcher with Prometheus semantics, as used by `=~` and
 * `!~`: true when the whole value matches.
 */
export function compileAnchoredRegex(pattern: string, options: RegexOptions = {}): CompiledRegex {
  const dotAll = options.dotMatchesNewline !== false;
  const key = `${dotAll ? 's' : '-'}${options.maxProgramSize ?? ''}:${pattern}`;
  let hit = anchoredCache.get(key);
  if (hit) return hit;
  const fast = fastPath(pattern, dotAll);
  if (fast) hit = { ok: true, test: fast };
  else {
    const compiled = compileRe2(anchoredSource(pattern, options), options);
    if (compiled.ok) {
      const re = compiled.re;
      hit = withResultCache((v) => re.matches(v));
    } else hit = compiled;
  }
  if (anchoredCache.size > 10_000) anchoredCache.clear();
  anchoredCache.set(key, hit);
  return hit;
}

/** Compiles an unanchored RE2 pattern (label_replace builds its own anchors; templates' reReplaceAll...). */
export function compileRegex(pattern: string, options: RegexOptions = {}): CompiledUnanchored {
  return compileRe2(pattern, options);
}
