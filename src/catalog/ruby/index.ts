/**
 * @module catalog/ruby
 * Installed Ruby gems: the specification RubyGems writes for each installed gem,
 * `<gem home>/specifications/<name>-<version>.gemspec` (Ruby source produced by
 * `Gem::Specification#to_ruby`, https://guides.rubygems.org/specification-reference/).
 * The file is NOT evaluated: `name`, `version` and `license(s)` are read from the literal
 * assignments `s.name = "x".freeze` that `to_ruby` writes, with the `# stub: name version ...`
 * header as a fallback for name/version.
 *
 * Known limits: hand-written gemspecs that compute values (e.g. `s.version = Foo::VERSION`) give no
 * package (diagnostic); `Gemfile.lock` is not read (Trivy's image scan ignores it too).
 */
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';

const MAX_CHARS = 1024 * 1024;

/** `s.name = "rake".freeze` → `rake`. The receiver variable name varies (`s`, `spec`, `gem`). */
function assigned(lines: readonly string[], field: string): string | undefined {
  const prefix = new RegExp(`^\\s*[a-z_]\\w*\\.${field}\\s*=\\s*`);
  for (const line of lines) {
    const m = prefix.exec(line);
    if (!m) continue;
    const lit = /^["']([^"']*)["']/.exec(line.slice(m[0].length));
    return lit?.[1];
  }
  return undefined;
}

/** `s.licenses = ["MIT".freeze, "Ruby".freeze]` or `s.license = "MIT"`. */
function licenses(lines: readonly string[]): string[] {
  const one = assigned(lines, 'license');
  if (one) return [one];
  const prefix = /^\s*[a-z_]\w*\.licenses\s*=\s*\[/;
  for (const line of lines) {
    const m = prefix.exec(line);
    if (!m) continue;
    const list = line.slice(m[0].length, line.indexOf(']', m[0].length) === -1 ? undefined : line.indexOf(']', m[0].length));
    return [...list.matchAll(/["']([^"']+)["']/g)].map((x) => x[1] ?? '').filter((x) => x !== '');
  }
  return [];
}

export function parseGemspec(text: string, path: string): CatalogOutput {
  const lines = text.slice(0, MAX_CHARS).split('\n');
  const stub = lines.find((l) => l.startsWith('# stub: '))?.slice('# stub: '.length).split(' ');
  const name = assigned(lines, 'name') ?? stub?.[0];
  const version = assigned(lines, 'version') ?? stub?.[1];
  if (!name || !version) {
    return { diagnostics: [{ level: 'warning', code: 'ruby-gemspec-unreadable', message: `${path}: no literal name and version`, path }] };
  }
  const draft: PackageDraft = { type: 'gem', name, version };
  const found = licenses(lines);
  if (found.length > 0) draft.licenses = found;
  return { packages: [draft] };
}

export const rubyCataloger = {
  id: 'ruby',
  title: 'Ruby gems (installed specifications/*.gemspec)',
  specUrls: ['https://guides.rubygems.org/specification-reference/', 'https://guides.rubygems.org/rubygems-basics/'],
  version: 1,
  kind: 'language',
  wants: {
    suffixes: ['.gemspec'],
    predicate: (meta) => {
      const dir = meta.path.slice(0, meta.path.lastIndexOf('/'));
      // Default gems (shipped with Ruby) are under specifications/default/.
      return dir.endsWith('/specifications') || dir.endsWith('/specifications/default');
    },
    maxBytes: 4 * 1024 * 1024,
  },
  parse(file: CatalogFile): CatalogOutput {
    return parseGemspec(file.content.toString('utf8'), file.meta.path);
  },
} as const satisfies Cataloger;
