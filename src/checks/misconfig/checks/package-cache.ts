/**
 * REINS-IMG-008 (build hygiene, no CIS item): package-manager caches left in the final filesystem:
 * apt lists (`/var/lib/apt/lists/*`), downloaded .debs (`/var/cache/apt/**\/*.deb`), apk cache
 * (`/var/cache/apk/*`), npm (`/root/.npm/`), pip (`/root/.cache/pip/`). They bloat the image and
 * freeze a package index that will go stale. Lock files and empty `partial/` dirs are ignored.
 */
import type { FileMeta } from '../../../image/types.ts';
import { finalEntries } from '../final-fs.ts';
import type { ImageCheck } from '../types.ts';

/** True for a cache file (regular file) that should not remain in an image. */
export function isPackageCache(m: FileMeta): boolean {
  if (m.type !== 'file') return false;
  const p = m.path;
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base === 'lock') return false;
  if (p.startsWith('/var/lib/apt/lists/')) return true;
  if (p.startsWith('/var/cache/apt/') && p.endsWith('.deb')) return true;
  if (p.startsWith('/var/cache/apk/')) return true;
  return p.startsWith('/root/.npm/') || p.startsWith('/root/.cache/pip/');
}

const SHOWN = 20;

export const packageCache: ImageCheck = {
  id: 'REINS-IMG-008',
  title: 'Package manager cache left in image',
  severity: 'LOW',
  rationale: 'Caches add size to every pull and keep a package index that goes stale; they serve nothing at run time.',
  remediation: 'Clean in the same RUN that installs: `rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`, `npm ci && npm cache clean --force`, `pip install --no-cache-dir`.',
  evaluate({ layers }) {
    const found = finalEntries(layers, isPackageCache);
    if (found.length === 0) return { status: 'pass', message: 'no package manager cache', evidence: [] };
    const app = found.filter((f) => f.layer.origin === 'app');
    const first = app[0] ?? found[0]!;
    const bytes = found.reduce((n, f) => n + f.meta.size, 0);
    return {
      status: 'fail',
      message: `${found.length} cache file(s), ${bytes} bytes`,
      evidence: [
        ...found.slice(0, SHOWN).map((f) => `${f.meta.path} layer ${f.layer.index} (${f.layer.origin})`),
        ...(found.length > SHOWN ? [`... and ${found.length - SHOWN} more`] : []),
      ],
      cause: first.layer.origin,
      layer: first.layer,
    };
  },
};
