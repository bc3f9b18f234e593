// Atomic file writes: write a temporary file next to the target, then rename
// it over the target, so a crash or an error never leaves a half-written file.
import { rename, writeFile, unlink, stat, chmod } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.promforge-${process.pid}-${Date.now()}.tmp`);
  try {
    await writeFile(tmp, content, { encoding: 'utf8', flag: 'wx' });
    // Keep the original file's permissions.
    const mode = await stat(file).then((s) => s.mode, () => undefined);
    if (mode !== undefined) await chmod(tmp, mode & 0o7777);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
