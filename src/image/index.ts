/**
 * @module image
 * Public API of the image layer: open a source, resolve its per-platform images, walk a layer in
 * one streaming pass, resolve symlinks inside the image root.
 */
export { openImage } from './open.ts';
export type { OpenOptions } from './open.ts';
export { resolveImages } from './resolve.ts';
export { walkLayer } from './walk.ts';
export type { FileSelection, WalkOptions, WalkVisitor } from './walk.ts';
export { resolveInRoot } from './symlink.ts';
export { hostPlatform, parsePlatform, formatPlatform } from './platform.ts';
export { openOciLayout } from './source/oci-layout/index.ts';
export { openOciArchive } from './source/oci-archive/index.ts';
export { openDockerArchive } from './source/docker-archive/index.ts';
export type * from './types.ts';
export { parseDigest, sha256Digest, VerifyingStream } from './digest.ts';
export { MEDIA } from './schema.ts';
