/**
 * @module vuln/cvss/vector
 * The metric list of a CVSS vector string (`CVSS:<version>/AV:N/AC:L/...`), shared by v3 and v4:
 * each metric once, each value one its version allows, every Base metric present.
 */

/**
 * The version prefix and metrics of `vector`, or undefined when the prefix is not one of
 * `prefixes`, a metric is unknown, repeated or has a value `allowed` does not list, or a `base`
 * metric is missing. Metric order is not enforced (real advisories list them out of order).
 */
export function parseVector(
  vector: string,
  prefixes: readonly string[],
  allowed: Readonly<Record<string, readonly string[]>>,
  base: readonly string[],
): { prefix: string; metrics: Map<string, string> } | undefined {
  const parts = vector.trim().split('/');
  const prefix = parts.shift();
  if (prefix === undefined || !prefixes.includes(prefix)) return undefined;
  const metrics = new Map<string, string>();
  for (const p of parts) {
    const [k, v, extra] = p.split(':');
    if (k === undefined || v === undefined || extra !== undefined) return undefined;
    if (metrics.has(k) || !allowed[k]?.includes(v)) return undefined;
    metrics.set(k, v);
  }
  return base.every((k) => metrics.has(k)) ? { prefix, metrics } : undefined;
}
