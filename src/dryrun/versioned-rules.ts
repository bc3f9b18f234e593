// The rules of `dryrun --compare-versions A,B`, loaded once per version: a
// function or field one version lacks is a difference already, reported with
// the reason src/upgrade/diagnose.ts finds when the other version loads them.

import { formatFileDiagnostic, type FileDiagnostic } from '../diagnostics.js';
import { type CheckOptions, checkFiles } from '../rulefmt/check.js';
import { evalGroupsFromRuleFile } from '../rules/from-rulefmt.js';
import type { EvalGroup } from '../rules/types.js';
import { diagnose } from '../upgrade/diagnose.js';
import { type PrometheusVersion, formatVersion } from '../version/version.js';

export type VersionedRules =
  /** Paths that name no rule file (missing, unreadable). */
  | { readonly kind: 'usage-errors'; readonly messages: readonly string[] }
  /** Some version refuses the rules: its errors, and why from the version table when the other version loads them. */
  | {
      readonly kind: 'rejected';
      readonly rejections: readonly { readonly version: PrometheusVersion; readonly diagnostic: FileDiagnostic }[];
      readonly reasons: readonly { readonly message: string; readonly difference: string }[];
    }
  | { readonly kind: 'loaded'; readonly groups: readonly [readonly EvalGroup[], readonly EvalGroup[]] };

export async function loadRulesUnderVersions(
  paths: readonly string[],
  versions: readonly [PrometheusVersion, PrometheusVersion],
  options: Pick<CheckOptions, 'cwd' | 'dialect'>,
): Promise<VersionedRules> {
  const groups: EvalGroup[][] = [];
  const rejections: { version: PrometheusVersion; diagnostic: FileDiagnostic }[] = [];
  for (const version of versions) {
    const checked = await checkFiles(paths, { ...options, experimental: true, prometheusVersion: version });
    if (checked.usageErrors.length > 0) return { kind: 'usage-errors', messages: checked.usageErrors };
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    for (const diagnostic of errors) rejections.push({ version, diagnostic });
    groups.push(errors.length > 0 ? [] : checked.files.flatMap((f) => evalGroupsFromRuleFile(f, version)));
  }
  if (rejections.length === 0) return { kind: 'loaded', groups: [groups[0]!, groups[1]!] };
  const loaded = groups.find((g) => g.length > 0);
  const reasons = loaded
    ? diagnose({ exprs: loaded.flatMap((g) => g.rules.map((x) => x.expr)), evalTimesMs: [], series: [], versions }).filter(
        (r) => r.difference !== 'undiagnosed',
      )
    : [];
  return { kind: 'rejected', rejections, reasons: reasons.map((r) => ({ message: r.message, difference: r.difference })) };
}

/** The rejections as `dryrun --compare-versions` prints them. */
export function rejectedRulesText(r: Extract<VersionedRules, { kind: 'rejected' }>): string {
  const lines = r.rejections.map(({ version, diagnostic: d }) => `under ${formatVersion(version)}: ${formatFileDiagnostic(d)}`);
  for (const reason of r.reasons) lines.push(`    - ${reason.message} [${reason.difference}]`);
  return lines.map((l) => `${l}\n`).join('');
}
