// promforge's library API. The CLI is a thin layer over these exports.
export * from './promql/index.js';
export type { Diagnostic, FileDiagnostic, Severity } from './diagnostics.js';
export * as rulefmt from './rulefmt/index.js';
export * as lint from './lint/index.js';
export * as template from './template/index.js';
export * as compile from './compile/index.js';
// One call per CLI command (check, lint, query, test, dryrun, thresholds, fmt,
// promqltest; compile is compile.compilePacks): src/api.ts, docs/api.md.
export * from './api.js';
