// Prometheus versions promforge can emulate: parsed from what users write
// (`2`, `2.42`, `2.55.1`, `3`, `v3.5`), resolved to a known release, and
// compared. Only releases whose behaviour differences are all recorded in the
// table (differences.ts) are supported: 2.42 (Debian stable's) and later.

export interface PrometheusVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/**
 * The latest patch release of every supported minor version, oldest first
 * (from Prometheus's CHANGELOG.md). A version written without a patch
 * resolves to the latest patch here; without a minor, to the latest minor.
 */
const RELEASES: readonly string[] = [
  '2.42.0',
  '2.43.1',
  '2.44.0',
  '2.45.0',
  '2.46.0',
  '2.47.1',
  '2.48.1',
  '2.49.1',
  '2.50.1',
  '2.51.2',
  '2.52.1',
  '2.53.5',
  '2.54.1',
  '2.55.1',
  '3.0.1',
  '3.1.0',
  '3.2.1',
  '3.3.0',
  '3.4.2',
  '3.5.0',
  '3.6.0',
  '3.7.3',
  '3.8.1',
  '3.9.1',
  '3.10.0',
  '3.11.3',
  '3.12.0',
  '3.13.2',
  '3.14.0',
];

export const SUPPORTED_RELEASES: readonly PrometheusVersion[] = RELEASES.map((r) => {
  const [major, minor, patch] = r.split('.').map(Number) as [number, number, number];
  return { major, minor, patch };
});

/** The 3.x release promforge targets by default (../shared/conformance/SOURCE.md's VERSION). */
export const DEFAULT_VERSION: PrometheusVersion = SUPPORTED_RELEASES[SUPPORTED_RELEASES.length - 1]!;

export function formatVersion(v: PrometheusVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: PrometheusVersion, b: PrometheusVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function atLeast(v: PrometheusVersion, since: PrometheusVersion): boolean {
  return compareVersions(v, since) >= 0;
}

/** What to show a user who wrote an unsupported version. */
export function supportedVersionsText(): string {
  const byMajor = new Map<number, PrometheusVersion[]>();
  for (const r of SUPPORTED_RELEASES) byMajor.set(r.major, [...(byMajor.get(r.major) ?? []), r]);
  const ranges = [...byMajor.values()].map((rs) => `${rs[0]!.major}.${rs[0]!.minor}–${rs[rs.length - 1]!.major}.${rs[rs.length - 1]!.minor}`);
  return `supported: ${ranges.join(', ')} (e.g. 2, 2.42, 2.55.1, 3, 3.5; default ${formatVersion(DEFAULT_VERSION)})`;
}

export type VersionParse = { readonly ok: true; readonly version: PrometheusVersion } | { readonly ok: false; readonly message: string };

/** Parses and resolves a version as written on the command line or in a file. */
export function parsePrometheusVersion(text: string): VersionParse {
  const m = /^v?(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(text.trim());
  if (!m) return { ok: false, message: `invalid Prometheus version ${JSON.stringify(text)}; ${supportedVersionsText()}` };
  const major = Number(m[1]);
  const minor = m[2] === undefined ? undefined : Number(m[2]);
  const patch = m[3] === undefined ? undefined : Number(m[3]);
  const candidates = SUPPORTED_RELEASES.filter((r) => r.major === major && (minor === undefined || r.minor === minor));
  const latest = candidates[candidates.length - 1];
  if (!latest) return { ok: false, message: `unsupported Prometheus version ${JSON.stringify(text)}; ${supportedVersionsText()}` };
  if (patch === undefined) return { ok: true, version: latest };
  // Patch releases of a minor change no PromQL semantics we model except
  // 3.0.1 (left-open subqueries); any patch of a supported minor is accepted.
  return { ok: true, version: { major, minor: latest.minor, patch } };
}

/**
 * The text of a version written in YAML: `2.50` is the float 2.5 to a YAML
 * parser, so the scalar's source text is used when there is one.
 */
export function versionText(node: unknown): string {
  if (node !== null && typeof node === 'object') {
    const n = node as { source?: unknown; value?: unknown };
    if (typeof n.source === 'string' && n.source !== '') return n.source;
    if ('value' in n) return String(n.value);
  }
  return String(node);
}
