/**
 * REINS-IMG-011, Trivy DS001 (for Dockerfiles): the base image is referenced as `:latest` or
 * untagged (a moving target: rebuilds silently change the base). Judged on `image.base.name` when
 * the image says its base (OCI annotation `org.opencontainers.image.base.name`); otherwise on the
 * image's own tag. Stricter than Trivy on the testbed: its OCI layouts are tagged `latest`, so
 * every testbed image fails here while Trivy passes DS001 (it only reads FROM lines).
 */
import type { ImageCheck } from '../types.ts';

/** Splits `registry:5000/repo:tag@sha256:...` into tag and digest (both optional). */
export function tagOf(reference: string): { tag?: string; digest?: string } {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

export const latestTag: ImageCheck = {
  id: 'REINS-IMG-011',
  trivyId: 'DS001',
  title: "':latest' or untagged image",
  severity: 'MEDIUM',
  rationale: '`latest` and untagged references move: the same build or deployment gets a different image tomorrow, unreviewed.',
  remediation: 'Pin the base image by version tag and digest (`FROM debian:12.5@sha256:...`) and deploy by digest.',
  evaluate({ image }) {
    if (image.base.name !== undefined) {
      const { tag, digest } = tagOf(image.base.name);
      if (digest !== undefined || (tag !== undefined && tag !== 'latest')) {
        return { status: 'pass', message: `base ${image.base.name} is pinned`, evidence: [`base ${image.base.name}`] };
      }
      return { status: 'fail', message: `base ${image.base.name} is ${tag === undefined ? 'untagged' : 'latest'}`, evidence: [`base ${image.base.name}`], cause: 'app' };
    }
    if (image.tag === 'latest') {
      return { status: 'fail', message: 'image tagged latest (base image unknown)', evidence: [`reference ${image.reference}`], cause: image.layers.some((l) => l.origin === 'app') ? 'app' : 'base' };
    }
    return { status: 'pass', message: image.tag === undefined ? 'no tag to judge' : `tag ${image.tag}`, evidence: [] };
  },
};
