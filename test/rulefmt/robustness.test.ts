import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { FIXTURES } from './helpers.js';

/** A small deterministic PRNG (LCG), so failures reproduce. */
function prng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

const NOISE = [
  '\n',
  ' ',
  '  ',
  '-',
  ':',
  '"',
  "'",
  '|',
  '>',
  '&a',
  '*a',
  '[',
  ']',
  '{',
  '}',
  '#',
  '\t',
  '---\n',
  '~',
  '!!str ',
  'groups:',
  'rules:',
  'expr: ',
  '{{',
  '}}',
  '\\',
  'é',
];

describe('loading never throws', () => {
  it('turns 1000 corrupted variants of a valid file into diagnostics, never exceptions', () => {
    const base = readFileSync(path.join(FIXTURES, 'valid.yaml'), 'utf8');
    const rand = prng(7);
    let withErrors = 0;
    for (let n = 0; n < 1000; n++) {
      let text = base;
      const edits = 1 + rand(4);
      for (let e = 0; e < edits; e++) {
        const at = rand(text.length + 1);
        const kind = rand(3);
        if (kind === 0) text = text.slice(0, at) + (NOISE[rand(NOISE.length)] ?? '') + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + rand(8));
        else text = text.slice(0, at) + text.slice(rand(text.length + 1));
      }
      const result = loadRuleText(text, 'fuzz.yaml');
      for (const d of result.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message.length).toBeGreaterThan(0);
      }
      if (result.diagnostics.some((d) => d.severity === 'error')) withErrors++;
    }
    // Most corruptions break the file; some (inside comments, values) keep it valid.
    expect(withErrors).toBeGreaterThan(500);
  });
});
