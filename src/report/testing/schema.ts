/**
 * @module report/testing/schema
 * Validators built from the OFFICIAL JSON schemas of the output formats, for the format tests:
 * CycloneDX 1.6 (shipped by @cyclonedx/cyclonedx-library), SPDX 2.3 and SARIF 2.1.0 (committed
 * next to their formats, see the README in each `schema/` folder). All are draft-07 for Ajv 8;
 * the SARIF file is draft-04 and only differs in its `id` keyword, which is mapped here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under nodenext its type is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const require = createRequire(import.meta.url);
const here = dirname(new URL(import.meta.url).pathname);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function newAjv(unicodeRegExp = true): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp });
  addFormats(ajv);
  // Formats of the CycloneDX schema that ajv-formats does not define: checked loosely.
  ajv.addFormat('iri-reference', /^\S*$/);
  ajv.addFormat('idn-email', /^\S+@\S+$/);
  return ajv;
}

export type Check = (doc: unknown) => string[];

function checker(ajv: Ajv, id: string): Check {
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`schema ${id} not loaded`);
  return (doc) => {
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}

export function cyclonedx16Validator(): Check {
  const dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
  const ajv = newAjv();
  // The bom schema refers to its companions by their file names; register them under those.
  for (const f of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...readJson(join(dir, f)), $id: `http://cyclonedx.org/schema/${f}` });
  }
  ajv.addSchema(readJson(join(dir, 'bom-1.6.SNAPSHOT.schema.json')));
  return checker(ajv, 'http://cyclonedx.org/schema/bom-1.6.schema.json');
}

export function spdx23Validator(): Check {
  const ajv = newAjv();
  const schema = readJson(join(here, '..', 'spdx-json', 'schema', 'spdx-schema-2.3.json'));
  ajv.addSchema(schema, 'spdx-2.3');
  return checker(ajv, 'spdx-2.3');
}

export function sarif210Validator(): Check {
  // The schema's `language` pattern has a stray `]`, legal in a plain RegExp, not with the u flag.
  const ajv = newAjv(false);
  const { $schema: _draft04, id, ...schema } = readJson(join(here, '..', 'sarif', 'schema', 'sarif-2.1.0-rtm.5.json'));
  ajv.addSchema({ ...schema, $id: String(id) });
  return checker(ajv, String(id));
}
