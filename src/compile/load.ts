// Reading pack files: locating the pack file of a directory, schema
// validation, parameter declarations (own and imported) with their defaults
// type-checked where they are written.
import { readInputTextSync } from '../fs/read.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { type FileDiagnostic, readErrorDiagnostic } from '../diagnostics.js';
import type { LoadedPack, ParamDecl } from './model.js';
import { PARAM_TYPES, RESERVED_PARAM_NAMES, parseParamValue, type ParamType } from './params.js';
import { PACK_FILE_NAMES, resolvePackFile } from './pack-files.js';
import { validateAgainstSchema } from './schema.js';
import { errorAt, errorWithoutPosition, parseInputFile, rawValue, type InputFile } from './source.js';

export { PACK_FILE_NAMES, resolvePackFile };

/**
 * Expands each path: a pack file or pack directory stays as it is; a
 * directory without a pack file stands for the packs in its immediate
 * subdirectories (so `promforge compile rules/` compiles every shipped pack),
 * in name order.
 */
export function expandPackPaths(paths: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (resolvePackFile(abs) || !existsSync(abs) || !statSync(abs).isDirectory()) {
      out.push(p);
      continue;
    }
    const children = readdirSync(abs, { withFileTypes: true })
      .filter((e) => e.isDirectory() && PACK_FILE_NAMES.some((n) => existsSync(path.join(abs, e.name, n))))
      .map((e) => e.name)
      .sort();
    if (children.length === 0)
      out.push(p); // reported as "no pack found"
    else out.push(...children.map((c) => path.join(p, c)));
  }
  return out;
}

/** Reads and parses a YAML input file; a missing file is a diagnostic. */
export function readInputFile(displayPath: string, absPath: string, diagnostics: FileDiagnostic[]): InputFile | undefined {
  const read = readInputTextSync(absPath);
  if (!read.ok) {
    diagnostics.push(readErrorDiagnostic(displayPath, read.error));
    return undefined;
  }
  const text = read.value;
  const before = diagnostics.length;
  const file = parseInputFile(displayPath, text, diagnostics);
  return diagnostics.slice(before).some((d) => d.severity === 'error') ? undefined : file;
}

export function mapPairs(node: unknown): Pair<Node, Node>[] {
  return isMap(node) ? (node.items as Pair<Node, Node>[]) : [];
}

export function getNode(map: unknown, key: string): Node | undefined {
  return mapPairs(map).find((p) => isScalar(p.key) && p.key.value === key)?.value ?? undefined;
}

export function getString(map: unknown, key: string): string | undefined {
  const n = getNode(map, key);
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/**
 * Loads a pack (and, recursively, the packs it imports parameters from).
 * `chain` holds the absolute paths being loaded, to refuse import cycles.
 */
export function loadPack(displayPath: string, cwd: string, diagnostics: FileDiagnostic[], chain: readonly string[] = []): LoadedPack | undefined {
  const abs = path.resolve(cwd, displayPath);
  const packFile = resolvePackFile(abs);
  if (!packFile) {
    // A path that is not there is unreadable input (exit 2); a directory without a pack file is a wrong argument.
    if (!existsSync(abs)) diagnostics.push(readErrorDiagnostic(displayPath, 'ENOENT: no such file or directory'));
    else diagnostics.push(errorWithoutPosition(displayPath, `no pack found: expected a pack file or a directory containing ${PACK_FILE_NAMES.join(' or ')}`));
    return undefined;
  }
  const shown = path.relative(cwd, packFile) || packFile;
  const file = readInputFile(shown, packFile, diagnostics);
  if (!file?.doc) return undefined;
  const schemaErrors = validateAgainstSchema(file, 'pack');
  if (schemaErrors.length > 0) {
    diagnostics.push(...schemaErrors);
    return undefined;
  }
  const root = file.doc.contents as YAMLMap;
  const metadata = getNode(root, 'metadata');
  const name = getString(metadata, 'name')!;
  const version = getString(metadata, 'version')!;
  const description = getString(metadata, 'description');
  const dir = path.dirname(packFile);
  const params = new Map<string, ParamDecl>();
  let ok = true;

  // Imported declarations first, so the pack's own declarations may not silently redefine them.
  for (const imp of (getNode(root, 'imports') as YAMLSeq | undefined)?.items ?? []) {
    const importPath = getString(imp, 'path')!;
    const importAbs = path.resolve(dir, importPath);
    const target = resolvePackFile(importAbs);
    if (target && (chain.includes(target) || target === packFile)) {
      diagnostics.push(errorAt(file, getNode(imp, 'path'), `import cycle: ${[...chain, packFile, target].map((p) => path.relative(cwd, p)).join(' -> ')}`));
      ok = false;
      continue;
    }
    const imported = loadPack(path.relative(cwd, importAbs) || importAbs, cwd, diagnostics, [...chain, packFile]);
    if (!imported) {
      diagnostics.push(errorAt(file, getNode(imp, 'path'), `cannot import pack "${importPath}"`));
      ok = false;
      continue;
    }
    const only = getNode(imp, 'parameters');
    const wanted = isSeq(only) ? only.items.map((n) => ({ node: n as Node, name: String((n as { value?: unknown }).value) })) : undefined;
    for (const w of wanted ?? []) {
      if (!imported.params.has(w.name)) {
        diagnostics.push(errorAt(file, w.node, `pack "${imported.name}" declares no parameter "${w.name}"`));
        ok = false;
      }
    }
    for (const [pname, decl] of imported.params) {
      if (wanted && !wanted.some((w) => w.name === pname)) continue;
      params.set(pname, decl);
    }
  }

  for (const pair of mapPairs(getNode(root, 'parameters'))) {
    const pname = String((pair.key as { value?: unknown }).value);
    const type = getString(pair.value, 'type') as ParamType;
    if (!PARAM_TYPES.includes(type)) continue; // the schema already refused it
    if (RESERVED_PARAM_NAMES.has(pname)) {
      diagnostics.push(errorAt(file, pair.key, `parameter name "${pname}" is reserved (it is a Go template keyword or function)`));
      ok = false;
      continue;
    }
    if (params.has(pname)) {
      diagnostics.push(errorAt(file, pair.key, `parameter "${pname}" is already imported from pack "${params.get(pname)!.declaredIn}"`));
      ok = false;
      continue;
    }
    const defNode = getNode(pair.value, 'default');
    let defaultValue;
    if (defNode !== undefined) {
      const raw = rawValue(file, defNode);
      const parsed = parseParamValue(type, raw, false);
      if (!parsed.ok) {
        diagnostics.push(errorAt(file, defNode, `default of parameter "${pname}": ${parsed.message}`));
        ok = false;
        continue;
      }
      defaultValue = parsed.value;
    }
    const desc = getString(pair.value, 'description');
    params.set(pname, {
      name: pname,
      type,
      origin: { file, node: pair.key },
      declaredIn: name,
      ...(desc !== undefined ? { description: desc } : {}),
      ...(defaultValue ? { defaultValue } : {}),
    });
  }
  if (!ok) return undefined;
  const inject = getNode(root, 'inject') as YAMLMap | undefined;
  return {
    file,
    dir,
    name,
    version,
    params,
    groups: getNode(root, 'groups') as YAMLSeq,
    ...(description !== undefined ? { description } : {}),
    ...(inject ? { inject } : {}),
  };
}
