/**
 * @module catalog/runtime
 * Language runtimes installed without a package manager (copied binaries, tarballs, `FROM node`):
 * - Node.js: the `node` executable or Debian's `libnode.so.<abi>` (where the shared build keeps
 *   its code); version from the embedded release URL (`versions.ts#nodeVersion`);
 * - CPython: `python3.X` and `libpython3.X.so*`; version from the PY_VERSION string;
 * - Java: the JDK/JRE `release` file, `JAVA_VERSION="17.0.2"`.
 * Reported as `generic` packages named `node`, `python`, `java`, marked `metadata.runtime`.
 * When the runtime comes from an OS package the merge drops it (the file is owned by dpkg/rpm/apk).
 *
 * Known limits: Debian's `/usr/bin/node` is a launcher without a version (its libnode carries it);
 * statically linked PyInstaller-style bundles and Go/Rust toolchains are not probed here.
 * Spec: https://nodejs.org/api/process.html#processrelease,
 * https://docs.python.org/3/c-api/init.html#c.Py_GetVersion, https://openjdk.org/jeps/220 (release file).
 */
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { javaVersion, nodeVersion, parseReleaseFile, pythonVersion } from './versions.ts';

type Probe = { kind: 'node' } | { kind: 'python'; majorMinor: string } | { kind: 'java' };

const MAX_RELEASE_BYTES = 64 * 1024;

export function probeFor(path: string, size: number): Probe | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'node' || /^libnode\.so(?:\.\d{1,4}){0,3}$/.test(base)) return { kind: 'node' };
  const py = /^(?:lib)?python(\d{1,2}\.\d{1,3})(?:\.so(?:\.\d{1,4}){0,3})?$/.exec(base);
  if (py?.[1]) return { kind: 'python', majorMinor: py[1] };
  if (base === 'release' && size <= MAX_RELEASE_BYTES) return { kind: 'java' };
  return undefined;
}

export const runtimeCataloger = {
  id: 'runtime',
  title: 'Language runtimes without a package manager (node, python, java)',
  specUrls: [
    'https://nodejs.org/api/process.html#processrelease',
    'https://docs.python.org/3/c-api/init.html#c.Py_GetVersion',
    'https://openjdk.org/jeps/220',
  ],
  version: 1,
  kind: 'binary',
  wants: {
    predicate: (meta) => probeFor(meta.path, meta.size) !== undefined,
    maxBytes: 256 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const probe = probeFor(file.meta.path, file.meta.size);
    switch (probe?.kind) {
      case undefined:
        return {};
      case 'node': {
        const version = nodeVersion(file.content);
        return version ? { packages: [{ type: 'generic', name: 'node', version, metadata: { runtime: true } }] } : {};
      }
      case 'python': {
        const version = pythonVersion(file.content, probe.majorMinor);
        return version ? { packages: [{ type: 'generic', name: 'python', version, metadata: { runtime: true } }] } : {};
      }
      case 'java': {
        const release = parseReleaseFile(file.content.toString('utf8'));
        const version = javaVersion(release);
        if (!version) return {};
        const implementor = release.get('IMPLEMENTOR');
        const metadata: Record<string, string | boolean> = { runtime: true };
        if (implementor) metadata.implementor = implementor;
        return { packages: [{ type: 'generic', name: 'java', version, metadata }] };
      }
    }
  },
} as const satisfies Cataloger;
