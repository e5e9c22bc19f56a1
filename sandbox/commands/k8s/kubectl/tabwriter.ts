/**
 * Go's text/tabwriter as kubectl configures it (minwidth 6, padding 3, pad
 * with spaces, no flags): each column is as wide as its widest cell plus 3,
 * at least 6; the last cell of a line is not padded. Cells are counted in
 * runes, which is what Go does for the ASCII kubectl prints.
 */
export function tabwrite(rows: readonly (readonly string[])[]): string {
  // A column block ends at a line with fewer cells, as in Go; kubectl's tables
  // are rectangular, so one width per column index is enough.
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length - 1; i++) {
      widths[i] = Math.max(widths[i] ?? 0, Math.max(6, [...r[i]!].length + 3));
    }
  }
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) {
      const cell = r[i]!;
      line += i < r.length - 1 ? cell + ' '.repeat(widths[i]! - [...cell].length) : cell;
    }
    out += line + '\n';
  }
  return out;
}
