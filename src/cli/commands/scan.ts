/**
 * @module cli/commands/scan
 * `reins scan IMAGE`: SBOM + vulnerabilities + secrets + misconfigurations (select with --scanners).
 * `--fail-on SEVERITY` gates a pipeline: exit 1 when an unsuppressed finding is at or above it.
 */
import { UsageError } from '../../common/errors.ts';
import { getFormat } from '../../report/index.ts';
import { scanImage } from '../../scan/index.ts';
import { scanSbomFile } from '../../scan/from-sbom.ts';
import { isSbomFile } from '../../scan/sbom-input/index.ts';
import { failingFindings, parseSeverity } from '../../scan/threshold.ts';
import type { ScannerName } from '../../scan/types.ts';
import { imageFlags, imageScanOptions, oneImage, parse } from '../args.ts';
import { emit, progressReporter, useColor } from '../output.ts';
import type { Command } from '../types.ts';

const SCANNERS: readonly ScannerName[] = ['vuln', 'secret', 'misconfig'];

export function parseScanners(value: string | undefined): ScannerName[] {
  if (value === undefined) return [...SCANNERS];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!SCANNERS.includes(n as ScannerName)) throw new UsageError(`--scanners: unknown scanner "${n}" (expected a comma-separated list of ${SCANNERS.join(', ')})`);
  }
  return names as ScannerName[];
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Scan an image (or an SBOM) for vulnerabilities, secrets and misconfigurations',
  usage: `reins scan IMAGE|sbom:FILE [--scanners vuln,secret,misconfig] [--fail-on SEVERITY]
           [--format table|json|cyclonedx|spdx-json|sarif|junit|markdown] [--output FILE]
           [--vex FILE]... [--db PATH] [--offline] [--max-db-age DAYS]
           [--platform OS/ARCH[/VARIANT]|all] [--insecure] [--username U --password P] [--no-cache]

--fail-on LOW|MEDIUM|HIGH|CRITICAL  exit 1 when an unsuppressed vulnerability, secret or failed check
                                    is at or above that severity (after VEX).`,
  async run(ctx) {
    const { values, positionals } = parse('scan', ctx.argv, {
      ...imageFlags,
      scanners: { type: 'string' },
      'fail-on': { type: 'string' },
      vex: { type: 'string', multiple: true },
      db: { type: 'string' },
      offline: { type: 'boolean' },
      'max-db-age': { type: 'string' },
    });
    if (values.help) return (ctx.stdout.write(`${this.usage}\n`), 0);
    const target = oneImage('scan', positionals);
    const formatter = await getFormat(values.format ?? 'table', 'scan');
    const failOn = values['fail-on'] === undefined ? undefined : parseSeverity(values['fail-on'], '--fail-on');
    const maxAge = values['max-db-age'] === undefined ? undefined : Number(values['max-db-age']);
    if (maxAge !== undefined && !(maxAge > 0)) throw new UsageError(`--max-db-age "${values['max-db-age']}": expected a positive number of days`);
    const vulnOpts = {
      ...(values.db !== undefined && { dbPath: values.db }),
      ...(values.vex && { vex: values.vex }),
      ...(values.offline && { offline: true }),
      ...(maxAge !== undefined && { maxDbAgeDays: maxAge }),
      warn: (msg: string) => ctx.stderr.write(`reins scan: warning: ${msg}\n`),
    };
    const progress = progressReporter(ctx);
    // An SBOM is named with the sbom: transport, or recognised by its content (a CycloneDX/SPDX JSON file).
    const sbomFile = target.startsWith('sbom:') ? target.slice('sbom:'.length) : (await isSbomFile(target)) ? target : undefined;
    const reports = sbomFile !== undefined
      ? [await scanSbomFile(sbomFile, vulnOpts)]
      : await scanImage(target, {
          ...vulnOpts,
          scanners: parseScanners(values.scanners),
          ...imageScanOptions(values),
          ...(progress && { onProgress: progress }),
        });
    await emit(ctx, formatter.render({ reports, color: !values.output && useColor(ctx) }), values.output);
    if (failOn) {
      const failing = reports.flatMap((r) => failingFindings(r, failOn));
      if (failing.length) {
        ctx.stderr.write(`reins scan: ${failing.length} finding(s) at or above ${failOn}: ${failing.slice(0, 5).join(', ')}${failing.length > 5 ? ', ...' : ''}\n`);
        return 1;
      }
    }
    return 0;
  },
};
