// Go's filepath.Glob, which promtool uses for `rule_files`: `*`, `?` and
// `[...]` match within one path segment (Go's filepath.Match, ported in
// src/go/filepath-match.ts); a pattern without metacharacters matches itself
// only if the file exists. Results are sorted per directory. A malformed
// pattern is Go's ErrBadPattern, returned as an error for the caller to
// report at the pattern's position.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { filepathMatch } from '../go/filepath-match.js';

const META = /[*?[\\]/;

export type GlobResult = { readonly ok: true; readonly files: string[] } | { readonly ok: false; readonly error: string };

export function globFiles(pattern: string): GlobResult {
  const check = filepathMatch(pattern, '');
  if (!check.ok) return check;
  if (!META.test(pattern)) return { ok: true, files: existsSync(pattern) ? [pattern] : [] };
  const parts = pattern.split(path.sep);
  let bases = [parts[0] === '' ? path.sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!META.test(part)) {
        const p = path.join(base, part);
        if (existsSync(p)) next.push(p);
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(base).sort();
      } catch {
        continue;
      }
      for (const n of names) {
        const m = filepathMatch(part, n);
        if (!m.ok) return m;
        if (m.matched) next.push(path.join(base, n));
      }
    }
    bases = next;
  }
  return { ok: true, files: bases };
}
