/** The policy file's JSON Schema (draft 2020-12), generated from the zod schema for editors. */
import { z } from 'zod';
import { policySchema } from './schema.ts';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://reins.dev/schemas/policy.schema.json',
    title: 'reins policy',
    ...z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
  };
}
