/**
 * @module policy/openvex
 * `reins check --format openvex`: the exceptions that applied to vulnerabilities, as an OpenVEX
 * v0.2.0 document (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md). An exception with a
 * VEX justification becomes `not_affected`; one without (an accepted risk) stays `affected`, with
 * an action statement naming its owner and expiry — it is not a claim that the code is safe.
 */
import { createHash } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import type { ScanReport } from '../scan/types.ts';
import type { CompiledPolicy } from './load.ts';
import type { Verdict } from './verdict.ts';

export function imagePurl(report: ScanReport): string {
  const name = report.artifact.name?.split('/').pop() ?? 'image';
  const repo = report.artifact.name;
  return new PackageURL('oci', undefined, name, report.artifact.manifestDigest, repo ? { repository_url: repo } : undefined).toString();
}

export function toOpenVex(verdict: Verdict, report: ScanReport, policy: CompiledPolicy): object {
  const byId = new Map(policy.exceptions.map((e) => [e.id, e]));
  const statements = verdict.excepted
    .filter((v) => v.subject === 'vulnerability' && v.exception)
    .map((v) => {
      const e = byId.get(v.exception!.id)!;
      const finding = report.vulnerabilities?.find((f) => f.id === v.subjectId);
      const product = { '@id': imagePurl(report), ...(finding && { subcomponents: [{ '@id': finding.purl }] }) };
      const base = {
        vulnerability: { name: v.subjectId, ...(finding?.aliases.length && { aliases: finding.aliases }) },
        products: [product],
        timestamp: verdict.evaluatedAt,
      };
      return e.justification
        ? { ...base, status: 'not_affected', justification: e.justification, impact_statement: e.reason }
        : { ...base, status: 'affected', action_statement: `risk accepted by ${e.approvedBy} (owner ${e.owner}${e.ticket ? `, ${e.ticket}` : ''}) ${e.expires ? `until ${e.expires}` : 'permanently'}: ${e.reason}` };
    });
  const id = createHash('sha256').update(JSON.stringify([verdict.policy.hash, verdict.image.digest, statements])).digest('hex').slice(0, 32);
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://openvex.dev/docs/reins/${id}`,
    author: `reins policy ${verdict.policy.name}`,
    timestamp: verdict.evaluatedAt,
    version: 1,
    tooling: 'reins',
    statements,
  };
}
