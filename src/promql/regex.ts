// Regular expressions with Prometheus semantics: RE2 syntax (linear time,
// via re2js), fully anchored, and `.` matching newlines as in Prometheus 3.x
// (which compiles `^(?s:<pattern>)$`). Compiled patterns are cached because
// the same matcher is applied to many label values.

import { RE2JS } from 're2js';

export type CompiledRegex = { readonly ok: true; test(value: string): boolean } | { readonly ok: false; readonly error: string };

const cache = new Map<string, CompiledRegex>();

export function compileAnchoredRegex(pattern: string): CompiledRegex {
  let hit = cache.get(pattern);
  if (hit) return hit;
  try {
    const re = RE2JS.compile(`^(?s:${pattern})$`);
    // Results per value are cached too: label values repeat across series.
    const results = new Map<string, boolean>();
    hit = {
      ok: true,
      test(value: string): boolean {
        let r = results.get(value);
        if (r === undefined) {
          r = re.matches(value);
          if (results.size < 100_000) results.set(value, r);
        }
        return r;
      },
    };
  } catch (e) {
    hit = { ok: false, error: (e as Error).message };
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
