/**
 * @module image/schema
 * Validation (image/json-shape.ts) of the JSON documents of an image: OCI manifest / index, Docker v2 manifest /
 * manifest list, and the image config. Specs: https://github.com/opencontainers/image-spec
 * (manifest.md, image-index.md, config.md) and Docker's "Image Manifest V2, Schema 2".
 * Validation is lenient about fields reins does not use (real images carry nulls and extras) and
 * strict about the ones it does (digests, sizes, diff_ids, architecture/os).
 * Limits: Docker schema 1 manifests are refused.
 */
import { InputError } from '../common/errors.ts';
import { array, boolean, check as checkShape, count, literal, matching, nullish, object, optional, string, stringMap, type Shape } from './json-shape.ts';
import type { ImageConfig, OciIndex, OciManifest } from './types.ts';

export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

const digest = matching(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'a digest (algorithm:hex)');

const platform = object({
  architecture: string,
  os: string,
  variant: optional(string),
  'os.version': optional(string),
});

const descriptor = object({
  mediaType: string,
  digest,
  size: count,
  annotations: nullish(stringMap),
  platform: optional(platform),
});

const manifest = object({
  schemaVersion: literal(2),
  mediaType: optional(string),
  config: descriptor,
  layers: array(descriptor),
  annotations: nullish(stringMap),
});

const index = object({
  schemaVersion: literal(2),
  mediaType: optional(string),
  manifests: array(descriptor),
  annotations: nullish(stringMap),
});

const strList = nullish(array(string));
const config = object({
  architecture: string,
  os: string,
  variant: optional(string),
  created: optional(string),
  author: optional(string),
  config: nullish(
    object({
      User: optional(string),
      Env: strList,
      Entrypoint: strList,
      Cmd: strList,
      WorkingDir: optional(string),
      Labels: nullish(stringMap),
      OnBuild: strList,
    }),
  ),
  rootfs: object({ type: string, diff_ids: array(digest) }),
  history: nullish(
    array(
      object({
        created: optional(string),
        created_by: optional(string),
        author: optional(string),
        comment: optional(string),
        empty_layer: optional(boolean),
      }),
    ),
  ),
});

function parseJson(buf: Buffer, label: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `${label}: not valid JSON (${(err as Error).message})`);
  }
}

function check<T>(shape: Shape<T>, value: unknown, label: string, what: string): T {
  const r = checkShape(shape, value);
  if (r.ok) return r.value;
  throw new InputError('E_INPUT_MALFORMED_JSON', `${label}: not a valid ${what} ${r.problem}`);
}

function dropNulls<T extends { annotations?: Record<string, string> | null }>(v: T): T & { annotations?: Record<string, string> } {
  const { annotations, ...rest } = v;
  return (annotations == null ? rest : { ...rest, annotations }) as T & { annotations?: Record<string, string> };
}

export type ImageDocument = { kind: 'manifest'; manifest: OciManifest } | { kind: 'index'; index: OciIndex };

/** Parses a manifest or index blob (OCI or Docker v2); `label` names the blob in errors. */
export function parseImageDocument(buf: Buffer, label: string): ImageDocument {
  const value = parseJson(buf, label);
  const obj = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const mt = obj.mediaType;
  if (obj.schemaVersion === 1) throw new InputError('E_INPUT', `${label}: Docker schema 1 manifests are not supported`);
  const isIndex = mt === MEDIA.ociIndex || mt === MEDIA.dockerList || (mt === undefined && Array.isArray(obj.manifests));
  if (isIndex) {
    const idx = check(index, value, label, 'image index');
    const clean: OciIndex = dropNulls({ ...idx, manifests: idx.manifests.map((d) => dropNulls(d)) });
    return { kind: 'index', index: clean };
  }
  const m = check(manifest, value, label, 'image manifest');
  const clean: OciManifest = dropNulls({ ...m, config: dropNulls(m.config), layers: m.layers.map((d) => dropNulls(d)) });
  return { kind: 'manifest', manifest: clean };
}

/** Parses an image config blob; `label` names the blob in errors. */
export function parseImageConfig(buf: Buffer, label: string): ImageConfig {
  const c = check(config, parseJson(buf, label), label, 'image config');
  const { history, config: runConfig, ...rest } = c;
  return {
    ...rest,
    ...(runConfig == null ? {} : { config: runConfig }),
    ...(history == null ? {} : { history }),
  } as ImageConfig;
}
