/**
 * @module image/source/daemon/host
 * Where the Docker daemon is and how to reach it, read from the environment exactly as the Docker CLI
 * reads it (https://docs.docker.com/reference/cli/docker/#environment-variables,
 * https://docs.docker.com/engine/security/protect-access/; behaviour checked against docker/cli
 * `cli/flags/options.go` and `opts/hosts.go`):
 * - `DOCKER_HOST`: `unix:///path` (or a bare `/path`), `tcp://host[:port][/base]` (or a bare `host:port`).
 *   A tcp address without a port gets 2375, with or without TLS (as `opts.ParseTCPAddr` does). Unset:
 *   `/var/run/docker.sock`, or `tcp://localhost:2376` when TLS is on (as the CLI's `ParseHost(defaultToTLS)`).
 * - TLS is on when `DOCKER_TLS_VERIFY` or `DOCKER_TLS` is non-empty (any value, even `0`). With
 *   `DOCKER_TLS_VERIFY` the server must present a certificate for the host signed by `ca.pem` (and only
 *   by it: no system roots); with `DOCKER_TLS` alone the server is not verified.
 * - Certificates: `DOCKER_CERT_PATH` (default `$DOCKER_CONFIG`, else `~/.docker`) holds `ca.pem`,
 *   `cert.pem`, `key.pem`. The client certificate is sent when both files exist; neither is fine (as the
 *   CLI), one without the other is an error.
 * - Docker contexts (`docker context use`, as rootless Docker, Docker Desktop and colima set them up),
 *   chosen as docker/cli `resolveContextName` does: none when DOCKER_HOST is set; else `DOCKER_CONTEXT`;
 *   else `currentContext` of `config.json` in `$DOCKER_CONFIG` (default `~/.docker`); `default` means
 *   the environment above. A context's endpoint is `contexts/meta/<sha256 of its name>/meta.json`
 *   (`Endpoints.docker.Host`, `SkipTLSVerify`), its TLS files `contexts/tls/<same>/docker/{ca,cert,key}.pem`;
 *   TLS is on when that folder holds any of them or SkipTLSVerify is set, and the server is verified
 *   against ca.pem (system roots without one) unless SkipTLSVerify (docker/cli `context/docker/load.go`).
 * Limits: `ssh://` and `npipe://` are refused (from DOCKER_HOST or a context), and so is
 * HTTP(S)_PROXY; `DOCKER_TLS_CERTDIR` is the dind image's variable, not the CLI's: in a CI job
 * without the docker image's entrypoint set `DOCKER_TLS_VERIFY=1` and
 * `DOCKER_CERT_PATH=$DOCKER_TLS_CERTDIR/client`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { RequestOptions } from 'node:https';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { InputError, oneLine } from '../../../common/errors.ts';
import { dockerConfigDir } from '../docker-config.ts';

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const SUPPORTED = 'reins supports unix:///path and tcp://host:port (TLS with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH)';

/** TLS settings: whether the server is verified, the folder of ca.pem/cert.pem/key.pem, and how that folder was named (for messages). */
export interface HostTls {
  verify: boolean;
  certPath: string;
  /** `DOCKER_CERT_PATH=…` or `docker context "name"`: what a message tells the user to check. */
  source?: string;
  /** Verify against the system roots when ca.pem is absent (contexts), instead of refusing (DOCKER_TLS_VERIFY). */
  systemRoots?: boolean;
}

/** DOCKER_HOST resolved: a unix socket or a TCP address with its TLS settings. */
export type DaemonHost =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; basePath: string; tls?: HostTls };

/** The daemon to talk to, ready for `engineGet`: request options differ, the request path does not. */
export interface Endpoint {
  /** `unix:///var/run/docker.sock`, `tcp://docker:2376` — for messages. */
  url: string;
  /** Set for TLS: where the certificates came from (`source`: what to tell the user to check) and whether a client certificate is presented. */
  tls?: { verify: boolean; certPath: string; source: string; clientCert: boolean };
  /** The Docker context the endpoint came from, when one did. */
  context?: string;
  /** Prefix of every API path (`tcp://host:port/base`), usually empty. */
  basePath: string;
  /** `socketPath` for unix; `host`/`port` (+ `ca`/`cert`/`key`/`rejectUnauthorized`) for tcp. */
  options: RequestOptions;
}

const on = (v: string | undefined): boolean => v !== undefined && v !== '';

