/**
 * @module catalog/go/modinfo
 * The module-info text Go embeds (format of `runtime/debug.BuildInfo.String`,
 * https://pkg.go.dev/runtime/debug#BuildInfo): tab-separated lines
 * `path <pkg>`, `mod <path> <version> [<sum>]`, `dep <path> <version> [<sum>]`,
 * `=> <path> [<version> <sum>]` (replaces the module on the line before), `build <key>=<value>`.
 */

export interface Module {
  path: string;
  version: string;
  sum?: string;
  replace?: Module;
}

export interface ModInfo {
  path?: string;
  main?: Module;
  deps: Module[];
  settings: Record<string, string>;
}

const MAX_LINES = 100_000;

/** Go quotes build keys/values holding spaces, tabs, quotes or `=` with strconv.Quote (JSON-compatible for these). */
function unquote(s: string): string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return s;
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  } catch {
    return s;
  }
}

function toModule(fields: readonly string[]): Module | undefined {
  const [path, version = '', sum] = fields;
  if (!path) return undefined;
  return sum ? { path, version, sum } : { path, version };
}

export function parseModinfo(text: string): ModInfo {
  const info: ModInfo = { deps: [], settings: {} };
  let last: Module | undefined;
  const lines = text.split('\n', MAX_LINES);
  for (const line of lines) {
    const tab = line.indexOf('\t');
    if (tab === -1) continue;
    const kind = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    switch (kind) {
      case 'path':
        info.path = rest;
        break;
      case 'mod':
        info.main = toModule(rest.split('\t'));
        last = info.main;
        break;
      case 'dep': {
        const dep = toModule(rest.split('\t'));
        if (dep) info.deps.push(dep);
        last = dep;
        break;
      }
      case '=>': {
        const repl = toModule(rest.split('\t'));
        if (last && repl) last.replace = repl;
        last = undefined;
        break;
      }
      case 'build': {
        const eq = rest.indexOf('=');
        if (eq > 0) info.settings[unquote(rest.slice(0, eq))] = unquote(rest.slice(eq + 1));
        break;
      }
      default:
        break;
    }
  }
  return info;
}
