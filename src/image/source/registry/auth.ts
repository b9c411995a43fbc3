/**
 * @module image/source/registry/auth
 * Answers registry 401 challenges for one repository:
 * - `Basic`: sends the credentials (credentials.ts) on every later request;
 * - `Bearer` (https://distribution.github.io/distribution/spec/auth/token/): GETs
 *   `realm?service=…&scope=repository:<name>:pull` (with Basic credentials when known, anonymous
 *   otherwise), reads `token` or `access_token`, caches it per scope until `expires_in` (default
 *   60 s) runs out.
 * Any second 401 for the same request, or a 401 from the token service, is a one-line
 * E_REGISTRY_AUTH naming the registry. Credentials are never sent to a plain-HTTP token realm
 * unless `insecure` is set.
 * Limits: no OAuth2 POST flow / refresh tokens (identitytoken); only `pull` scope is requested.
 */
import { InputError, oneLine } from '../../../common/errors.ts';
import { parseChallenges } from './challenge.ts';
import type { Credentials } from './credentials.ts';
import { errorDetail, fetchWithRetry, type Transport } from './http.ts';

export interface Authenticator {
  /** The Authorization header to send now, if any. */
  header(): string | undefined;
  /**
   * Handles a 401's WWW-Authenticate. `retried` says whether this request already carried fresh
   * auth (then the 401 is final); `sent` is the Authorization it carried. Resolves when a retry
   * makes sense, throws E_REGISTRY_AUTH otherwise.
   */
  challenge(wwwAuthenticate: string | null, retried: boolean, sent: string | undefined): Promise<void>;
}

export interface AuthOptions {
  registry: string;
  repository: string;
  credentials: Credentials | undefined;
  insecure: boolean;
  transport: Transport;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

const DEFAULT_TOKEN_SECONDS = 60;

function basic(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

export function createAuthenticator(o: AuthOptions): Authenticator {
  const scope = `repository:${o.repository}:pull`;
  const tokens = new Map<string, CachedToken>();
  let mode: 'none' | 'basic' | 'bearer' = 'none';
  // Parallel blob reads that all meet a 401 share one token request.
  let inflight: Promise<void> | undefined;
  const who = o.credentials === undefined ? 'anonymous access' : `the credentials of user ${JSON.stringify(o.credentials.username)} (from ${o.credentials.source})`;
  const fail = (msg: string): InputError => new InputError('E_REGISTRY_AUTH', `registry ${o.registry}: ${msg}`);
  const needCreds = (scheme: string): InputError =>
    fail(`${scheme} authentication is required to pull ${o.repository}; give a username/password, REINS_REGISTRY_USERNAME/REINS_REGISTRY_PASSWORD or a Docker config entry`);

  async function fetchToken(params: Record<string, string>): Promise<void> {
    const realm = params.realm;
    if (realm === undefined) throw fail('Bearer challenge has no realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw fail(`Bearer realm ${JSON.stringify(oneLine(realm, 100))} is not an absolute URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && o.insecure)) {
      throw fail(`token realm ${url.origin} is not https (allow plain HTTP with insecure)`);
    }
    if (params.service !== undefined) url.searchParams.set('service', params.service);
    url.searchParams.append('scope', scope);
    if (params.scope !== undefined && params.scope !== scope) url.searchParams.append('scope', params.scope);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (o.credentials !== undefined) headers.authorization = basic(o.credentials);
    const res = await fetchWithRetry(o.transport, url.href, { headers }, `token service ${url.origin}${url.pathname}`);
    if (res.status === 401 || res.status === 403) {
      const detail = await errorDetail(res);
      throw fail(`token service ${url.origin} refused ${who} for ${scope} (${res.status}${detail === '' ? '' : ` ${detail}`})`);
    }
    if (!res.ok) {
      const detail = await errorDetail(res);
      throw new InputError('E_REGISTRY', `registry ${o.registry}: token service ${url.origin} answered ${res.status}${detail === '' ? '' : ` (${detail})`}`);
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw fail(`token service ${url.origin} did not answer JSON`);
    }
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') throw fail(`token service ${url.origin} answered without a token`);
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    tokens.set(scope, { token, expiresAt: Date.now() + seconds * 1000 });
  }

  const api: Authenticator = {
    header() {
      if (mode === 'basic' && o.credentials !== undefined) return basic(o.credentials);
      if (mode === 'bearer') {
        const t = tokens.get(scope);
        // An expired token is not sent: the 401 that follows fetches a new one.
        if (t !== undefined && t.expiresAt > Date.now()) return `Bearer ${t.token}`;
      }
      return undefined;
    },
    async challenge(wwwAuthenticate, retried, sent) {
      const current = api.header();
      // Another request renewed the auth since this one was sent: just retry with it.
      if (!retried && current !== undefined && current !== sent) return;
      if (retried) {
        throw fail(`${mode === 'none' ? 'refused' : `rejected ${who}`} for ${o.repository} (401 after authenticating)`);
      }
      const challenges = parseChallenges(wwwAuthenticate ?? '');
      const bearer = challenges.find((c) => c.scheme === 'bearer');
      if (bearer !== undefined) {
        mode = 'bearer';
        tokens.delete(scope);
        inflight ??= fetchToken(bearer.params).finally(() => {
          inflight = undefined;
        });
        await inflight;
        return;
      }
      if (challenges.some((c) => c.scheme === 'basic')) {
        if (o.credentials === undefined) throw needCreds('Basic');
        mode = 'basic';
        return;
      }
      throw fail(`answered 401 with ${wwwAuthenticate === null ? 'no WWW-Authenticate challenge' : `an unsupported challenge ${JSON.stringify(oneLine(wwwAuthenticate, 80))}`}`);
    },
  };
  return api;
}
