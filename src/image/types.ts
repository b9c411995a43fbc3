/**
 * @module image/types
 * The contract between image sources (docker-archive, OCI archive/layout, registry, daemon), the
 * layer walker and everything downstream. Shapes follow the OCI image spec
 * (https://github.com/opencontainers/image-spec) with camelCase only where reins adds fields.
 */
import type { Readable } from 'node:stream';

export type SourceKind = 'docker-archive' | 'oci-archive' | 'oci-layout' | 'registry' | 'docker-daemon';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** OCI content descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform & { 'os.version'?: string };
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface OciIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image configuration (OCI image config / Docker container config), as found in the image. */
export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, object>;
    Volumes?: Record<string, object>;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number };
    OnBuild?: string[] | null;
  };
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

/** Which team owns a layer: the base image's maintainers or the application's. */
export type LayerOrigin = 'base' | 'app';

/** One filesystem layer of a resolved image, with its provenance. */
export interface LayerInfo {
  /** 0-based position in rootfs.diff_ids. */
  index: number;
  /** Descriptor of the blob as stored (compressed digest for OCI/registry; for docker-archive the tar's own digest). */
  descriptor: Descriptor;
  /** Uncompressed digest from config.rootfs.diff_ids (verified while reading). */
  diffId: string;
  /** `created_by` of the history entry that made this layer, when the history says. */
  createdBy?: string;
  origin: LayerOrigin;
}

/** Provenance of a layer as carried by every package and finding (a compact copy of LayerInfo). */
export interface LayerRef {
  index: number;
  digest: string;
  diffId: string;
  createdBy?: string;
  origin: LayerOrigin;
}

export interface BaseImageInfo {
  name?: string;
  digest?: string;
  /** How the base/app boundary was found. */
  method: 'annotation' | 'history' | 'none';
  /** Number of leading layers that belong to the base image. */
  layerCount: number;
}

/** One platform's image, fully resolved: manifest, config and layers. */
export interface ResolvedImage {
  /** What the user asked for, as they spelled it. */
  reference: string;
  sourceKind: SourceKind;
  /** Repository name and tag when known (`registry.example/app`, `1.2`). */
  name?: string;
  tag?: string;
  /** Digest of the manifest (the image's identity); for docker-archive, of the synthesized config. */
  manifestDigest: string;
  /** Digest of the index this manifest was selected from, if any. */
  indexDigest?: string;
  platform: Platform;
  manifest: OciManifest;
  config: ImageConfig;
  configDigest: string;
  layers: LayerInfo[];
  base: BaseImageInfo;
}

/** How to choose among the platforms of a multi-arch index. */
export type PlatformSelector = { kind: 'host' } | { kind: 'all' } | { kind: 'exact'; platform: Platform };

/**
 * An opened image source. Implementations: `image/source/<kind>/`.
 * Blob reads are verified: a digest mismatch throws IntegrityError naming the blob.
 */
export interface ImageSource {
  readonly kind: SourceKind;
  /** As the user spelled it. */
  readonly reference: string;
  /** Name/tag when the source knows them. */
  readonly name?: string;
  readonly tag?: string;
  /** The top-level manifest or index (docker-archive synthesizes an OCI manifest). */
  root(): Promise<{ descriptor: Descriptor; document: OciManifest | OciIndex }>;
  /** Reads a small blob (manifest, config) fully and verifies its digest. */
  readBlob(desc: Descriptor): Promise<Buffer>;
  /**
   * Opens a (large) blob as a stream. The stream errors with IntegrityError at its end when the
   * bytes do not hash to desc.digest, so consumers must read it to the end.
   */
  openBlob(desc: Descriptor): Promise<Readable>;
  close(): Promise<void>;
}

/** Metadata of one tar entry, after path normalisation (absolute, no `..`, no trailing slash). */
export interface FileMeta {
  /** Absolute path inside the image, e.g. `/var/lib/dpkg/status`. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  /** Permission bits incl. setuid/setgid/sticky (e.g. 0o4755). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Symlink target as written, or hard link target (absolute, normalised). */
  linkTarget?: string;
}

/** What the walker found in one layer besides file contents. */
export interface LayerWalkResult {
  /** Absolute paths deleted by `.wh.<name>` markers in this layer. */
  whiteouts: string[];
  /** Absolute directories made opaque by `.wh..wh..opq` in this layer. */
  opaqueDirs: string[];
  /** Every entry of the layer (markers excluded). */
  entries: FileMeta[];
}
