// The one `--prometheus-version` option every evaluating or validating command
// takes, and how it combines with `.promforge.yaml`'s `prometheusVersion:`.
// Precedence (docs/prometheus-versions.md): the flag, then (for `test`) the
// unit-test file's own `prometheusVersion:`, then the config, then the 3.x
// default. Commands register the option through `addPrometheusVersionOption`
// and resolve it through `resolvePrometheusVersion`, so wording, validation
// and precedence are the same everywhere.

import { formatFileDiagnostic } from '../diagnostics.js';
import type { Command } from 'commander';
import type { PromforgeConfig } from '../config/load.js';
import { DEFAULT_VERSION, type PrometheusVersion, formatVersion, parsePrometheusVersion, supportedVersionsText } from '../version/version.js';

export function addPrometheusVersionOption(command: Command): Command {
  return command.option(
    '--prometheus-version <version>',
    `emulate this Prometheus version (2, 2.42, 2.55, 3, 3.5, ...; default: .promforge.yaml's prometheusVersion, else ${formatVersion(DEFAULT_VERSION)})`,
  );
}

export type VersionSource = 'flag' | 'config' | 'default';

export type ResolvedVersion =
  | {
      readonly ok: true;
      /** What applies when nothing more specific (a test file's own field) says otherwise. */
      readonly version: PrometheusVersion;
      readonly source: VersionSource;
    }
  | { readonly ok: false; readonly message: string };

/** The version a command runs under: `flag` (as written) over the config's, over the default. */
export function resolvePrometheusVersion(flag: string | undefined, config?: Pick<PromforgeConfig, 'prometheusVersion'>): ResolvedVersion {
  if (flag !== undefined) {
    const parsed = parsePrometheusVersion(flag);
    return parsed.ok ? { ok: true, version: parsed.version, source: 'flag' } : { ok: false, message: `--prometheus-version: ${parsed.message}` };
  }
  if (config?.prometheusVersion) return { ok: true, version: config.prometheusVersion, source: 'config' };
  return { ok: true, version: DEFAULT_VERSION, source: 'default' };
}

/** `--compare-versions 2.42,3`: exactly two supported versions. */
export function parseVersionPair(text: string): { ok: true; versions: [PrometheusVersion, PrometheusVersion] } | { ok: false; message: string } {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 2 || parts.some((p) => p === ''))
    return {
      ok: false,
      message: `--compare-versions takes two versions separated by a comma, e.g. 2.42,3; got ${JSON.stringify(text)}; ${supportedVersionsText()}`,
    };
  const [a, b] = parts.map(parsePrometheusVersion) as [ReturnType<typeof parsePrometheusVersion>, ReturnType<typeof parsePrometheusVersion>];
  if (!a.ok) return { ok: false, message: `--compare-versions: ${a.message}` };
  if (!b.ok) return { ok: false, message: `--compare-versions: ${b.message}` };
  return { ok: true, versions: [a.version, b.version] };
}

/**
 * The config a command without --config reads for `prometheusVersion:` (the
 * nearest .promforge.yaml above the working directory), or its problems.
 */
export async function versionConfig(cwd: string, configPath?: string): Promise<{ config: PromforgeConfig; errors: string[] }> {
  const { loadConfigWhenPresent } = await import('../config/find.js');
  const loaded = await loadConfigWhenPresent(cwd, configPath);
  return { config: loaded.config, errors: loaded.diagnostics.map((d) => formatFileDiagnostic(d)) };
}

/**
 * Everything a command needs: the config (for its other settings) and the
 * resolved version, or the usage errors to print (exit 2).
 */
export async function commandVersion(
  cwd: string,
  flag: string | undefined,
  configPath?: string,
): Promise<{ ok: true; version: PrometheusVersion; source: VersionSource; config: PromforgeConfig } | { ok: false; errors: string[] }> {
  // A bad flag is reported without reading the config at all.
  if (flag !== undefined) {
    const r = resolvePrometheusVersion(flag);
    if (!r.ok) return { ok: false, errors: [r.message] };
  }
  const { config, errors } = await versionConfig(cwd, configPath);
  if (errors.length > 0) return { ok: false, errors };
  const r = resolvePrometheusVersion(flag, config);
  return r.ok ? { ok: true, version: r.version, source: r.source, config } : { ok: false, errors: [r.message] };
}
