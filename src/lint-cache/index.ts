export { runLintCached } from './cache.js';
export type { CachedLintResult, LintCacheOptions } from './cache.js';
