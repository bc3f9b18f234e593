// Identifies the build of the bundled CLI: scripts/bundle.mjs defines
// __PROMFORGE_BUILD_ID__ as a hash of the sources, schemas and package.json,
// so `lint --cache` entries written by another build of the same version
// (a development checkout, a patched install) are not reused. Code run from
// tsc's output or from the sources (tests) has none, and the version alone
// identifies it.
declare const __PROMFORGE_BUILD_ID__: string | undefined;

export function buildId(): string | undefined {
  return typeof __PROMFORGE_BUILD_ID__ === 'string' ? __PROMFORGE_BUILD_ID__ : undefined;
}
