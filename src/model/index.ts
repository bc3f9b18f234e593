// The data model shared by the engine, the test runner and the loaders.
export * from './labels.js';
export * from './stale.js';
export * from './histogram.js';
export * from './histogram-ops.js';
export { formatGoG } from '../go/strconv.js';
