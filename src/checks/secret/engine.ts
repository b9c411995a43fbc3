/**
 * @module checks/secret/engine
 * Runs a rule set over one text in three steps:
 * 1. Keyword gate: ONE pass over the text finds every occurrence of every rule's keywords,
 *    case-insensitively (a table keyed by the first three lower-cased characters), so the cost is
 *    O(text), not O(text x keywords). Rules marked `caseSensitive` (token formats whose pattern is
 *    case-sensitive: `AKIA`, `eyJ`, `PRIVATE KEY`) require the keyword as written: a case-blind
 *    gate only adds hits there (base64 in CA bundles is full of `aida`, `eyj`).
 * 2. Pattern: the rule's RE2 pattern, run with re2js (linear time, no backtracking: hostile file
 *    contents cannot stall the scan), first as a DFA `test`, then with captures only when it
 *    matched. `line`-window rules run only on the lines holding their keywords.
 * 3. Filters: entropy / length floors and allow-rules.
 * Offsets are UTF-16 indexes of the given string; the file scanner decodes bytes as latin1 so they
 * equal byte offsets.
 *
 * Limits: at most MAX_MATCHES_PER_RULE matches of one rule per text are kept; past
 * MAX_KEYWORD_HITS hits of one rule its pattern runs on the whole text instead of on lines.
 */
import { RE2JS } from 're2js';
import { SECRET_RULES } from './rules/index.ts';
import type { SecretRule, SecretScope } from './types.ts';

export const MAX_MATCHES_PER_RULE = 100;
export const MAX_KEYWORD_HITS = 1000;

interface CompiledRule {
  rule: SecretRule;
  re: RE2JS;
  allowSecret: RE2JS[];
  allowPath: RE2JS[];
  allowMatch: RE2JS[];
}

interface CompiledSet {
  rules: readonly SecretRule[];
  /**
   * Each rule's patterns, compiled at its first keyword hit: compiling all 17 rules' RE2 patterns
   * took 40-50 ms, paid by every scan, while most images hit the keywords of a few rules only.
   */
  compiled: (CompiledRule | undefined)[];
  /** First three lower-case chars of a keyword (trigram()) -> (keyword lower-cased, as written when case matters, rule index). */
  table: Map<number, { keyword: string; exact?: string; rule: number }[]>;
  /**
   * One bit per 7-bit trigram (indexed by trigram()): set when `table` has that trigram. The
   * gate tests it at every position and looks in the Map only on a set bit; a Map lookup per
   * character was most of the gate's time (big-mixed: ~300 ms of a scan).
   */
  mask: Uint32Array;
}

/** One match of one rule: offsets of the secret and of the whole match in the scanned text. */
export interface RawSecretMatch {
  rule: SecretRule;
  secret: string;
  secretStart: number;
  secretEnd: number;
  matchStart: number;
}

const cache = new WeakMap<readonly SecretRule[], CompiledSet>();

function lowerCode(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** Three 7-bit characters as one 21-bit number: the key of CompiledSet.table and the bit of its mask. */
function trigram(a: number, b: number, c: number): number {
  return (a << 14) | (b << 7) | c;
}

const compileAll = (patterns: (string | undefined)[]): RE2JS[] => patterns.filter((p): p is string => p !== undefined).map((p) => RE2JS.compile(p));

/** A rule's pattern and allow-rules, compiled; throws on an invalid pattern (a bug: engine.test.ts compiles every registered rule). */
export function compileRule(rule: SecretRule): CompiledRule {
  return {
    rule,
    re: RE2JS.compile(rule.pattern),
    allowSecret: compileAll((rule.allow ?? []).map((a) => a.secret)),
    allowPath: compileAll((rule.allow ?? []).map((a) => a.path)),
    allowMatch: compileAll((rule.allow ?? []).map((a) => a.match)),
  };
}

/** Rule `i` of `set`, compiled on first use. */
function ruleAt(set: CompiledSet, i: number): CompiledRule {
  return (set.compiled[i] ??= compileRule(set.rules[i]!));
}

/** Builds the keyword gate of a rule set once (the registry by default); patterns compile on first use. */
function ruleSet(rules: readonly SecretRule[] = SECRET_RULES): CompiledSet {
  let set = cache.get(rules);
  if (set) return set;
  const table = new Map<number, { keyword: string; exact?: string; rule: number }[]>();
  const mask = new Uint32Array((1 << 21) >>> 5);
  rules.forEach((rule, i) => {
    for (const written of rule.keywords) {
      const k = written.toLowerCase();
      if (k.length < 3 || /[^\x20-\x7e]/.test(k)) throw new Error(`secret rule ${rule.id}: keyword "${k}" must be >= 3 ASCII chars`);
      const key = trigram(k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2));
      mask[key >>> 5]! |= 1 << (key & 31);
      const list = table.get(key) ?? [];
      list.push({ keyword: k, ...(rule.caseSensitive ? { exact: written } : {}), rule: i });
      table.set(key, list);
    }
  });
  set = { rules, compiled: new Array<CompiledRule | undefined>(rules.length), table, mask };
  cache.set(rules, set);
  return set;
}

