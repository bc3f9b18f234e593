// Reading user input files within bounds. Every input promforge reads (rule
// files, unit tests, samples, packs, configs) goes through here, so a FIFO
// never blocks, a directory or a symlink loop is a message, and a 100 MB file
// or a gzip bomb is refused before it can exhaust memory. Results, never
// exceptions: callers turn an error into a positioned diagnostic.

import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { formatFileDiagnostic, readErrorDiagnostic } from '../diagnostics.js';

export interface InputLimits {
  /** Largest file (or decompressed .gz content) read, in bytes. */
  readonly maxFileBytes?: number;
  /** Longest line a streamed reader accepts, in bytes. */
  readonly maxLineBytes?: number;
}

function envLimit(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
}

/**
 * Defaults: 64 MiB per input (the largest real rule file we know of is under
 * 2 MB; this leaves room for sample recordings while staying far from V8's
 * heap limit) and 16 MiB per streamed line. PROMFORGE_MAX_INPUT_BYTES and
 * PROMFORGE_MAX_LINE_BYTES override them for the CLI.
 */
export const DEFAULT_INPUT_LIMITS = {
  get maxFileBytes(): number {
    return envLimit('PROMFORGE_MAX_INPUT_BYTES', 64 * 1024 * 1024);
  },
  get maxLineBytes(): number {
    return envLimit('PROMFORGE_MAX_LINE_BYTES', 16 * 1024 * 1024);
  },
  /**
   * Streamed inputs (OpenMetrics, plain or gzipped) never hold their text:
   * memory follows the samples kept (about 32 bytes each while loading, for
   * lines of 40+ bytes), so they may be larger — a generated week of 20
   * services is 330 MB — up to 1 GiB (PROMFORGE_MAX_STREAMED_BYTES).
   */
  get maxStreamedBytes(): number {
    return envLimit('PROMFORGE_MAX_STREAMED_BYTES', 1024 * 1024 * 1024);
  },
};

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function fail<T>(error: string): ReadResult<T> {
  return { ok: false, error };
}

/**
 * Why an input could not be read, in the one form every command prints:
 * `ENOENT: no such file or directory`, `EACCES: permission denied`,
 * `not gzip data (incorrect header check)`. Node's own message minus the
 * syscall and path it appends (the caller names the file as the user wrote it).
 */
export function describeReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = e instanceof Error ? e.message : String(e);
  // zlib reports a file that is not gzip at all and one cut short with codes of its own.
  if (err.code === 'Z_DATA_ERROR') return `not gzip data (${message})`;
  if (err.code === 'Z_BUF_ERROR') return `truncated gzip data (${message})`;
  const errno = /^([A-Z][A-Z0-9_]+): ([^,]+)/.exec(message);
  if (errno) return `${errno[1]}: ${errno[2]}`;
  return err.code && !message.includes(err.code) ? `${err.code}: ${message}` : message;
}

/** `file: cannot read: reason` — how an unreadable input is reported, whatever its kind (the one diagnostic text form). */
export function cannotRead(file: string, reason: string): string {
  return formatFileDiagnostic(readErrorDiagnostic(file, reason));
}

const describeErrno = describeReadError;

/** Only the default limit is the environment's to raise; a caller's own limit (rule files) is fixed. */
function limitHint(limits: InputLimits): string {
  return limits.maxFileBytes === undefined ? ' (set PROMFORGE_MAX_INPUT_BYTES to raise it)' : '';
}

/** Why a file may not be read, or undefined when it may. */
export function checkReadable(stat: Stats, limits: InputLimits = {}): string | undefined {
  const max = limits.maxFileBytes ?? DEFAULT_INPUT_LIMITS.maxFileBytes;
  if (stat.isDirectory()) return 'EISDIR: is a directory';
  if (!stat.isFile()) return 'not a regular file (a FIFO, socket or device)';
  if (stat.size > max) return `file is ${stat.size} bytes, over the ${max}-byte input limit${limitHint(limits)}`;
  return undefined;
}

/** Reads a whole regular file within the size limit. */
export function readInputBytesSync(path: string, limits: InputLimits = {}): ReadResult<Buffer> {
  const max = limits.maxFileBytes ?? DEFAULT_INPUT_LIMITS.maxFileBytes;
  let fd: number;
  try {
    const why = checkReadable(statSync(path), limits);
    if (why) return fail(why);
    fd = openSync(path, 'r');
  } catch (e) {
    return fail(describeErrno(e));
  }
  try {
    // Read at most max+1 bytes, so a file that grew since stat is still caught.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > max) return fail(`file is over the ${max}-byte input limit${limitHint(limits)}`);
    }
    return { ok: true, value: Buffer.concat(chunks, total) };
  } catch (e) {
    return fail(describeErrno(e));
  } finally {
    closeSync(fd);
  }
}

export function readInputTextSync(path: string, limits: InputLimits = {}): ReadResult<string> {
  const r = readInputBytesSync(path, limits);
  return r.ok ? { ok: true, value: r.value.toString('utf8') } : r;
}

export async function readInputText(path: string, limits: InputLimits = {}): Promise<ReadResult<string>> {
  return readInputTextSync(path, limits);
}

/** The lines of a streamed file that one read brought in (numbered from `firstNumber`), or the reason streaming stopped. */
export type StreamedLines =
  | { readonly ok: true; readonly lines: readonly string[]; readonly firstNumber: number }
  | { readonly ok: false; readonly error: string; readonly number: number };

