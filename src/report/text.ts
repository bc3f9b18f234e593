// The human reporter: `file:line:col: severity: message [check]`, then the
// source line with carets under the exact span, and a summary line.

import { formatFileDiagnostic, type FileDiagnostic, type Severity } from '../diagnostics.js';
import type { Reporter } from './types.js';
import { sortProblems } from './types.js';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export const textReporter: Reporter = (input, terminal) => {
  const paint = (code: string, s: string): string => (terminal.color ? `${code}${s}${RESET}` : s);
  const lines: string[] = [];
  const lineCache = new Map<string, string[]>();
  const fileLines = (file: string): string[] | undefined => {
    let ls = lineCache.get(file);
    if (!ls) {
      const text = input.sources.get(file);
      if (text === undefined) return undefined;
      ls = text.split('\n');
      lineCache.set(file, ls);
    }
    return ls;
  };
  for (const p of sortProblems(input.problems)) {
    const check = p.source ? ` ${paint(DIM, `[${p.source}]`)}` : '';
    lines.push(`${formatFileDiagnostic(p, { severity: (sev) => paint(COLORS[sev], sev) })}${check}`);
    const excerpt = sourceExcerpt(fileLines(p.file), p);
    if (excerpt) lines.push(...excerpt.map((l, i) => (i === excerpt.length - 1 ? paint(COLORS[p.severity], l) : l)));
  }
  lines.push(summaryLine(input.problems));
  return `${lines.join('\n')}\n`;
};

/** The first line of the problem's span and a caret line under it. */
function sourceExcerpt(fileLines: string[] | undefined, p: FileDiagnostic): string[] | undefined {
  const line = fileLines?.[p.line - 1];
  if (line === undefined) return undefined;
  const text = line.replace(/\r$/, '').replace(/\t/g, ' ');
  const start = Math.max(0, p.column - 1);
  const end = p.endLine === p.line ? Math.max(start + 1, p.endColumn - 1) : text.length;
  const width = Math.max(1, Math.min(end, text.length) - start);
  const gutter = `${String(p.line).padStart(5)} | `;
  return [`${gutter}${text}`, `${' '.repeat(gutter.length - 2)}| ${' '.repeat(start)}${'^'.repeat(width)}`];
}

export function summaryLine(problems: readonly { severity: Severity }[]): string {
  const count = (s: Severity): number => problems.filter((p) => p.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
}
