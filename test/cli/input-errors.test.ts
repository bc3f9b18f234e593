// Every input every command reads, made unreadable in every way we know of:
// the command must exit 2 with `<file>: cannot read: <reason>` and no stack
// trace. One table: a row per (command, input kind, way of failing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

const RULES = 'groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 1m\n';
const LOAD = 'load 1m\n  up{job="a"} 1 1 0 0 0 1 1\n';
const OPENMETRICS = '# TYPE up gauge\nup{job="a"} 1 0\nup{job="a"} 0 60\nup{job="a"} 0 120\n# EOF\n';
const API_JSON = JSON.stringify({
  resultType: 'matrix',
  result: [
    {
      metric: { __name__: 'up', job: 'a' },
      values: [
        [0, '1'],
        [60, '0'],
        [120, '0'],
      ],
    },
  ],
});
const CSV = 'timestamp,up\n0,1\n60,0\n120,0\n';
const INCIDENTS = '- start: 1970-01-01T00:01:00Z\n  end: 1970-01-01T00:03:00Z\n';

/** What a readable file of each input kind holds (also the source of the gzip rows). */
const CONTENT: Record<string, string> = {
  om: OPENMETRICS,
  json: API_JSON,
  csv: CSV,
  test: LOAD,
  yml: RULES,
};

type Failure = 'missing' | 'unreadable' | 'directory' | 'truncated gzip' | 'not gzip' | 'read error';

/** Ways a named input can fail; the gzip ones only for .gz names, "read error" (EIO) only where /proc exists. */
function failuresFor(name: string, walksDirectories: boolean): Failure[] {
  const out: Failure[] = ['missing', 'unreadable'];
  if (!walksDirectories) out.push('directory');
  if (name.endsWith('.gz')) out.push('truncated gzip', 'not gzip');
  out.push('read error');
  return out;
}

interface Input {
  readonly command: string;
  /** The input's role, e.g. `--samples (.om.gz)`. */
  readonly what: string;
  /** The file name that will be broken. */
  readonly file: string;
  readonly args: (file: string) => string[];
  /** Path arguments of check/lint/fmt walk a directory instead of reading it. */
  readonly walksDirectories?: boolean;
}

const SAMPLE_NAMES = ['s.om', 's.om.gz', 's.json', 's.json.gz', 's.csv', 's.test'];

const INPUTS: Input[] = [
  ...SAMPLE_NAMES.flatMap((s): Input[] => [
    { command: 'dryrun', what: `--samples (${s})`, file: s, args: (f) => ['dryrun', 'rules.yml', '--samples', f] },
    { command: 'thresholds', what: `--samples (${s})`, file: s, args: (f) => ['thresholds', '--samples', f, '--signal', 'up'] },
    { command: 'score', what: `--samples (${s})`, file: s, args: (f) => ['score', 'rules.yml', '--samples', f, '--incidents', 'incidents.yml'] },
    { command: 'query', what: `--samples (${s})`, file: s, args: (f) => ['query', 'up', '--time', '60', '--samples', f] },
    { command: 'lint', what: `--samples (${s})`, file: s, args: (f) => ['lint', 'rules.yml', '--samples', f] },
  ]),
  { command: 'dryrun', what: 'rule file', file: 'r.yml', args: (f) => ['dryrun', f, '--samples', 'ok.test'], walksDirectories: true },
  {
    command: 'score',
    what: 'rule file',
    file: 'r.yml',
    args: (f) => ['score', f, '--samples', 'ok.test', '--incidents', 'incidents.yml'],
    walksDirectories: true,
  },
  { command: 'score', what: '--incidents', file: 'i.yml', args: (f) => ['score', 'rules.yml', '--samples', 'ok.test', '--incidents', f] },
  { command: 'thresholds', what: '--incidents', file: 'i.yml', args: (f) => ['thresholds', '--samples', 'ok.test', '--signal', 'up', '--incidents', f] },
  {
    command: 'record',
    what: 'rule file',
    file: 'r.yml',
    args: (f) => ['record', f, '--prometheus', 'http://127.0.0.1:1', '--start', '0', '-o', 'out.om'],
    walksDirectories: true,
  },
  { command: 'check', what: 'rule file', file: 'r.yml', args: (f) => ['check', f], walksDirectories: true },
  { command: 'fmt', what: 'rule file', file: 'r.yml', args: (f) => ['fmt', f], walksDirectories: true },
  { command: 'lint', what: 'rule file', file: 'r.yml', args: (f) => ['lint', f], walksDirectories: true },
  { command: 'lint', what: '--config', file: 'c.yaml', args: (f) => ['lint', 'rules.yml', '--config', f] },
  { command: 'lint', what: '--metadata', file: 'm.json', args: (f) => ['lint', 'rules.yml', '--metadata', f] },
  { command: 'test', what: 'test file', file: 't.yml', args: (f) => ['test', f] },
  { command: 'test', what: "a test's rule_files", file: 'tested-rules.yml', args: () => ['test', 'uses-tested-rules.yml'] },
  // A directory is a pack directory to compile, so it is not an unreadable pack.
  { command: 'compile', what: 'pack file', file: 'p.yml', args: (f) => ['compile', f, '-o', 'compiled'], walksDirectories: true },
  { command: 'compile', what: '--values', file: 'v.yml', args: (f) => ['compile', 'pack/pack.yml', '--values', f, '-o', 'compiled'] },
  { command: 'promqltest', what: 'script', file: 'x.test', args: (f) => ['promqltest', f] },
];

