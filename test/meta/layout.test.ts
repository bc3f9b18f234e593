// The README's layout table and docs/architecture.md's layer table name every
// folder and top-level file of src/, so that neither drifts as folders come
// and go (the layer table is also what the ESLint layer rule enforces).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLayerTable } from '../../scripts/eslint/layer-boundaries.mjs';

const repo = path.resolve(import.meta.dirname, '..', '..');
const units = readdirSync(path.join(repo, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));

describe('layout tables', () => {
  it('the README names every folder and top-level file of src/', () => {
    const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
    expect(units.filter((u) => !readme.includes(`\`src/${u}\``))).toEqual([]);
  });

  it("docs/architecture.md's layer table places every folder and top-level file of src/", () => {
    const layers = readLayerTable(readFileSync(path.join(repo, 'docs', 'architecture.md'), 'utf8'));
    expect(units.filter((u) => !layers.has(u.replace(/\/$/, '').replace(/\.ts$/, '')))).toEqual([]);
  });
});
