import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalExpression, licenseRefFor, normalizeLicense } from './license.ts';

void describe('SPDX license expressions', () => {
  void it('accepts ids, expressions, WITH exceptions, + and LicenseRef, fixing the case', () => {
    const table: [string, string][] = [
      ['MIT', 'MIT'],
      ['mit', 'MIT'],
      ['GPL-2.0+', 'GPL-2.0+'],
      ['BSD-3-Clause or gpl-2.0-only', 'BSD-3-Clause OR GPL-2.0-only'],
      ['(MIT OR Apache-2.0) AND BSD-2-Clause', '(MIT OR Apache-2.0) AND BSD-2-Clause'],
      ['GPL-2.0-or-later WITH Classpath-exception-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0'],
      ['LicenseRef-public-domain', 'LicenseRef-public-domain'],
    ];
    for (const [input, want] of table) assert.equal(canonicalExpression(input), want, input);
  });

  void it('rejects what is not an expression', () => {
    for (const bad of ['', 'public-domain', 'Apache License, Version 2.0', 'MIT OR', '(MIT', 'MIT WITH MIT', 'Classpath-exception-2.0', 'MIT AND AND BSD-3-Clause']) {
      assert.equal(canonicalExpression(bad), undefined, bad);
    }
  });

  void it('classifies license strings', () => {
    assert.deepEqual(normalizeLicense('Apache-2.0'), { kind: 'id', id: 'Apache-2.0' });
    assert.deepEqual(normalizeLicense('MIT or ISC'), { kind: 'expression', expression: 'MIT OR ISC' });
    assert.deepEqual(normalizeLicense(' public-domain '), { kind: 'other', text: 'public-domain' });
    assert.equal(licenseRefFor('Apache License, Version 2.0'), 'LicenseRef-Apache-License-Version-2.0');
    assert.equal(licenseRefFor('©'), 'LicenseRef-unknown');
  });
});
