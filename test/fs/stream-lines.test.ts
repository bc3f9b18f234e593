// streamLines reads files in 1 MiB chunks and turns pure-ASCII chunks into
// text without the UTF-8 decoder (read.ts). The lines must be those of the
// whole file decoded at once: a file that turns non-ASCII only in a later
// chunk, a character split across a chunk boundary, a U+FEFF in the middle
// of the file (kept, as the decoder keeps it there) and one at its start
// (dropped), plain and gzipped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { streamLines } from '../../src/fs/read.js';

const dir = mkdtempSync(path.join(tmpdir(), 'promforge-stream-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIB = 1 << 20;

/** ASCII lines up to byte `at`, then `tail` (which may hold any characters). */
function asciiThen(at: number, tail: string): Buffer {
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes + 40 < at; i++) {
    const line = `x{i="${i % 97}"} ${i} ${1_700_000_000 + i}\n`;
    parts.push(line);
    bytes += line.length;
  }
  parts.push('#'.repeat(at - bytes - 1), '\n');
  return Buffer.concat([Buffer.from(parts.join(''), 'latin1'), Buffer.from(tail, 'utf8')]);
}

async function readAll(file: string, gzip: boolean): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of streamLines(file, { gzip })) {
    if (!batch.ok) throw new Error(batch.error);
    out.push(...batch.lines);
  }
  return out;
}

const cases: [string, Buffer][] = [
  // The second chunk starts with U+FEFF: text there, not a byte-order mark.
  ['a U+FEFF starting the second chunk', asciiThen(MIB, '\uFEFFy 1 2\nü€ 3\n')],
  // "€" (3 bytes) across the second chunk boundary, after the decoder took over.
  ['a character split across a chunk boundary', asciiThen(MIB, `ü${'a'.repeat(MIB - 4)}€z\nlast\n`)],
  ['a byte-order mark at the start', Buffer.concat([Buffer.from('\uFEFF', 'utf8'), asciiThen(MIB + 10, 'ok 1 2\n')])],
  ['pure ASCII over several chunks', asciiThen(2 * MIB + 5, 'end\n')],
];

describe('streamLines gives the lines of the file decoded at once', () => {
  it.each(cases)('%s', async (_, content) => {
    const expected = new TextDecoder('utf-8').decode(content).split('\n').slice(0, -1);
    const plain = path.join(dir, 'x.om');
    writeFileSync(plain, content);
    expect(await readAll(plain, false)).toEqual(expected);
    const gz = path.join(dir, 'x.om.gz');
    writeFileSync(gz, gzipSync(content));
    expect(await readAll(gz, true)).toEqual(expected);
  });
});
