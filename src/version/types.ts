/**
 * @module version/types
 * One interface for every version scheme (dpkg, apk, rpm, semver, npm, pep440, maven, go, rubygems,
 * nuget, packagist, crates). Schemes only need to parse and order; range logic over OSV events lives
 * in vuln/ and is built on `compare`.
 */
export interface VersionScheme {
  /** Equal to the folder name under src/version/. */
  readonly id: string;
  readonly title: string;
  readonly specUrls: readonly string[];
  /** True when `v` is a version this scheme can order. */
  isValid(v: string): boolean;
  /** -1, 0 or 1. Throws VersionError when either side is not valid. */
  compare(a: string, b: string): -1 | 0 | 1;
}

/** A version string a scheme cannot parse. Matching turns it into an "unknown" result, never "not affected". */
export class VersionError extends Error {
  readonly scheme: string;
  readonly version: string;
  constructor(scheme: string, version: string, reason: string) {
    super(`${scheme}: cannot parse version "${version}": ${reason}`);
    this.name = 'VersionError';
    this.scheme = scheme;
    this.version = version;
  }
}
