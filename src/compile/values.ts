// Parameter values: pack defaults, overridden by values files (in order),
// overridden by `--set` flags. A values file maps parameter names to values
// for every pack that declares them; a key holding a map is a section of
// overrides for the pack of that name (ignored, with a warning, when that
// pack is not being compiled). `--set name=value` and `--set pack.name=value`
// do the same from the command line.
import path from 'node:path';
import { isMap, isScalar, type Node } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { mapPairs, readInputFile } from './load.js';
import type { LoadedPack } from './model.js';
import { parseParamValue, type ParamValue } from './params.js';
import type { ParamLookup, Resolver } from './placeholders.js';
import { errorAt, errorWithoutPosition, rawValue, type InputFile } from './source.js';

export interface ValueSetting {
  /** Only for this pack; undefined = every pack declaring the name. */
  readonly pack?: string;
  readonly name: string;
  readonly raw: unknown;
  /** True for `--set` text (a labels value may then be comma-separated). */
  readonly fromText: boolean;
  /** Where it was written: a values-file node, or the `--set` flag text. */
  readonly where: { readonly file: InputFile; readonly node: Node } | { readonly flag: string };
}

const SET_RE = /^(?:([a-z0-9][a-z0-9-]*)\.)?([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/** Reads values files and `--set` flags into settings, in application order. */
export function readSettings(
  valuesFiles: readonly string[],
  setFlags: readonly string[],
  packNames: ReadonlySet<string>,
  cwd: string,
  diagnostics: FileDiagnostic[],
): ValueSetting[] {
  const settings: ValueSetting[] = [];
  for (const vf of valuesFiles) {
    const file = readInputFile(vf, path.resolve(cwd, vf), diagnostics);
    if (!file?.doc) continue;
    const root = file.doc.contents;
    if (root === null || root === undefined) continue;
    if (!isMap(root)) {
      diagnostics.push(errorAt(file, root as Node, 'a values file must be a map of parameter names (or pack names) to values'));
      continue;
    }
    for (const pair of mapPairs(root)) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (isMap(pair.value) && !packNames.has(key)) {
        // No parameter type takes a map: this is a section for a pack not compiled now.
        diagnostics.push({ ...errorAt(file, pair.key, `values for pack "${key}", which is not being compiled; ignored`), severity: 'warning' });
        continue;
      }
      if (packNames.has(key) && isMap(pair.value)) {
        for (const inner of mapPairs(pair.value)) {
          const name = isScalar(inner.key) ? String(inner.key.value) : '';
          settings.push({ pack: key, name, raw: rawValue(file, inner.value), fromText: false, where: { file, node: inner.key } });
        }
      } else {
        settings.push({ name: key, raw: rawValue(file, pair.value), fromText: false, where: { file, node: pair.key } });
      }
    }
  }
  for (const flag of setFlags) {
    const m = SET_RE.exec(flag);
    if (!m) {
      diagnostics.push(errorWithoutPosition('--set', `--set ${flag}: expected name=value or pack.name=value`));
      continue;
    }
    settings.push({ ...(m[1] !== undefined ? { pack: m[1] } : {}), name: m[2]!, raw: m[3]!, fromText: true, where: { flag } });
  }
  return settings;
}

function settingError(s: ValueSetting, message: string): FileDiagnostic {
  if ('flag' in s.where) return errorWithoutPosition('--set', `--set ${s.where.flag}: ${message}`);
  return errorAt(s.where.file, s.where.node, message);
}

/** Reports settings that name no parameter of any compiled pack (or an unknown pack). */
export function checkSettingsKnown(settings: readonly ValueSetting[], packs: readonly LoadedPack[], diagnostics: FileDiagnostic[]): void {
  for (const s of settings) {
    if (s.pack !== undefined) {
      const pack = packs.find((p) => p.name === s.pack);
      if (!pack) diagnostics.push(settingError(s, `unknown pack "${s.pack}" (compiled packs: ${packs.map((p) => p.name).join(', ')})`));
      else if (!pack.params.has(s.name)) diagnostics.push(settingError(s, `unknown parameter "${s.name}": pack "${s.pack}" declares no such parameter`));
    } else if (!packs.some((p) => p.params.has(s.name))) {
      diagnostics.push(settingError(s, `unknown parameter "${s.name}": no compiled pack declares it`));
    }
  }
}

/** The effective values of one pack's parameters; type errors in settings are reported. */
export function resolvePackValues(pack: LoadedPack, settings: readonly ValueSetting[], diagnostics: FileDiagnostic[]): Map<string, ParamValue> {
  const values = new Map<string, ParamValue>();
  for (const [name, decl] of pack.params) if (decl.defaultValue) values.set(name, decl.defaultValue);
  for (const s of settings) {
    if (s.pack !== undefined && s.pack !== pack.name) continue;
    const decl = pack.params.get(s.name);
    if (!decl) continue;
    const parsed = parseParamValue(decl.type, s.raw, s.fromText);
    if (!parsed.ok) {
      diagnostics.push(settingError(s, `parameter "${s.name}" (${decl.type}): ${parsed.message}`));
      continue;
    }
    values.set(s.name, parsed.value);
  }
  return values;
}

export function resolverFor(pack: LoadedPack, values: ReadonlyMap<string, ParamValue>): Resolver {
  return (name: string): ParamLookup => {
    const decl = pack.params.get(name);
    if (!decl) return { kind: 'unknown' };
    const value = values.get(name);
    return value ? { kind: 'value', value } : { kind: 'missing', type: decl.type };
  };
}
