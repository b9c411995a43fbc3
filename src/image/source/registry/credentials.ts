/**
 * @module image/source/registry/credentials
 * Finds the username/password for a registry host, first match wins:
 *   1. explicit options (`username` + `password`);
 *   2. env `REINS_REGISTRY_USERNAME` + `REINS_REGISTRY_PASSWORD`;
 *   3. the Docker CLI config: `dockerConfigPath` (a file, or a directory holding config.json), else
 *      `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; entry `auths[<host>]` with
 *      `auth` (base64 `user:pass`) or `username`/`password`. Keys may be spelled as URLs
 *      (`https://index.docker.io/v1/` is Docker Hub).
 * Format: https://docs.docker.com/reference/cli/docker/#configuration-files
 * Limits: `credsStore` / `credHelpers` (external helper programs) and `identitytoken` (OAuth
 * refresh tokens) are not used; such entries count as "no credentials".
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UsageError } from '../../../common/errors.ts';
import { dockerConfigDir } from '../docker-config.ts';
import { DOCKER_HUB } from './reference.ts';

export interface Credentials {
  username: string;
  password: string;
  /** Where they came from, for error messages (never the secret itself). */
  source: string;
}

export interface CredentialOptions {
  username?: string;
  password?: string;
  dockerConfigPath?: string;
  env?: NodeJS.ProcessEnv;
}

const HUB_KEYS = new Set(['docker.io', 'index.docker.io', DOCKER_HUB]);

/** `https://index.docker.io/v1/` → `registry-1.docker.io`; `http://h:5000/x` → `h:5000`. */
export function normaliseConfigKey(key: string): string {
  const host = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? '';
  const lower = host.toLowerCase();
  return HUB_KEYS.has(lower) ? DOCKER_HUB : lower;
}

function configFile(opts: CredentialOptions, env: NodeJS.ProcessEnv): string {
  if (opts.dockerConfigPath !== undefined) {
    try {
      if (statSync(opts.dockerConfigPath).isDirectory()) return join(opts.dockerConfigPath, 'config.json');
    } catch {
      // a missing path is reported as "no credentials" below, like a missing ~/.docker
    }
    return opts.dockerConfigPath;
  }
  return join(dockerConfigDir(env), 'config.json');
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
}

function fromDockerConfig(registry: string, file: string): Credentials | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('E_REGISTRY_AUTH', `cannot read Docker config ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `Docker config ${file} is not valid JSON (${(err as Error).message})`);
  }
  const auths = (doc as { auths?: unknown } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return undefined;
  const want = normaliseConfigKey(registry);
  for (const [key, value] of Object.entries(auths as Record<string, AuthEntry>)) {
    if (normaliseConfigKey(key) !== want || typeof value !== 'object' || value === null) continue;
    if (typeof value.auth === 'string' && value.auth !== '') {
      const decoded = Buffer.from(value.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new InputError('E_REGISTRY_AUTH', `Docker config ${file}: auths[${JSON.stringify(key)}].auth is not base64 of "user:password"`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: file };
    }
    if (typeof value.username === 'string' && typeof value.password === 'string') {
      return { username: value.username, password: value.password, source: file };
    }
  }
  return undefined;
}

/** The credentials for `registry` (host[:port]), or undefined for anonymous access. */
export function resolveCredentials(registry: string, opts: CredentialOptions): Credentials | undefined {
  if (opts.username !== undefined || opts.password !== undefined) {
    if (opts.username === undefined || opts.password === undefined) {
      throw new UsageError(`registry ${registry}: a username needs a password and a password needs a username`);
    }
    return { username: opts.username, password: opts.password, source: 'options' };
  }
  const env = opts.env ?? process.env;
  const user = env.REINS_REGISTRY_USERNAME;
  const pass = env.REINS_REGISTRY_PASSWORD;
  if (user !== undefined && user !== '' && pass !== undefined) {
    return { username: user, password: pass, source: 'REINS_REGISTRY_USERNAME/REINS_REGISTRY_PASSWORD' };
  }
  return fromDockerConfig(registry, configFile(opts, env));
}
