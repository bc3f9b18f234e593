// The generator registry: `generator: <name>` in a pack selects one of these.
import { anomalyGenerator } from './anomaly.js';
import type { Generator } from './context.js';
import { leakGenerator } from './leak.js';
import { sloGenerator } from './slo.js';
import { thresholdGenerator } from './threshold.js';

export const GENERATORS: Readonly<Record<string, Generator>> = {
  leak: leakGenerator,
  slo: sloGenerator,
  anomaly: anomalyGenerator,
  threshold: thresholdGenerator,
};

export type { Generator, GeneratedRule, GeneratorInput } from './context.js';
