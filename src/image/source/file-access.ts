/**
 * @module image/source/file-access
 * The small file-system abstraction shared by the local sources: a directory (OCI layout) or the
 * members of an outer tar (OCI archive, docker-archive) seen as named files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../../common/errors.ts';
import type { FileRange } from '../file-hash.ts';

export interface FileAccess {
  /** For messages: the directory or archive path. */
  readonly describe: string;
  /** Size of a file, undefined when it does not exist. */
  size(name: string): Promise<number | undefined>;
  /** Opens a file as a stream, undefined when it does not exist. */
  open(name: string): Promise<Readable | undefined>;
  /** The file and byte range holding a member's bytes (for off-thread hashing), undefined when it does not exist. */
  locate?(name: string): Promise<FileRange | undefined>;
  close(): Promise<void>;
}

/** Manifests, indexes and configs above this size are refused (they are JSON documents of a few KiB). */
export const MAX_SMALL_BLOB = 32 << 20;

/** `./a//b/` → `a/b`: how member names are compared. */
export function normalizeMemberName(name: string): string {
  return name
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/** Reads a whole small file; undefined when missing; E_INPUT_TOO_LARGE above `max` bytes. */
export async function readSmall(access: FileAccess, name: string, max = MAX_SMALL_BLOB): Promise<Buffer | undefined> {
  const size = await access.size(name);
  if (size === undefined) return undefined;
  if (size > max) throw new InputError('E_INPUT_TOO_LARGE', `${access.describe}: ${name} is ${size} bytes, expected at most ${max}`);
  const stream = await access.open(name);
  if (stream === undefined) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** FileAccess over a directory. Names are relative to it; `..` is never produced by callers. */
export function dirFileAccess(dir: string): FileAccess {
  const full = (name: string): string => join(dir, normalizeMemberName(name));
  const size = async (name: string): Promise<number | undefined> => {
    try {
      const st = await stat(full(name));
      return st.isFile() ? st.size : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    describe: dir,
    size,
    open: async (name) => ((await size(name)) === undefined ? undefined : createReadStream(full(name), { highWaterMark: 1 << 20 })),
    locate: async (name) => {
      const n = await size(name);
      return n === undefined ? undefined : { file: full(name), start: 0, size: n };
    },
    close: async () => undefined,
  };
}
