// Deterministic mutants of valid rule files for the differential test against
// promtool: each mutation breaks (or deliberately keeps valid) one thing.
// `differs` marks mutations where Prometheus 2.42 (promtool here) and 3.x
// disagree by design; the test checks both sides of those separately.
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

export interface Mutant {
  readonly id: string;
  readonly text: string;
  /** Set when 2.42 rejects what 3.x accepts (see docs/check.md). */
  readonly differs?: string;
}

type Path = (string | number)[];

interface Targets {
  readonly group: Path;
  readonly alert?: Path;
  readonly record?: Path;
}

interface Mutation {
  readonly name: string;
  readonly target: 'alert' | 'record' | 'group' | 'file';
  readonly differs?: string;
  /** Edits the document (at the target path) or returns new text. */
  readonly apply: (doc: Document, at: Path, text: string) => string | void;
}

const set =
  (key: string, value: unknown): Mutation['apply'] =>
  (doc, at) =>
    void doc.setIn([...at, key], value);
const del =
  (key: string): Mutation['apply'] =>
  (doc, at) =>
    void doc.deleteIn([...at, key]);
const exprEdit =
  (edit: (e: string) => string): Mutation['apply'] =>
  (doc, at) =>
    void doc.setIn([...at, 'expr'], edit(String(doc.getIn([...at, 'expr']))));
const UTF8 = 'utf8-names';

const RULE_MUTATIONS: readonly Omit<Mutation, 'target'>[] = [
  { name: 'remove-expr', apply: del('expr') },
  { name: 'empty-expr', apply: set('expr', '') },
  { name: 'unknown-key', apply: set('severity', 'page') },
  { name: 'expr-trailing-op', apply: exprEdit((e) => `${e} +`) },
  { name: 'expr-leading-paren', apply: exprEdit((e) => `)${e}`) },
  { name: 'expr-unclosed-call', apply: exprEdit((e) => `abs(${e}`) },
  { name: 'expr-unknown-function', apply: exprEdit((e) => `nonexistent_function(${e})`) },
  { name: 'expr-bad-matcher', apply: set('expr', 'up{job=~}') },
  { name: 'expr-bad-range', apply: set('expr', 'rate(up[5x])') },
  { name: 'expr-type-error', apply: set('expr', 'rate(up)') },
  { name: 'expr-number', apply: set('expr', 1) },
  { name: 'expr-seq', apply: set('expr', ['up']) },
  { name: 'expr-map', apply: set('expr', { a: 'up' }) },
  { name: 'label-dunder-name', apply: (doc, at) => void doc.setIn([...at, 'labels', '__name__'], 'x') },
  { name: 'label-empty-name', apply: (doc, at) => void doc.setIn([...at, 'labels', ''], 'x') },
  { name: 'label-digit-name', differs: UTF8, apply: (doc, at) => void doc.setIn([...at, 'labels', '1abc'], 'x') },
  { name: 'label-dash-name', differs: UTF8, apply: (doc, at) => void doc.setIn([...at, 'labels', 'team-name'], 'x') },
  { name: 'label-dot-name', differs: UTF8, apply: (doc, at) => void doc.setIn([...at, 'labels', 'k8s.io'], 'x') },
  { name: 'label-number-value', apply: (doc, at) => void doc.setIn([...at, 'labels', 'prio'], 1) },
  { name: 'labels-seq', apply: set('labels', ['a']) },
  { name: 'labels-string', apply: set('labels', 'a') },
  { name: 'labels-null', apply: set('labels', null) },
  { name: 'label-value-map', apply: (doc, at) => void doc.setIn([...at, 'labels', 'x'], { a: 1 }) },
  { name: 'null-item-appended', apply: (doc, at) => void (doc.getIn(at.slice(0, -1)) as { add: (v: unknown) => void }).add(null) },
  { name: 'string-item-appended', apply: (doc, at) => void (doc.getIn(at.slice(0, -1)) as { add: (v: unknown) => void }).add('oops') },
  { name: 'empty-map-item-appended', apply: (doc, at) => void (doc.getIn(at.slice(0, -1)) as { add: (v: unknown) => void }).add(doc.createNode({})) },
];

