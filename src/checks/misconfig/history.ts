/**
 * @module checks/misconfig/history
 * The image history as build steps: `created_by` parsed into a Dockerfile instruction and its
 * arguments, paired with the layer it made and its origin (base or app). Understands the classic
 * builder (`/bin/sh -c #(nop)  ENV x=y`, `/bin/sh -c apt-get ...`, `|1 ARG=v /bin/sh -c ...`) and
 * BuildKit (`RUN /bin/sh -c ... # buildkit`, `ADD src dst # buildkit`, `USER 1000`).
 * https://github.com/opencontainers/image-spec/blob/main/config.md (history)
 *
 * Base/app split follows image/base.ts: entries that made the first `base.layerCount` layers are
 * the base's, and so are the empty entries after them up to the base's closing CMD/ENTRYPOINT;
 * everything later is the app's. Without a boundary (`method: 'none'`) every entry is the base's.
 */
import type { HistoryEntry, LayerInfo, LayerOrigin, LayerRef, ResolvedImage } from '../../image/types.ts';

export interface BuildStep {
  index: number;
  createdBy: string;
  /** Upper-case Dockerfile instruction (`RUN`, `ADD`, `ENV` ...). */
  instruction: string;
  /** The instruction's arguments; for RUN the shell command. */
  args: string;
  /** Layer the step made (undefined for empty_layer steps). */
  layer?: LayerRef;
  origin: LayerOrigin;
}

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
const SH_C = '/bin/sh -c ';

function afterShellC(s: string): string {
  const i = s.indexOf(SH_C);
  return i < 0 ? s : s.slice(i + SH_C.length).trim();
}

/** Parses one `created_by` into instruction + arguments. */
export function parseCreatedBy(createdBy: string): { instruction: string; args: string } {
  let t = createdBy.trim();
  if (t.endsWith('# buildkit')) t = t.slice(0, -'# buildkit'.length).trim();
  const nop = t.indexOf('#(nop)');
  if (t.startsWith(SH_C) && nop >= 0) {
    const rest = t.slice(nop + '#(nop)'.length).trim();
    const sp = rest.search(/\s/);
    const word = (sp < 0 ? rest : rest.slice(0, sp)).toUpperCase();
    if (INSTRUCTIONS.has(word)) return { instruction: word, args: sp < 0 ? '' : rest.slice(sp).trim() };
    return { instruction: 'RUN', args: rest };
  }
  if (t.startsWith(SH_C) || t.startsWith('|')) return { instruction: 'RUN', args: afterShellC(t) };
  const sp = t.search(/\s/);
  const word = (sp < 0 ? t : t.slice(0, sp)).toUpperCase();
  if (INSTRUCTIONS.has(word)) {
    const args = sp < 0 ? '' : t.slice(sp).trim();
    return { instruction: word, args: word === 'RUN' ? afterShellC(args) : args };
  }
  return { instruction: 'RUN', args: t };
}

const STAGE_END = new Set(['CMD', 'ENTRYPOINT']);

/** LayerRef of a LayerInfo (the compact provenance every finding carries). */
export function layerRefOf(l: LayerInfo): LayerRef {
  const ref: LayerRef = { index: l.index, digest: l.descriptor.digest, diffId: l.diffId, origin: l.origin };
  if (l.createdBy !== undefined) ref.createdBy = l.createdBy;
  return ref;
}

/** The history of an image as build steps, oldest first. */
export function buildSteps(image: ResolvedImage, layerRefs?: readonly LayerRef[]): BuildStep[] {
  const history: readonly HistoryEntry[] = image.config.history ?? [];
  const refs = layerRefs ?? image.layers.map(layerRefOf);
  const parsed = history.map((h) => ({ h, ...parseCreatedBy(h.created_by ?? '') }));
  const baseLayers = image.base.method === 'none' ? Infinity : image.base.layerCount;
  // Index of the last history entry that still belongs to the base.
  let lastBase = -1;
  let made = 0;
  for (const [i, p] of parsed.entries()) {
    if (p.h.empty_layer !== true) {
      if (made >= baseLayers) break;
      made++;
      lastBase = i;
    } else if (made >= baseLayers && STAGE_END.has(p.instruction)) {
      lastBase = i;
    } else if (made < baseLayers || baseLayers === Infinity) {
      lastBase = i;
    }
  }
  let next = 0;
  return parsed.map((p, i) => {
    const step: BuildStep = { index: i, createdBy: p.h.created_by ?? '', instruction: p.instruction, args: p.args, origin: i <= lastBase ? 'base' : 'app' };
    if (p.h.empty_layer !== true) {
      const ref = refs[next++];
      if (ref) step.layer = ref;
    }
    return step;
  });
}

/** Who is answerable for the image config as a whole: the app when it has app layers. */
export function configOwner(image: ResolvedImage): LayerOrigin {
  return image.layers.some((l) => l.origin === 'app') ? 'app' : 'base';
}
