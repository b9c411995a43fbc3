/**
 * @module image/source/oci-layout
 * Reads an OCI image layout directory (`oci:DIR[:TAG]`): `oci-layout`, `index.json`,
 * `blobs/<alg>/<hex>`. Spec: https://github.com/opencontainers/image-spec/blob/main/image-layout.md
 * Every blob read is verified against its descriptor's digest and size.
 * Limits: `index.json` entries pointing to blobs outside the layout (urls) are not fetched.
 */
import type { ImageSource } from '../../types.ts';
import { dirFileAccess } from '../file-access.ts';
import { openLayoutSource } from '../layout-source.ts';

export async function openOciLayout(dir: string, opts: { tag?: string } = {}): Promise<ImageSource> {
  return openLayoutSource(dirFileAccess(dir), {
    kind: 'oci-layout',
    reference: `oci:${dir}${opts.tag === undefined ? '' : `:${opts.tag}`}`,
    ...(opts.tag === undefined ? {} : { tag: opts.tag }),
  });
}
