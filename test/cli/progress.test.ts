// The progress line of long commands: its text (a pure function), its
// drawing on a terminal (throttled, rewritten in place, erased at the end),
// and the commands that show it — on a fake TTY only, never on a pipe or
// with --quiet.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { formatEta, formatProgress, ProgressLine, type ProgressSnapshot } from '../../src/cli/progress.js';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('formatEta', () => {
  it.each([
    [0, '0s'],
    [400, '1s'],
    [45_000, '45s'],
    [60_000, '1m00s'],
    [185_000, '3m05s'],
    [3_600_000, '1h00m'],
    [4_830_000, '1h20m'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatEta(ms)).toBe(text);
  });
});

describe('formatProgress', () => {
  const base: ProgressSnapshot = { label: 'evaluating', done: 0, total: 100, unit: 'items', elapsedMs: 0 };
  it.each<[Partial<ProgressSnapshot>, string]>([
    [{ done: 0 }, 'evaluating: 0% (0/100)'],
    [{ done: 25, elapsedMs: 1000 }, 'evaluating: 25% (25/100, ETA 3s)'],
    [{ done: 50, elapsedMs: 60_000 }, 'evaluating: 50% (50/100, ETA 1m00s)'],
    [{ done: 100, elapsedMs: 9000 }, 'evaluating: 100% (100/100)'],
    [{ done: 130, elapsedMs: 9000 }, 'evaluating: 100% (100/100)'],
    [{ done: 7, total: undefined }, 'evaluating: 7'],
    [{ label: 'loading a.om.gz', unit: 'bytes', done: 512, total: 2048, elapsedMs: 100 }, 'loading a.om.gz: 25% (512 B/2.0 KiB, ETA 1s)'],
    [
      { label: 'loading b.om.gz', unit: 'bytes', done: 3 * 1024 * 1024, total: 12 * 1024 * 1024, elapsedMs: 2000 },
      'loading b.om.gz: 25% (3.0 MiB/12.0 MiB, ETA 6s)',
    ],
    [{ label: 'loading c.om', unit: 'bytes', done: 5 * 1024 ** 3, total: undefined }, 'loading c.om: 5.00 GiB'],
  ])('%o → %s', (change, text) => {
    expect(formatProgress({ ...base, ...change })).toBe(text);
  });
});

function fakeTerminal(stepMs: number) {
  const written: string[] = [];
  let t = 0;
  return { written, tick: (ms: number) => (t += ms), now: () => (t += stepMs), screen: () => written.join('') };
}

