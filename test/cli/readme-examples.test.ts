// Every `promforge` command in README.md's code blocks runs as written from a
// clone: against the files the README names (which must be in the
// repository), with the built binary, exiting 0 without a stack trace. The
// commands run in a temporary copy of the repository, since some write files
// (lint.sarif, out/, leak.rules.yml).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { promforge: string } };
const bin = join(root, pkg.bin.promforge);

interface CodeBlock {
  readonly lang: string;
  readonly line: number;
  readonly lines: readonly string[];
}
interface Example {
  readonly command: string;
  readonly line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { lang: string; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((text, i) => {
    const fence = /^```(\S*)\s*$/.exec(text);
    if (fence && !open) open = { lang: fence[1] ?? '', line: i + 2, lines: [] };
    else if (fence && open) {
      blocks.push(open);
      open = undefined;
    } else open?.lines.push(text);
  });
  return blocks;
}

// Shell blocks: lines starting with `npx promforge` / `promforge`, with `\`
// continuations joined. YAML blocks: CI steps `- run: <command>`.
export function examples(markdown: string): Example[] {
  const found: Example[] = [];
  for (const block of codeBlocks(markdown)) {
    for (let i = 0; i < block.lines.length; i++) {
      const line = block.line + i;
      let text = block.lines[i]!;
      if (block.lang === 'yaml') {
        const run = /^\s*- run:\s*(.*)$/.exec(text);
        if (run && /\bpromforge\b/.test(run[1]!)) found.push({ command: run[1]!, line });
        continue;
      }
      if (!/^(npx )?promforge\b/.test(text)) continue;
      while (text.endsWith('\\') && i + 1 < block.lines.length) text = `${text.slice(0, -1)} ${block.lines[++i]!.trim()}`;
      found.push({ command: text, line });
    }
  }
  return found;
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const commands = examples(readme);

describe('README example extraction', () => {
  it('finds the commands of shell blocks and CI steps, continuations joined', () => {
    const md = '```sh\nnpm test\nnpx promforge a \\\n    b   # c\n```\n\n```yaml\n- id: promforge-lint\n  - run: npx promforge d\n```\n';
    expect(examples(md)).toEqual([
      { command: 'npx promforge a  b   # c', line: 3 },
      { command: 'npx promforge d', line: 9 },
    ]);
  });

  it('leaves no promforge command line of a code block out', () => {
    const mentioned = codeBlocks(readme).flatMap((b) => b.lines.filter((l) => /^\s*(- run: )?(npx )?promforge\s/.test(l)));
    expect(mentioned.length).toBeGreaterThan(10);
    expect(commands.length).toBe(mentioned.length);
  });
});

if (!existsSync(bin)) console.warn('notice: dist/ not built; skipping the README example commands (run npm run build)');

describe.skipIf(!existsSync(bin))('README examples run as written', () => {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'promforge-readme-'));
    // The repository as a clone has it, minus what the build and install add
    // and minus the large generated fixtures no example names.
    const skip = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-artifacts']);
    cpSync(root, work, {
      recursive: true,
      filter: (src) => {
        const rel = relative(root, src);
        if (rel === '') return true;
        if (skip.has(rel.split('/')[0]!)) return false;
        return statSync(src).isDirectory() || statSync(src).size < 1_000_000;
      },
    });
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // `npx promforge` in a clone resolves to this package's bin; the shell
  // functions run that same launcher without npx's lookup.
  const prelude = 'promforge() { "$PROMFORGE_BIN" "$@"; }; npx() { [ "$1" = promforge ] || return 127; shift; promforge "$@"; }; ';
  it.each(commands)('README.md:$line: $command', ({ command }) => {
    const r = spawnSync('bash', ['-c', prelude + command], { cwd: work, encoding: 'utf8', env: { ...process.env, PROMFORGE_BIN: bin } });
    const context = `${command}\nstdout:\n${r.stdout.slice(0, 2000)}\nstderr:\n${r.stderr.slice(0, 2000)}`;
    expect(r.status, context).toBe(0);
    expect(r.stderr, context).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.stderr, context).not.toContain('internal error');
  });
});
