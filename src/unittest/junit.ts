// JUnit XML for CI systems: one <testsuite> per test file, one <testcase> per
// test group, a <failure> per failed group, an <error> when a file could not run.

import { formatFileDiagnostic } from '../diagnostics.js';
import { type FileResult, testGroupLabel } from './runner.js';

function esc(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry most control characters at all.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

export function junitXml(results: readonly FileResult[], timestamp: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  for (const r of results) {
    const failures = r.groups.filter((g) => g.failures.length > 0).length;
    const errors = r.diagnostics.length > 0 ? 1 : 0;
    const time = (r.groups.reduce((s, g) => s + g.durationMs, 0) / 1000).toFixed(3);
    out.push(
      `  <testsuite name="${esc(r.file)}" tests="${r.groups.length}" failures="${failures}" errors="${errors}" time="${time}" timestamp="${esc(timestamp)}">`,
    );
    if (errors) {
      const text = r.diagnostics.map((d) => formatFileDiagnostic(d)).join('\n');
      out.push(`    <error message="${esc(r.diagnostics[0]!.message)}">${esc(text)}</error>`);
    }
    for (const g of r.groups) {
      const t = (g.durationMs / 1000).toFixed(3);
      // classname: CI systems group test cases by it; the file is what a test group belongs to.
      const attrs = `name="${esc(testGroupLabel(r.file, g))}" classname="${esc(r.file)}" time="${t}"`;
      if (g.failures.length === 0) out.push(`    <testcase ${attrs}></testcase>`);
      else {
        out.push(`    <testcase ${attrs}>`);
        for (const f of g.failures) out.push(`      <failure message="${esc(f.split('\n')[0]!.trim())}">${esc(f)}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
