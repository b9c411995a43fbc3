/**
 * @module report/table/grid
 * A plain-text table that fits a terminal width without any dependency: columns take their
 * natural width; when the sum is too wide, the columns marked `flex` shrink (longest first) and
 * their cells are cut with `…`. Colour is applied after padding, so ANSI codes never skew widths.
 */

export interface Cell {
  text: string;
  /** Wraps the padded text (e.g. in ANSI colour codes); must not change its visible width. */
  paint?: (s: string) => string;
}

export interface GridOptions {
  /** Total width available. */
  width: number;
  /** Column indexes that may be shortened. */
  flex?: readonly number[];
  /** Smallest width a flex column is cut to. */
  minFlex?: number;
}

const GAP = '  ';

/** Visible width: code points (good enough for names, versions and paths). */
export function textWidth(s: string): number {
  return [...s].length;
}

export function truncate(s: string, width: number): string {
  const chars = [...s];
  if (chars.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  return `${chars.slice(0, width - 1).join('')}…`;
}

function cellOf(c: Cell | string): Cell {
  return typeof c === 'string' ? { text: c } : c;
}

/** Column widths after shrinking flex columns to fit `width`. */
export function fitWidths(natural: number[], opts: GridOptions): number[] {
  const widths = [...natural];
  const minFlex = opts.minFlex ?? 8;
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * Math.max(0, widths.length - 1);
  const flex = opts.flex ?? [];
  while (total() > opts.width) {
    let widest = -1;
    for (const i of flex) {
      const w = widths[i] ?? 0;
      if (w > minFlex && (widest === -1 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) break;
    widths[widest] = Math.max(minFlex, (widths[widest] ?? 0) - Math.max(1, total() - opts.width));
  }
  return widths;
}

/** Renders a header line, a rule and the rows; every line ends without trailing spaces. */
export function renderGrid(headers: readonly string[], rows: readonly (readonly (Cell | string)[])[], opts: GridOptions): string[] {
  const natural = headers.map((h, i) =>
    Math.max(textWidth(h), ...rows.map((r) => textWidth(cellOf(r[i] ?? '').text))),
  );
  const widths = fitWidths(natural, opts);
  const line = (cells: readonly (Cell | string)[]): string =>
    headers
      .map((_, i) => {
        const c = cellOf(cells[i] ?? '');
        const w = widths[i] ?? 0;
        const t = truncate(c.text, w);
        const padded = i === headers.length - 1 ? t : t + ' '.repeat(Math.max(0, w - textWidth(t)));
        return c.paint ? c.paint(padded) : padded;
      })
      .join(GAP)
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join(GAP), ...rows.map(line)];
}
