// Go's filepath.Glob, which promtool uses for `rule_files`: `*`, `?` and
// `[...]` match within one path segment; a pattern without metacharacters
// matches itself only if the file exists. Results are sorted per directory.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const META = /[*?[]/;

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) re += '\\[';
      else {
        let cls = segment.slice(i + 1, end);
        if (cls.startsWith('^')) cls = `\\^${cls.slice(1)}`;
        re += `[${cls.startsWith('!') ? `^${cls.slice(1)}` : cls}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < segment.length) re += `\\${segment[++i]!}`;
    else re += c.replace(/[.+^$(){}|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function globFiles(pattern: string): string[] {
  if (!META.test(pattern)) return existsSync(pattern) ? [pattern] : [];
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
      const re = segmentRegExp(part);
      for (const n of names) if (re.test(n)) next.push(path.join(base, n));
    }
    bases = next;
  }
  return bases;
}
