// Atomic file writes: write a temporary file next to the target, flush it,
// then rename it over the target, so a crash, a kill or an error never
// leaves a half-written or empty file: readers see the old content or the
// new, nothing between. A symlink is written through (the file it points to
// is replaced, the link stays a link), and the original file's permissions
// are kept.
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  chmodSync,
} from 'node:fs';
import path from 'node:path';

let counter = 0;

/** A temp file name in the target's folder (so rename never crosses file systems). */
export function tempPathFor(target: string, tag = 'tmp'): string {
  counter++;
  return path.join(path.dirname(target), `.${path.basename(target)}.promforge-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}.${tag}`);
}

/** The file a write to `file` should replace: symlinks (even dangling ones) are followed. */
export function resolveWriteTarget(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let isLink = false;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current; // does not exist yet: write it here
    }
    if (!isLink) return current;
    try {
      return realpathSync(current);
    } catch {
      // Dangling link: follow one hop by hand and create what it points to.
      current = path.resolve(path.dirname(current), readlinkSync(current));
    }
  }
  return current; // a loop: the write fails with ELOOP and reports it
}

function writeAllAndSync(tmp: string, content: string, mode: number | undefined): void {
  const fd = openSync(tmp, 'wx', mode ?? 0o666);
  try {
    const buf = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (mode !== undefined) chmodSync(tmp, mode);
}

function existingMode(target: string): number | undefined {
  try {
    return statSync(target).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Writes `content` to `file` atomically (synchronously). Throws on I/O errors, leaving no temp file. */
export function writeFileAtomicSync(file: string, content: string): void {
  const target = resolveWriteTarget(file);
  const tmp = tempPathFor(target);
  try {
    writeAllAndSync(tmp, content, existingMode(target));
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw e;
  }
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  writeFileAtomicSync(file, content);
}

export interface StagedWrite {
  readonly target: string;
  readonly content: string;
}

/**
 * Replaces several files so that either all take their new content or none
 * does: every temp file is written and flushed first; then each target is
 * renamed over, keeping a hard-link backup of the old file, and a failed
 * rename puts every earlier target back. Returns the first error message, or
 * undefined on success. (A kill during the renames leaves each file whole,
 * old or new.)
 */
export function replaceFilesAtomically(writes: readonly StagedWrite[]): string | undefined {
  const staged: { target: string; tmp: string; backup?: string }[] = [];
  const cleanup = (paths: (string | undefined)[]): void => {
    for (const p of paths) {
      if (p === undefined) continue;
      try {
        unlinkSync(p);
      } catch {
        // already gone
      }
    }
  };
  for (const w of writes) {
    const target = resolveWriteTarget(w.target);
    const tmp = tempPathFor(target);
    try {
      writeAllAndSync(tmp, w.content, existingMode(target));
      staged.push({ target, tmp });
    } catch (e) {
      cleanup([tmp, ...staged.map((s) => s.tmp)]);
      return `${w.target}: ${describe(e)}`;
    }
  }
  const done: typeof staged = [];
  for (const s of staged) {
    try {
      if (existingMode(s.target) !== undefined) {
        const backup = tempPathFor(s.target, 'bak');
        linkSync(s.target, backup);
        s.backup = backup;
      }
      renameSync(s.tmp, s.target);
      done.push(s);
    } catch (e) {
      for (const d of done.reverse()) {
        try {
          if (d.backup) renameSync(d.backup, d.target);
          else unlinkSync(d.target);
          d.backup = undefined;
        } catch {
          // best effort: the backup stays next to the file
        }
      }
      cleanup([s.backup, ...staged.map((x) => x.tmp)]);
      return `${s.target}: ${describe(e)}`;
    }
  }
  cleanup(staged.map((s) => s.backup));
  return undefined;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `cannot write (${err.code})` : e instanceof Error ? e.message : String(e);
}
