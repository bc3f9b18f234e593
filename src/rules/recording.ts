// Recording rules, as Prometheus's rules/recording.go evaluates them: the
// result's metric name becomes the rule name, rule labels override, and two
// output series with one label set are an error.

import type { Labels } from '../model/labels.js';
import { labelsKey, withLabel, METRIC_NAME_LABEL } from '../model/labels.js';
import type { EvalRecordingRule, Sample } from './types.js';

/**
 * Output label sets per rule and input label set (by identity): the same
 * series come back at every evaluation, so each output label set is built
 * once and the same object is written every time.
 */
const outputLabels = new WeakMap<EvalRecordingRule, WeakMap<Labels, { labels: Labels; key: string }>>();

function outputOf(rule: EvalRecordingRule, input: Labels): { labels: Labels; key: string } {
  let perRule = outputLabels.get(rule);
  if (!perRule) outputLabels.set(rule, (perRule = new WeakMap()));
  let out = perRule.get(input);
  if (!out) {
    let ls = withLabel(input, METRIC_NAME_LABEL, rule.name);
    for (const [name, value] of rule.labels) ls = withLabel(ls, name, value);
    out = { labels: ls, key: labelsKey(ls) };
    perRule.set(input, out);
  }
  return out;
}

export function recordingOutput(rule: EvalRecordingRule, samples: readonly Sample[], limit: number): { samples: Sample[]; error?: string } {
  const out: Sample[] = [];
  const seen = new Set<string>();
  for (const s of samples) {
    const o = outputOf(rule, s.labels);
    if (seen.has(o.key)) return { samples: [], error: 'vector contains metrics with the same labelset after applying rule labels' };
    seen.add(o.key);
    out.push({ labels: o.labels, value: s.value });
  }
  if (limit > 0 && out.length > limit) return { samples: [], error: `exceeded limit of ${limit} with ${out.length} series` };
  return { samples: out };
}
