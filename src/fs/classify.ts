// What a YAML file is, decided by its content and nothing else: a rule file
// (Prometheus/Thanos `groups:`, Mimir `namespace:` + `groups:`, Prometheus
// Operator `PrometheusRule` resources), a promtool unit-test file, a
// promforge rule pack, or some other YAML (CI config, Kubernetes manifests,
// .promforge.yaml, .pre-commit-config.yaml). Every command that walks rule
// files (check, lint, fmt, dryrun, compile) asks this one function, so they
// agree on what they look at and say the same thing about what they skip.
//
// The test is a cheap scan of top-level keys and `kind:` values, not a YAML
// parse: it must also classify files whose YAML is broken, so that `check`
// can report the error in a rule file rather than silently skipping it.

export type FileKind = 'rules' | 'unit-tests' | 'rule-pack' | 'other';

export interface Classification {
  readonly kind: FileKind;
  /** Why, in words fit for a `skipped: …` note. */
  readonly reason: string;
}

/** The note a command prints for a file it does not treat as rules. */
export function skipNote(c: Classification): string {
  switch (c.kind) {
    case 'rules':
      return 'rule file';
    case 'unit-tests':
      return `skipped: ${c.reason}; run it with \`promforge test\``;
    case 'rule-pack':
      return `skipped: ${c.reason}; build it with \`promforge compile\``;
    case 'other':
      return `skipped: not a rule file (${c.reason})`;
  }
}

const TOP_LEVEL_KEY = /^(?:"([^"\n]+)"|'([^'\n]+)'|([^\s#'"\-?:{[!&*][^:#\n]*?))[ \t]*:(?=[ \t]|$)/gm;
const KIND_VALUE = /^kind[ \t]*:[ \t]*["']?([A-Za-z][\w.-]*)/gm;

export function classifyText(text: string): Classification {
  const kinds = new Set([...text.matchAll(KIND_VALUE)].map((m) => m[1]!));
  if (kinds.has('PrometheusRule')) return { kind: 'rules', reason: 'a PrometheusRule resource' };
  if (kinds.has('RulePack')) return { kind: 'rule-pack', reason: 'a promforge rule pack (kind: RulePack)' };
  const keys = topLevelKeys(text);
  if (keys.has('groups')) return { kind: 'rules', reason: 'top-level `groups:`' };
  if (keys.has('tests') || keys.has('rule_files')) return { kind: 'unit-tests', reason: 'a promtool unit-test file (top-level `tests:`/`rule_files:`)' };
  if (keys.size === 0 && isBlank(text)) return { kind: 'rules', reason: 'an empty file (a valid rule file with no groups)' };
  if (keys.size === 0) return { kind: 'other', reason: 'no top-level mapping keys' };
  const shown = [...keys].slice(0, 4).join(', ');
  return { kind: 'other', reason: `no top-level \`groups:\`; top-level keys: ${shown}${keys.size > 4 ? ', …' : ''}` };
}

/** Keys at column 0 of block mappings, plus those of a top-level JSON/flow mapping. */
function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(TOP_LEVEL_KEY)) keys.add((m[1] ?? m[2] ?? m[3]!).trim());
  const body = stripComments(text).trimStart();
  if (body.startsWith('{')) {
    // A JSON (or flow-style YAML) rule file: keys at brace depth 1.
    for (const k of flowKeys(body)) keys.add(k);
  }
  return keys;
}

function flowKeys(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < body.length && body[j] !== c) j += body[j] === '\\' && c === '"' ? 2 : 1;
      const s = body.slice(i + 1, j);
      if (depth === 1 && /^\s*:/.test(body.slice(j + 1))) out.push(s);
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && /[A-Za-z_]/.test(c) && /[{,]\s*$/.test(body.slice(Math.max(0, i - 200), i))) {
      const m = /^([A-Za-z_][\w-]*)\s*:/.exec(body.slice(i));
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

function stripComments(text: string): string {
  return text.replace(/^[ \t]*#.*$/gm, '');
}

function isBlank(text: string): boolean {
  return (
    stripComments(text)
      .replace(/^(?:---|\.\.\.)[ \t]*$/gm, '')
      .trim() === ''
  );
}
