// Packaging: what `npm install` and `npm publish` see. A lock whose root entry
// disagrees with package.json makes every `npm install` rewrite it (a dirty
// work tree in a user's clone); a tarball missing its bin target or types is
// broken for every consumer, and one carrying tests or fixtures is bloat.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${root}${name}`, 'utf8')) as Record<string, unknown>;
const pkg = readJson('package.json');
// What bin/promforge runs when it does not start from the snapshot.
const BUNDLE_ENTRY = 'dist/bundle/main.js';

// The fields npm copies from package.json into the lock's root entry.
const LOCK_ROOT_FIELDS = [
  'name',
  'version',
  'license',
  'bin',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'engines',
] as const;

describe('package-lock.json', () => {
  const lock = readJson('package-lock.json');
  const packages = lock['packages'] as Record<string, Record<string, unknown>>;
  const lockRoot = packages[''] ?? {};

  it.each(LOCK_ROOT_FIELDS)("root entry has package.json's %s", (field) => {
    expect(lockRoot[field]).toEqual(pkg[field]);
  });

  it('names the package and version at the top level too', () => {
    expect({ name: lock['name'], version: lock['version'] }).toEqual({ name: pkg['name'], version: pkg['version'] });
  });

  it('locks every direct dependency', () => {
    const direct = { ...(pkg['dependencies'] as object), ...(pkg['devDependencies'] as object) };
    const missing = Object.keys(direct).filter((name) => packages[`node_modules/${name}`] === undefined);
    expect(missing).toEqual([]);
  });
});

describe('package.json', () => {
  it('declares the licence that LICENSE holds', () => {
    expect(pkg['license']).toBe('Apache-2.0');
    expect(readFileSync(`${root}LICENSE`, 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
  });

  it('has the metadata npm publish expects', () => {
    expect(pkg['repository']).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\//) });
    expect(typeof pkg['description']).toBe('string');
  });
});

// `npm pack --dry-run --json` lists the tarball without building or writing it.
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const built = existsSync(`${root}dist/index.d.ts`);
if (npm.status !== 0) console.warn('notice: npm not on PATH; skipping the npm pack test');
else if (!built) console.warn('notice: dist/ not built; skipping the npm pack test (run npm run build)');

describe.skipIf(npm.status !== 0 || !built)('npm pack', () => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const stderr = pack.stderr;
  const files = pack.status === 0 ? ((JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files ?? []).map((f) => f.path) : [];

  it('succeeds', () => {
    expect(pack.status, stderr).toBe(0);
    expect(files.length).toBeGreaterThan(0);
  });

  it('prints no warnings', () => {
    expect(stderr.split('\n').filter((l) => /\bwarn/i.test(l))).toEqual([]);
  });

  it('contains the bin target (a POSIX sh launcher) and the bundled entry it runs, with a node shebang', () => {
    const bin = (pkg['bin'] as Record<string, string>)['promforge'] ?? '';
    expect(files).toContain(bin.replace(/^\.\//, ''));
    const launcher = readFileSync(`${root}${bin}`, 'utf8');
    expect(launcher.startsWith('#!/bin/sh\n')).toBe(true);
    expect(launcher).toContain('exec node "$root/dist/bundle/main.js" "$@"');
    expect(files).toContain(BUNDLE_ENTRY);
    expect(readFileSync(`${root}${BUNDLE_ENTRY}`, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('contains every target of the exports map, main and types', () => {
    const targets = new Set<string>([pkg['main'] as string, pkg['types'] as string]);
    for (const value of Object.values(pkg['exports'] as Record<string, string | Record<string, string>>)) {
      for (const target of typeof value === 'string' ? [value] : Object.values(value)) targets.add(target);
    }
    const missing = [...targets].map((t) => t.replace(/^\.\//, '')).filter((t) => !files.includes(t));
    expect(missing).toEqual([]);
    expect(files).toContain('dist/index.d.ts');
  });

  it('contains LICENSE and README.md', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
  });

  it('carries only bundle chunks the bundled entry reaches (no leftovers of earlier builds)', () => {
    const dir = BUNDLE_ENTRY.slice(0, BUNDLE_ENTRY.lastIndexOf('/') + 1);
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      const text = readFileSync(`${root}${file}`, 'utf8');
      // esbuild names split chunks chunk-<hash>.js and imports them statically or with import().
      for (const m of text.matchAll(/(?:from|import\(?)\s*["']\.\/(chunk-\w+\.js)["']/g)) visit(`${dir}${m[1]}`);
    };
    visit(BUNDLE_ENTRY);
    expect(reached.size).toBeGreaterThan(1);
    expect(files.filter((f) => f.startsWith(dir) && !reached.has(f))).toEqual([]);
  });

  it('carries no sources, tests, fixtures or build scaffolding', () => {
    const junk = files.filter((f) => /^(src|test|fixtures|bench|scripts|\.ci|coverage|test-artifacts)\//.test(f) || /\.test\.(js|d\.ts)$/.test(f));
    expect(junk).toEqual([]);
  });
});
