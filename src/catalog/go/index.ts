/**
 * @module catalog/go
 * Go binaries: reads the build info the Go linker embeds (`.go.buildinfo`; format in
 * `buildinfo.ts`, both the pre-1.18 pointer format and the 1.18+ inline format, 32/64-bit, either
 * endianness) and reports:
 * - every `dep` module, using the `=>` replacement's path and version when replaced (a replacement
 *   by a local directory has no version and is skipped);
 * - the main module when its version is a real one (`(devel)`, what `go build` in a checkout writes,
 *   is skipped, as Trivy does: the test bed's esbuild reports only golang.org/x/sys);
 * - the toolchain as `stdlib` with the Go version without its `go` prefix (`1.20.7`, the Go
 *   vulnerability database's spelling), marked `metadata.stdlib`. The Trivy build in the test bed
 *   does not report it, but vulnerability matching needs it (the test bed's OSV oracle matches
 *   stdlib for both go-bins and go-bins-mod), so GOPATH-mode binaries (no `mod` line) yield only it.
 *
 * Known limits: Mach-O/PE are read only in the inline format (found by scanning); a binary over
 * `maxBytes` is skipped by the walker.
 * Spec: https://pkg.go.dev/debug/buildinfo, https://pkg.go.dev/runtime/debug#BuildInfo.
 */
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';
import { readBuildInfo } from './buildinfo.ts';
import { isElf } from './elf.ts';
import { type Module, parseModinfo } from './modinfo.ts';

/**
 * The toolchain version as semver without the `v`, the way the Go vulnerability database spells
 * stdlib versions (the mapping of pkgsite's stdlib.VersionForTag): `go1.22.0` → `1.22.0`,
 * `go1.20` → `1.20.0`, `go1.21rc2` → `1.21.0-rc.2`, `go1.22.0 X:boringcrypto` → `1.22.0`;
 * `devel ...` builds have no release version → undefined.
 */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?(?:\s|$)/.exec(goVersion);
  if (!m) return undefined;
  const [, major, minor, patch, pre, preNum] = m;
  const base = `${major}.${minor}.${patch ?? '0'}`;
  return pre ? `${base}-${pre}.${preNum}` : base;
}

function isExecutableHead(head: Buffer): boolean {
  if (isElf(head)) return true;
  if (head.length < 4) return false;
  const magic = head.readUInt32BE(0);
  // Mach-O 32/64 in both byte orders, and PE ("MZ").
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic) || (head[0] === 0x4d && head[1] === 0x5a);
}

function moduleDraft(mod: Module, metadata: PackageDraft['metadata']): PackageDraft {
  const slash = mod.path.lastIndexOf('/');
  const base: PackageDraft =
    slash > 0
      ? { type: 'golang', namespace: mod.path.slice(0, slash), name: mod.path.slice(slash + 1), version: mod.version }
      : { type: 'golang', name: mod.path, version: mod.version };
  return metadata ? { ...base, metadata } : base;
}

export const goCataloger = {
  id: 'go',
  title: 'Go binaries (module build info)',
  specUrls: ['https://pkg.go.dev/debug/buildinfo', 'https://pkg.go.dev/runtime/debug#BuildInfo', 'https://go.dev/ref/mod'],
  version: 2,
  kind: 'binary',
  wants: {
    predicate: (meta) => meta.size >= 1024 && ((meta.mode & 0o111) !== 0 || meta.path.endsWith('.exe')),
    maxBytes: 512 * 1024 * 1024,
    accept: isExecutableHead,
    // Every Go binary since Go 1.13 holds the build-info magic; the walker scans the other
    // executables of an image for it without buffering them (big-mixed: 403 ELF files, 222 MiB,
    // none of them Go). This also finds Go ELF files linked without a build-id note.
    mustContain: '\xff Go buildinf:',
  },
  parse(file: CatalogFile): CatalogOutput {
    const { path } = file.meta;
    const result = readBuildInfo(file.content);
    if (!result.ok) {
      if (result.reason === 'not-go') return {};
      return { diagnostics: [{ level: 'warning', code: 'go-buildinfo-malformed', message: `${path}: ${result.detail ?? 'bad build info'}`, path }] };
    }
    const { goVersion, modinfo } = result.info;
    const info = parseModinfo(modinfo);
    const common: Record<string, string> = { goVersion };
    if (info.main) common.mainModule = info.main.path;
    if (info.path) common.mainPackage = info.path;
    const packages: PackageDraft[] = [];
    const seen = new Set<string>();
    const push = (draft: PackageDraft): void => {
      const key = `${draft.namespace ?? ''}/${draft.name}@${draft.version}`;
      if (seen.has(key)) return;
      seen.add(key);
      packages.push(draft);
    };
    if (info.main && info.main.version !== '' && info.main.version !== '(devel)') {
      const main = info.main.replace?.version ? info.main.replace : info.main;
      push(moduleDraft(main, { ...common, main: true }));
    }
    for (const dep of info.deps) {
      if (dep.replace) {
        if (!dep.replace.version) continue;
        push(moduleDraft(dep.replace, { ...common, replaces: `${dep.path}@${dep.version}` }));
      } else if (dep.version) {
        push(moduleDraft(dep, common));
      }
    }
    const std = stdlibVersion(goVersion);
    if (std) push({ type: 'golang', name: 'stdlib', version: std, metadata: { ...common, stdlib: true } });
    return { packages };
  },
} as const satisfies Cataloger;