let dir: string;
let chmodProtects = false;
const procMem = existsSync('/proc/self/mem');

async function run(args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** Leaves `name` in the state `failure` describes. */
function breakFile(name: string, failure: Failure): void {
  const p = path.join(dir, name);
  rmSync(p, { recursive: true, force: true });
  const plain = CONTENT[path.extname(name.replace(/\.gz$/, '')).slice(1)] ?? RULES;
  switch (failure) {
    case 'missing':
      return;
    case 'unreadable':
      writeFileSync(p, name.endsWith('.gz') ? gzipSync(plain) : plain);
      chmodSync(p, 0o000);
      return;
    case 'directory':
      mkdirSync(p);
      return;
    case 'truncated gzip': {
      const gz = gzipSync(plain.repeat(50));
      writeFileSync(p, gz.subarray(0, Math.floor(gz.length / 2)));
      return;
    }
    case 'not gzip':
      writeFileSync(p, plain);
      return;
    case 'read error':
      // /proc/self/mem is a regular file whose read at offset 0 fails with EIO:
      // a read error after a successful open, the case a stream must not leak.
      symlinkSync('/proc/self/mem', p);
      return;
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promforge-input-errors-'));
  writeFileSync(path.join(dir, 'rules.yml'), RULES);
  writeFileSync(path.join(dir, 'ok.test'), LOAD);
  writeFileSync(path.join(dir, 'incidents.yml'), INCIDENTS);
  writeFileSync(
    path.join(dir, 'uses-tested-rules.yml'),
    'rule_files: [tested-rules.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: up\n        values: 1 1\n',
  );
  mkdirSync(path.join(dir, 'pack'));
  writeFileSync(path.join(dir, 'pack', 'pack.yml'), readFileSync(new URL('../../rules/go-runtime/pack.yml', import.meta.url)));
  // Root reads a mode-000 file anyway: then "unreadable" cannot be produced.
  const probe = path.join(dir, 'probe');
  writeFileSync(probe, 'x');
  chmodSync(probe, 0o000);
  try {
    readFileSync(probe);
  } catch {
    chmodProtects = true;
  }
  rmSync(probe, { force: true });
  if (!chmodProtects) console.warn('input-errors: running as a user who can read mode-000 files (root?): the "unreadable" rows are skipped');
  if (!procMem) console.warn('input-errors: no /proc/self/mem on this system: the "read error" (EIO) rows are skipped');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = INPUTS.flatMap((input) => failuresFor(input.file, input.walksDirectories === true).map((failure) => ({ ...input, failure })));

describe('an input that cannot be read: exit 2, `file: cannot read: reason`, no stack trace', () => {
  it.each(ROWS)('$command $what: $failure', async ({ file, args, failure }) => {
    if (failure === 'unreadable' && !chmodProtects) return;
    if (failure === 'read error' && !procMem) return;
    breakFile(file, failure);
    try {
      const r = await run(args(file));
      expect(r.err).toContain(`${file}: cannot read: `);
      expect(r.code).toBe(2);
      const all = r.out + r.err;
      expect(all).not.toMatch(/\n\s+at /);
      expect(all).not.toMatch(/\bError:|internal error/);
    } finally {
      rmSync(path.join(dir, file), { recursive: true, force: true });
    }
  });
});

describe('the same inputs, readable, are read', () => {
  // Guards the table: a row's arguments must be right apart from the broken file.
  it.each(INPUTS.filter((i) => i.command !== 'record'))('$command $what', async ({ file, args }) => {
    const plain = CONTENT[path.extname(file.replace(/\.gz$/, '')).slice(1)] ?? RULES;
    const content: string | Buffer =
      file === 'i.yml'
        ? INCIDENTS
        : file === 'c.yaml'
          ? 'scrapeInterval: 1m\n'
          : file === 'm.json'
            ? '{"status":"success","data":{"up":[{"type":"gauge","help":"","unit":""}]}}'
            : file === 't.yml'
              ? 'rule_files: [rules.yml]\ntests: []\n'
              : file === 'p.yml'
                ? readFileSync(path.join(dir, 'pack', 'pack.yml'))
                : file === 'v.yml'
                  ? '{}\n'
                  : file === 'x.test'
                    ? `${LOAD}\neval instant at 1m up\n  up{job="a"} 1\n`
                    : plain;
    // Never write through a symlink a failed row may have left (it points at /proc/self/mem).
    rmSync(path.join(dir, file), { recursive: true, force: true });
    writeFileSync(path.join(dir, file), file.endsWith('.gz') ? gzipSync(content) : content);
    try {
      const r = await run(args(file));
      expect(r.err).not.toContain('cannot read');
      expect(r.code).not.toBe(2);
    } finally {
      rmSync(path.join(dir, file), { force: true });
    }
  });
});
