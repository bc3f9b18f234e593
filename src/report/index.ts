// The reporter registry: `--format` values are the keys of this table.
import type { Reporter } from './types.js';
import { textReporter } from './text.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { githubReporter } from './github.js';

export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];

export function isReportFormat(s: string): s is ReportFormat {
  return Object.hasOwn(REPORTERS, s);
}

export type { ReportInput, Reporter, CheckInfo, TerminalInfo } from './types.js';
export { wantsColor } from './types.js';
