// Rendering compiled groups as a rule file for a target, with the header
// that marks the file as generated (and lets the writer refuse to overwrite
// files promforge did not write). Output is deterministic: keys in a fixed
// order, rules in pack order, numbers printed by the PromQL printer.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { formatDuration } from '../promql/literals.js';
import { prettyPrint } from '../promql/pretty.js';
import type { OutputGroup, OutputRule, Target } from './model.js';
import { paramText, type ParamValue } from './params.js';

import { GENERATED_MARKER } from '../rulefmt/generated-header.js';

export { GENERATED_MARKER, isGeneratedContent } from '../rulefmt/generated-header.js';

/** A short, stable hash of everything besides the pack that shapes the output. */
export function parametersHash(values: ReadonlyMap<string, ParamValue>, target: Target, injectLabels: readonly string[]): string {
  const entries = [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.type, paramText(v)]);
  const canonical = JSON.stringify({ parameters: entries, target, injectLabels: [...injectLabels] });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export interface EmitInput {
  readonly pack: { readonly name: string; readonly version: string };
  readonly target: Target;
  readonly groups: readonly OutputGroup[];
  readonly hash: string;
}

export function outputFileName(packName: string, target: Target): string {
  return target === 'prometheusrule' ? `${packName}.prometheusrule.yaml` : `${packName}.rules.yml`;
}

export function renderRule(rule: OutputRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  out[rule.kind] = rule.name;
  out['expr'] = prettyPrint(rule.expr);
  if (rule.forMs !== undefined && rule.forMs > 0) out['for'] = formatDuration(rule.forMs);
  if (rule.keepFiringForMs !== undefined && rule.keepFiringForMs > 0) out['keep_firing_for'] = formatDuration(rule.keepFiringForMs);
  if (rule.labels.length > 0) out['labels'] = Object.fromEntries(rule.labels);
  if (rule.annotations.length > 0) out['annotations'] = Object.fromEntries(rule.annotations);
  return out;
}

function renderGroup(group: OutputGroup, target: Target): Record<string, unknown> {
  const out: Record<string, unknown> = { name: group.name };
  if (group.intervalMs !== undefined) out['interval'] = formatDuration(group.intervalMs);
  if (group.queryOffsetMs !== undefined) out['query_offset'] = formatDuration(group.queryOffsetMs);
  if (group.limit !== undefined) out['limit'] = group.limit;
  if (target === 'thanos' && group.partialResponseStrategy) out['partial_response_strategy'] = group.partialResponseStrategy;
  out['rules'] = group.rules.map(renderRule);
  return out;
}

export function renderFile(input: EmitInput): string {
  const groups = input.groups.map((g) => renderGroup(g, input.target));
  let body: unknown;
  switch (input.target) {
    case 'prometheus':
    case 'thanos':
      body = { groups };
      break;
    case 'mimir':
      body = { namespace: input.pack.name, groups };
      break;
    case 'prometheusrule':
      body = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name: input.pack.name,
          labels: { 'app.kubernetes.io/managed-by': 'promforge', 'app.kubernetes.io/part-of': input.pack.name },
          annotations: { 'promforge.dev/pack-version': input.pack.version, 'promforge.dev/parameters': `sha256:${input.hash}` },
        },
        spec: { groups },
      };
      break;
  }
  const header = [GENERATED_MARKER, `# pack: ${input.pack.name} ${input.pack.version}`, `# target: ${input.target}`, `# parameters: sha256:${input.hash}`].join(
    '\n',
  );
  return `${header}\n${stringify(body, { lineWidth: 0, indent: 2, blockQuote: 'literal', aliasDuplicateObjects: false })}`;
}
