/**
 * @module image/whiteout
 * Layer-entry names: normalisation to absolute in-image paths and recognition of whiteout markers.
 * Spec: https://github.com/opencontainers/image-spec/blob/main/layer.md ("Whiteouts"):
 * `.wh.<name>` deletes `<name>` from lower layers, `.wh..wh..opq` makes its directory opaque.
 * Other `.wh..wh.` names (AUFS metadata such as `.wh..wh.plnk`) are markers too and are ignored.
 */
import { InputError } from '../common/errors.ts';

/** `//`, a `.` or `..` segment, or a slash at either end. */
const UNUSUAL = /\/\/|(?:^|\/)\.\.?(?:\/|$)|^\/|\/$/;

/**
 * `./usr/bin/` → `/usr/bin`, `usr//lib/./x` → `/usr/lib/x`; `..` may not climb above `/`
 * (E_INPUT_UNSAFE_PATH naming `where`). The root itself is `/`.
 */
export function normalizeEntryPath(name: string, where: string): string {
  // Most names are already plain (`./usr/bin/x`, `usr/bin/x`, a directory's trailing `/`): only
  // those with `//`, a `.` or `..` segment, or a leading `/` take the general way below.
  let plain = name.startsWith('./') ? name.slice(2) : name;
  if (plain.endsWith('/')) plain = plain.slice(0, -1);
  if (plain !== '' && !UNUSUAL.test(plain)) return `/${plain}`;
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new InputError('E_INPUT_UNSAFE_PATH', `${where}: entry ${JSON.stringify(name.slice(0, 200))} escapes the image root`);
      out.pop();
      continue;
    }
    out.push(part);
  }
  return `/${out.join('/')}`;
}

export type Whiteout = { kind: 'whiteout'; path: string } | { kind: 'opaque'; dir: string } | { kind: 'ignored' };

const PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Classifies a normalised path: a whiteout marker, or undefined for an ordinary entry. */
export function classifyWhiteout(path: string): Whiteout | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(PREFIX)) return undefined;
  const dir = slash === 0 ? '/' : path.slice(0, slash);
  if (base === OPAQUE) return { kind: 'opaque', dir };
  if (base.startsWith(`${PREFIX}${PREFIX}`)) return { kind: 'ignored' };
  const target = base.slice(PREFIX.length);
  if (target === '' || target === '.' || target === '..') return { kind: 'ignored' };
  return { kind: 'whiteout', path: dir === '/' ? `/${target}` : `${dir}/${target}` };
}
