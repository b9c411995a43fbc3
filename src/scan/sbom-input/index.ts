/**
 * @module scan/sbom-input
 * Reads an SBOM back in (`reins scan sbom:FILE`): CycloneDX JSON 1.4–1.6 and SPDX 2.2/2.3 JSON,
 * written by reins or by another tool (Trivy, Syft, cdxgen). Packages come from purls (parsed with
 * packageurl-js), the distro from the OS component/package or a purl `distro=` qualifier, and the
 * image (when the SBOM describes one) from the container component/package.
 *
 * Specs: https://cyclonedx.org/docs/1.6/json/ ; https://spdx.github.io/spdx-spec/v2.3/ ;
 * https://github.com/package-url/purl-spec
 * Limits: JSON only (no CycloneDX XML, SPDX tag-value/RDF/YAML, SPDX 3); a package's layer is
 * unknown (index -1) unless reins or Trivy properties say; no dependency graph is read.
 */
import { open, readFile } from 'node:fs/promises';
import type { Distro, Package } from '../../catalog/types.ts';
import { InputError } from '../../common/errors.ts';
import type { ReportArtifact } from '../types.ts';
import { readCycloneDx } from './cyclonedx.ts';
import type { CdxBom } from './cyclonedx.ts';
import { readSpdx } from './spdx.ts';
import type { SpdxDocument } from './spdx.ts';

export interface SbomInput {
  packages: Package[];
  distro?: Distro;
  artifact?: Partial<ReportArtifact>;
}

export type SbomFormat = 'cyclonedx' | 'spdx';

/** Largest SBOM read (a big image's SBOM is a few MiB; this bounds memory on hostile input). */
const MAX_BYTES = 256 * 1024 * 1024;
/** Bytes looked at by isSbomFile. */
const SNIFF_BYTES = 64 * 1024;

/** Which SBOM format a parsed JSON document is, if any. */
export function sbomFormatOf(doc: unknown): SbomFormat | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (d.bomFormat === 'CycloneDX') return 'cyclonedx';
  if (typeof d.spdxVersion === 'string' && d.spdxVersion.startsWith('SPDX-')) return 'spdx';
  return undefined;
}

/** Reads and parses an SBOM file. @throws InputError naming the file when it is missing, not JSON or not a supported SBOM. */
export async function readSbom(file: string): Promise<SbomInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'E_INPUT_NOT_FOUND' : 'E_INPUT', `${file}: cannot read the SBOM (${code ?? String(err)})`, { cause: err });
  }
  if (text.length > MAX_BYTES) throw new InputError('E_INPUT_TOO_LARGE', `${file}: SBOM larger than ${MAX_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  switch (sbomFormatOf(doc)) {
    case 'cyclonedx': {
      const bom = doc as CdxBom;
      const [major, minor] = (bom.specVersion ?? '').split('.').map(Number);
      if (major !== 1 || minor === undefined || !(minor >= 4)) {
        throw new InputError('E_INPUT_UNKNOWN_KIND', `${file}: CycloneDX specVersion ${bom.specVersion ?? '(none)'} is not supported (1.4 to 1.6)`);
      }
      return readCycloneDx(bom);
    }
    case 'spdx': {
      const spdx = doc as SpdxDocument;
      if (!/^SPDX-2\.[23]$/.test(spdx.spdxVersion)) {
        throw new InputError('E_INPUT_UNKNOWN_KIND', `${file}: ${spdx.spdxVersion} is not supported (SPDX-2.2 or SPDX-2.3 JSON)`);
      }
      return readSpdx(spdx);
    }
    case undefined:
      throw new InputError('E_INPUT_UNKNOWN_KIND', `${file}: not a CycloneDX or SPDX JSON document (no bomFormat or spdxVersion)`);
  }
}

/** True when the file looks like a CycloneDX or SPDX JSON SBOM (sniffs the first 64 KiB; never throws). */
export async function isSbomFile(path: string): Promise<boolean> {
  let head: string;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
  if (!/^\uFEFF?\s*\{/.test(head)) return false;
  return /"bomFormat"\s*:\s*"CycloneDX"/.test(head) || /"spdxVersion"\s*:\s*"SPDX-\d/.test(head);
}
