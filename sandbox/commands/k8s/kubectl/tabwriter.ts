/**
 * Go's text/tabwriter (the column-block algorithm of format()), with the
 * settings kubectl uses: get tables minwidth 6 / padding 3, describe
 * minwidth 0 / padding 2, space padding, no flags. A cell is text ended by
 * a tab; the text after a line's last tab is not part of any column.
 * Consecutive lines that have a cell in column k form a block sharing one
 * width for that column. Widths count runes, as Go does for ASCII.
 */
export interface TabOptions {
  minWidth: number;
  padding: number;
}

export const GET_TABS: TabOptions = { minWidth: 6, padding: 3 };
export const DESCRIBE_TABS: TabOptions = { minWidth: 0, padding: 2 };

function runeLen(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // East Asian wide characters take two columns in a terminal; Go counts runes, and so do we.
    void c;
    n++;
  }
  return n;
}

/** Format tab-separated text (lines end with \n; cells end with \t). */
export function goTabwrite(text: string, o: TabOptions): string {
  const lines = text.split('\n');
  const trailingNewline = text.endsWith('\n');
  if (trailingNewline) lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';
  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line = cells[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (j < line.length - 1) out += c + ' '.repeat(Math.max(0, (widths[j] ?? 0) - runeLen(c)));
        else out += c;
      }
      out += '\n';
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let th = line0; th < line1; th++) {
      if (column >= cells[th]!.length - 1) continue;
      writeLines(line0, th);
      line0 = th;
      let width = o.minWidth;
      for (; th < line1; th++) {
        const line = cells[th]!;
        if (column >= line.length - 1) break;
        const w = runeLen(line[column]!) + o.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, th);
      widths.pop();
      line0 = th;
      th--;
    }
    writeLines(line0, line1);
  };
  format(0, cells.length);
  if (!trailingNewline) out = out.slice(0, -1);
  return out;
}

/** A table of rows (kubectl get): each row's cells joined by tabs. */
export function tabwrite(rows: readonly (readonly string[])[], o: TabOptions = GET_TABS): string {
  return goTabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', o);
}

/**
 * kubectl's tabwriter is liggitt/tabwriter with RememberWidths: after a
 * Flush the column widths stay, so `get -w` rows line up with the table
 * above them (a wider cell widens its column for the rows after it).
 */
export class RememberingTable {
  private widths: number[] = [];

  constructor(private readonly o: TabOptions = GET_TABS) {}

  write(rows: readonly (readonly string[])[]): string {
    for (const r of rows) {
      for (let i = 0; i < r.length - 1; i++) {
        this.widths[i] = Math.max(this.widths[i] ?? this.o.minWidth, runeLen(r[i]!) + this.o.padding);
      }
    }
    let out = '';
    for (const r of rows) {
      out +=
        r.map((c, i) => (i < r.length - 1 ? c + ' '.repeat(Math.max(0, this.widths[i]! - runeLen(c))) : c)).join('') +
        '\n';
    }
    return out;
  }
}
