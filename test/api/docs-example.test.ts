// docs/api.md's example is a program a user could write: this test takes its
// ```ts block, type-checks it against the built package (dist/, through
// package.json's exports, as `import ... from 'promforge'` resolves in a
// project that installed it), runs it from the repository root and compares
// its output with the ```text block that follows.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');

function fenced(lang: string): string[] {
  return [...doc.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
}

describe('docs/api.md', () => {
  it('has one TypeScript example and the output it prints', () => {
    expect(fenced('ts')).toHaveLength(1);
    expect(fenced('text')).toHaveLength(1);
  });

  it('names in its table only functions the package exports', async () => {
    const api = (await import('../../src/index.js')) as Record<string, unknown>;
    const named = [...doc.matchAll(/^\| `[a-z]+` \| (.*?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`((?:\w+\.)?\w+)\(/g)].map((c) => c[1]!));
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((name) => {
      const [head, tail] = name.split('.');
      const value = api[head!];
      return tail === undefined ? typeof value !== 'function' : typeof (value as Record<string, unknown> | undefined)?.[tail] !== 'function';
    });
    expect(missing).toEqual([]);
  });
});

const built = existsSync(join(root, 'dist/index.d.ts')) && existsSync(join(root, 'dist/index.js'));
if (!built) console.warn('notice: dist/ not built; skipping the docs/api.md example (run npm run build)');

describe.skipIf(!built)('docs/api.md example', () => {
  it('type-checks against the built package, runs, and prints what the doc says', () => {
    const work = mkdtempSync(join(tmpdir(), 'promforge-api-doc-'));
    try {
      // A project that depends on promforge: node_modules/promforge is this package.
      mkdirSync(join(work, 'node_modules'));
      symlinkSync(root, join(work, 'node_modules/promforge'), 'dir');
      symlinkSync(join(root, 'node_modules/@types'), join(work, 'node_modules/@types'), 'dir');
      writeFileSync(join(work, 'package.json'), JSON.stringify({ type: 'module', private: true }));
      writeFileSync(
        join(work, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noUncheckedIndexedAccess: true,
            outDir: 'out',
            types: ['node'],
            skipLibCheck: true,
          },
          files: ['example.ts'],
        }),
      );
      writeFileSync(join(work, 'example.ts'), fenced('ts')[0]!);
      const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')], { encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr, 'tsc').toBe('');
      expect(tsc.status).toBe(0);
      const run = spawnSync(process.execPath, [join(work, 'out/example.js')], { cwd: root, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(fenced('text')[0]);
      expect(run.status).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