const ALERT_MUTATIONS: readonly Omit<Mutation, 'target'>[] = [
  { name: 'remove-alert', apply: del('alert') },
  { name: 'empty-alert', apply: set('alert', '') },
  { name: 'add-record', apply: set('record', 'job:up:sum') },
  { name: 'alert-seq', apply: set('alert', ['A']) },
  { name: 'for-zero', apply: set('for', '0s') },
  { name: 'for-null', apply: set('for', null) },
  { name: 'for-int', apply: set('for', 5) },
  { name: 'for-float', apply: set('for', '1.5m') },
  { name: 'for-wrong-order', apply: set('for', '5m1h') },
  { name: 'for-repeated-unit', apply: set('for', '1h1h') },
  { name: 'for-empty', apply: set('for', '') },
  { name: 'for-negative', apply: set('for', '-5m') },
  { name: 'for-compound', apply: set('for', '1h30m') },
  { name: 'for-map', apply: set('for', { m: 5 }) },
  { name: 'keep-firing-for', apply: set('keep_firing_for', '10m') },
  { name: 'keep-firing-for-bad', apply: set('keep_firing_for', '10') },
  { name: 'annotation-empty-name', apply: (doc, at) => void doc.setIn([...at, 'annotations', ''], 'x') },
  { name: 'annotation-dash-name', differs: UTF8, apply: (doc, at) => void doc.setIn([...at, 'annotations', 'runbook-url'], 'x') },
  { name: 'annotations-seq', apply: set('annotations', ['x']) },
  { name: 'template-ok', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], '{{ $labels.job }}: {{ $value | humanize }}') },
  { name: 'template-unclosed-action', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], 'value {{ $value') },
  { name: 'template-undefined-variable', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], '{{ $label.instance }}') },
  { name: 'template-unknown-function', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], '{{ $value | nonexistent }}') },
  { name: 'template-stray-end', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], 'x {{ end }}') },
  { name: 'template-unclosed-if', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], '{{ if $value }}high') },
  { name: 'template-in-label', apply: (doc, at) => void doc.setIn([...at, 'labels', 'severity'], '{{ if gt $value 1.0 }}page{{ else }}ticket{{ end }}') },
  { name: 'template-bad-in-label', apply: (doc, at) => void doc.setIn([...at, 'labels', 'severity'], '{{ $value * 100 }}') },
  { name: 'template-range-ok', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'list'], '{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}') },
];

const RECORD_MUTATIONS: readonly Omit<Mutation, 'target'>[] = [
  { name: 'remove-record', apply: del('record') },
  { name: 'add-alert', apply: set('alert', 'Extra') },
  { name: 'record-braces', apply: set('record', 'up{job="a"}') },
  { name: 'record-digit', differs: UTF8, apply: set('record', '1abc') },
  { name: 'record-dash', differs: UTF8, apply: set('record', 'foo-bar') },
  { name: 'record-space', differs: UTF8, apply: set('record', 'foo bar') },
  { name: 'record-colons', apply: set('record', 'a:b:c') },
  { name: 'record-for', apply: set('for', '5m') },
  { name: 'record-for-zero', apply: set('for', '0s') },
  { name: 'record-keep-firing-for', apply: set('keep_firing_for', '5m') },
  { name: 'record-annotations', apply: (doc, at) => void doc.setIn([...at, 'annotations', 'summary'], 'x') },
  { name: 'record-empty-annotations', apply: set('annotations', {}) },
  { name: 'record-bad-template-label', apply: (doc, at) => void doc.setIn([...at, 'labels', 'x'], '{{ nope') },
];

const GROUP_MUTATIONS: readonly Omit<Mutation, 'target'>[] = [
  { name: 'remove-name', apply: del('name') },
  { name: 'empty-name', apply: set('name', '') },
  { name: 'name-map', apply: set('name', { a: 1 }) },
  { name: 'name-number', apply: set('name', 42) },
  { name: 'unknown-key', apply: set('partial_response_strategy', 'warn') },
  { name: 'interval-ok', apply: set('interval', '2m') },
  { name: 'interval-bad', apply: set('interval', '2x') },
  { name: 'interval-int', apply: set('interval', 60) },
  { name: 'limit-ok', apply: set('limit', 10) },
  { name: 'limit-float', apply: set('limit', 1.5) },
  { name: 'limit-string', apply: set('limit', 'ten') },
  { name: 'rules-string', apply: set('rules', 'x') },
  { name: 'rules-map', apply: set('rules', { a: 1 }) },
  { name: 'rules-null', apply: set('rules', null) },
  { name: 'query-offset', differs: 'query_offset (2.53+)', apply: set('query_offset', '1m') },
  { name: 'group-labels', differs: 'group labels (3.x)', apply: (doc, at) => void doc.setIn([...at, 'labels', 'team'], 'a') },
  {
    name: 'repeated-name',
    apply: (doc, at) => {
      const groups = doc.get('groups');
      if (isSeq(groups)) groups.add(doc.createNode({ name: String(doc.getIn([...at, 'name'])), rules: [] }));
    },
  },
];

