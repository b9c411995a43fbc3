import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { policyJsonSchema } from './json-schema.ts';
import { PRESETS } from './load.ts';

const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'policy.schema.json'), 'utf8'));

test('the published JSON Schema is up to date (node scripts/gen-policy-schema.ts)', () => {
  assert.deepEqual(committed, JSON.parse(JSON.stringify(policyJsonSchema())));
});

test('the presets validate against the published JSON Schema; a typo does not', () => {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  const validate = ajv.compile(committed);
  for (const p of PRESETS) {
    const doc = parse(readFileSync(join(import.meta.dirname, 'presets', `${p}.yaml`), 'utf8'));
    assert.ok(validate(doc), `${p}: ${JSON.stringify(validate.errors)}`);
  }
  const bad = { apiVersion: 'reins.dev/v1', kind: 'Policy', metadata: { name: 'x' }, rules: [{ id: 'a', description: 'd', severity: 'HIGH', maxSeverty: 'LOW' }] };
  assert.equal(validate(bad), false);
});
