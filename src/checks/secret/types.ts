/**
 * @module checks/secret/types
 * The shape of a secret rule and of what the file scanner returns. A rule is data: an RE2 pattern
 * (linear time, run with re2js), cheap keywords that gate it, an optional entropy floor and
 * allow-rules for known false positives. Rules live one per file under `rules/`, registered in
 * `rules/index.ts`.
 */
import type { SecretFinding } from '../types.ts';
import type { Severity } from '../../vuln/types.ts';

/** A finding of `secretScanner.scanFile`: the layer walker adds `layer`, `origin` and `deleted`. */
export type SecretDraft = Omit<SecretFinding, 'layer' | 'origin' | 'deleted'>;

/** A known false positive: matched against the secret (or the path of the file holding it). */
export interface AllowRule {
  id: string;
  description: string;
  /** RE2 pattern tested against the secret value (unanchored unless the pattern anchors). */
  secret?: string;
  /** RE2 pattern tested against the file path or config key. */
  path?: string;
  /** RE2 pattern tested against the whole match (e.g. the key name before the secret). */
  match?: string;
}

/** Where a rule applies: inside files, or in the image config (ENV, labels, history). */
export type SecretScope = 'file' | 'config';

export interface SecretRule {
  /** Stable id, equal to the file name under `rules/` (Trivy's id where Trivy has the rule). */
  id: string;
  category: string;
  title: string;
  severity: Severity;
  /**
   * Literals (>= 3 ASCII chars); the pattern only runs on text containing one of them, matched
   * case-insensitively unless `caseSensitive`. Written in lower case unless `caseSensitive`.
   */
  keywords: readonly string[];
  /** Keywords must match as written (the token format itself is case-sensitive). */
  caseSensitive?: boolean;
  /** RE2 syntax (https://github.com/google/re2/wiki/Syntax); must contain the `secretGroup` group. */
  pattern: string;
  /** Name of the capture group holding the secret; `secret` by convention. */
  secretGroup: string;
  /** Minimum Shannon entropy (bits per char) of the secret, to drop low-entropy placeholders. */
  minEntropy?: number;
  /** Minimum number of non-whitespace characters in the secret (drops `...` placeholders). */
  minSecretChars?: number;
  allow?: readonly AllowRule[];
  /** Default: both. */
  scopes?: readonly SecretScope[];
  /**
   * `line` (default): the pattern runs only on the lines holding a keyword, so its cost follows the
   * keyword hits, not the file size; the whole match must then lie on that line. `text`: the pattern
   * runs on the whole text (multi-line formats such as PEM blocks and JSON key files).
   */
  window?: 'line' | 'text';
  /** Where the token format is documented. */
  specUrls: readonly string[];
}
