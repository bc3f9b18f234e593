// Regular expressions with Prometheus semantics: RE2 syntax (linear time,
// via re2js), fully anchored, and `.` matching newlines as in Prometheus 3.x
// (which compiles `^(?s:<pattern>)$`). Compiled patterns are cached because
// the same matcher is applied to many label values.
//
// re2js is exact but slow to compile (tens of microseconds per pattern), and
// rule files are full of simple patterns like `5..`, `.*foo.*` or `a|b`. For
// patterns made only of characters whose meaning and validity are the same
// in RE2 and in JavaScript's unicode-mode RegExp (no escapes, braces, flags,
// lookarounds or POSIX classes), a JavaScript RegExp gives identical results
// in linear-enough time; everything else, and every pattern JavaScript
// rejects (so error messages are RE2's), goes to re2js.

import { RE2JS } from 're2js';

export type CompiledRegex = { readonly ok: true; test(value: string): boolean } | { readonly ok: false; readonly error: string };

const cache = new Map<string, CompiledRegex>();

/** Characters that mean the same in RE2 and JS, and can never make a catastrophic pattern by themselves. */
const SIMPLE_PATTERN = /^[\p{L}\p{N}_\-.*+?|()^$ /:,=@#%&!~'"<>;\[\]]*$/u;

function simpleEnough(pattern: string): boolean {
  // `(?` starts flags, named groups or (in JS) lookarounds; `[:` POSIX classes;
  // nested quantifiers over groups can backtrack exponentially in JS.
  return SIMPLE_PATTERN.test(pattern) && !pattern.includes('(?') && !pattern.includes('[:') && !/\)[*+?]/.test(pattern) && pattern.length <= 256;
}

function withResultCache(test: (v: string) => boolean): CompiledRegex {
  // Label values repeat across series: remember results per value.
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

export function compileAnchoredRegex(pattern: string): CompiledRegex {
  let hit = cache.get(pattern);
  if (hit) return hit;
  if (simpleEnough(pattern)) {
    try {
      const js = new RegExp(`^(?:${pattern})$`, 'su');
      hit = withResultCache((v) => js.test(v));
    } catch {
      hit = undefined; // let re2js produce RE2's own error message
    }
  }
  if (!hit) {
    try {
      const re = RE2JS.compile(`^(?s:${pattern})$`);
      hit = withResultCache((v) => re.matches(v));
    } catch (e) {
      hit = { ok: false, error: (e as Error).message };
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, hit);
  return hit;
}

/** Compiles an unanchored RE2 pattern (for `label_replace`, templates' `reReplaceAll`...). */
export function compileRegex(pattern: string): { ok: true; re: RE2JS } | { ok: false; error: string } {
  try {
    return { ok: true, re: RE2JS.compile(pattern) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
