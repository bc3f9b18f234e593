// The engine's fast paths (rate-fast.ts, aggregate-fast.ts) must give the
// general paths' bits. Tests switch them off to compare the two on the same
// random data (test/engine/fast-paths.test.ts); nothing else touches this.

/** Tests only: `enabled = false` sends every query down the general paths. */
export const fastPaths = { enabled: true };
