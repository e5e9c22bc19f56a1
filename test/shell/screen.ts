/**
 * A small model of xterm's screen for the tests: printable text with wide
 * characters and the deferred wrap at the last column, CR, LF, and the cursor
 * and erase sequences the line editor sends. What it shows is what a reader sees.
 */
import { isWide } from '../../sandbox/shell/width.js';

export class Screen {
  lines: string[][] = [[]];
  row = 0;
  col = 0;

  constructor(readonly cols: number) {}

  write(data: string): void {
    for (let i = 0; i < data.length;) {
      const c = data[i]!;
      if (c === '\x1b') {
        const m = /^\x1b\[([0-9;?]*)([A-Za-z~])/.exec(data.slice(i));
        if (!m) {
          i++;
          continue;
        }
        this.csi(m[1]!, m[2]!);
        i += m[0].length;
        continue;
      }
      const cp = data.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      i += ch.length;
      if (c === '\r') this.col = 0;
      else if (c === '\n') this.moveRow(1);
      else if (c === '\x07') continue;
      else if (c === '\b') this.col = Math.max(0, Math.min(this.col, this.cols - 1) - 1);
      else if (cp >= 0x20) this.put(ch, isWide(cp) ? 2 : 1);
    }
  }

  private moveRow(n: number): void {
    this.row = Math.max(0, this.row + n);
    while (this.lines.length <= this.row) this.lines.push([]);
  }

  private put(ch: string, w: number): void {
    if (this.col + w > this.cols) {
      this.moveRow(1);
      this.col = 0;
    }
    const line = this.lines[this.row]!;
    while (line.length < this.col) line.push(' ');
    line[this.col] = ch;
    if (w === 2) line[this.col + 1] = '';
    this.col += w;
  }

  private csi(params: string, final: string): void {
    const n = params === '' ? 1 : Number(params.split(';')[0]) || 1;
    if (this.col >= this.cols && 'ABCD'.includes(final)) this.col = this.cols - 1;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.moveRow(n);
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'J':
        if (params === '2') {
          this.lines = [[]];
          this.row = 0;
          this.col = 0;
        } else {
          this.lines[this.row]!.length = Math.min(this.lines[this.row]!.length, this.col);
          this.lines.length = this.row + 1;
        }
        break;
      case 'K':
        this.lines[this.row]!.length = Math.min(this.lines[this.row]!.length, this.col);
        break;
      case 'H':
        this.row = 0;
        this.col = 0;
        break;
      default:
        break;
    }
  }

  /** Every row as text, trailing blanks removed, trailing empty rows dropped. */
  text(): string {
    const rows = this.lines.map((l) => l.join('').replace(/\s+$/, ''));
    while (rows.length > 1 && rows[rows.length - 1] === '') rows.pop();
    return rows.join('\n');
  }

  /** The cursor as (row, col). */
  cursor(): { row: number; col: number } {
    return { row: this.row, col: Math.min(this.col, this.cols - 1) };
  }
}
