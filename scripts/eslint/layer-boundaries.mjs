// ESLint rule `promforge/layer-boundaries`: the import rules of
// docs/architecture.md's layer table, read from that table so that the page
// and the check cannot drift apart.
//   - a module of src/ imports only from its own layer or the layers below;
//   - every folder (or top-level file) of src/ is in the table;
//   - no import cycle between folders, even within one layer.
// Folder-level edges for the cycle check come from a scan of every file under
// src/ (one per lint run), since a single file's imports cannot show a cycle.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..', '..');
const srcDir = path.join(repo, 'src');
const architecturePage = path.join(repo, 'docs', 'architecture.md');

/** Folder or top-level file of src/ ('lint', 'diagnostics') → layer number, from the table's rows `| N. name | `a/`, `b.ts` | ... |`. */
export function readLayerTable(text) {
  const layers = new Map();
  for (const line of text.split('\n')) {
    const row = /^\|\s*(\d+)\.[^|]*\|([^|]*)\|/.exec(line);
    if (!row) continue;
    for (const m of row[2].matchAll(/`([^`]+)`/g)) layers.set(unitName(m[1]), Number(row[1]));
  }
  return layers;
}

function unitName(entry) {
  return entry.replace(/\/$/, '').replace(/\.(ts|js)$/, '');
}

/** The unit of src/ a path belongs to ('lint' for src/lint/run.ts, 'api' for src/api.ts), or undefined outside src/. */
function unitOf(file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return unitName(rel.split(path.sep)[0]);
}

const IMPORT = /(?:\bfrom|\bimport\(|^import)\s*['"](\.[^'"]+)['"]/gm;

function listTs(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listTs(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Folder → folders it imports, over all of src/. */
function folderGraph() {
  const edges = new Map();
  for (const file of listTs(srcDir)) {
    const from = unitOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const to = unitOf(path.resolve(path.dirname(file), m[1]));
      if (to === undefined || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from).add(to);
    }
  }
  return edges;
}

/** A path of folders from `from` to `to` along import edges, or undefined. */
function pathBetween(edges, from, to) {
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === to) {
      const out = [];
      for (let v = to; v !== undefined; v = previous.get(v)) out.unshift(v);
      return out;
    }
    for (const next of edges.get(at) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

let cached;
function state() {
  cached ??= { layers: readLayerTable(readFileSync(architecturePage, 'utf8')), edges: folderGraph() };
  return cached;
}

/**
 * A digest of what the rule's findings depend on beyond the file it checks:
 * the layer table, the folder import graph and the rule's own source.
 * eslint.config.js puts it in the settings of the files the rule checks, so
 * that ESLint's cache (`npm run lint` keeps one) drops every entry when any
 * of them changes; a file's own changes drop its entry anyway.
 */
export function layerInputsDigest() {
  const { layers, edges } = state();
  const graph = [...edges].map(([from, to]) => [from, [...to].sort()]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const table = [...layers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // The rule's own code too: ESLint keys a plugin by its name, not its source.
  const rule = readFileSync(new URL(import.meta.url), 'utf8');
  return createHash('sha256').update(JSON.stringify({ table, graph, rule })).digest('hex');
}

export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "imports follow docs/architecture.md's layer table: no upward imports, no cycles between folders" },
    schema: [],
  },
  create(context) {
    const from = unitOf(context.filename);
    if (from === undefined) return {};
    const { layers, edges } = state();
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = unitOf(path.resolve(path.dirname(context.filename), source));
      if (to === undefined || to === from) return;
      for (const unit of [from, to]) {
        if (!layers.has(unit)) {
          context.report({ node, message: `src/${unit} is not in docs/architecture.md's layer table; add it to the layer it belongs to` });
          return;
        }
      }
      if (layers.get(to) > layers.get(from)) {
        context.report({
          node,
          message: `upward import: ${from}/ (layer ${layers.get(from)}) may not import ${to}/ (layer ${layers.get(to)}); see docs/architecture.md`,
        });
        return;
      }
      const back = pathBetween(edges, to, from);
      if (back) context.report({ node, message: `import cycle between folders: ${[from, ...back].join(' → ')}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const lit = node.argument?.literal ?? node.argument;
        if (lit?.type === 'Literal') check(lit, lit.value);
      },
    };
  },
};

export default { rules: { 'layer-boundaries': layerBoundaries } };
