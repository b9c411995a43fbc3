/**
 * `npm run bench`: every benchmark, each printing its figures as ratios against a peer measured in
 * the same run (Trivy for scanning; the targets of the issues for the rest). Never run by tests.
 */
const suites: [string, string][] = [
  ['scan (reins sbom vs Trivy vs gunzip floor)', './scan.ts'],
  ['vulnerability matching', './vuln-match.ts'],
  ['secret scanning', './secrets.ts'],
  ['policy evaluation', './policy.ts'],
];

const only = process.argv.slice(2);
for (const [title, file] of suites) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${title} (${file})`);
  try {
    const mod = (await import(file)) as { main?: () => Promise<void> };
    if (mod.main) await mod.main();
  } catch (err) {
    console.log(`  not available: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}