describe('ProgressLine', () => {
  it('draws nothing when disabled (not a terminal, or --quiet)', () => {
    const term = fakeTerminal(1000);
    const line = new ProgressLine({ enabled: false, write: (s) => term.written.push(s), now: term.now });
    const task = line.start('evaluating');
    for (let i = 0; i <= 10; i++) task.update(i, 10);
    task.end();
    line.clear();
    expect(term.written).toEqual([]);
  });

  it('rewrites one line in place with \\r, padding over a longer previous text, and erases it at the end', () => {
    const term = fakeTerminal(0);
    const line = new ProgressLine({ enabled: true, write: (s) => term.written.push(s), now: term.now, delayMs: 0, minIntervalMs: 0 });
    const task = line.start('x');
    task.update(5, undefined);
    term.tick(1000);
    task.update(1, 4);
    task.end();
    expect(term.written).toEqual(['\rx: 5', '\rx: 25% (1/4, ETA 3s)', `\r${' '.repeat('x: 25% (1/4, ETA 3s)'.length)}\r`]);
    const shorter = new ProgressLine({ enabled: true, write: (s) => term.written.push(s), now: term.now, delayMs: 0, minIntervalMs: 0 });
    term.written.length = 0;
    const t2 = shorter.start('ab');
    t2.update(1000, undefined);
    t2.update(1, undefined);
    expect(term.written).toEqual(['\rab: 1000', '\rab: 1   ']);
  });

  it('waits out the delay, then redraws at most once per interval', () => {
    const term = fakeTerminal(0);
    const line = new ProgressLine({ enabled: true, write: (s) => term.written.push(s), now: term.now, delayMs: 300, minIntervalMs: 100 });
    const task = line.start('n');
    for (let ms = 0; ms < 1000; ms += 10) {
      task.update(ms, 1000);
      term.tick(10);
    }
    // Drawn at 300, 400, ..., 900 ms.
    expect(term.written.length).toBe(7);
    expect(term.written[0]).toMatch(/^\rn: 30% \(300\/1000, ETA /);
  });

  it('shows nothing for work that is over before the delay', () => {
    const term = fakeTerminal(1);
    const line = new ProgressLine({ enabled: true, write: (s) => term.written.push(s), now: term.now });
    const task = line.start('quick');
    for (let i = 0; i < 50; i++) task.update(i, 50);
    task.end();
    expect(term.written).toEqual([]);
  });

  it('clips a line longer than the terminal width', () => {
    const term = fakeTerminal(1000);
    const line = new ProgressLine({ enabled: true, write: (s) => term.written.push(s), now: term.now, columns: 20 });
    line.start(`loading ${'x'.repeat(40)}`).update(1, 2);
    expect(term.written[0]).toBe(`\rloading ${'x'.repeat(11)}…`);
  });
});

// Each clock reading advances a second, so every update is past the delay
// and the throttle: what a slow run on a terminal would draw.
async function run(args: string[], options: { tty: boolean }) {
  let t = 0;
  const io = captureIo({ cwd: root, stderrIsTTY: options.tty, now: () => (t += 1000) });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const progressLines = (err: string) =>
  err
    .split('\r')
    .map((s) => s.trim())
    .filter((s) => s !== '');

// What a terminal shows once the text is written: \r returns to the start of
// the line and later characters overwrite earlier ones.
function screen(text: string): string {
  const lines: string[][] = [[]];
  let col = 0;
  for (const ch of text) {
    const line = lines[lines.length - 1]!;
    if (ch === '\n') {
      lines.push([]);
      col = 0;
    } else if (ch === '\r') col = 0;
    else line[col++] = ch;
  }
  return lines.map((l) => l.join('').trimEnd()).join('\n');
}

describe('progress of commands on a terminal', () => {
  const dryrun = ['dryrun', 'examples/rules/', '--samples', 'examples/samples/recorded.om.gz'];

  it('dryrun: loading the samples file, then the evaluations, with counts and ETA; erased before the report', async () => {
    const tty = await run(dryrun, { tty: true });
    const plain = await run(dryrun, { tty: false });
    expect(tty.code).toBe(0);
    expect(tty.out).toBe(plain.out);
    const lines = progressLines(tty.err);
    expect(lines.some((l) => /^loading examples\/samples\/recorded\.om\.gz: \d+% \([\d.]+ KiB\/76\.6 KiB, ETA \d+s\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^evaluating rule groups: \d+% \(\d+\/1440, ETA \d+(s|m\d\ds)\)$/.test(l))).toBe(true);
    // Erased in the end: the terminal shows what a run without it printed.
    expect(screen(tty.err)).toBe(screen(plain.err));
  });

  it('dryrun: nothing when stderr is not a terminal', async () => {
    const r = await run(dryrun, { tty: false });
    expect(r.err).not.toContain('\r');
  });

  it('dryrun --quiet: nothing on a terminal either', async () => {
    const r = await run([...dryrun, '--quiet'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('\r');
  });

  it('test: the groups of each file', async () => {
    const r = await run(['test', 'examples/tests/service.test.yml'], { tty: true });
    expect(r.code).toBe(0);
    expect(progressLines(r.err)).toContain('testing examples/tests/service.test.yml: 50% (1/2, ETA 2s)');
    expect(r.out).toContain('SUCCESS');
  });

  it('thresholds: the signal evaluations and the fits', async () => {
    const r = await run(
      ['thresholds', '--samples', 'examples/samples/recorded.om.gz', '--signal', 'deriv(go_goroutines[30m])', '--by', 'job', '--method', 'slope'],
      { tty: true },
    );
    expect(r.code).toBe(0);
    const fitting = progressLines(r.err).filter((l) => l.startsWith('fitting thresholds: '));
    // A restart probe and the level evaluation, then one fit per job (api, worker).
    expect(fitting.at(-1)).toBe('fitting thresholds: 100% (4/4)');
    expect(fitting).toContain('fitting thresholds: 75% (3/4, ETA 1s)');
    expect(screen(r.err)).toMatch(/^note: restart mask 30m/);
  });
});
