/**
 * @module policy/glob
 * Globs for image names, registries, packages and paths: `*` and `?` stay within one `/` segment,
 * `**` crosses segments. Compiled once; inputs are short names, and the generated RegExp has no
 * nested quantifiers.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  cache.set(glob, re);
  return re;
}

export function matchGlob(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}

export function matchAny(globs: readonly string[], value: string): boolean {
  return globs.some((g) => matchGlob(g, value));
}
