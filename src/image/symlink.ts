/**
 * @module image/symlink
 * Resolves a path through the symlinks of an image filesystem WITHOUT leaving the image root, the
 * way a chroot would: absolute link targets are re-rooted at the image root and `..` stops at `/`.
 * Every component is resolved (like realpath), at most 40 links are followed (Linux's
 * MAXSYMLINKS), then E_INPUT_SYMLINK_LOOP. Missing components are kept as written.
 */
import { InputError } from '../common/errors.ts';
import type { FileMeta } from './types.ts';

export const MAX_SYMLINK_HOPS = 40;

/** Resolves `path` (absolute, or relative to `/`) using `lookup` to find each component's metadata. */
export function resolveInRoot(path: string, lookup: (p: string) => FileMeta | undefined): string {
  // Remaining components, reversed so the next one is popped from the end.
  const todo = path.split('/').reverse();
  const resolved: string[] = [];
  let hops = 0;
  while (todo.length > 0) {
    const part = todo.pop()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = `/${resolved.length === 0 ? part : `${resolved.join('/')}/${part}`}`;
    const meta = lookup(candidate);
    if (meta?.type !== 'symlink') {
      resolved.push(part);
      continue;
    }
    hops++;
    if (hops > MAX_SYMLINK_HOPS) {
      throw new InputError('E_INPUT_SYMLINK_LOOP', `${path}: more than ${MAX_SYMLINK_HOPS} symbolic links followed (loop at ${candidate})`);
    }
    const target = meta.linkTarget ?? '';
    if (target.startsWith('/')) resolved.length = 0;
    for (const t of target.split('/').reverse()) todo.push(t);
  }
  return `/${resolved.join('/')}`;
}
