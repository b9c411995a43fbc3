/**
 * @module version/prng
 * A seeded PRNG (mulberry32) for the property tests: reproducible pair sampling, no Math.random.
 */

/** Returns a function yielding floats in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` pairs of distinct-or-equal items drawn with a fixed seed. */
export function samplePairs<T>(items: readonly T[], count: number, seed: number): Array<[T, T]> {
  const rnd = seededRandom(seed);
  const out: Array<[T, T]> = [];
  for (let k = 0; k < count; k++) {
    const a = items[Math.floor(rnd() * items.length)];
    const b = items[Math.floor(rnd() * items.length)];
    if (a !== undefined && b !== undefined) out.push([a, b]);
  }
  return out;
}
