// Recording rules, as Prometheus's rules/recording.go evaluates them: the
// result's metric name becomes the rule name, rule labels override, and two
// output series with one label set are an error.

import type { Labels } from '../model/labels.js';
import { labelsKey, withLabel, METRIC_NAME_LABEL } from '../model/labels.js';
import type { EvalRecordingRule, Sample } from './types.js';

/**
 * One output series of a recording rule: its label set, built once and
 * shared by every input series that maps to it (inputs that differ only in
 * the name or in labels the rule overrides do), so that "the same output
 * twice" is the same object, found without building or hashing a key per
 * sample. `seenIn` marks the last recordingOutput call that wrote it.
 */
export interface RecordingOutputSeries {
  readonly labels: Labels;
  seenIn: number;
}

interface RuleOutputs {
  /** By input label set (identity): the same series come back at every evaluation. */
  readonly byInput: WeakMap<Labels, RecordingOutputSeries>;
  /** By output key: one entry per distinct output label set. */
  readonly byKey: Map<string, RecordingOutputSeries>;
}

const outputsByRule = new WeakMap<EvalRecordingRule, RuleOutputs>();
let calls = 0;

/** The output series `rule` writes for an input series. */
export function recordingOutputSeries(rule: EvalRecordingRule, input: Labels): RecordingOutputSeries {
  let outputs = outputsByRule.get(rule);
  if (!outputs) outputsByRule.set(rule, (outputs = { byInput: new WeakMap(), byKey: new Map() }));
  let out = outputs.byInput.get(input);
  if (!out) {
    let ls = withLabel(input, METRIC_NAME_LABEL, rule.name);
    for (const [name, value] of rule.labels) ls = withLabel(ls, name, value);
    const key = labelsKey(ls);
    out = outputs.byKey.get(key);
    if (!out) outputs.byKey.set(key, (out = { labels: ls, seenIn: 0 }));
    outputs.byInput.set(input, out);
  }
  return out;
}

/**
 * What a recording rule writes for a query result: the samples renamed and
 * relabelled, or the error Prometheus gives (two samples with one output
 * label set, or more series than the group's limit).
 */
export function recordingOutput(rule: EvalRecordingRule, samples: readonly Sample[], limit: number): { samples: Sample[]; error?: string } {
  const call = ++calls;
  const out: Sample[] = [];
  for (const s of samples) {
    const o = recordingOutputSeries(rule, s.labels);
    if (o.seenIn === call) return { samples: [], error: 'vector contains metrics with the same labelset after applying rule labels' };
    o.seenIn = call;
    out.push({ labels: o.labels, value: s.value });
  }
  if (limit > 0 && out.length > limit) return { samples: [], error: `exceeded limit of ${limit} with ${out.length} series` };
  return { samples: out };
}
