// npm's `prepare` (scripts/build.mjs --if-changed) skips the build when
// dist/.build-inputs records the current inputs. A stale record would ship
// a dist/ of other sources, so: the record of the checkout's own build must
// be taken as current in a copy of the checkout, and any change to a source,
// a build script or the package files, or a missing output, must not be.
// Runs `--check` (no build) on a copy; skips visibly when the checkout's
// dist/ is not built from its current sources (the record is what is tested).
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const check = (dir: string): { code: number | null; out: string } => {
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'build.mjs'), '--check'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
const own = check(root);
if (own.code !== 0) console.warn(`notice: dist/ is not built from the current sources (${own.out.trim()}); skipping the build-record test (run npm run build)`);

describe.skipIf(own.code !== 0)('the build record (dist/.build-inputs)', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const c of copies) rmSync(c, { recursive: true, force: true });
  });
  /** The build's inputs and the checkout's record, with empty stand-ins for the outputs it requires. */
  const copy = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'promforge-build-record-'));
    copies.push(dir);
    for (const d of ['src', 'schemas', 'scripts']) cpSync(path.join(root, d), path.join(dir, d), { recursive: true });
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'dist/.build-inputs']) cpSync(path.join(root, f), path.join(dir, f));
    mkdirSync(path.join(dir, 'dist', 'bundle'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'index.js'), '');
    writeFileSync(path.join(dir, 'dist', 'bundle', 'main.js'), '');
    return dir;
  };

  it('is current in a copy of the checkout, wherever it lies', () => {
    const r = check(copy());
    expect(r.out).toContain('up to date');
    expect(r.code).toBe(0);
  });

  it.each([
    ['a source file changes', 'src/index.ts'],
    ['a schema changes', 'schemas/rules.schema.json'],
    ['a build script changes', 'scripts/bundle.mjs'],
    ['package.json changes', 'package.json'],
    ['the lock changes', 'package-lock.json'],
  ])('is stale when %s', (_what, file) => {
    const dir = copy();
    appendFileSync(path.join(dir, file), '\n');
    const r = check(dir);
    expect(r.out).toContain('not built from the current sources');
    expect(r.code).toBe(1);
  });

  it('is stale when a source file is added, or an output is missing', () => {
    const added = copy();
    writeFileSync(path.join(added, 'src', 'new.ts'), 'export {};\n');
    expect(check(added).code).toBe(1);
    const missing = copy();
    rmSync(path.join(missing, 'dist', 'bundle', 'main.js'));
    expect(check(missing).code).toBe(1);
  });

  it('is stale when the record is of another build', () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'dist', '.build-inputs'), '0'.repeat(64) + '\n');
    expect(check(dir).code).toBe(1);
  });
});
