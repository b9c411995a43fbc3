/**
 * @module reins
 * The library entry: what the CLI calls, and what the server, the admission webhook and the
 * runtime agent will call. The same functions give the same results at every gate.
 *
 * @example
 * import { scanImage, loadPolicy, evaluatePolicy } from 'reins';
 * const [report] = await scanImage('oci:./layout', { scanners: ['vuln', 'secret', 'misconfig'] });
 * const verdict = evaluatePolicy(await loadPolicy('preset:default'), report!, { gate: 'admission' });
 */
export { buildSbom, scanImage, scanSource, type ProgressEvent, type ScanOptions } from './scan/index.ts';
export type { ScanReport, ScannerName } from './scan/types.ts';
export { scanSbomFile } from './scan/from-sbom.ts';
export { compareVersions, schemeForEcosystem } from './version/ecosystems.ts';
export { evaluatePolicy, loadPolicy, toOpenVex, type CompiledPolicy, type Gate, type Verdict, type Violation } from './policy/index.ts';
export { openImage, resolveImages, walkLayer } from './image/index.ts';
export type { Package, Distro, Location } from './catalog/types.ts';
export type { VulnFinding, Severity } from './vuln/types.ts';
export type { MisconfigFinding, SecretFinding } from './checks/types.ts';
export { ReinsError, UsageError, InputError, IntegrityError, EXIT } from './common/errors.ts';
