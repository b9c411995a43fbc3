/**
 * @module vuln/osv/schema
 * The subset of the OSV schema (https://ossf.github.io/osv-schema/) reins reads, as a zod schema.
 * Validation is deliberately lenient about fields reins does not use (they are kept in the stored
 * JSON) and strict about the ones matching depends on: `id`, `modified`, `affected[].package`,
 * `ranges[].type` and `events`. A record that fails is skipped with a diagnostic by the importer.
 */
import { z } from 'zod';

const event = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

const range = z.object({
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(event),
});

const severity = z.object({ type: z.string(), score: z.string() });

const affected = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  severity: z.array(severity).optional(),
  ranges: z.array(range).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const osvRecordSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severity).nullish(),
  affected: z.array(affected).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = z.infer<typeof affected>;
export type OsvRange = z.infer<typeof range>;
export type OsvEvent = z.infer<typeof event>;

/** Validates one parsed JSON value; returns the record or a one-line reason naming the field. */
export function parseOsvRecord(value: unknown): { record: OsvRecord } | { error: string } {
  const result = osvRecordSchema.safeParse(value);
  if (result.success) return { record: result.data };
  const issue = result.error.issues[0];
  const where = issue ? issue.path.join('.') || '(root)' : '(root)';
  return { error: `${where}: ${issue?.message ?? 'invalid'}` };
}
