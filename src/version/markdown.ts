// docs/prometheus-versions.md's table of differences, rendered from
// BEHAVIOUR_DIFFERENCES: the doc holds this text between markers and a test
// (test/version/docs.test.ts) fails when the two drift apart.

import { BEHAVIOUR_DIFFERENCES } from './differences.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function differencesTableMarkdown(): string {
  const rows = BEHAVIOUR_DIFFERENCES.map((d) => {
    const pr = d.upstream.split('#')[1];
    return `| \`${d.id}\` | ${d.area} | ${d.since} | [${d.upstream}](https://github.com/prometheus/prometheus/pull/${pr}) | ${cell(d.before)} | ${cell(d.after)} |`;
  });
  return ['| id | area | since | upstream | before | from `since` on |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
