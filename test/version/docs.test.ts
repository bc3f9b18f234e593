// docs/prometheus-versions.md against the table it documents: the
// differences block is exactly what differencesTableMarkdown() renders, and
// every entry's id, release and upstream change appear on its row.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BEHAVIOUR_DIFFERENCES } from '../../src/version/differences.js';
import { differencesTableMarkdown } from '../../src/version/markdown.js';
import { docBlock } from './doc-blocks.js';

const DOC = readFileSync(path.resolve(__dirname, '../../docs/prometheus-versions.md'), 'utf8');

describe('docs/prometheus-versions.md', () => {
  it('holds the differences table as rendered from BEHAVIOUR_DIFFERENCES', () => {
    expect(docBlock(DOC, 'differences-table')).toBe(differencesTableMarkdown());
  });

  it('has one row per entry with its id, since and upstream, and no row for an unknown id', () => {
    const rows = docBlock(DOC, 'differences-table').split('\n').slice(2);
    expect(rows).toHaveLength(BEHAVIOUR_DIFFERENCES.length);
    const ids = new Set<string>(BEHAVIOUR_DIFFERENCES.map((d) => d.id));
    for (const row of rows) expect(ids.has(/^\| `([^`]+)`/.exec(row)?.[1] ?? '')).toBe(true);
    for (const d of BEHAVIOUR_DIFFERENCES) {
      const row = rows.find((r) => r.startsWith(`| \`${d.id}\` |`));
      expect(row, d.id).toBeDefined();
      expect(row).toContain(`| ${d.since} |`);
      expect(row).toContain(d.upstream);
    }
  });
});
