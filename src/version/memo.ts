/**
 * @module version/memo
 * Memoisation for the schemes' parsers. Matching compares one installed version against many event
 * versions and the same event versions recur across records, so each distinct string is parsed
 * once. The parsers are pure and their results are never mutated; a cache is dropped wholesale when
 * it reaches `max` entries, so memory stays bounded in long-running processes.
 */

/** `fn` with its results cached per input string. */
export function memoize<T>(fn: (s: string) => T, max = 20_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string): T => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    if (cache.size >= max) cache.clear();
    const r = fn(s);
    cache.set(s, r);
    return r;
  };
}
