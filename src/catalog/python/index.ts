/**
 * @module catalog/python
 * Installed Python distributions. Reads the core-metadata file of each one:
 * `*.dist-info/METADATA` (wheels, https://packaging.python.org/en/latest/specifications/recording-installed-packages/),
 * `*.egg-info/PKG-INFO`, single-file `*.egg-info` and `EGG-INFO/PKG-INFO` (setuptools eggs).
 * Name is kept as declared (PEP 503 normalisation for the purl is central); licenses from
 * License-Expression, License, or `License ::` classifiers.
 *
 * Known limits: RECORD (the installed file list) is a different file, so `files` stays empty and the
 * dpkg-ownership rule works on the METADATA path. Zipped `.egg` files and requirements/Pipfile/poetry
 * lockfiles are not read (Trivy's image scan does not read them either).
 */
import type { Cataloger, CatalogFile, CatalogOutput, PackageDraft } from '../types.ts';
import { licensesOf, parseHeaders } from './parse-metadata.ts';

const SUFFIXES = ['.dist-info/METADATA', '.egg-info/PKG-INFO', '.egg-info', '/EGG-INFO/PKG-INFO'] as const;

export const pythonCataloger = {
  id: 'python',
  title: 'Python distributions (dist-info METADATA, egg-info PKG-INFO)',
  specUrls: [
    'https://packaging.python.org/en/latest/specifications/core-metadata/',
    'https://packaging.python.org/en/latest/specifications/recording-installed-packages/',
    'https://setuptools.pypa.io/en/latest/deprecated/python_eggs.html',
  ],
  version: 1,
  kind: 'language',
  wants: { suffixes: SUFFIXES, maxBytes: 16 * 1024 * 1024 },
  parse(file: CatalogFile): CatalogOutput {
    const { path } = file.meta;
    const headers = parseHeaders(file.content.toString('utf8'));
    const name = headers.get('name')?.[0];
    const version = headers.get('version')?.[0];
    if (!name || !version) {
      const message = `${path}: core metadata without Name and Version`;
      return { diagnostics: [{ level: 'warning', code: 'python-metadata-incomplete', message, path }] };
    }
    const draft: PackageDraft = { type: 'pypi', name, version };
    const licenses = licensesOf(headers);
    if (licenses.length > 0) draft.licenses = licenses;
    return { packages: [draft] };
  },
} as const satisfies Cataloger;
