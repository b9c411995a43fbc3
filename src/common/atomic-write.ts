/**
 * @module common/atomic-write
 * Writes a file so that readers see either the old or the new content, never half of it:
 * write to a temporary sibling, then rename over the target (rename is atomic within a filesystem).
 * Only regular files are replaced that way: an existing device, FIFO or socket (`--output /dev/null`,
 * `--output /dev/stdout`, a named pipe) is written in place, since renaming over it would destroy it;
 * a symlink is followed, so the file it points to is replaced, not the link.
 */
import { lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

async function existing(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  let target = path;
  let stat = await existing(target);
  if (stat?.isSymbolicLink()) {
    target = await realpath(path).catch(() => path);
    stat = await existing(target);
  }
  if (stat && !stat.isFile()) {
    await writeFile(target, data);
    return;
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
