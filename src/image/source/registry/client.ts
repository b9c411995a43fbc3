/**
 * @module image/source/registry/client
 * A read-only client for one repository of an OCI distribution registry
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md, "Pull"): GET
 * `/v2/<name>/manifests/<reference>` and `/v2/<name>/blobs/<digest>` with auth (auth.ts) and
 * retries (http.ts), mapping final statuses to one-line errors:
 * 401/403 → E_REGISTRY_AUTH, 404 → E_REGISTRY_NOT_FOUND, anything else → E_REGISTRY with the status
 * and the registry's OCI error code.
 * Plain HTTP only with `insecure` — also for localhost: reins never downgrades silently.
 * Redirects (blob storage on another host) are followed; fetch drops Authorization when the
 * redirect leaves the registry's origin.
 */
import { InputError } from '../../../common/errors.ts';
import { createAuthenticator } from './auth.ts';
import type { Credentials } from './credentials.ts';
import { discard, errorDetail, fetchWithRetry, type Transport } from './http.ts';

const USER_AGENT = 'reins (+https://github.com/opencontainers/distribution-spec)';

export interface RegistryClient {
  readonly registry: string;
  readonly repository: string;
  /** A 2xx response for `/v2/<name>/<path>`, body unread; `what` names the object for messages. */
  get(path: string, accept: readonly string[] | undefined, what: string, extra?: Record<string, string>): Promise<Response>;
}

export interface ClientOptions {
  registry: string;
  repository: string;
  insecure: boolean;
  credentials: Credentials | undefined;
  transport: Transport;
}

export function createRegistryClient(o: ClientOptions): RegistryClient {
  const base = `${o.insecure ? 'http' : 'https'}://${o.registry}/v2/${o.repository}/`;
  const auth = createAuthenticator(o);
  const where = `registry ${o.registry}`;

  async function get(path: string, accept: readonly string[] | undefined, what: string, extra: Record<string, string> = {}): Promise<Response> {
    const url = base + path;
    const label = `${where}: ${what}`;
    for (let retried = false; ; retried = true) {
      const headers: Record<string, string> = { ...extra, 'user-agent': USER_AGENT };
      if (accept !== undefined) headers.accept = accept.join(', ');
      const authorization = auth.header();
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await fetchWithRetry(o.transport, url, { headers }, label);
      if (res.ok) return res;
      if (res.status === 401) {
        const challenge = res.headers.get('www-authenticate');
        await discard(res);
        await auth.challenge(challenge, retried, authorization);
        continue;
      }
      const detail = await errorDetail(res);
      const suffix = `(${res.status}${detail === '' ? '' : ` ${detail}`})`;
      if (res.status === 404) throw new InputError('E_REGISTRY_NOT_FOUND', `${label} not found ${suffix}`);
      if (res.status === 403) throw new InputError('E_REGISTRY_AUTH', `${where}: access to ${o.repository} denied while fetching ${what} ${suffix}`);
      const retriedNote = res.status >= 500 || res.status === 429 || res.status === 408 ? ` after ${o.transport.attempts} attempt(s)` : '';
      throw new InputError('E_REGISTRY', `${label} failed with HTTP ${res.status}${retriedNote}${detail === '' ? '' : ` (${detail})`}`);
    }
  }

  return { registry: o.registry, repository: o.repository, get };
}
