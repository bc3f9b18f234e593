// Thresholds tables (kind: Thresholds): per label set, a threshold (one
// number, or one per tier such as warning/critical), how it was derived
// (method + params) and an optional severity. Generators turn each row into
// rules restricted to that label set; `default` covers everything else.
// `promforge thresholds` will write these files; the format is in
// docs/packs.md.
import { isScalar, type Node, type YAMLMap } from 'yaml';
import type { FileDiagnostic } from '../diagnostics.js';
import { parseDecimal, type Rational } from './decimal.js';
import { getNode, getString, mapPairs, readInputFile } from './load.js';
import { validateAgainstSchema } from './schema.js';
import { errorAt, rawValue, type InputFile } from './source.js';

export interface ThresholdRow {
  /** The row's label set (exactly the table's key labels); empty for the default row. */
  readonly labels: readonly (readonly [string, string])[];
  /** Tier → value; a plain number is stored under the tier name `value`. */
  readonly threshold: ReadonlyMap<string, Rational>;
  readonly method?: string;
  readonly severity?: string;
  readonly node: Node;
}

export interface ThresholdsTable {
  readonly file: InputFile;
  readonly key: readonly string[];
  readonly rows: readonly ThresholdRow[];
  readonly defaultRow?: ThresholdRow;
}

export const SINGLE_THRESHOLD = 'value';

export function loadThresholdsTable(displayPath: string, absPath: string, diagnostics: FileDiagnostic[]): ThresholdsTable | undefined {
  const file = readInputFile(displayPath, absPath, diagnostics);
  if (!file?.doc) return undefined;
  const schemaErrors = validateAgainstSchema(file, 'thresholdsTable');
  if (schemaErrors.length > 0) {
    diagnostics.push(...schemaErrors);
    return undefined;
  }
  const root = file.doc.contents as YAMLMap;
  const key = ((getNode(root, 'key')?.toJSON() as string[] | undefined) ?? []).slice();
  let ok = true;
  const seen = new Set<string>();
  const readRow = (node: Node, isDefault: boolean): ThresholdRow | undefined => {
    const labels: [string, string][] = [];
    for (const pair of mapPairs(getNode(node, 'labels'))) {
      labels.push([String((pair.key as { value?: unknown }).value), String((pair.value as { value?: unknown } | null)?.value ?? '')]);
    }
    if (!isDefault) {
      const names = labels.map(([n]) => n).sort();
      if (names.join(',') !== [...key].sort().join(',')) {
        diagnostics.push(errorAt(file, getNode(node, 'labels'), `row labels must be exactly the table key (${key.join(', ')}), got (${names.join(', ')})`));
        ok = false;
        return undefined;
      }
      const id = JSON.stringify([...labels].sort());
      if (seen.has(id)) {
        diagnostics.push(errorAt(file, getNode(node, 'labels'), 'duplicate row for this label set'));
        ok = false;
        return undefined;
      }
      seen.add(id);
    }
    const thresholdNode = getNode(node, 'threshold');
    const threshold = new Map<string, Rational>();
    const readNumber = (n: Node | null | undefined, tier: string): void => {
      const raw = rawValue(file, n);
      const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
      const value = parseDecimal(text);
      if (value) threshold.set(tier, value);
      else {
        diagnostics.push(errorAt(file, n, 'expected a number'));
        ok = false;
      }
    };
    if (isScalar(thresholdNode)) readNumber(thresholdNode, SINGLE_THRESHOLD);
    else for (const pair of mapPairs(thresholdNode)) readNumber(pair.value, String((pair.key as { value?: unknown }).value));
    const method = getString(node, 'method');
    const severity = getString(node, 'severity');
    // Rows are emitted in label order, so a table's row order never changes the output.
    labels.sort(([a], [b]) => key.indexOf(a) - key.indexOf(b));
    return { labels, threshold, node, ...(method !== undefined ? { method } : {}), ...(severity !== undefined ? { severity } : {}) };
  };
  const rows: ThresholdRow[] = [];
  for (const item of (getNode(root, 'rows') as { items?: Node[] } | undefined)?.items ?? []) {
    const row = readRow(item, false);
    if (row) rows.push(row);
  }
  const defNode = getNode(root, 'default');
  const defaultRow = defNode ? readRow(defNode, true) : undefined;
  if (!ok) return undefined;
  rows.sort((a, b) => compareLabelSets(a.labels, b.labels));
  return { file, key, rows, ...(defaultRow ? { defaultRow } : {}) };
}

function compareLabelSets(a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]): number {
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The tier value of a row: the tier itself, else the row's single value. */
export function rowThreshold(row: ThresholdRow, tier: string): Rational | undefined {
  return row.threshold.get(tier) ?? row.threshold.get(SINGLE_THRESHOLD);
}
