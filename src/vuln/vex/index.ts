/**
 * @module vuln/vex
 * Loads VEX documents (OpenVEX or CycloneDX VEX, detected from content) into normalised
 * statements, and applies them to findings (apply.ts).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../common/errors.ts';
import { isCycloneDx, parseCycloneDxVex } from './cyclonedx.ts';
import { isOpenVex, parseOpenVex } from './openvex.ts';
import type { VexStatement } from './types.ts';

export { applyVex } from './apply.ts';
export type { VexStatement, VexStatus } from './types.ts';

/** Parses one VEX document (already JSON-parsed); `label` names it in errors. */
export function parseVex(doc: unknown, label: string): VexStatement[] {
  if (isOpenVex(doc)) return parseOpenVex(doc, label);
  if (isCycloneDx(doc)) return parseCycloneDxVex(doc, label);
  throw new InputError('E_INPUT', `${label}: neither an OpenVEX document (@context https://openvex.dev/ns/…) nor CycloneDX (bomFormat)`);
}

/** Reads and parses a VEX file (async form for callers that load several in parallel). */
export async function readVexFile(path: string): Promise<VexStatement[]> {
  return loadVex(path);
}

/** Reads and parses a VEX file. */
export function loadVex(path: string): VexStatement[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError('E_INPUT_NOT_FOUND', `cannot read VEX file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError('E_INPUT_MALFORMED_JSON', `${path}: not JSON (${(err as Error).message})`, { cause: err });
  }
  return parseVex(doc, path);
}
