// .gitignore rules for directory walks, so `promforge lint` with no paths in a
// repository looks at what git would, never at node_modules, vendored
// copies or build output. Git's own semantics (gitignore(5)): later rules
// win, `!` re-includes, a trailing `/` matches directories only, a pattern
// with a slash before its end is anchored to its .gitignore's directory,
// otherwise it matches a name at any depth; a directory that is ignored is
// not entered, so nothing below it can be re-included.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Directories no walk enters, ignored or not: they never hold the user's rules. */
export const NEVER_WALKED = new Set(['.git', 'node_modules']);

interface IgnoreRule {
  readonly base: string;
  readonly pattern: RegExp;
  readonly anchored: boolean;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export class IgnoreRules {
  private constructor(private readonly rules: readonly IgnoreRule[]) {}

  /** The rules that apply inside `dir`: every .gitignore from the repository root (the nearest `.git` above) down to `dir`. */
  static forDirectory(dir: string): IgnoreRules {
    const chain: string[] = [];
    let d = path.resolve(dir);
    for (;;) {
      chain.unshift(d);
      if (existsSync(path.join(d, '.git'))) break;
      const up = path.dirname(d);
      if (up === d) {
        // Not in a git repository: only the walked directory's own .gitignore counts.
        chain.splice(0, chain.length - 1);
        break;
      }
      d = up;
    }
    return chain.reduce((rules, dirInChain) => rules.enter(dirInChain), new IgnoreRules([]));
  }

  /** The rules inside a subdirectory: these plus its own .gitignore. */
  enter(dir: string): IgnoreRules {
    let text: string;
    try {
      text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    const added = parseGitignore(text, dir);
    return added.length === 0 ? this : new IgnoreRules([...this.rules, ...added]);
  }

  ignores(file: string, isDirectory: boolean): boolean {
    const abs = path.resolve(file);
    if (isDirectory && NEVER_WALKED.has(path.basename(abs))) return true;
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDirectory) continue;
      const rel = path.relative(r.base, abs);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const subject = r.anchored ? rel.split(path.sep).join('/') : path.basename(abs);
      if (r.pattern.test(subject)) ignored = !r.negate;
    }
    return ignored;
  }
}

/**
 * Git ignores trailing white space unless a backslash escapes it. A loop, not
 * `/(?<!\\)\s+$/`: that regex retries at every position of a long blank run
 * (quadratic on a line of spaces).
 */
function trimUnescapedTrailingSpace(raw: string): string {
  let end = raw.length;
  while (end > 0 && /\s/.test(raw[end - 1]!) && raw[end - 2] !== '\\') end--;
  return raw.slice(0, end);
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const out: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = trimUnescapedTrailingSpace(raw);
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    out.push({ base, pattern: gitGlob(line), anchored, negate, dirOnly });
  }
  return out;
}

function gitGlob(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      if (atStart && glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else if (atStart && i + 2 === glob.length) {
        re += '.*';
        i += 1;
      } else {
        re += '[^/]*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) re += escape(glob[++i]!);
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += escape(c);
  }
  // A pattern naming a directory also covers everything below it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

function escape(c: string): string {
  return c.replace(/[.+^$(){}|[\]\\/]/g, '\\$&');
}
