/**
 * @module cli/commands/sbom
 * `reins sbom IMAGE`: the image's packages, layer by layer, as a table, JSON, CycloneDX 1.6 or SPDX 2.3.
 */
import { getFormat } from '../../report/index.ts';
import { buildSbom } from '../../scan/index.ts';
import { imageFlags, imageScanOptions, oneImage, parse } from '../args.ts';
import { emit, progressReporter, useColor } from '../output.ts';
import type { Command } from '../types.ts';

export const sbomCommand: Command = {
  name: 'sbom',
  summary: 'List every package in an image (table, json, cyclonedx, spdx-json)',
  usage: `reins sbom IMAGE [--format table|json|cyclonedx|spdx-json] [--output FILE]
           [--platform OS/ARCH[/VARIANT]|all] [--insecure] [--username U --password P] [--no-cache]

IMAGE is a path (docker-archive or OCI tarball, OCI layout directory: detected from content),
a registry reference (registry/name:tag, name@sha256:...), or a transport as skopeo spells it:
docker-archive:PATH, oci-archive:PATH, oci:DIR[:TAG], docker://REF, docker-daemon:REF.`,
  async run(ctx) {
    const { values, positionals } = parse('sbom', ctx.argv, imageFlags);
    if (values.help) return (ctx.stdout.write(`${this.usage}\n`), 0);
    const image = oneImage('sbom', positionals);
    const formatter = await getFormat(values.format ?? 'table', 'sbom');
    const progress = progressReporter(ctx);
    const reports = await buildSbom(image, {
      ...imageScanOptions(values),
      ...(progress && { onProgress: progress }),
    });
    await emit(ctx, formatter.render({ reports, color: !values.output && useColor(ctx) }), values.output);
    return 0;
  },
};
