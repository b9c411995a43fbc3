/**
 * @module image/overlay
 * Stacks the layers' file tables the way an overlay filesystem does (OCI image spec, "Applying
 * Changesets"): later entries replace earlier ones; `.wh.<name>` deletes a path and everything under
 * it; `.wh..wh..opq` hides everything a lower layer had under that directory. The result answers
 * "is the file this layer wrote still in the final filesystem?", which is how a package or secret
 * found in a layer is marked `deleted`.
 * https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts
 */
import { posix } from 'node:path';
import { InputError } from '../common/errors.ts';
import type { FileMeta, LayerWalkResult } from './types.ts';

export interface OverlayEntry {
  meta: FileMeta;
  layerIndex: number;
}

const MAX_SYMLINK_HOPS = 40;

export class Overlay {
  readonly #files = new Map<string, OverlayEntry>();
  readonly #children = new Map<string, Set<string>>();
  readonly #canonicalDirs = new Map<string, string>();

  constructor(layers: readonly LayerWalkResult[]) {
    layers.forEach((layer, index) => {
      for (const dir of layer.opaqueDirs) for (const child of [...(this.#children.get(dir) ?? [])]) this.#delete(child);
      for (const path of layer.whiteouts) this.#delete(path);
      for (const meta of layer.entries) this.#add(meta, index);
    });
  }

  #add(meta: FileMeta, layerIndex: number): void {
    const old = this.#files.get(meta.path);
    // A non-directory replacing a directory removes what was under it.
    if (old && old.meta.type === 'dir' && meta.type !== 'dir') for (const c of [...(this.#children.get(meta.path) ?? [])]) this.#delete(c);
    this.#files.set(meta.path, { meta, layerIndex });
    // Link the path into every ancestor, even when the tar has no entries for the directories.
    for (let child = meta.path; child !== '/'; child = posix.dirname(child)) {
      const parent = posix.dirname(child);
      let set = this.#children.get(parent);
      if (!set) this.#children.set(parent, (set = new Set()));
      if (set.has(child)) break;
      set.add(child);
    }
  }

  #delete(path: string): void {
    for (const c of this.#children.get(path) ?? []) this.#delete(c);
    this.#children.delete(path);
    this.#files.delete(path);
    this.#children.get(posix.dirname(path))?.delete(path);
  }

  /** The final filesystem's entry at `path` (no symlink resolution). */
  get(path: string): OverlayEntry | undefined {
    return this.#files.get(path);
  }

  /** True when the file `layerIndex` wrote at `path` is what the final filesystem shows. */
  isVisible(layerIndex: number, path: string): boolean {
    return this.#files.get(path)?.layerIndex === layerIndex;
  }

  entries(): IterableIterator<OverlayEntry> {
    return this.#files.values();
  }

  /**
   * `path` with every symlinked parent directory resolved inside the image root (the last
   * component is kept as is), e.g. `/lib/x/y.so` → `/usr/lib/x/y.so` on merged-/usr systems.
   * Throws E_INPUT_SYMLINK_LOOP after 40 hops.
   */
  canonical(path: string): string {
    const dir = posix.dirname(path);
    if (dir === '/') return path;
    return posix.join(this.#canonicalDir(dir, 0), posix.basename(path));
  }

  /** `path` with every symlink resolved, the last component too, inside the image root. */
  resolve(path: string): string {
    let current = this.canonical(path);
    for (let hops = 0; ; hops++) {
      const entry = this.#files.get(current);
      if (entry?.meta.type !== 'symlink' || entry.meta.linkTarget === undefined) return current;
      if (hops >= MAX_SYMLINK_HOPS) throw new InputError('E_INPUT_SYMLINK_LOOP', `symlink loop while resolving ${path} (more than ${MAX_SYMLINK_HOPS} links, last at ${current}, layer ${entry.layerIndex})`);
      const t = entry.meta.linkTarget;
      const next = posix.normalize(t.startsWith('/') ? t : posix.join(posix.dirname(current), t));
      current = this.canonical(next.startsWith('/') ? next : `/${next}`);
    }
  }

  #canonicalDir(dir: string, hops: number): string {
    const cached = this.#canonicalDirs.get(dir);
    if (cached !== undefined) return cached;
    if (hops > MAX_SYMLINK_HOPS) throw new InputError('E_INPUT_SYMLINK_LOOP', `symlink loop while resolving ${dir} in the image`);
    let resolved: string;
    if (dir === '/') resolved = '/';
    else {
      const parent = this.#canonicalDir(posix.dirname(dir), hops + 1);
      const here = posix.join(parent, posix.basename(dir));
      const entry = this.#files.get(here);
      if (entry?.meta.type === 'symlink' && entry.meta.linkTarget !== undefined) {
        const target = entry.meta.linkTarget.startsWith('/')
          ? posix.normalize(entry.meta.linkTarget)
          : posix.normalize(posix.join(parent, entry.meta.linkTarget));
        resolved = this.#canonicalDir(target.startsWith('/') ? target : `/${target}`, hops + 1);
      } else resolved = here;
    }
    this.#canonicalDirs.set(dir, resolved);
    return resolved;
  }
}
