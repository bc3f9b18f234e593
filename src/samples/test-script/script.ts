// Parser for PromQL `.test` scripts, the language of Prometheus's
// promql/promqltest harness, as specified in conformance/FORMAT.md. It turns
// a file into commands (load, clear, eval) with 1-based line numbers, and
// reports every rule that makes upstream reject a file as a diagnostic with
// line and column. It never evaluates anything and keeps queries as text.
//
// Upstream stops at the first error; we keep going after skipping the
// offending block, so one run shows all problems. A file with any error
// diagnostic must not be run at all (upstream runs no command of it).

import type { FileDiagnostic } from '../../diagnostics.js';
import { type Labels, labelsKey, labelsEqual, labelsToSeriesString } from '../../model/labels.js';
import { parseDuration } from '../duration.js';
import { parseSeriesDescription, parseSeriesLabels } from '../series-notation.js';
import { parseEvalCommand } from './script-eval.js';
import { ScriptDiagnostics, type ScriptLine, splitScriptLines } from './script-lines.js';
import { isStartTimestampLine, parseStartTimestampItems } from './script-st.js';
import type { ClearCommand, LoadCommand, LoadSeries, ScriptCommand } from './script-types.js';

export type * from './script-types.js';

export interface ParseScriptResult {
  /** The commands that parsed; run none of them when `diagnostics` has errors. */
  readonly commands: readonly ScriptCommand[];
  readonly diagnostics: readonly FileDiagnostic[];
}

/** Index of the first blank line at or after `i` (the end of a block). */
export function blockEnd(lines: readonly ScriptLine[], i: number): number {
  while (i < lines.length && lines[i]!.text !== '') i++;
  return i;
}

/** Parses a whole `.test` file. `file` only labels the diagnostics. */
export function parseTestScript(source: string, file = '<input>'): ParseScriptResult {
  const lines = splitScriptLines(source);
  const diags = new ScriptDiagnostics(file);
  const commands: ScriptCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.text === '') {
      i++;
      continue;
    }
    const word = (/^\S+/.exec(line.text)?.[0] ?? '').toLowerCase();
    if (word === 'clear') {
      commands.push({ kind: 'clear', line: line.number } satisfies ClearCommand);
      i++;
    } else if (word.startsWith('load')) {
      i = parseLoad(lines, i, diags, commands);
    } else if (word.startsWith('eval')) {
      const r = parseEvalCommand(lines, i, diags);
      if (r.command !== undefined) commands.push(r.command);
      i = r.next;
    } else {
      diags.error(line, `invalid command ${JSON.stringify(line.text)}`);
      i = blockEnd(lines, i + 1);
    }
  }
  return { commands, diagnostics: diags.list };
}

const LOAD_HEADER = /^load(_with_nhcb)?[ \t\n\f\r]+(.+?)$/;

function parseLoad(lines: readonly ScriptLine[], i: number, diags: ScriptDiagnostics, out: ScriptCommand[]): number {
  const header = lines[i]!;
  const end = blockEnd(lines, i + 1);
  const m = LOAD_HEADER.exec(header.text);
  if (m === null) {
    diags.error(header, 'invalid load command. (load[_with_nhcb] <step:duration>)');
    return end;
  }
  const stepText = m[2]!;
  const step = parseDuration(stepText);
  if (!step.ok) {
    const at = header.text.length - stepText.length;
    diags.error(header, `invalid step definition ${JSON.stringify(stepText)}: ${step.error}`, at);
    return end;
  }
  const before = diags.list.length;
  const series = new Map<string, LoadSeries>();
  let pendingSt: { line: ScriptLine; labels: Labels; offsets: (number | undefined)[] } | undefined;
  // Offsets from a label-less `@st …` line, cycled over later sample lines without their own.
  let defaultOffsets: (number | undefined)[] | undefined;
  for (let j = i + 1; j < end; j++) {
    const line = lines[j]!;
    if (isStartTimestampLine(line.text)) {
      if (pendingSt !== undefined) diags.error(pendingSt.line, '@st line has no following sample line');
      pendingSt = undefined;
      const st = parseStLine(line, diags);
      if (st === undefined) continue;
      if (st.labels === undefined) defaultOffsets = st.offsets;
      else pendingSt = { line, labels: st.labels, offsets: st.offsets };
      continue;
    }
    const parsed = parseSeriesDescription(line.text);
    if (parsed.series === undefined) {
      diags.fromText(line, parsed.diagnostics, 0, `error parsing series ${JSON.stringify(line.text)}: `);
      pendingSt = undefined;
      continue;
    }
    const { labels, values } = parsed.series;
    let startTimestampOffsets: (number | undefined)[] | undefined;
    if (pendingSt !== undefined) {
      if (!labelsEqual(pendingSt.labels, labels)) {
        diags.error(
          pendingSt.line,
          `@st metric does not match the following sample line metric: ${labelsToSeriesString(pendingSt.labels)} vs ${labelsToSeriesString(labels)} on line ${line.number}`,
        );
      } else if (pendingSt.offsets.length !== values.length) {
        diags.error(pendingSt.line, `@st line has ${pendingSt.offsets.length} values but sample line has ${values.length}`);
      } else {
        startTimestampOffsets = pendingSt.offsets;
      }
      pendingSt = undefined;
    } else if (defaultOffsets !== undefined && defaultOffsets.length > 0) {
      const defaults = defaultOffsets;
      startTimestampOffsets = values.map((_, k) => defaults[k % defaults.length]);
    }
    const key = labelsKey(labels);
    // The later line for a label set wins; re-inserting keeps block order.
    series.delete(key);
    series.set(key, { line: line.number, labels, values, ...(startTimestampOffsets ? { startTimestampOffsets } : {}) });
  }
  if (pendingSt !== undefined) diags.error(pendingSt.line, '@st line has no following sample line');
  if (diags.list.length === before) {
    out.push({
      kind: 'load',
      line: header.number,
      withNhcb: m[1] !== undefined,
      stepMs: step.ms,
      series: [...series.values()],
    } satisfies LoadCommand);
  }
  return end;
}

/** Reads `<labels>@st <items>` (labels undefined for the label-less default form). */
function parseStLine(line: ScriptLine, diags: ScriptDiagnostics): { labels?: Labels; offsets: (number | undefined)[] } | undefined {
  const space = line.text.search(/[ \t]/);
  const labelText = line.text.slice(0, space - '@st'.length);
  const itemsStart = space + 1;
  const st = parseStartTimestampItems(line.text.slice(itemsStart));
  if (!st.ok) {
    diags.error(line, `invalid @st sequence: ${st.error}`, itemsStart);
    return undefined;
  }
  if (labelText === '') return { offsets: st.offsets };
  const lab = parseSeriesLabels(labelText);
  if (lab.labels === undefined || lab.end !== labelText.length) {
    if (lab.diagnostics.length > 0) diags.fromText(line, lab.diagnostics, 0, `invalid @st line metric ${JSON.stringify(labelText)}: `);
    else diags.error(line, `invalid @st line metric ${JSON.stringify(labelText)}`, 0, labelText.length);
    return undefined;
  }
  return { labels: lab.labels, offsets: st.offsets };
}
