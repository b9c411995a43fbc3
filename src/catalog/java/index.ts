/**
 * @module catalog/java
 * Java archives (`.jar`, `.war`, `.ear`, `.par`) and the archives nested in them (Spring Boot
 * `BOOT-INF/lib/`, `WEB-INF/lib/`), recursively with depth, entry-count and size limits.
 * Per archive: every `META-INF/maven/<g>/<a>/pom.properties` is a package (authoritative, what
 * Trivy uses offline); without one, `META-INF/MANIFEST.MF` (Implementation-Title/-Version,
 * Bundle-SymbolicName/-Version, Implementation-Vendor-Id as groupId); else the file name
 * `name-1.2.3.jar`. The evidence is in `metadata.evidence`. Nested archives carry
 * `path = /outer.jar!/BOOT-INF/lib/x.jar`.
 *
 * Known limits: Trivy with its Java DB also identifies jars by SHA-1; without that DB (as in the
 * test bed) it reports pom.properties packages only, so manifest/filename drafts are extra.
 * Zip64 is read but only tested with small archives; encrypted and non-deflate entries are skipped
 * (diagnostic). Spec: https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html,
 * https://maven.apache.org/shared/maven-archiver/ (pom.properties).
 */
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { ARCHIVE_SUFFIXES, readArchive } from './archive.ts';

const ZIP_MAGIC = [0x50, 0x4b] as const;

export const javaCataloger = {
  id: 'java',
  title: 'Java archives (pom.properties, MANIFEST.MF, file name; nested jars)',
  specUrls: [
    'https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html',
    'https://maven.apache.org/shared/maven-archiver/',
    'https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT',
  ],
  version: 1,
  kind: 'language',
  wants: {
    suffixes: [...ARCHIVE_SUFFIXES, ...ARCHIVE_SUFFIXES.map((s) => s.toUpperCase())],
    maxBytes: 512 * 1024 * 1024,
    accept: (head) => head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1],
  },
  parse(file: CatalogFile): CatalogOutput {
    const { packages, diagnostics } = readArchive(file.content, file.meta.path);
    return diagnostics.length > 0 ? { packages, diagnostics } : { packages };
  },
} as const satisfies Cataloger;
