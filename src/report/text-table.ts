import { wrapText } from './wrap-text.js';

const GAP = '   ';
/** A wrapped free-text column keeps at least this many characters. */
const NARROWEST = 8;
/** Beyond this, a long word (a URL, a path) in a wrapped column is cut rather than kept whole. */
const LONGEST_WORD_KEPT = 20;
/** A last column of prose squeezed below this is read more easily on its own lines under its row. */
const READABLE = 16;
const UNDER_ROW = '    ';

/** How a table should fit its terminal. Without a width, it is as wide as its content. */
export interface TableFit {
  /** The columns the table may take (a terminal's width). */
  readonly width?: number;
  /** Indexes of the free-text columns that may wrap to fit; names and versions never do. */
  readonly wrap?: readonly number[];
}

const longestWord = (text: string) => Math.max(0, ...text.split(' ').map((w) => w.length));

/**
 * Column widths that fit `width`: the widest wrappable column gives up a character at a time, down
 * to its longest word (capped, and at least NARROWEST), since cutting words reads worse than a
 * table that overflows; what still does not fit overflows.
 */
function fitWidths(columns: readonly (readonly string[])[], wrap: readonly number[], width: number | undefined): number[] {
  const widths = columns.map((cells) => Math.max(...cells.map((c) => c.length)));
  if (width === undefined) return widths;
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1);
  const floor = new Map(wrap.map((i) => [i, Math.max(NARROWEST, Math.min(LONGEST_WORD_KEPT, Math.max(...(columns[i] ?? []).map(longestWord))))]));
  while (total() > width) {
    let widest: number | undefined;
    for (const [column, least] of floor) {
      const w = widths[column] ?? 0;
      if (w > least && (widest === undefined || w > (widths[widest] ?? 0))) widest = column;
    }
    if (widest === undefined) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}

/** Each row as one or more lines, its wrappable cells wrapped to their column's width. */
function layOut(all: readonly (readonly string[])[], wrap: readonly number[], width: number | undefined): { widths: number[]; rows: string[][] } {
  const columns = (all[0] ?? []).map((_, i) => all.map((r) => r[i] ?? ''));
  const widths = fitWidths(columns, wrap, width);
  const wrapped = new Set(wrap);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join(GAP)
      .trimEnd();
  const rows = all.map((cells) => {
    const parts = cells.map((c, i) => (wrapped.has(i) && c.length > (widths[i] ?? 0) ? wrapText(c, widths[i] ?? 0) : [c]));
    const height = Math.max(1, ...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => line(parts.map((p) => p[k] ?? '')));
  });
  return { widths, rows };
}

/**
 * A plain left-aligned text table with a header row, columns separated by three spaces. Given a
 * width, the free-text columns named in `fit.wrap` wrap onto more lines so the table fits; a last
 * such column left fewer than READABLE characters (or less than its longest word) moves under each
 * row instead.
 * A table that already fits is drawn exactly as without a width.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], fit: TableFit = {}): string {
  const { width } = fit;
  const wrap = width === undefined ? [] : (fit.wrap ?? []);
  const all = [headers, ...rows];
  const laidOut = layOut(all, wrap, width);
  const last = headers.length - 1;
  // The room the other columns leave the last one: too little, and its text goes under its row.
  const room = width === undefined ? 0 : width - laidOut.widths.slice(0, last).reduce((sum, w) => sum + w + GAP.length, 0);
  const lastWidth = laidOut.widths[last] ?? 0;
  const squeezed = width !== undefined && last > 0 && wrap.includes(last) && (room < READABLE || lastWidth > room) && rows.some((r) => (r[last] ?? '').length > room);
  if (!squeezed) return laidOut.rows.flat().join('\n');
  const rest = layOut(all.map((r) => r.slice(0, last)), wrap.filter((i) => i !== last), width);
  const under = (text: string) => (text === '' ? [] : wrapText(text, width - UNDER_ROW.length).map((l) => `${UNDER_ROW}${l}`));
  return rest.rows.flatMap((lines, r) => (r === 0 ? lines : [...lines, ...under(rows[r - 1]?.[last] ?? '')])).join('\n');
}

/** The width a table takes as drawn without a width: its widest cell per column, plus the gaps. */
export function tableWidthOf(headers: readonly string[], rows: readonly (readonly string[])[]): number {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, widths.length - 1);
}

/**
 * The columns to show so a table fits `width`: every column when it fits, else the columns named in
 * `leaveOut` are left out one at a time, in that order, until it fits (or none is left to leave
 * out: what remains then overflows, since the rest are names and versions that are never cut).
 * Returns the indexes kept, in table order.
 */
export function columnsThatFit(headers: readonly string[], rows: readonly (readonly string[])[], width: number | undefined, leaveOut: readonly number[]): number[] {
  const kept = headers.map((_, i) => i);
  if (width === undefined) return kept;
  const widthOf = (columns: readonly number[]) => tableWidthOf(columns.map((i) => headers[i] ?? ''), rows.map((r) => columns.map((i) => r[i] ?? '')));
  for (const column of leaveOut) {
    if (widthOf(kept) <= width) break;
    const at = kept.indexOf(column);
    if (at >= 0) kept.splice(at, 1);
  }
  return kept;
}
