// Recording rules, as Prometheus's rules/recording.go evaluates them: the
// result's metric name becomes the rule name, rule labels override, and two
// output series with one label set are an error.

import { labelsKey, withLabel, METRIC_NAME_LABEL } from '../model/labels.js';
import type { EvalRecordingRule, Sample } from './types.js';

export function recordingOutput(rule: EvalRecordingRule, samples: readonly Sample[], limit: number): { samples: Sample[]; error?: string } {
  const out: Sample[] = [];
  const seen = new Set<string>();
  for (const s of samples) {
    let ls = withLabel(s.labels, METRIC_NAME_LABEL, rule.name);
    for (const [name, value] of rule.labels) ls = withLabel(ls, name, value);
    const key = labelsKey(ls);
    if (seen.has(key)) return { samples: [], error: 'vector contains metrics with the same labelset after applying rule labels' };
    seen.add(key);
    out.push({ labels: ls, value: s.value });
  }
  if (limit > 0 && out.length > limit) return { samples: [], error: `exceeded limit of ${limit} with ${out.length} series` };
  return { samples: out };
}
