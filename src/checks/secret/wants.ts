/**
 * @module checks/secret/wants
 * Which files the secret scanner reads. Every regular file up to MAX_SECRET_FILE_BYTES, except
 * (following Trivy's built-in allow rules and skipped extensions, see
 * https://github.com/aquasecurity/trivy/blob/main/pkg/fanal/secret/builtin-allow-rules.go):
 * - distribution-owned trees `/usr/share/`, `/usr/include/`, `/usr/lib/`: documentation, headers
 *   and libraries shipped by the OS packages (Debian ships test vectors and sample configs there;
 *   a secret an image author adds goes to /etc, /root, /home, /opt, /srv, /app, /usr/local ...);
 * - third-party package trees (`node_modules/`, Python `site-packages/`/`dist-packages/`, Go
 *   `vendor/`) and test / example directories, whose fixtures are fake by design;
 * - lock files and binary formats by extension;
 * - content that sniffs as binary (a NUL byte or > 10% control bytes in the first 512 bytes).
 * Limit: a real secret committed under one of these paths is missed, as in Trivy.
 */
import type { FileMeta } from '../../image/types.ts';

export const MAX_SECRET_FILE_BYTES = 10 * 1024 * 1024;

const SKIP_PREFIXES = ['/usr/share/', '/usr/include/', '/usr/lib/', '/proc/', '/sys/', '/dev/'];

const SKIP_SEGMENTS = [
  '/node_modules/',
  '/site-packages/',
  '/dist-packages/',
  '/vendor/',
  '/test/',
  '/tests/',
  '/testdata/',
  '/__tests__/',
  '/example/',
  '/examples/',
  '/.git/',
];

const SKIP_BASENAMES = new Set([
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'npm-shrinkwrap.json',
  'go.sum',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'composer.lock',
  'gemfile.lock',
]);

const SKIP_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.png', '.gif', '.bmp', '.ico', '.webp', '.svg', '.pdf', '.doc', '.docx',
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.lz4', '.7z', '.tar', '.jar', '.war', '.ear', '.whl',
  '.deb', '.rpm', '.apk', '.so', '.a', '.o', '.pyc', '.pyo', '.class', '.wasm', '.node',
  '.woff', '.woff2', '.ttf', '.otf', '.eot', '.mo', '.gmo', '.db', '.sqlite', '.bin', '.socket',
  '.min.js', '.map',
]);

function extensionOf(base: string): string {
  const dot = base.indexOf('.', 1);
  return dot < 0 ? '' : base.slice(dot).toLowerCase();
}

/** True when the secret scanner should read this file. */
export function wantsSecretScan(meta: FileMeta): boolean {
  if (meta.type !== 'file' || meta.size === 0 || meta.size > MAX_SECRET_FILE_BYTES) return false;
  const p = meta.path;
  if (SKIP_PREFIXES.some((x) => p.startsWith(x))) return false;
  const dirs = p.slice(0, p.lastIndexOf('/') + 1);
  if (SKIP_SEGMENTS.some((x) => dirs.includes(x))) return false;
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (SKIP_BASENAMES.has(base.toLowerCase())) return false;
  // Every dotted suffix of the name: `a.min.js` tests `.min.js` and `.js`.
  const ext = extensionOf(base);
  for (let i = 0; i >= 0 && i < ext.length; i = ext.indexOf('.', i + 1)) {
    if (SKIP_EXTENSIONS.has(ext.slice(i))) return false;
  }
  return true;
}

/** Content sniff over the first bytes: text, not binary. */
export function looksLikeText(head: Buffer): boolean {
  const n = Math.min(head.length, 512);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) return false;
    // Control bytes other than \t \n \v \f \r and ESC (ANSI colours in logs).
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  return control * 10 <= n;
}
