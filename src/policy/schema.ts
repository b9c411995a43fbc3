/**
 * @module policy/schema
 * The policy file (YAML), owned by the security team. This zod schema is the single source of
 * truth: `schemas/policy.schema.json` (for editors) is generated from it by
 * `scripts/gen-policy-schema.ts`, and a test keeps the two equal.
 */
import { z } from 'zod';

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const GATES = ['ci', 'registry', 'admission', 'runtime'] as const;
export const SUBJECTS = ['image', 'vulnerability', 'package', 'secret', 'misconfiguration'] as const;
/** OpenVEX status justifications (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md#status-justifications). */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

const severity = z.enum(SEVERITIES);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const scopeSchema = z
  .object({
    images: z.array(z.string()).optional().describe('Image name globs (`registry.example.com/team/*`, `**` crosses `/`).'),
    registries: z.array(z.string()).optional().describe('Registry host globs.'),
    labels: z.record(z.string(), z.string()).optional().describe('Image labels that must all be present with these values.'),
    gates: z.array(z.enum(GATES)).optional().describe('Gates where the rule applies (default: all).'),
  })
  .strict();

const denyPackage = z.union([
  z.string().describe('`name` or `type:name` (e.g. `openssh-server`, `npm:event-stream`); globs allowed.'),
  z.object({ name: z.string(), type: z.string().optional(), versions: z.array(z.string()).optional() }).strict(),
]);

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected letters, digits, . _ -'),
    description: z.string().min(1),
    severity: severity.describe('Severity of a violation of this rule.'),
    action: z.enum(['block', 'warn']).default('block'),
    scope: scopeSchema.optional(),
    remediation: z.string().optional().describe('What to do when the rule is violated (shown with each violation).'),
    // Simple conditions (no CEL needed); a rule has exactly one kind of condition.
    maxSeverity: severity.optional().describe('Vulnerabilities above this severity violate the rule.'),
    fixAvailable: z.boolean().optional().describe('With maxSeverity: only vulnerabilities that have (true) or lack (false) a fix count.'),
    denyPackages: z.array(denyPackage).optional(),
    denyLicenses: z.array(z.string()).optional().describe('SPDX license ids (or globs) that may not appear.'),
    allowedRegistries: z.array(z.string()).optional(),
    allowedBaseImages: z.array(z.string()).optional(),
    requireNonRoot: z.literal(true).optional(),
    denySecrets: z.literal(true).optional().describe('Any secret found in the image violates the rule.'),
    failedChecks: z.array(z.string()).optional().describe('Checklist ids (REINS-IMG-…, CIS 4.x or `*`) that may not fail.'),
    // CEL
    for: z.enum(SUBJECTS).optional().describe('What the CEL condition is evaluated for: once per finding of that kind, or once for the image.'),
    condition: z.string().optional().describe('CEL expression; true means a violation. Variables: image, and vuln / pkg / secret / check per `for`.'),
  })
  .strict();

export const exceptionSchema = z
  .object({
    id: z.string().min(1),
    match: z
      .object({
        vulnerability: z.string().optional().describe('Vulnerability id or alias (CVE, GHSA, DSA…).'),
        package: z.string().optional().describe('Package name (glob).'),
        rule: z.string().optional().describe('Rule id.'),
        image: z.string().optional().describe('Image name glob.'),
        digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex>').optional(),
        path: z.string().optional().describe('File path glob (secrets).'),
      })
      .strict()
      .refine((m) => Object.values(m).some((v) => v !== undefined), 'match needs at least one field'),
    reason: z.string().min(1),
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    owner: z.string().min(1),
    approvedBy: z.string().min(1),
    ticket: z.string().optional(),
    expires: isoDate.optional(),
    permanent: z.literal(true).optional(),
  })
  .strict()
  .refine((e) => e.expires !== undefined || e.permanent === true, {
    message: 'an exception needs `expires: YYYY-MM-DD` (or `permanent: true`, on purpose)',
    path: ['expires'],
  });

export const policySchema = z
  .object({
    apiVersion: z.literal('reins.dev/v1'),
    kind: z.literal('Policy'),
    metadata: z.object({ name: z.string().min(1), owner: z.string().optional(), description: z.string().optional() }).strict(),
    rules: z.array(ruleSchema),
    exceptions: z.array(exceptionSchema).optional(),
    exceptionFiles: z.array(z.string()).optional().describe('Files (relative to this policy) with more exceptions: `{ exceptions: [...] }`.'),
  })
  .strict();

export const exceptionFileSchema = z.object({ exceptions: z.array(exceptionSchema) }).strict();

export type PolicyDoc = z.infer<typeof policySchema>;
export type RuleDoc = z.infer<typeof ruleSchema>;
export type ExceptionDoc = z.infer<typeof exceptionSchema>;