/** Parses DOCKER_HOST (or the `socketPath` option, which wins) into a DaemonHost; no I/O. */
export function resolveHost(socketPath: string | undefined, env: NodeJS.ProcessEnv = process.env): DaemonHost {
  if (socketPath !== undefined && socketPath !== '') return { kind: 'unix', socketPath };
  const useTls = on(env.DOCKER_TLS_VERIFY) || on(env.DOCKER_TLS);
  const tls = useTls ? { verify: on(env.DOCKER_TLS_VERIFY), certPath: certPath(env) } : undefined;
  const value = (env.DOCKER_HOST ?? '').trim();
  if (value === '') return tls === undefined ? { kind: 'unix', socketPath: DEFAULT_SOCKET } : { kind: 'tcp', host: 'localhost', port: 2376, basePath: '', tls };
  return parseHost(value, tls, `DOCKER_HOST=${value}`);
}

/** A host address (`unix:///path`, `/path`, `tcp://host[:port][/base]`, `host:port`); `label` names where it came from in errors. */
function parseHost(value: string, tls: HostTls | undefined, label: string): DaemonHost {
  const sep = value.indexOf('://');
  const scheme = sep >= 0 ? value.slice(0, sep) : value.startsWith('/') || value.startsWith('./') ? 'unix' : 'tcp';
  const rest = sep >= 0 ? value.slice(sep + 3) : value;
  if (scheme === 'unix') return { kind: 'unix', socketPath: rest === '' ? DEFAULT_SOCKET : rest };
  if (scheme === 'ssh' || scheme === 'npipe' || scheme === 'fd') {
    throw new InputError('E_DAEMON', `${label} is not supported (${scheme}://): ${SUPPORTED}`);
  }
  if (scheme !== 'tcp') throw new InputError('E_DAEMON', `${label} is not a Docker host address: ${SUPPORTED}`);

  let url: URL;
  try {
    url = new URL(`tcp://${rest}`);
  } catch (err) {
    throw new InputError('E_DAEMON', `${label} is not a valid tcp://host:port address`, { cause: err });
  }
  if (url.username !== '' || url.search !== '' || url.hash !== '') throw new InputError('E_DAEMON', `${label}: only tcp://host:port[/path] is accepted`);
  const port = url.port === '' ? 2375 : Number(url.port);
  const host = url.hostname === '' ? 'localhost' : url.hostname.replace(/^\[(.*)\]$/, '$1');
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return { kind: 'tcp', host, port, basePath, ...(tls === undefined ? {} : { tls }) };
}

function certPath(env: NodeJS.ProcessEnv): string {
  return on(env.DOCKER_CERT_PATH) ? env.DOCKER_CERT_PATH! : dockerConfigDir(env);
}

