// Prometheus versions and the behaviour that differs between them.
export * from './version.js';
export * from './differences.js';
