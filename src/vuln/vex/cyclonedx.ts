/**
 * @module vuln/vex/cyclonedx
 * CycloneDX VEX, spec 1.4–1.6 (https://cyclonedx.org/docs/1.6/json/#vulnerabilities):
 * `vulnerabilities[].analysis.state` with `affects[].ref` pointing at components by bom-ref (plain
 * or as a BOM-Link `urn:cdx:<serial>/<version>#<bom-ref>`) or directly at a purl.
 * States: `not_affected` and `false_positive` → not_affected; `exploitable` → affected;
 * `resolved`/`resolved_with_pedigree` → fixed; `in_triage` → under_investigation.
 */
import { InputError } from '../../common/errors.ts';
import type { VexStatement, VexStatus } from './types.ts';

const STATES: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  exploitable: 'affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  in_triage: 'under_investigation',
};

interface Component {
  'bom-ref'?: string;
  purl?: string;
  components?: Component[];
}

function collect(components: Component[] | undefined, out: Map<string, string>): void {
  for (const c of components ?? []) {
    if (c['bom-ref'] && c.purl) out.set(c['bom-ref'], c.purl);
    collect(c.components, out);
  }
}

export function isCycloneDx(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as Record<string, unknown>).bomFormat === 'CycloneDX';
}

export function parseCycloneDxVex(doc: unknown, label: string): VexStatement[] {
  const bom = doc as { serialNumber?: string; metadata?: { component?: Component }; components?: Component[]; vulnerabilities?: unknown };
  if (!Array.isArray(bom.vulnerabilities)) throw new InputError('E_INPUT', `${label}: CycloneDX document without a "vulnerabilities" array`);
  const refs = new Map<string, string>();
  collect(bom.components, refs);
  if (bom.metadata?.component) collect([bom.metadata.component], refs);
  const out: VexStatement[] = [];
  bom.vulnerabilities.forEach((raw: unknown, i: number) => {
    const v = raw as {
      id?: string;
      references?: { id?: string }[];
      analysis?: { state?: string; justification?: string; detail?: string };
      affects?: { ref?: string }[];
    };
    const status = v.analysis?.state ? STATES[v.analysis.state] : undefined;
    if (!v.id || !status) {
      if (v.analysis?.state && !status) throw new InputError('E_INPUT', `${label}: vulnerabilities[${i}].analysis.state "${v.analysis.state}" is not a CycloneDX state`);
      return;
    }
    const products = (v.affects ?? []).flatMap((a) => {
      const ref = a.ref ?? '';
      const local = ref.startsWith('urn:cdx:') && ref.includes('#') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      const purl = refs.get(local) ?? (local.startsWith('pkg:') ? local : undefined);
      return purl ? [purl] : [];
    });
    out.push({
      vulnerability: v.id,
      aliases: (v.references ?? []).flatMap((r) => (r.id ? [r.id] : [])),
      products,
      status,
      ...(v.analysis?.justification ? { justification: v.analysis.justification } : {}),
      ...(v.analysis?.detail ? { statement: v.analysis.detail } : {}),
      document: bom.serialNumber ?? label,
    });
  });
  return out;
}
