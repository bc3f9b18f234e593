// Evaluates promforge lint against pint's offline cases (../shared/lint-cases/pint):
// for each case whose concern a promforge check covers, does promforge report
// (or stay silent) where pint does? Shared by the test and by ad-hoc runs.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { emptyConfig, loadConfig } from '../../src/config/load.js';
import { runLint } from '../../src/lint/run.js';

export interface PintCase {
  readonly id: string;
  readonly dir: string;
  readonly pintReports: boolean;
  readonly checks: readonly string[];
  readonly files: readonly string[];
  readonly description: string;
}

export interface CaseOutcome {
  readonly case: PintCase;
  readonly reported: boolean;
  readonly findings: readonly string[];
}

/** Check ids whose findings count for a case: `rulefmt` means validity diagnostics. */
function counts(source: string, checks: readonly string[]): boolean {
  if (checks.includes(source)) return true;
  return checks.includes('rulefmt') && (source === 'rulefmt' || source === 'yaml');
}

export function listPintCases(root: string): PintCase[] {
  if (!existsSync(root)) return [];
  const out: PintCase[] = [];
  for (const check of readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    for (const name of readdirSync(join(root, check)).sort()) {
      const dir = join(root, check, name);
      const expect = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as {
        pint_reports_problem: boolean;
        equivalent_promforge_checks: string[];
        files: string[];
        description: string;
      };
      out.push({
        id: `${check}/${name}`,
        dir,
        pintReports: expect.pint_reports_problem,
        checks: expect.equivalent_promforge_checks,
        files: expect.files,
        description: expect.description,
      });
    }
  }
  return out;
}

export async function runPintCase(c: PintCase): Promise<CaseOutcome> {
  const configFile = join(c.dir, '.promforge.yaml');
  const config = existsSync(configFile) ? loadConfig(c.dir, configFile) : { config: emptyConfig(c.dir), diagnostics: [] };
  if (config.diagnostics.length > 0) return { case: c, reported: true, findings: config.diagnostics.map((d) => `config: ${d.message}`) };
  const result = await runLint({ paths: [...c.files], cwd: c.dir, config: config.config, samples: [], fix: false });
  const findings = [
    ...result.usageErrors.map((u) => `usage: ${u}`),
    ...result.problems.filter((p) => counts(p.source ?? '', c.checks)).map((p) => `${p.file}:${p.line}:${p.column} ${p.severity} ${p.source}: ${p.message}`),
  ];
  return { case: c, reported: findings.length > 0, findings };
}
