/**
 * @module cli/heap-flags
 * Whether the `reins` bin re-executes itself with its V8 heap flags (bin/reins.js). The flags pay
 * off on large layer walks (big-mixed: fewer full GCs, lower peak RSS), but the second process
 * start costs 50-150 ms on this VM: a third of a small image's whole scan (go-bins-mod OCI:
 * 0.31-0.36 s with it, 0.20-0.21 s without; images of 47-112 MB were within noise either way).
 *
 * So `sbom`, `scan` and `check` of a local image (a tarball or an OCI layout) under
 * SMALL_IMAGE_BYTES, `scan` of an SBOM (`sbom:FILE`: no layer is read, and the flags only serve
 * layer reading; py-tools' CycloneDX, interleaved: 0.28-0.51 -> 0.23-0.27 s), and the commands that
 * read no image (`version`, help) run in the first process. Everything else re-executes as before:
 * registry and daemon images (their size is not known here), `db`, `check dockerfile`, and any
 * argument list this reading is not sure of. A mistake here only costs or saves the re-execution;
 * the scan itself is the same.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export const SMALL_IMAGE_BYTES = 32 << 20;

/** Flags of `sbom`/`scan` that take no value; any other flag without `=` is taken to consume the next argument. */
const BOOLEAN_FLAGS = new Set(['--insecure', '--no-cache', '--offline', '--help', '-h']);

/** The IMAGE argument of `reins <command> [flags] IMAGE [flags]` (argv starts at the command). */
export function imageArgument(argv: readonly string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      if (!a.includes('=') && !BOOLEAN_FLAGS.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Bytes of a local image file, or of the blobs of an OCI layout directory; undefined when `path` is neither. */
function bytesAt(path: string): number | undefined {
  const st = statOf(path);
  if (st === undefined) return undefined;
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return undefined;
  let total = 0;
  try {
    for (const alg of readdirSync(join(path, 'blobs'))) {
      for (const blob of readdirSync(join(path, 'blobs', alg))) total += statOf(join(path, 'blobs', alg, blob))?.size ?? 0;
    }
  } catch {
    return undefined;
  }
  return total;
}

/**
 * Bytes of the local image `image` names (skopeo's `oci:DIR[:TAG]`, `oci-archive:PATH`,
 * `docker-archive:PATH[:REF]`, or a plain path), undefined for anything else (a registry
 * reference, `docker://`, `docker-daemon:`, `sbom:`, a path that does not exist).
 */
export function localImageBytes(image: string): number | undefined {
  const transport = /^(oci|oci-archive|docker-archive):/.exec(image);
  if (transport === null) return /^(docker|docker-daemon|sbom):/.test(image) ? undefined : bytesAt(image);
  const rest = image.slice(transport[0].length);
  // The path itself may hold a colon, and a `:REF` may too (`app:1.0`): try it whole, then cut at
  // each colon from the right.
  for (let end = rest.length; end > 0; end = rest.lastIndexOf(':', end - 1)) {
    const bytes = bytesAt(rest.slice(0, end));
    if (bytes !== undefined) return bytes;
  }
  return undefined;
}

/** Whether `reins <argv>` should run with the heap flags (see the module comment). */
export function needsHeapFlags(argv: readonly string[]): boolean {
  const command = argv[0];
  if (command === undefined || command === 'version' || command === 'help' || command === '--help' || command === '-h' || command === '--version') return false;
  if (command !== 'sbom' && command !== 'scan' && command !== 'check') return true;
  const image = imageArgument(argv);
  if (image === undefined) return true;
  if (image.startsWith('sbom:')) return false;
  const bytes = localImageBytes(image);
  return bytes === undefined || bytes >= SMALL_IMAGE_BYTES;
}
