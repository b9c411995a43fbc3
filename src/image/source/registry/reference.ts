/**
 * @module image/source/registry/reference
 * Parses an image reference the way the Docker CLI does
 * (grammar: https://github.com/distribution/reference/blob/main/reference.go):
 * `[host[:port]/]path[:tag][@alg:hex]`.
 *
 * Normalisation: the first path component is a registry host only when it contains `.` or `:`, is
 * `localhost`, or has an upper-case letter; otherwise the registry is Docker Hub, whose API lives at
 * `registry-1.docker.io`, and a one-component path gets `library/`. `docker.io` and
 * `index.docker.io` map to the same host. The tag defaults to `latest` only when no digest is given;
 * with `name:tag@digest` both are kept and the digest decides what is fetched.
 * Limits: only sha256 and sha512 digests are accepted (the two the OCI image spec registers, and the
 * only ones reins can verify).
 */
import { UsageError } from '../../../common/errors.ts';

export interface ImageReference {
  /** API host (and port), e.g. `registry-1.docker.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Repository path, always lower-case, e.g. `library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'registry-1.docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', DOCKER_HUB]);
const MAX_NAME = 255;

// Anchored, non-backtracking-friendly pieces of the distribution/reference grammar.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

function invalid(ref: string, why: string): UsageError {
  return new UsageError(`invalid image reference ${JSON.stringify(ref.slice(0, 300))}: ${why}`);
}

function isDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
}

function checkDomain(ref: string, domain: string): void {
  let host = domain;
  const bracket = domain.startsWith('[') ? domain.indexOf(']') : -1;
  const colon = bracket >= 0 ? domain.indexOf(':', bracket) : domain.lastIndexOf(':');
  if (colon >= 0) {
    host = domain.slice(0, colon);
    const port = domain.slice(colon + 1);
    if (!PORT.test(port) || Number(port) > 65535) throw invalid(ref, `bad port ${JSON.stringify(port)} in registry ${JSON.stringify(domain)}`);
  }
  if (IPV6.test(host)) return;
  if (host === '' || !host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
    throw invalid(ref, `bad registry host ${JSON.stringify(domain)}`);
  }
}

/**
 * Parses and normalises `ref`; throws UsageError (E_USAGE) naming the reference and the rule it
 * breaks.
 */
export function parseReference(ref: string): ImageReference {
  if (ref === '') throw invalid(ref, 'empty');
  if (ref.length > 4096) throw invalid(ref, 'too long');
  if (/\s/.test(ref)) throw invalid(ref, 'contains whitespace');

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(ref, `digest must be sha256:<64 hex> or sha512:<128 hex>, got ${JSON.stringify(digest)}`);
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(ref, `tag ${JSON.stringify(tag)} must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
  }

  const slash = rest.indexOf('/');
  let registry = DOCKER_HUB;
  let repository = rest;
  if (slash >= 0 && isDomain(rest.slice(0, slash))) {
    const domain = rest.slice(0, slash);
    checkDomain(ref, domain);
    registry = HUB_ALIASES.has(domain.toLowerCase()) ? DOCKER_HUB : domain;
    repository = rest.slice(slash + 1);
  }
  if (repository === '') throw invalid(ref, 'repository name is empty');
  if (repository !== repository.toLowerCase()) throw invalid(ref, 'repository name must be lowercase');
  for (const component of repository.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw invalid(ref, `path component ${JSON.stringify(component)} must be lowercase letters and digits separated by '.', '_', '__' or '-'`);
    }
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (repository.length > MAX_NAME) throw invalid(ref, `repository name is longer than ${MAX_NAME} characters`);

  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** `registry/repository[:tag][@digest]`, the canonical spelling of a parsed reference. */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag === undefined ? '' : `:${r.tag}`}${r.digest === undefined ? '' : `@${r.digest}`}`;
}
