/**
 * @module catalog/types
 * The package record and the cataloger contract. A cataloger declares the files it wants
 * (`wants`) and parses ONE file of ONE layer at a time (`parse`), purely: the same bytes give the
 * same output, which is what makes the per-layer cache (keyed by diffID + cataloger versions) sound.
 * Layer provenance, visibility (whiteouts), OS ownership and purls are added by `catalog/merge.ts`.
 */
import type { Diagnostic } from '../common/diagnostic.ts';
import type { FileMeta, LayerOrigin, LayerRef } from '../image/types.ts';

/** purl types reins produces (https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst). */
export type PackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'npm'
  | 'pypi'
  | 'maven'
  | 'golang'
  | 'gem'
  | 'composer'
  | 'cargo'
  | 'nuget'
  | 'generic';

/** The operating system of the image, from /etc/os-release and its fallbacks. */
export interface Distro {
  /** os-release ID: `debian`, `ubuntu`, `alpine`, `rhel`, `sles`, `amzn`, `mariner`, ... */
  id: string;
  /** os-release VERSION_ID: `12`, `3.19.1`, `9.4`. */
  versionId?: string;
  /** The most precise version known (Debian: /etc/debian_version, e.g. `12.15`). */
  version?: string;
  codename?: string;
  prettyName?: string;
  idLike?: string[];
}

/** What a cataloger reports for one package; merge.ts turns it into a Package. */
export interface PackageDraft {
  type: PackageType;
  /** purl namespace (Maven groupId, npm scope `@types`, Go module host/path prefix). */
  namespace?: string;
  name: string;
  version: string;
  licenses?: string[];
  /** Source package (dpkg Source:, apk origin, rpm SOURCERPM name) and its version when it differs. */
  source?: { name: string; version?: string };
  arch?: string;
  epoch?: number;
  /** Extra purl qualifiers (beyond arch/epoch/distro which merge.ts adds). */
  qualifiers?: Record<string, string>;
  /**
   * Path that declares the package when it is not the parsed file itself, e.g. a nested jar
   * `/opt/app/app.jar!/BOOT-INF/lib/x.jar` or a Go dependency inside `/usr/bin/tool`.
   */
  path?: string;
  /** Files the package installs (absolute), used to drop language packages owned by OS packages. */
  files?: string[];
  /** Small, flat, format-specific facts worth showing (e.g. Go version, main module). */
  metadata?: Record<string, string | number | boolean | string[]>;
}

/** What parsing one file produced. */
export interface CatalogOutput {
  packages?: PackageDraft[];
  /** Files this database file says an OS package owns (dpkg *.list / *.md5sums, rpm and apk file lists). */
  ownedFiles?: string[];
  distro?: Distro;
  diagnostics?: Diagnostic[];
}

/** One wanted file handed to a cataloger. */
export interface CatalogFile {
  meta: FileMeta;
  content: Buffer;
}

/** Which files a cataloger wants. Cheap fields first: they are compiled into one lookup per scan. */
export interface Wants {
  /** Exact absolute paths, e.g. `/var/lib/dpkg/status`. */
  paths?: readonly string[];
  /** File basenames anywhere, e.g. `package.json`, `METADATA`. */
  basenames?: readonly string[];
  /** Path suffixes, e.g. `.jar`, `.dist-info/METADATA`, `.deps.json`. */
  suffixes?: readonly string[];
  /** Directory prefixes whose direct or nested files are wanted, e.g. `/var/lib/dpkg/info/`. Combine with suffixes via predicate. */
  prefixes?: readonly string[];
  /** Final say over a candidate matched by one of the fields above, or alone when none is set (costly: called per entry). */
  predicate?(meta: FileMeta): boolean;
  /** Largest file read; bigger matches are skipped with a diagnostic. */
  maxBytes: number;
  /** Optional check of the first bytes (up to 8 KiB) before the rest is buffered (e.g. ELF magic, a Go build-id note). */
  accept?(head: Buffer): boolean;
  /**
   * Only files whose bytes contain this string are wanted (e.g. the `.dep-v0` section name of a
   * cargo-auditable binary). The walker scans for it while reading, without copying, and drops files
   * that lack it, so most executables cost no buffer.
   */
  mustContain?: string;
}

export type CatalogerKind = 'os' | 'language' | 'binary';

export interface Cataloger {
  /** Equal to the folder name under src/catalog/. */
  readonly id: string;
  readonly title: string;
  /** Where the format is specified (links). */
  readonly specUrls: readonly string[];
  /** Bump when the output for the same input changes: it is part of the layer-cache key. */
  readonly version: number;
  readonly kind: CatalogerKind;
  readonly wants: Wants;
  parse(file: CatalogFile): CatalogOutput | Promise<CatalogOutput>;
}

/** Where a package (or finding) is in the image. */
export interface Location {
  path: string;
  layer: LayerRef;
  /** True when a later layer deleted or replaced this file: still in the image's bytes, not in its filesystem. */
  deleted: boolean;
}

/** A package as reins reports it. */
export interface Package {
  /** Stable within a report: `<type>:<namespace/><name>@<version>:<first path>`. */
  id: string;
  type: PackageType;
  namespace?: string;
  name: string;
  version: string;
  purl: string;
  licenses: string[];
  source?: { name: string; version?: string };
  arch?: string;
  epoch?: number;
  /** Cataloger id that found it. */
  foundBy: string;
  locations: Location[];
  /** Layer that introduced it (earliest layer in which it is present, unbroken, up to the top). */
  layer: LayerRef;
  origin: LayerOrigin;
  metadata?: Record<string, string | number | boolean | string[]>;
}
