/**
 * iproute2's json_writer: the exact bytes `ip -j` and `ip -j -p` print,
 * separators, pretty-print indentation and string escapes included.
 */
export class JsonWriter {
  private depth = 0;
  private sep = '';
  private out = '';

  constructor(readonly pretty: boolean) {}

  take(): string {
    const s = this.out;
    this.out = '';
    return s;
  }

  private indent(): void {
    for (let i = 0; i < this.depth; i++) this.out += '    ';
  }

  private eol(): void {
    if (!this.pretty) return;
    this.out += '\n';
    this.indent();
  }

  private eor(): void {
    if (this.sep !== '') this.out += this.sep;
    this.sep = ',';
  }

  private puts(str: string): void {
    if (!/[\t\n\r\f\b\\"]/.test(str)) {
      this.out += '"' + str + '"';
      return;
    }
    let s = '"';
    for (const ch of str) {
      switch (ch) {
        case '\t':
          s += '\\t';
          break;
        case '\n':
          s += '\\n';
          break;
        case '\r':
          s += '\\r';
          break;
        case '\f':
          s += '\\f';
          break;
        case '\b':
          s += '\\b';
          break;
        case '\\':
          s += '\\\\';
          break;
        case '"':
          s += '\\"';
          break;
        default:
          s += ch;
      }
    }
    this.out += s + '"';
  }

  /** Closes the document: iproute2 ends it with a newline. */
  destroy(): void {
    this.out += '\n';
  }

  private begin(c: string): void {
    this.eor();
    this.out += c;
    this.depth++;
    this.sep = '';
  }

  private end(c: string): void {
    this.depth--;
    if (this.sep !== '') this.eol();
    this.out += c;
    this.sep = ',';
  }

  name(name: string): void {
    this.eor();
    this.eol();
    this.sep = '';
    this.puts(name);
    this.out += this.pretty ? ': ' : ':';
  }

  raw(text: string): void {
    this.eor();
    this.out += text;
  }

  startObject(): void {
    this.begin('{');
  }

  endObject(): void {
    this.end('}');
  }

  startArray(): void {
    this.begin('[');
    if (this.pretty) this.out += ' ';
  }

  endArray(): void {
    if (this.pretty && this.sep) this.out += ' ';
    this.sep = '';
    this.end(']');
  }

  string(value: string): void {
    this.eor();
    this.puts(value);
  }
}