const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * Streams a (possibly gzip-compressed) text file line by line, with `\n` or
 * `\r\n` endings, stopping with an error at the first line over
 * maxLineBytes or once the decompressed content passes maxFileBytes — so one
 * 3 GB line inside a 3 MB gzip never becomes a string. Lines come in batches,
 * one per chunk read: a sample file has millions of lines, and decoding and
 * handing out each on its own took as long as parsing them.
 */
export async function* streamLines(
  path: string,
  options: InputLimits & { readonly gzip?: boolean; readonly onProgress?: (bytesRead: number, totalBytes: number) => void } = {},
): AsyncGenerator<StreamedLines> {
  const maxFile = options.maxFileBytes ?? DEFAULT_INPUT_LIMITS.maxStreamedBytes;
  const maxLine = options.maxLineBytes ?? DEFAULT_INPUT_LIMITS.maxLineBytes;
  let handle;
  let fileBytes = 0;
  try {
    const stat = statSync(path);
    fileBytes = stat.size;
    const why = checkReadable(stat, { maxFileBytes: options.gzip ? Number.MAX_SAFE_INTEGER : maxFile });
    if (why) {
      yield { ok: false, error: why, number: 0 };
      return;
    }
    handle = await open(path, 'r');
  } catch (e) {
    yield { ok: false, error: describeErrno(e), number: 0 };
    return;
  }
  // Large chunks: with the defaults (64 KiB reads, 16 KiB of gunzip output)
  // a 20 MB .om.gz comes in ~20,000 chunks, each a round trip to zlib's
  // thread and a turn of the loop below, and the main thread mostly waits
  // (measured: gunzip and hash 1.5–1.8 s with the defaults, 0.26–0.33 s
  // with 1 MiB).
  const raw = handle.createReadStream({ highWaterMark: STREAM_CHUNK_BYTES });
  // pipe() does not forward the source's errors: a read failure under a
  // gunzip (EIO, a file that turned into a directory) would be an unhandled
  // 'error' event and kill the process. Forward it, so the loop below sees it.
  let input: NodeJS.ReadableStream = raw;
  // Progress counts bytes of the file as stored (compressed, for .gz): its
  // size is known up front. For .gz it is what the decompressor has consumed,
  // not what the file reader has read: the reader runs ahead of the lines
  // handed out (a small file is read whole before its first line), so its
  // count would say 100% while most of the work is still to come.
  let storedBytesDone = () => raw.bytesRead;
  if (options.gzip) {
    const gunzip = createGunzip({ chunkSize: STREAM_CHUNK_BYTES });
    raw.on('error', (e) => gunzip.destroy(e));
    input = raw.pipe(gunzip);
    storedBytesDone = () => gunzip.bytesWritten;
  }
  // Chunks of pure ASCII are the same text read as Latin-1, which V8 copies
  // into a string without decoding (3× faster on the leak week's 330 MB).
  // From the first chunk that is not ASCII on, the decoder reads every chunk:
  // it may hold the first bytes of a character split across chunks. It drops
  // a byte-order mark only at the start of the file, as when it reads it all.
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  // The line not yet ended by a newline: its text so far and its length in bytes.
  let partial = '';
  let partialBytes = 0;
  let total = 0;
  let number = 0;
  const withoutCR = (line: string): string => (line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      options.onProgress?.(storedBytesDone(), fileBytes);
      total += chunk.length;
      if (total > maxFile) {
        yield {
          ok: false,
          error: `content is over the ${maxFile}-byte input limit${options.maxFileBytes === undefined ? ' (set PROMFORGE_MAX_STREAMED_BYTES to raise it)' : ''}`,
          number: number + 1,
        };
        return;
      }
      // The chunk decoded at once; a newline byte is one character and never
      // part of a multi-byte sequence, so the text's newlines are the chunk's,
      // in order, and the chunk gives each line's length in bytes.
      if (!decoder && !isAscii(chunk)) decoder = new TextDecoder('utf-8', { ignoreBOM: total > chunk.length });
      const text = decoder ? decoder.decode(chunk, { stream: true }) : chunk.toString('latin1');
      const lines: string[] = [];
      const firstNumber = number + 1;
      let start = 0;
      let textStart = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const bytes = (nl < 0 ? chunk.length : nl) - start;
        if (partialBytes + bytes > maxLine) {
          if (lines.length > 0) yield { ok: true, lines, firstNumber };
          yield { ok: false, error: `line is longer than the ${maxLine}-byte limit (set PROMFORGE_MAX_LINE_BYTES to raise it)`, number: number + 1 };
          return;
        }
        if (nl < 0) {
          partial += text.slice(textStart);
          partialBytes += bytes;
          break;
        }
        const textNl = text.indexOf('\n', textStart);
        lines.push(withoutCR(partial + text.slice(textStart, textNl)));
        number++;
        partial = '';
        partialBytes = 0;
        start = nl + 1;
        textStart = textNl + 1;
      }
      if (lines.length > 0) yield { ok: true, lines, firstNumber };
    }
    const rest = partial + (decoder?.decode() ?? '');
    if (partialBytes > 0) yield { ok: true, lines: [withoutCR(rest)], firstNumber: ++number };
  } catch (e) {
    yield { ok: false, error: describeReadError(e), number: number + 1 };
  } finally {
    raw.destroy();
    if (input !== raw) (input as import('node:stream').Readable).destroy();
    await handle.close().catch(() => undefined);
  }
}
