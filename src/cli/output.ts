/**
 * @module cli/output
 * Writes a rendered report to stdout or, with --output, to a file atomically (never half-written),
 * and shows layer progress on a terminal.
 */
import { writeFileAtomic } from '../common/atomic-write.ts';
import type { ProgressEvent } from '../scan/index.ts';
import type { CommandContext } from './types.ts';

export async function emit(ctx: CommandContext, text: string, output: string | undefined): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (output) await writeFileAtomic(output, body);
  else ctx.stdout.write(body);
}

export function useColor(ctx: CommandContext, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '') return false;
  if (ctx.env.FORCE_COLOR) return true;
  const s = ctx[stream] as NodeJS.WritableStream & { isTTY?: boolean };
  return s.isTTY === true;
}

const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

/** Progress lines on a TTY (layers fetched/read, with sizes); nothing otherwise. */
export function progressReporter(ctx: CommandContext): ((e: ProgressEvent) => void) | undefined {
  if (!ctx.isTTY) return undefined;
  const read = new Map<number, number>();
  const sizes = new Map<number, number>();
  let last = 0;
  return (e) => {
    switch (e.kind) {
      case 'resolved':
        ctx.stderr.write(`reins: ${e.images} image(s), ${e.layers} layer(s)\n`);
        break;
      case 'layer-start':
        sizes.set(e.index, e.size);
        ctx.stderr.write(`reins: layer ${e.index} ${e.digest.slice(0, 19)} ${mib(e.size)}${e.cached ? ' (cached)' : ''}\n`);
        break;
      case 'layer-bytes': {
        read.set(e.index, (read.get(e.index) ?? 0) + e.bytes);
        const now = Date.now();
        if (now - last > 250) {
          last = now;
          ctx.stderr.write(`\rreins: layer ${e.index} read ${mib(read.get(e.index) ?? 0)} of ${mib(sizes.get(e.index) ?? 0)}   `);
        }
        break;
      }
      case 'layer-done':
        ctx.stderr.write(`\rreins: layer ${e.index} done${' '.repeat(30)}\n`);
        break;
    }
  };
}
