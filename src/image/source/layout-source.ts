/**
 * @module image/source/layout-source
 * An ImageSource over an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md)
 * seen through a FileAccess: a directory (`oci:`) or the members of a tar (`oci-archive:`).
 * `oci-layout` must exist; `index.json` is the entry point; blobs live at `blobs/<alg>/<hex>`.
 * With a tag, the index entry whose `org.opencontainers.image.ref.name` equals it is the root (a
 * full `name:tag` ref.name matches too); without one, a single entry is the root, several make
 * index.json itself the root.
 */
import type { Readable } from 'node:stream';
import { InputError } from '../../common/errors.ts';
import { parseDigest, sha256Digest, verifyBuffer, VerifyingStream } from '../digest.ts';
import { hashFileRange, hashOffThread } from '../file-hash.ts';
import { MEDIA, parseImageDocument } from '../schema.ts';
import type { Descriptor, ImageSource, OciIndex, OciManifest, SourceKind } from '../types.ts';
import { readSmall, type FileAccess } from './file-access.ts';

const REF_NAME = 'org.opencontainers.image.ref.name';

export interface LayoutSourceOptions {
  kind: SourceKind;
  reference: string;
  tag?: string;
}

function blobPath(desc: Descriptor, label: string): string {
  const { algorithm, hex } = parseDigest(desc.digest, label);
  return `blobs/${algorithm}/${hex}`;
}

/** Verified blob access shared by every file-backed source. */
export function blobReader(access: FileAccess, label: string): Pick<ImageSource, 'readBlob' | 'openBlob'> {
  const missing = (desc: Descriptor): InputError =>
    new InputError('E_INPUT_NOT_FOUND', `${label}: blob ${desc.digest} is missing from ${access.describe}`);
  return {
    async readBlob(desc) {
      const buf = await readSmall(access, blobPath(desc, label));
      if (buf === undefined) throw missing(desc);
      verifyBuffer(buf, desc.digest, desc.size, label);
      return buf;
    },
    async openBlob(desc): Promise<Readable> {
      const path = blobPath(desc, label);
      // A large blob in a local file is hashed by a worker thread reading the same range (image/file-hash.ts).
      const range = hashOffThread(desc) ? await access.locate?.(path) : undefined;
      const stream = await access.open(path);
      if (stream === undefined) throw missing(desc);
      const external = range === undefined ? undefined : hashFileRange(range, parseDigest(desc.digest, label).algorithm);
      const verifier = new VerifyingStream(desc.digest, desc.size, label, external);
      stream.on('error', (err) => verifier.destroy(err));
      verifier.on('close', () => stream.destroy());
      return stream.pipe(verifier);
    },
  };
}

function refMatches(refName: string | undefined, tag: string): boolean {
  if (refName === undefined) return false;
  if (refName === tag) return true;
  // A ref.name may be a full reference (`example.com/app:1.0`); match on the tag part.
  const colon = refName.lastIndexOf(':');
  return colon > refName.lastIndexOf('/') && refName.slice(colon + 1) === tag;
}

/** Opens an OCI layout through `access`. */
export async function openLayoutSource(access: FileAccess, opts: LayoutSourceOptions): Promise<ImageSource> {
  const label = opts.reference;
  const marker = await readSmall(access, 'oci-layout', 1 << 16);
  if (marker === undefined) throw new InputError('E_INPUT_UNKNOWN_KIND', `${access.describe}: no oci-layout file, not an OCI image layout`);
  const indexBytes = await readSmall(access, 'index.json');
  if (indexBytes === undefined) throw new InputError('E_INPUT_NOT_FOUND', `${access.describe}: index.json is missing from the OCI layout`);
  const doc = parseImageDocument(indexBytes, `${label}: index.json`);
  if (doc.kind !== 'index') throw new InputError('E_INPUT_MALFORMED_JSON', `${label}: index.json is a manifest, expected an image index`);
  const top = doc.index;
  const blobs = blobReader(access, label);

  let chosen: Descriptor | undefined;
  if (opts.tag !== undefined) {
    const tag = opts.tag;
    chosen = top.manifests.find((d) => refMatches(d.annotations?.[REF_NAME], tag));
    if (chosen === undefined) {
      const names = top.manifests.map((d) => d.annotations?.[REF_NAME]).filter((n) => n !== undefined);
      throw new InputError('E_INPUT_NOT_FOUND', `${label}: no manifest with ref.name ${JSON.stringify(tag)} in index.json (have: ${names.join(', ') || 'none'})`);
    }
  } else if (top.manifests.length === 1) {
    chosen = top.manifests[0];
  } else if (top.manifests.length === 0) {
    throw new InputError('E_INPUT', `${label}: index.json lists no manifests`);
  }

  let root: { descriptor: Descriptor; document: OciManifest | OciIndex };
  if (chosen === undefined) {
    root = { descriptor: { mediaType: MEDIA.ociIndex, digest: sha256Digest(indexBytes), size: indexBytes.length }, document: top };
  } else {
    const bytes = await blobs.readBlob(chosen);
    const child = parseImageDocument(bytes, `${label}: blob ${chosen.digest}`);
    root = { descriptor: chosen, document: child.kind === 'index' ? child.index : child.manifest };
  }
  const refName = chosen?.annotations?.[REF_NAME];
  const tag = opts.tag ?? (refName !== undefined && !refName.includes('/') && !refName.includes(':') ? refName : undefined);
  return {
    kind: opts.kind,
    reference: opts.reference,
    ...(tag === undefined ? {} : { tag }),
    root: async () => root,
    ...blobs,
    close: () => access.close(),
  };
}
