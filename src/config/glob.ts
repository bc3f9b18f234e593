// Glob matching for include/exclude lists (Node 20 has no
// path.matchesGlob): `**` crosses directories, `*` and `?` do not, `{a,b}`
// alternates, every other character is literal. Paths are compared with
// forward slashes. Globs are translated to RE2 and matched by the linear-time
// engine, so no glob can make matching slow; a malformed glob is a result,
// never an exception.

import { compileRe2 } from '../regex/re2.js';

export type CompiledGlob = { readonly ok: true; test(path: string): boolean } | { readonly ok: false; readonly error: string };

const cache = new Map<string, CompiledGlob>();

/** RE2 source for a literal character. */
function literal(c: string): string {
  return /[\\.+*?()|[\]{}^$]/.test(c) ? `\\${c}` : c;
}

function translate(glob: string): { ok: true; source: string } | { ok: false; error: string } {
  let re = '';
  const openBraces: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` anything.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      openBraces.push(i);
      re += '(?:';
    } else if (c === '}' && openBraces.length > 0) {
      openBraces.pop();
      re += ')';
    } else if (c === ',' && openBraces.length > 0) re += '|';
    else re += literal(c);
  }
  if (openBraces.length > 0)
    return { ok: false, error: `invalid glob ${JSON.stringify(glob)}: '{' at offset ${openBraces[openBraces.length - 1]! + 1} is never closed` };
  return { ok: true, source: `^(?s:${re})$` };
}

export function compileGlob(glob: string): CompiledGlob {
  const hit = cache.get(glob);
  if (hit) return hit;
  const t = translate(glob);
  let compiled: CompiledGlob;
  if (!t.ok) compiled = t;
  else {
    const re = compileRe2(t.source);
    compiled = re.ok ? { ok: true, test: (p) => re.re.matches(p) } : { ok: false, error: `invalid glob ${JSON.stringify(glob)}: ${re.error}` };
  }
  if (cache.size > 1000) cache.clear();
  cache.set(glob, compiled);
  return compiled;
}

/** True if any glob matches; malformed globs match nothing (the config loader reports them). */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  const p = path.split('\\').join('/');
  return globs.some((g) => {
    const c = compileGlob(g);
    return c.ok && c.test(p);
  });
}