/** Offsets of keyword hits per rule index (at most MAX_KEYWORD_HITS + 1 each), in one pass. */
function keywordHits(text: string, set: CompiledSet): Map<number, number[]> {
  const hits = new Map<number, number[]>();
  const n = text.length;
  if (n < 3) return hits;
  const mask = set.mask;
  let a = lowerCode(text.charCodeAt(0));
  let b = lowerCode(text.charCodeAt(1));
  for (let i = 0; i + 2 < n; i++) {
    const c = lowerCode(text.charCodeAt(i + 2));
    if ((a | b | c) >= 0x80) {
      a = b;
      b = c;
      continue;
    }
    const key = trigram(a, b, c);
    const cands = (mask[key >>> 5]! >>> (key & 31)) & 1 ? set.table.get(key) : undefined;
    if (cands) {
      for (const { keyword, exact, rule } of cands) {
        let ok = i + keyword.length <= n;
        for (let j = 3; ok && j < keyword.length; j++) ok = lowerCode(text.charCodeAt(i + j)) === keyword.charCodeAt(j);
        if (ok && exact !== undefined) ok = text.startsWith(exact, i);
        if (!ok) continue;
        const list = hits.get(rule) ?? [];
        if (list.length <= MAX_KEYWORD_HITS && list.at(-1) !== i) list.push(i);
        hits.set(rule, list);
      }
    }
    a = b;
    b = c;
  }
  return hits;
}

/** Merged [start, end) ranges of the lines holding the given offsets (ascending). */
function lineWindows(text: string, offsets: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const off of offsets) {
    const last = out.at(-1);
    if (last && off < last[1]) continue; // same line as the previous hit
    const start = text.lastIndexOf('\n', off) + 1;
    const nl = text.indexOf('\n', off);
    out.push([start, nl < 0 ? text.length : nl]);
  }
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

/** Runs one compiled rule over text[from, to), appending kept matches (offsets in `text`). */
function runRule(c: CompiledRule, text: string, from: number, to: number, out: RawSecretMatch[], budget: number): number {
  const { rule } = c;
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  // DFA fast path first: most gated texts hold no match, and capture extraction is far slower.
  if (!c.re.test(part)) return 0;
  const m = c.re.matcher(part);
  let kept = 0;
  while (kept < budget && m.find()) {
    const secret = m.group(rule.secretGroup);
    if (secret === null || secret === '') continue;
    if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
    if (rule.minSecretChars !== undefined && countNonSpace(secret) < rule.minSecretChars) continue;
    if (c.allowSecret.some((re) => re.test(secret))) continue;
    if (c.allowMatch.length > 0) {
      const whole = m.group() ?? '';
      if (c.allowMatch.some((re) => re.test(whole))) continue;
    }
    out.push({ rule, secret, secretStart: from + m.start(rule.secretGroup), secretEnd: from + m.end(rule.secretGroup), matchStart: from + m.start() });
    kept++;
  }
  return kept;
}

/** Finds the secrets in `text`; `path` feeds path allow-rules; `scope` selects the rules that apply. */
export function findSecrets(text: string, path: string, scope: SecretScope, rules: readonly SecretRule[] = SECRET_RULES): RawSecretMatch[] {
  const set = ruleSet(rules);
  const out: RawSecretMatch[] = [];
  const hits = keywordHits(text, set);
  for (const [i, offsets] of [...hits.entries()].sort((x, y) => x[0] - y[0])) {
    const rule = set.rules[i]!;
    if (rule.scopes && !rule.scopes.includes(scope)) continue;
    const c = ruleAt(set, i);
    if (c.allowPath.some((re) => re.test(path))) continue;
    if ((rule.window ?? 'line') === 'text' || offsets.length > MAX_KEYWORD_HITS) {
      runRule(c, text, 0, text.length, out, MAX_MATCHES_PER_RULE);
      continue;
    }
    let kept = 0;
    for (const [from, to] of lineWindows(text, offsets)) {
      kept += runRule(c, text, from, to, out, MAX_MATCHES_PER_RULE - kept);
      if (kept >= MAX_MATCHES_PER_RULE) break;
    }
  }
  return out;
}