const FILE_MUTATIONS: readonly Omit<Mutation, 'target'>[] = [
  { name: 'identity', apply: () => undefined },
  { name: 'unknown-top-key', apply: (doc) => void doc.set('namespace', 'x') },
  { name: 'groups-map', apply: (doc) => void doc.set('groups', { a: 1 }) },
  { name: 'groups-null', apply: (doc) => void doc.set('groups', null) },
  { name: 'top-level-seq', apply: (_doc, _at, text) => `- ${text.split('\n').join('\n  ')}` },
  { name: 'second-document', apply: (_doc, _at, text) => `${text}---\ngroups:\n  - name: other\n    rules: []\n` },
  { name: 'second-document-broken', apply: (_doc, _at, text) => `${text}---\nfoo: [\n` },
  { name: 'tab-indent', apply: (_doc, _at, text) => text.replace(/\n {2}(\S)/, '\n\t$1') },
  { name: 'unclosed-quote', apply: (_doc, _at, text) => text.replace(/name: /, 'name: "') },
  { name: 'duplicate-key', apply: (_doc, _at, text) => text.replace(/\n(\s*)- name: ([^\n]*)/, '\n$1- name: $2\n$1  name: $2') },
  { name: 'empty-file', apply: () => '' },
  { name: 'comment-only', apply: () => '# nothing here\n' },
];

function firstRule(doc: Document, kind: 'alert' | 'record'): Path | undefined {
  const groups = doc.get('groups');
  if (!isSeq(groups)) return undefined;
  for (let g = 0; g < groups.items.length; g++) {
    const rules = doc.getIn(['groups', g, 'rules']);
    if (!isSeq(rules)) continue;
    for (let r = 0; r < rules.items.length; r++) {
      const rule = rules.items[r];
      if (isMap(rule) && rule.has(kind)) return ['groups', g, 'rules', r];
    }
  }
  return undefined;
}

function targets(doc: Document): Targets {
  const alert = firstRule(doc, 'alert');
  const record = firstRule(doc, 'record');
  return { group: ['groups', 0], ...(alert ? { alert } : {}), ...(record ? { record } : {}) };
}

/** All mutants of the seeds, in a stable order. */
export function generateMutants(seeds: readonly { name: string; text: string }[]): Mutant[] {
  const all: Mutation[] = [
    ...FILE_MUTATIONS.map((m) => ({ ...m, target: 'file' as const })),
    ...GROUP_MUTATIONS.map((m) => ({ ...m, target: 'group' as const })),
    ...ALERT_MUTATIONS.map((m) => ({ ...m, target: 'alert' as const })),
    ...RULE_MUTATIONS.map((m) => ({ ...m, target: 'alert' as const })),
    ...RECORD_MUTATIONS.map((m) => ({ ...m, target: 'record' as const })),
    ...RULE_MUTATIONS.map((m) => ({ ...m, target: 'record' as const })),
  ];
  const out: Mutant[] = [];
  for (const seed of seeds) {
    for (const m of all) {
      const doc = parseDocument(seed.text);
      const t = targets(doc);
      const at = m.target === 'file' ? [] : m.target === 'group' ? t.group : t[m.target];
      if (!at) continue;
      const replaced = m.apply(doc, at, doc.toString({ lineWidth: 0 }));
      const text = typeof replaced === 'string' ? replaced : doc.toString({ lineWidth: 0 });
      out.push({ id: `${seed.name}--${m.target}-${m.name}`, text, ...(m.differs ? { differs: m.differs } : {}) });
    }
  }
  return out;
}
