/**
 * @module checks/secret/engine
 * Runs the rule registry over one text: keyword gate (case-insensitive `includes`), then the
 * rule's RE2 pattern (re2js: linear time in the input, no backtracking, so hostile file contents
 * cannot stall the scan), then the entropy / length floors and allow-rules. Offsets are UTF-16
 * indexes of the given string; the file scanner decodes bytes as latin1 so they equal byte offsets.
 *
 * Limit: at most MAX_MATCHES_PER_RULE matches of one rule per text are kept (a file of a million
 * tokens is reported, not listed).
 */
import { RE2JS } from 're2js';
import { SECRET_RULES } from './rules/index.ts';
import type { SecretRule, SecretScope } from './types.ts';

export const MAX_MATCHES_PER_RULE = 100;

interface CompiledRule {
  rule: SecretRule;
  re: RE2JS;
  allowSecret: RE2JS[];
  allowPath: RE2JS[];
  allowMatch: RE2JS[];
}

/** One match of one rule: offsets of the secret and of the whole match in the scanned text. */
export interface RawSecretMatch {
  rule: SecretRule;
  secret: string;
  secretStart: number;
  secretEnd: number;
  matchStart: number;
}

const cache = new Map<readonly SecretRule[], CompiledRule[]>();

/** Compiles a rule set once (the registry by default); throws on an invalid pattern (a bug). */
export function compileRules(rules: readonly SecretRule[] = SECRET_RULES): CompiledRule[] {
  let out = cache.get(rules);
  if (out) return out;
  const compileAll = (patterns: (string | undefined)[]): RE2JS[] =>
    patterns.filter((p): p is string => p !== undefined).map((p) => RE2JS.compile(p));
  out = rules.map((rule) => ({
    rule,
    re: RE2JS.compile(rule.pattern),
    allowSecret: compileAll((rule.allow ?? []).map((a) => a.secret)),
    allowPath: compileAll((rule.allow ?? []).map((a) => a.path)),
    allowMatch: compileAll((rule.allow ?? []).map((a) => a.match)),
  }));
  cache.set(rules, out);
  return out;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function countNonSpace(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) n++;
  }
  return n;
}

/**
 * Finds the secrets in `text`. `lower` is `text.toLowerCase()` when the caller already has it
 * (the keyword gate needs it); `path` feeds path allow-rules.
 */
export function findSecrets(
  text: string,
  path: string,
  scope: SecretScope,
  rules: readonly SecretRule[] = SECRET_RULES,
  lower: string = text.toLowerCase(),
): RawSecretMatch[] {
  const out: RawSecretMatch[] = [];
  for (const c of compileRules(rules)) {
    const { rule } = c;
    if (rule.scopes && !rule.scopes.includes(scope)) continue;
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    if (c.allowPath.some((re) => re.test(path))) continue;
    // DFA fast path first: most gated texts hold no match, and capture extraction is far slower.
    if (!c.re.test(text)) continue;
    const m = c.re.matcher(text);
    let kept = 0;
    while (kept < MAX_MATCHES_PER_RULE && m.find()) {
      const secret = m.group(rule.secretGroup);
      if (secret === null || secret === '') continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      if (rule.minSecretChars !== undefined && countNonSpace(secret) < rule.minSecretChars) continue;
      if (c.allowSecret.some((re) => re.test(secret))) continue;
      if (c.allowMatch.length > 0) {
        const whole = m.group() ?? '';
        if (c.allowMatch.some((re) => re.test(whole))) continue;
      }
      out.push({ rule, secret, secretStart: m.start(rule.secretGroup), secretEnd: m.end(rule.secretGroup), matchStart: m.start() });
      kept++;
    }
  }
  return out;
}
