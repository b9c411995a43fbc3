/**
 * @module image/source/docker-archive
 * Reads a `docker save` archive (`docker-archive:FILE[:REF]`): `manifest.json` lists, per image, the
 * config file, RepoTags and the layer tars (`<id>/layer.tar` in the classic layout,
 * `blobs/sha256/<hex>` since Docker 25). Nothing is extracted: members are served from their byte
 * ranges in the file. Format: https://github.com/moby/moby/blob/master/image/spec/v1.2.md
 * reins synthesizes a Docker v2 manifest: config descriptor = sha256 of the config bytes, layer
 * descriptors `application/vnd.docker.image.rootfs.diff.tar` whose digest is the diffId (the layer
 * tars are uncompressed, so the blob's own digest must equal it; verified while reading).
 * Limits: `LayerSources` (foreign layers) are ignored; with several images and no REF the archive
 * is refused with the list of RepoTags.
 */
import { InputError, IntegrityError } from '../../../common/errors.ts';
import { sha256Digest } from '../../digest.ts';
import { MEDIA, parseImageConfig } from '../../schema.ts';
import type { Descriptor, ImageSource, OciManifest } from '../../types.ts';
import { readSmall } from '../file-access.ts';
import type { FileAccess } from '../file-access.ts';
import { blobReader } from '../layout-source.ts';
import { tarFileAccess } from '../tar-index.ts';
import { array, check, nullish, object, string } from '../../json-shape.ts';

const saveManifest = array(
  object({
    Config: string,
    RepoTags: nullish(array(string)),
    Layers: array(string),
  }),
);

/** `registry:5000/app:1.2` → name `registry:5000/app`, tag `1.2`. */
export function splitRepoTag(repoTag: string): { name: string; tag?: string } {
  const colon = repoTag.lastIndexOf(':');
  if (colon > repoTag.lastIndexOf('/')) return { name: repoTag.slice(0, colon), tag: repoTag.slice(colon + 1) };
  return { name: repoTag };
}

const BLOB_NAME = /^blobs\/sha256\/([a-f0-9]{64})$/;
const CONFIG_NAME = /^(?:blobs\/sha256\/)?([a-f0-9]{64})(?:\.json)?$/;

/**
 * Opens a docker-archive. `opts.ref` picks an image by one of its RepoTags when the archive holds
 * several (skopeo's `docker-archive:FILE:REF`).
 */
export async function openDockerArchive(file: string, opts: { ref?: string } = {}): Promise<ImageSource> {
  const access: FileAccess = await tarFileAccess(file);
  const reference = `docker-archive:${file}${opts.ref === undefined ? '' : `:${opts.ref}`}`;
  const raw = await readSmall(access, 'manifest.json');
  if (raw === undefined) throw new InputError('E_INPUT_UNKNOWN_KIND', `${file}: no manifest.json, not a docker-archive`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `${file}: manifest.json is not valid JSON (${(err as Error).message})`);
  }
  const r = check(saveManifest, parsed);
  if (!r.ok) throw new InputError('E_INPUT_MALFORMED_JSON', `${file}: manifest.json is not a docker save manifest (${r.problem})`);
  const images = r.value;
  const ref = opts.ref;
  const entry = ref === undefined ? (images.length === 1 ? images[0] : undefined) : images.find((i) => i.RepoTags?.includes(ref));
  if (entry === undefined) {
    const tags = images.flatMap((i) => i.RepoTags ?? []);
    throw new InputError(
      'E_INPUT_NOT_FOUND',
      ref === undefined
        ? `${file}: manifest.json holds ${images.length} images, pick one with docker-archive:${file}:REF (have: ${tags.join(', ') || 'none'})`
        : `${file}: no image tagged ${ref} in manifest.json (have: ${tags.join(', ') || 'none'})`,
    );
  }

  const configBytes = await readSmall(access, entry.Config);
  if (configBytes === undefined) throw new InputError('E_INPUT_NOT_FOUND', `${file}: config ${entry.Config} named by manifest.json is missing`);
  const configDigest = sha256Digest(configBytes);
  const named = CONFIG_NAME.exec(entry.Config)?.[1];
  if (named !== undefined && `sha256:${named}` !== configDigest) {
    throw new IntegrityError(`${reference}: config ${entry.Config} hashes to ${configDigest}`);
  }
  const config = parseImageConfig(configBytes, `${reference}: config ${entry.Config}`);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== entry.Layers.length) {
    throw new InputError('E_INPUT', `${reference}: manifest.json lists ${entry.Layers.length} layers but the config has ${diffIds.length} diff_ids`);
  }

  const members = new Map<string, string>(); // digest → member name
  const layers: Descriptor[] = [];
  for (const [i, name] of entry.Layers.entries()) {
    const size = await access.size(name);
    if (size === undefined) throw new InputError('E_INPUT_NOT_FOUND', `${file}: layer ${name} named by manifest.json is missing`);
    const hex = BLOB_NAME.exec(name)?.[1];
    const digest = hex === undefined ? diffIds[i]! : `sha256:${hex}`;
    members.set(digest, name);
    layers.push({ mediaType: MEDIA.dockerLayer, digest, size });
  }
  const manifest: OciManifest = {
    schemaVersion: 2,
    mediaType: MEDIA.dockerManifest,
    config: { mediaType: MEDIA.dockerConfig, digest: configDigest, size: configBytes.length },
    layers,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDesc: Descriptor = { mediaType: MEDIA.dockerManifest, digest: sha256Digest(manifestBytes), size: manifestBytes.length };
  const inMemory = new Map<string, Buffer>([
    [configDigest, configBytes],
    [manifestDesc.digest, manifestBytes],
  ]);

  // Serve layers through the verified blob reader by mapping their digest onto the member name.
  /** `blobs/sha256/<hex>` (the layout path blobReader asks for) → the archive member holding that blob. */
  const member = (p: string): string | undefined => members.get(p.replace(/^blobs\/(\w+)\//, '$1:'));
  const byDigest: FileAccess = {
    describe: file,
    size: async (p) => {
      const name = member(p);
      return name === undefined ? undefined : access.size(name);
    },
    open: async (p) => {
      const name = member(p);
      return name === undefined ? undefined : access.open(name);
    },
    locate: async (p) => {
      const name = member(p);
      return name === undefined ? undefined : access.locate?.(name);
    },
    close: () => access.close(),
  };
  const blobs = blobReader(byDigest, reference);
  const firstTag = entry.RepoTags?.[0];
  const nameTag = ref !== undefined ? splitRepoTag(ref) : firstTag !== undefined ? splitRepoTag(firstTag) : undefined;
  return {
    kind: 'docker-archive',
    reference,
    ...(nameTag === undefined ? {} : nameTag),
    root: async () => ({ descriptor: manifestDesc, document: manifest }),
    async readBlob(desc) {
      const mem = inMemory.get(desc.digest);
      if (mem === undefined) return blobs.readBlob(desc);
      if (desc.size >= 0 && desc.size !== mem.length) throw new IntegrityError(`${reference}: blob ${desc.digest} has ${mem.length} bytes, descriptor says ${desc.size}`);
      return mem;
    },
    openBlob: (desc) => blobs.openBlob(desc),
    close: () => access.close(),
  };
}
