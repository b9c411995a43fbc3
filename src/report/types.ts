/**
 * @module report/types
 * Output formats. Each `report/<format>/index.ts` exports one Formatter; `report/index.ts` is the registry.
 */
import type { ScanReport } from '../scan/types.ts';

export type Command = 'sbom' | 'scan' | 'check';

export interface RenderInput {
  /** One report per platform (several with `--platform all`). */
  reports: ScanReport[];
  /** The policy verdict, for `reins check` (shape owned by policy/). */
  verdict?: unknown;
  /** Colour allowed (TTY and no NO_COLOR). */
  color: boolean;
}

export interface Formatter {
  /** Equal to the folder name under src/report/ and to the `--format` value. */
  readonly id: string;
  readonly title: string;
  readonly specUrls: readonly string[];
  readonly mediaType: string;
  /** Commands that accept this format. */
  readonly commands: readonly Command[];
  render(input: RenderInput): string;
}
