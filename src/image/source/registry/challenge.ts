/**
 * @module image/source/registry/challenge
 * Parses `WWW-Authenticate` (RFC 9110 §11.6.1 / RFC 7235 grammar): one or more challenges, each a
 * scheme followed by comma-separated `name=value` / `name="quoted"` parameters. Registries send
 * `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"` (Docker token auth:
 * https://distribution.github.io/distribution/spec/auth/token/). Fetch joins repeated headers with
 * ", ", so several challenges may arrive in one string.
 * Limits: token68 challenges (`Negotiate abc==`) are not understood (registries do not send them).
 */

export interface Challenge {
  /** Lower-cased scheme, e.g. `bearer`, `basic`. */
  scheme: string;
  /** Parameters with lower-cased names. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const SPACE = /[ \t]*/y;

/** Parses a WWW-Authenticate value; unparsable tails are dropped rather than guessed. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const skipSpace = (): void => {
    SPACE.lastIndex = i;
    SPACE.exec(header);
    i = SPACE.lastIndex;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(header);
    if (m === null) return undefined;
    i = TOKEN.lastIndex;
    return m[0];
  };
  const quoted = (): string | undefined => {
    let v = '';
    for (let j = i + 1; j < header.length; j++) {
      const c = header[j];
      if (c === '\\' && j + 1 < header.length) v += header[++j];
      else if (c === '"') {
        i = j + 1;
        return v;
      } else v += c;
    }
    return undefined;
  };

  while (i < header.length) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const scheme = token();
    if (scheme === undefined) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    // Parameters run until a token that is not followed by '=': that token is the next scheme.
    for (;;) {
      const save = i;
      skipSpace();
      if (header[i] === ',') i++;
      skipSpace();
      const name = token();
      skipSpace();
      if (name === undefined || header[i] !== '=') {
        i = save;
        break;
      }
      i++;
      skipSpace();
      const value = header[i] === '"' ? quoted() : token();
      if (value === undefined) return out;
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return out;
}
