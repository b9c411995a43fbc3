/**
 * @module image/source/oci-archive
 * Reads an OCI archive (`oci-archive:FILE[:TAG]`): an OCI image layout packed in a plain tar.
 * Nothing is extracted: the tar's headers are indexed once (PAX and GNU long names handled) and
 * each blob is streamed from its byte range in the file.
 * Spec: https://github.com/opencontainers/image-spec/blob/main/image-layout.md
 * Limits: the outer tar must be uncompressed (as skopeo and buildah write it).
 */
import type { ImageSource } from '../../types.ts';
import { openLayoutSource } from '../layout-source.ts';
import { tarFileAccess } from '../tar-index.ts';

export async function openOciArchive(file: string, opts: { tag?: string } = {}): Promise<ImageSource> {
  return openLayoutSource(await tarFileAccess(file), {
    kind: 'oci-archive',
    reference: `oci-archive:${file}${opts.tag === undefined ? '' : `:${opts.tag}`}`,
    ...(opts.tag === undefined ? {} : { tag: opts.tag }),
  });
}
