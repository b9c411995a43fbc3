/**
 * @module vuln/vex/openvex
 * OpenVEX documents (spec v0.2.0: https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md),
 * also accepting v0.0.x's string forms of `vulnerability` and `products`. When a product lists
 * `subcomponents`, the statement is about those (the packages inside the product); otherwise it is
 * about the product itself. Product identity is the `@id` or `identifiers.purl` purl.
 * Limit: the product is not checked against the scanned image; a statement about a subcomponent
 * purl applies wherever that package is found.
 */
import { z } from 'zod';
import { InputError } from '../../common/errors.ts';
import type { VexStatement, VexStatus } from './types.ts';

const component = z.object({
  '@id': z.string().optional(),
  identifiers: z.object({ purl: z.string().optional() }).partial().optional(),
});
const product = z.union([z.string(), component.extend({ subcomponents: z.array(z.union([z.string(), component])).optional() })]);
const statement = z.object({
  vulnerability: z.union([z.string(), z.object({ name: z.string(), '@id': z.string().optional(), aliases: z.array(z.string()).optional() })]),
  products: z.array(product).optional(),
  status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
  justification: z.string().optional(),
  impact_statement: z.string().optional(),
  status_notes: z.string().optional(),
});
const document = z.object({ '@context': z.string(), '@id': z.string().optional(), statements: z.array(statement) });

function ids(c: string | z.infer<typeof component>): string[] {
  if (typeof c === 'string') return [c];
  return [c['@id'], c.identifiers?.purl].filter((x): x is string => !!x && x.startsWith('pkg:'));
}

export function isOpenVex(doc: unknown): boolean {
  const context = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['@context'] : undefined;
  return typeof context === 'string' && context.startsWith('https://openvex.dev/ns');
}

export function parseOpenVex(doc: unknown, label: string): VexStatement[] {
  const parsed = document.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError('E_INPUT', `${label}: not a valid OpenVEX document at ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? ''}`);
  }
  const docId = parsed.data['@id'] ?? label;
  return parsed.data.statements.map((s) => {
    const v = typeof s.vulnerability === 'string' ? { name: s.vulnerability, aliases: [] } : s.vulnerability;
    const products = (s.products ?? []).flatMap((p) =>
      typeof p !== 'string' && p.subcomponents && p.subcomponents.length > 0 ? p.subcomponents.flatMap(ids) : ids(p),
    );
    const text = s.impact_statement ?? s.status_notes;
    return {
      vulnerability: v.name,
      aliases: v.aliases ?? [],
      products,
      status: s.status satisfies VexStatus,
      ...(s.justification ? { justification: s.justification } : {}),
      ...(text ? { statement: text } : {}),
      document: docId,
    };
  });
}
