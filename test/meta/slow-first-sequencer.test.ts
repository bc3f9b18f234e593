import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestSpecification, Vitest } from 'vitest/node';
import SlowFirstSequencer, { declaresSlow, SLOW_FILE_MARKER } from '../support/slow-first-sequencer.js';

/** A sequencer over files of the given sizes and markers, with `cached` durations (ms) for some. */
async function order(files: { name: string; bytes: number; slow?: boolean; cachedMs?: number }[]): Promise<string[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'promforge-seq-'));
  try {
    const project = { name: '', config: { sequence: { groupOrder: 0 }, isolate: true } };
    const specs = files.map((f) => {
      const text = (f.slow ? `${SLOW_FILE_MARKER}\n` : '') + 'x'.repeat(f.bytes);
      writeFileSync(path.join(root, f.name), text);
      return { project, moduleId: path.join(root, f.name) } as unknown as TestSpecification;
    });
    const byKey = new Map(files.map((f) => [`:${f.name}`, f]));
    const ctx = {
      config: { root },
      cache: {
        getFileTestResults: (key: string) => {
          const ms = byKey.get(key)?.cachedMs;
          return ms === undefined ? undefined : { duration: ms, failed: false };
        },
        getFileStats: (key: string) => ({ size: byKey.get(key)!.bytes }),
      },
    } as unknown as Vitest;
    const sorted = await new SlowFirstSequencer(ctx).sort(specs);
    return sorted.map((s) => path.basename(s.moduleId));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('slow-first sequencer', () => {
  it('starts files marked slow first when no duration is cached, larger first otherwise', async () => {
    expect(
      await order([
        { name: 'big.test.ts', bytes: 9000 },
        { name: 'hooks.test.ts', bytes: 100, slow: true },
        { name: 'mid.test.ts', bytes: 5000 },
        { name: 'diff.test.ts', bytes: 3000, slow: true },
      ]),
    ).toEqual(['diff.test.ts', 'hooks.test.ts', 'big.test.ts', 'mid.test.ts']);
  });

  it('keeps vitest order by cached duration once every file has one', async () => {
    expect(
      await order([
        { name: 'a.test.ts', bytes: 10, cachedMs: 100 },
        { name: 'b.test.ts', bytes: 10, slow: true, cachedMs: 50 },
        { name: 'c.test.ts', bytes: 10, cachedMs: 900 },
      ]),
    ).toEqual(['c.test.ts', 'a.test.ts', 'b.test.ts']);
  });

  it('reads the marker only as a line of its own', () => {
    expect(declaresSlow(`// header\n${SLOW_FILE_MARKER}\nimport x;\n`)).toBe(true);
    expect(declaresSlow(`const s = '${SLOW_FILE_MARKER}';\n`)).toBe(false);
  });
});
