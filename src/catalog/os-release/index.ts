/**
 * os-release cataloger: identifies the image's operating system.
 *
 * Reads `/etc/os-release` and `/usr/lib/os-release` (ID, VERSION_ID, VERSION_CODENAME, PRETTY_NAME,
 * ID_LIKE), and the fallbacks `/etc/debian_version`, `/etc/alpine-release`, `/etc/redhat-release`,
 * `/etc/system-release` and `/etc/lsb-release`. Each file yields a partial `Distro`; the merge step
 * sorts the parts by `distroPathPriority` (the order of `DISTRO_PATHS`) and calls `combineDistro`,
 * which is how Debian gets `version: '12.15'` from /etc/debian_version next to os-release's `12`.
 *
 * Known limits: a symlinked `/etc/os-release` (Debian's points to ../usr/lib/os-release) only
 * counts through its target; `trixie/sid` in debian_version gives no version; `*-release` files of
 * vendors not listed in `distro-files.ts` are ignored; `/etc/centos-release` is not read.
 */
import type { Cataloger, CatalogFile, CatalogOutput } from '../types.ts';
import { DISTRO_PATHS, distroFromFile } from './distro-files.ts';

export { combineDistro, distroFromFile, distroPathPriority, DISTRO_PATHS } from './distro-files.ts';

export const osReleaseCataloger = {
  id: 'os-release',
  title: 'Operating system release files',
  specUrls: [
    'https://www.freedesktop.org/software/systemd/man/latest/os-release.html',
    'https://manpages.debian.org/bookworm/lsb-release/lsb_release.1.en.html',
  ],
  version: 1,
  kind: 'os',
  wants: {
    paths: DISTRO_PATHS,
    maxBytes: 64 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    const distro = distroFromFile(file.meta.path, file.content.toString('utf8'));
    return distro ? { distro } : {};
  },
} as const satisfies Cataloger;