/** A JSON file's object, undefined when the file does not exist; E_DAEMON naming it when it is unreadable or not an object. */
async function jsonObject(file: string, what: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError('E_DAEMON', `cannot read ${file} (${what}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError('E_DAEMON', `${file} (${what}) is not valid JSON: ${oneLine((err as Error).message)}`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('E_DAEMON', `${file} (${what}) is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The context in effect and where its name came from; undefined for the environment (`default`, or DOCKER_HOST set). */
async function contextName(env: NodeJS.ProcessEnv): Promise<{ name: string; from: string } | undefined> {
  if (on(env.DOCKER_HOST)) return undefined;
  let name: string | undefined;
  let from: string;
  if (on(env.DOCKER_CONTEXT)) {
    name = env.DOCKER_CONTEXT!;
    from = 'DOCKER_CONTEXT';
  } else {
    const file = join(dockerConfigDir(env), 'config.json');
    const config = await jsonObject(file, 'Docker CLI configuration');
    const current = config?.currentContext;
    if (current !== undefined && typeof current !== 'string') throw new InputError('E_DAEMON', `${file}: currentContext is not a string`);
    name = current;
    from = `currentContext in ${file}`;
  }
  return name === undefined || name === '' || name === 'default' ? undefined : { name, from };
}

/** Which TLS files a context's folder holds. */
async function tlsFiles(dir: string): Promise<Set<string>> {
  const present = new Set<string>();
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) {
    try {
      if ((await stat(join(dir, f))).isFile()) present.add(f);
    } catch {
      // absent (or unreadable: loading it later names the error)
    }
  }
  return present;
}

/** The Docker context in effect, resolved to a host (see the module comment); undefined for the environment. */
export async function resolveContext(env: NodeJS.ProcessEnv = process.env): Promise<{ name: string; host: DaemonHost } | undefined> {
  const chosen = await contextName(env);
  if (chosen === undefined) return undefined;
  const id = createHash('sha256').update(chosen.name).digest('hex');
  const store = join(dockerConfigDir(env), 'contexts');
  const metaFile = join(store, 'meta', id, 'meta.json');
  const label = `docker context "${chosen.name}" (${chosen.from})`;
  const meta = await jsonObject(metaFile, label);
  if (meta === undefined) throw new InputError('E_DAEMON', `${label} does not exist: no ${metaFile}; run \`docker context ls\`, or set DOCKER_HOST`);
  const endpoint = (meta.Endpoints as Record<string, unknown> | undefined)?.docker as { Host?: unknown; SkipTLSVerify?: unknown } | undefined;
  const value = typeof endpoint?.Host === 'string' ? endpoint.Host.trim() : '';
  if (value === '') throw new InputError('E_DAEMON', `${label}: ${metaFile} names no Docker endpoint (Endpoints.docker.Host)`);
  const skipVerify = endpoint?.SkipTLSVerify === true;
  const tlsDir = join(store, 'tls', id, 'docker');
  const files = await tlsFiles(tlsDir);
  const tls: HostTls | undefined =
    files.size > 0 || skipVerify ? { verify: !skipVerify, certPath: tlsDir, source: `docker context "${chosen.name}"`, systemRoots: true } : undefined;
  const host = parseHost(value, tls, `${label} endpoint ${value}`);
  return { name: chosen.name, host };
}

/** `unix:///…` or `tcp://host:port` as a user would write it. */
export function hostUrl(h: DaemonHost): string {
  if (h.kind === 'unix') return `unix://${h.socketPath}`;
  return `tcp://${h.host.includes(':') ? `[${h.host}]` : h.host}:${h.port}${h.basePath}`;
}

/** A PEM file of the TLS folder (`where` says how it was named), or undefined when it does not exist. */
async function pem(dir: string, name: string, url: string, where: string): Promise<Buffer | undefined> {
  const file = join(dir, name);
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError('E_DAEMON', `cannot read ${file} (${where}) for the Docker daemon at ${url}: ${code ?? (err as Error).message}`, { cause: err });
  }
}

/**
 * Resolves the daemon (the `socketPath` option, else DOCKER_HOST, else the Docker context in effect,
 * else the default socket) and, for TLS, loads ca.pem / cert.pem / key.pem; errors name the file.
 */
export async function resolveEndpoint(socketPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Endpoint> {
  const context = socketPath === undefined || socketPath === '' ? await resolveContext(env) : undefined;
  const h = context?.host ?? resolveHost(socketPath, env);
  const url = hostUrl(h);
  const ctx = context === undefined ? {} : { context: context.name };
  if (h.kind === 'unix') return { url, basePath: '', options: { socketPath: h.socketPath, headers: { host: 'docker' } }, ...ctx };
  const options: RequestOptions = { host: h.host, port: h.port };
  if (h.tls === undefined) return { url, basePath: h.basePath, options, ...ctx };

  const dir = h.tls.certPath;
  const source = h.tls.source ?? `DOCKER_CERT_PATH=${dir}`;
  const where = h.tls.source === undefined ? source : `${source}, ${dir}`;
  const [ca, cert, key] = await Promise.all([h.tls.verify ? pem(dir, 'ca.pem', url, where) : undefined, pem(dir, 'cert.pem', url, where), pem(dir, 'key.pem', url, where)]);
  if (h.tls.verify && ca === undefined && h.tls.systemRoots !== true) {
    throw new InputError('E_DAEMON', `DOCKER_TLS_VERIFY is set but ${join(dir, 'ca.pem')} is missing (${where}); it is needed to verify the Docker daemon at ${url}`);
  }
  if ((cert === undefined) !== (key === undefined)) {
    const missing = join(dir, cert === undefined ? 'cert.pem' : 'key.pem');
    throw new InputError('E_DAEMON', `${missing} is missing (${where}): the client certificate for the Docker daemon at ${url} needs both cert.pem and key.pem`);
  }
  const material = { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert, key }) };
  try {
    createSecureContext(material); // bad PEM fails here, with the file named, rather than inside the request
  } catch (err) {
    throw new InputError('E_DAEMON', `the TLS files in ${where} (ca.pem, cert.pem, key.pem) are unusable for the Docker daemon at ${url}: ${oneLine((err as Error).message)}`, { cause: err });
  }
  Object.assign(options, material, { rejectUnauthorized: h.tls.verify });
  return { url, basePath: h.basePath, tls: { verify: h.tls.verify, certPath: dir, source, clientCert: cert !== undefined }, options, ...ctx };
}
