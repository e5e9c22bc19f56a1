/**
 * Readline's part of a terminal: the line being typed, the cursor, history
 * recall and the escape sequences xterm sends for keys. Rendering redraws the
 * prompt and line from their first cell, so wrapped lines and East Asian wide
 * characters (two cells) keep the cursor where the reader sees it.
 */
import { isWide } from './width.js';

export type EditAction =
  | { kind: 'render' }
  | { kind: 'line'; line: string; /** Moves the cursor past the line's end before the newline. */ finish: string }
  | { kind: 'interrupt' }
  | { kind: 'eof' }
  | { kind: 'clear' }
  | { kind: 'tab' }
  | { kind: 'bell' };

/** Bound on one typed line. */
export const LINE_MAX = 8192;

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return 0;
  if (cp === 0x200d) return 0;
  return isWide(cp) ? 2 : 1;
}

const HOME_KEYS = ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~'];
const END_KEYS = ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~'];

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private startCol = 0;
  /** Row of the cursor, counted from the prompt's first row, after the last render. */
  private cursorRow = 0;
  private histIndex: number | undefined;
  private saved: string[] = [];
  private pasting = false;
  private prompt = '';
  private pendingCr = false;
  /** Ctrl-R: the reverse incremental search under way. */
  private search: { query: string; index: number; failed: boolean; saved: string[]; savedCursor: number } | undefined;
  /** What the last render put on the screen. */
  private shown: { prompt: string; cols: number; startCol: number; text: string; cursorAtEnd: boolean } | undefined;
  private cols = 80;

  get text(): string {
    return this.chars.join('');
  }

  /** Characters before the cursor. */
  get cursorIndex(): number {
    return this.cursor;
  }

  textBeforeCursor(): string {
    return this.chars.slice(0, this.cursor).join('');
  }

  clear(): void {
    this.chars = [];
    this.cursor = 0;
    this.histIndex = undefined;
  }

  /** A new prompt starts at this column of the current row. */
  startLine(col: number): void {
    this.startCol = col;
    this.cursorRow = 0;
    this.shown = undefined;
  }

  /** The terminal changed size: the next render redraws everything. */
  invalidate(): void {
    this.shown = undefined;
  }

  setPrompt(p: string): void {
    this.prompt = p;
  }

  insert(text: string): void {
    const add = Array.from(text).filter((c) => charWidth(c) > 0 || c.codePointAt(0)! >= 0x300);
    if (this.chars.length + add.length > LINE_MAX) return;
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
  }

  /** Keys typed while a command runs: complete lines go to `onLine`, a partial one stays in the buffer. */
  typeahead(data: string, onLine: (line: string) => void): void {
    this.feed(data, [], (a) => {
      if (a.kind === 'line') onLine(a.line);
    });
  }

  /**
   * Apply keystrokes, telling `act` what the session must do as each happens (so a
   * render sees the line before Enter clears it).
   */
  feed(data: string, history: readonly string[], act: (a: EditAction) => void): void {
    const actions = { push: act };
    let dirty = false;
    const flush = (): void => {
      if (dirty) actions.push({ kind: 'render' });
      dirty = false;
    };
    let i = 0;
    while (i < data.length) {
      const c = data[i]!;
      if (this.search) {
        const consumed = this.searchKey(data, i, history);
        if (consumed > 0) {
          i += consumed;
          dirty = true;
          continue;
        }
        // Any other key ends the search with the match in the line, then acts as usual.
        this.search = undefined;
        dirty = true;
      }
      if (c === '\x12' && !this.pasting) {
        this.search = {
          query: '',
          index: history.length,
          failed: false,
          saved: [...this.chars],
          savedCursor: this.cursor,
        };
        i++;
        dirty = true;
        continue;
      }
      if (this.pasting) {
        const end = data.indexOf('\x1b[201~', i);
        const chunk = end < 0 ? data.slice(i) : data.slice(i, end);
        for (const part of chunk.split(/(\r\n|\r|\n)/)) {
          if (part === '\r\n' || part === '\r' || part === '\n') {
            flush();
            actions.push(this.take());
            this.clear();
          } else if (part) {
            this.insert(part.replace(/\t/g, '    '));
            dirty = true;
          }
        }
        if (end < 0) break;
        this.pasting = false;
        i = end + 6;
        continue;
      }
      if (c === '\n' && this.pendingCr) {
        this.pendingCr = false;
        i++;
        continue;
      }
      this.pendingCr = false;
      if (c === '\x1b') {
        const seq = this.escape(data, i);
        i += seq.length;
        if (seq === '\x1b[200~') {
          this.pasting = true;
          continue;
        }
        if (seq === '\x1b[D' || seq === '\x1bOD') dirty = this.move(this.cursor - 1) || dirty;
        else if (seq === '\x1b[C' || seq === '\x1bOC') dirty = this.move(this.cursor + 1) || dirty;
        else if (seq === '\x1b[A' || seq === '\x1bOA') dirty = this.recall(-1, history) || dirty;
        else if (seq === '\x1b[B' || seq === '\x1bOB') dirty = this.recall(1, history) || dirty;
        else if (HOME_KEYS.includes(seq)) dirty = this.move(0) || dirty;
        else if (END_KEYS.includes(seq)) dirty = this.move(this.chars.length) || dirty;
        else if (seq === '\x1b[3~') {
          if (this.cursor < this.chars.length) {
            this.chars.splice(this.cursor, 1);
            dirty = true;
          }
        } else if (seq === '\x1bb' || seq === '\x1b[1;5D') dirty = this.move(this.wordStart()) || dirty;
        else if (seq === '\x1bf' || seq === '\x1b[1;5C') dirty = this.move(this.wordEnd()) || dirty;
        continue;
      }
      const cp = c.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) {
        i++;
        switch (c) {
          case '\r':
          case '\n':
            this.pendingCr = c === '\r';
            flush();
            actions.push(this.take());
            this.clear();
            break;
          case '\x7f':
          case '\b':
            if (this.cursor > 0) {
              this.chars.splice(this.cursor - 1, 1);
              this.cursor--;
              dirty = true;
            }
            break;
          case '\x01':
            dirty = this.move(0) || dirty;
            break;
          case '\x05':
            dirty = this.move(this.chars.length) || dirty;
            break;
          case '\x02':
            dirty = this.move(this.cursor - 1) || dirty;
            break;
          case '\x06':
            dirty = this.move(this.cursor + 1) || dirty;
            break;
          case '\x10':
            dirty = this.recall(-1, history) || dirty;
            break;
          case '\x0e':
            dirty = this.recall(1, history) || dirty;
            break;
          case '\x15':
            this.chars.splice(0, this.cursor);
            this.cursor = 0;
            dirty = true;
            break;
          case '\x0b':
            this.chars.length = this.cursor;
            dirty = true;
            break;
          case '\x17': {
            let j = this.cursor;
            while (j > 0 && this.chars[j - 1] === ' ') j--;
            while (j > 0 && this.chars[j - 1] !== ' ') j--;
            this.chars.splice(j, this.cursor - j);
            this.cursor = j;
            dirty = true;
            break;
          }
          case '\x0c':
            flush();
            actions.push({ kind: 'clear' });
            break;
          case '\x03':
            flush();
            actions.push({ kind: 'interrupt' });
            break;
          case '\x04':
            if (this.chars.length === 0) {
              flush();
              actions.push({ kind: 'eof' });
            } else if (this.cursor < this.chars.length) {
              this.chars.splice(this.cursor, 1);
              dirty = true;
            }
            break;
          case '\t':
            flush();
            actions.push({ kind: 'tab' });
            break;
          default:
            break;
        }
        continue;
      }
      // A run of printable text (an IME commits a whole string in one piece): insert it once.
      let j = i;
      while (j < data.length) {
        const d = data.codePointAt(j)!;
        if (d < 0x20 || d === 0x7f || d === 0x1b) break;
        j += d > 0xffff ? 2 : 1;
      }
      this.insert(data.slice(i, j));
      dirty = true;
      i = j;
    }
    flush();
  }

  /** A key in search mode; returns how many characters it used, 0 when the key ends the search. */
  private searchKey(data: string, i: number, history: readonly string[]): number {
    const sr = this.search!;
    const c = data[i]!;
    const find = (from: number): void => {
      for (let k = from; k >= 0; k--) {
        const at = history[k]!.lastIndexOf(sr.query);
        if (sr.query !== '' && at >= 0) {
          sr.index = k;
          sr.failed = false;
          this.chars = Array.from(history[k]!);
          this.cursor = Array.from(history[k]!.slice(0, at)).length;
          return;
        }
      }
      sr.failed = sr.query !== '';
    };
    if (c === '\x12') {
      find(sr.index - 1);
      return 1;
    }
    if (c === '\x07' || c === '\x03') {
      // Ctrl-G (and Ctrl-C) give up: the line as it was.
      this.chars = sr.saved;
      this.cursor = sr.savedCursor;
      this.search = undefined;
      return c === '\x07' ? 1 : 0;
    }
    if (c === '\x7f' || c === '\b') {
      sr.query = Array.from(sr.query).slice(0, -1).join('');
      find(Math.min(history.length - 1, sr.index));
      return 1;
    }
    const cp = data.codePointAt(i)!;
    if (cp >= 0x20 && c !== '\x7f' && c !== '\x1b') {
      const ch = String.fromCodePoint(cp);
      sr.query += ch;
      find(Math.min(history.length - 1, sr.index));
      return ch.length;
    }
    return 0;
  }

  /** The prompt bash shows during Ctrl-R instead of the usual one. */
  private searchPrompt(): string | undefined {
    const sr = this.search;
    if (!sr) return undefined;
    return `(${sr.failed ? 'failed ' : ''}reverse-i-search)\`${sr.query}': `;
  }

  /** The escape sequence starting at data[i]. */
  private escape(data: string, i: number): string {
    const next = data[i + 1];
    if (next === '[') {
      let j = i + 2;
      while (j < data.length && /[0-9;?<>=]/.test(data[j]!)) j++;
      return data.slice(i, Math.min(j + 1, data.length));
    }
    if (next === 'O') return data.slice(i, i + 3);
    if (next === undefined) return '\x1b';
    return data.slice(i, i + 2);
  }

  /** Enter: the session handles the line (the cursor math still sees it), then the buffer empties. */
  private take(): EditAction {
    const line = this.text;
    const finish = this.finish(this.cols);
    return { kind: 'line', line, finish };
  }

  private move(to: number): boolean {
    const t = Math.max(0, Math.min(this.chars.length, to));
    if (t === this.cursor) return false;
    this.cursor = t;
    return true;
  }

  private wordStart(): number {
    let j = this.cursor;
    while (j > 0 && !/[\p{L}\p{N}_]/u.test(this.chars[j - 1]!)) j--;
    while (j > 0 && /[\p{L}\p{N}_]/u.test(this.chars[j - 1]!)) j--;
    return j;
  }

  private wordEnd(): number {
    let j = this.cursor;
    const n = this.chars.length;
    while (j < n && !/[\p{L}\p{N}_]/u.test(this.chars[j]!)) j++;
    while (j < n && /[\p{L}\p{N}_]/u.test(this.chars[j]!)) j++;
    return j;
  }

  private recall(dir: -1 | 1, history: readonly string[]): boolean {
    if (history.length === 0) return false;
    let idx = this.histIndex ?? history.length;
    if (this.histIndex === undefined) this.saved = [...this.chars];
    idx += dir;
    if (idx < 0 || idx > history.length) return false;
    this.histIndex = idx === history.length ? undefined : idx;
    this.chars = idx === history.length ? [...this.saved] : Array.from(history[idx]!);
    this.cursor = this.chars.length;
    return true;
  }

  /** Lay out prompt + line from startCol; returns the cell after each character and the end. */
  private layout(
    prompt: string,
    cols: number,
  ): { pos: { row: number; col: number }[]; end: { row: number; col: number } } {
    let row = 0;
    let col = this.startCol;
    const place = (w: number): void => {
      if (col + w > cols) {
        row++;
        col = 0;
      }
      col += w;
    };
    for (const ch of prompt) place(charWidth(ch));
    const pos: { row: number; col: number }[] = [{ row, col }];
    for (const ch of this.chars) {
      place(charWidth(ch));
      pos.push({ row, col });
    }
    return { pos, end: { row, col } };
  }

  /** Escape sequences that redraw prompt and line and put the cursor in place. */
  render(shellPrompt: string, cols: number, initial: boolean): string {
    const prompt = this.searchPrompt() ?? shellPrompt;
    const width = Math.max(2, cols);
    const last = this.shown;
    const text = this.text;
    // Typing at the end of the line: write just the new characters (a paste arrives one key at a time).
    if (
      !initial &&
      last !== undefined &&
      last.prompt === prompt &&
      last.cols === cols &&
      last.startCol === this.startCol &&
      last.cursorAtEnd &&
      this.cursor === this.chars.length &&
      text.length > last.text.length &&
      text.startsWith(last.text)
    ) {
      let out = text.slice(last.text.length);
      const { end } = this.layout(prompt, width);
      let row = end.row;
      if (end.col >= width) {
        out += '\r\n';
        row++;
      }
      this.cursorRow = row;
      this.shown = { prompt, cols, startCol: this.startCol, text, cursorAtEnd: true };
      return out;
    }
    this.shown = { prompt, cols, startCol: this.startCol, text, cursorAtEnd: this.cursor === this.chars.length };
    this.prompt = prompt;
    this.cols = cols;
    let out = '';
    if (!initial) {
      if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
      out += '\r';
      if (this.startCol > 0) out += `\x1b[${this.startCol}C`;
    }
    out += prompt + this.text;
    const { pos, end } = this.layout(prompt, width);
    let curRow = end.row;
    let curCol = end.col;
    if (end.col >= width) {
      // The terminal waits to wrap; make it wrap so the cursor math holds.
      out += '\r\n';
      curRow++;
      curCol = 0;
    }
    out += '\x1b[J';
    const target = pos[this.cursor]!;
    let tRow = target.row;
    let tCol = target.col;
    if (tCol >= width) {
      tRow++;
      tCol = 0;
    }
    if (curRow > tRow) out += `\x1b[${curRow - tRow}A`;
    if (curCol !== tCol) out += tCol === 0 ? '\r' : `\r\x1b[${tCol}C`;
    this.cursorRow = tRow;
    return out;
  }

  /** Move the cursor past the end of the line (before Enter's newline). */
  finish(cols: number): string {
    const width = Math.max(2, cols);
    const { end } = this.layout(this.prompt, width);
    const endRow = end.col >= width ? end.row + 1 : end.row;
    const endCol = end.col >= width ? 0 : end.col;
    let out = '';
    if (endRow > this.cursorRow) out += `\x1b[${endRow - this.cursorRow}B`;
    out += endCol === 0 ? '\r' : `\r\x1b[${endCol}C`;
    this.cursorRow = endRow;
    return out;
  }

  /** Erase the prompt and line (output arrives while the reader types). */
  erase(): string {
    this.shown = undefined;
    let out = '';
    if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    out += '\r';
    if (this.startCol > 0) out += `\x1b[${this.startCol}C`;
    out += '\x1b[J';
    this.cursorRow = 0;
    return out;
  }
}
