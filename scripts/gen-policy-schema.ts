/**
 * Writes schemas/policy.schema.json from the zod schema in src/policy/schema.ts (the single source
 * of truth). `src/policy/schema.test.ts` fails when the committed file is out of date.
 * Usage: node scripts/gen-policy-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyJsonSchema } from '../src/policy/json-schema.ts';

const out = join(import.meta.dirname, '..', 'schemas', 'policy.schema.json');
writeFileSync(out, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
