/**
 * iproute2's json_print layer: every value is printed once through
 * print_*(type, key, fmt, value) and lands either in the text output (with the
 * C format string) or in the JSON document (under the key). Printers ported
 * from iproute2 call these the way the C code does, so `-j` comes for free.
 */
import { JsonWriter } from './json.js';
import { sprintf, type PrintfArg } from './printf.js';

export enum PT {
  FP = 1,
  JSON = 2,
  ANY = 4,
}

/** Where the text goes; stdout is buffered so stderr keeps its place in the stream. */
export interface IpOutput {
  out(text: string): void;
  err(text: string): void;
}

export class Printer {
  private jw: JsonWriter | undefined;
  /** `\n`, or `\` with -oneline. */
  sl = '\n';

  constructor(private readonly io: IpOutput) {}

  get json(): boolean {
    return this.jw !== undefined;
  }

  private isJson(t: PT): boolean {
    return this.jw !== undefined && (t === PT.JSON || t === PT.ANY);
  }

  private isFp(t: PT): boolean {
    return this.jw === undefined && (t === PT.FP || t === PT.ANY);
  }

  /** new_json_obj(json): starts the top-level array when JSON was asked for. */
  newJsonObj(json: boolean, pretty: boolean, withArray = true): void {
    if (!json) return;
    this.jw = new JsonWriter(pretty);
    if (withArray) this.jw.startArray();
  }

  deleteJsonObj(withArray = true): void {
    const jw = this.jw;
    if (!jw) return;
    if (withArray) jw.endArray();
    jw.destroy();
    this.io.out(jw.take());
    this.jw = undefined;
  }

  /** Moves what the JSON writer produced so far to the output (keeps order with stderr). */
  flushJson(): void {
    if (this.jw) this.io.out(this.jw.take());
  }

  fp(text: string): void {
    if (this.jw === undefined) this.io.out(text);
  }

  nl(): void {
    if (this.jw === undefined) this.io.out(this.sl);
  }

  openObject(key?: string): void {
    if (!this.jw) return;
    if (key !== undefined) this.jw.name(key);
    this.jw.startObject();
  }

  closeObject(): void {
    this.jw?.endObject();
  }

  openArray(t: PT, key: string): void {
    if (this.isJson(t)) {
      this.jw!.name(key);
      this.jw!.startArray();
    } else if (this.isFp(t)) this.io.out(key);
  }

  closeArray(t: PT, text: string): void {
    if (this.isJson(t)) this.jw!.endArray();
    else if (this.isFp(t)) this.io.out(text);
  }

  string(t: PT, key: string | null, fmt: string | null, value: string | null): void {
    if (this.isJson(t)) {
      const jw = this.jw!;
      if (key !== null && value === null) jw.name(key);
      else if (key === null && value !== null) jw.string(value);
      else {
        jw.name(key ?? '');
        jw.string(value ?? '');
      }
    } else if (this.isFp(t) && fmt !== null) {
      this.io.out(value === null ? fmt : sprintf(fmt, value));
    }
  }

  private num(t: PT, key: string | null, fmt: string | null, value: PrintfArg, jsonText: string): void {
    if (this.isJson(t)) {
      const jw = this.jw!;
      if (key !== null) jw.name(key);
      jw.raw(jsonText);
    } else if (this.isFp(t) && fmt !== null) {
      this.io.out(sprintf(fmt, value));
    }
  }

  int(t: PT, key: string | null, fmt: string | null, value: number): void {
    this.num(t, key, fmt, value, String(Math.trunc(value)));
  }

  uint(t: PT, key: string | null, fmt: string | null, value: number | bigint): void {
    this.num(t, key, fmt, value, String(value));
  }

  bool(t: PT, key: string | null, fmt: string | null, value: boolean): void {
    if (this.isJson(t)) {
      const jw = this.jw!;
      if (key !== null) jw.name(key);
      jw.raw(value ? 'true' : 'false');
    } else if (this.isFp(t) && fmt !== null) {
      this.io.out(sprintf(fmt, value ? 'true' : 'false'));
    }
  }

  onOff(t: PT, key: string | null, fmt: string, value: boolean): void {
    if (this.isJson(t)) {
      const jw = this.jw!;
      if (key !== null) jw.name(key);
      jw.raw(value ? 'true' : 'false');
    } else if (this.isFp(t)) {
      this.io.out(sprintf(fmt, value ? 'on' : 'off'));
    }
  }

  null(t: PT, key: string, fmt: string | null): void {
    if (this.isJson(t)) {
      this.jw!.name(key);
      this.jw!.raw('null');
    } else if (this.isFp(t) && fmt !== null) this.io.out(fmt);
  }

  /** print_0xhex: text by fmt, JSON as the string "0x…". */
  hex0x(t: PT, key: string, fmt: string, value: number): void {
    if (this.isJson(t)) this.string(PT.JSON, key, null, sprintf('%#llx', value));
    else if (this.isFp(t)) this.io.out(sprintf(fmt, value));
  }

  /** print_hex: text by fmt, JSON as the bare hex string. */
  hex(t: PT, key: string | null, fmt: string, value: number): void {
    if (this.isJson(t)) {
      if (key !== null) this.jw!.name(key);
      this.jw!.string(sprintf('%x', value));
    } else if (this.isFp(t)) this.io.out(sprintf(fmt, value));
  }

  /** jsonw_name + jsonw_printf: a bare JSON value (timers print as 0.00). */
  jsonRaw(key: string, text: string): void {
    if (!this.jw) return;
    this.jw.name(key);
    this.jw.raw(text);
  }

  float(t: PT, key: string | null, fmt: string, value: number): void {
    this.num(t, key, fmt, value, jsonFloat(value));
  }
}

/** %g as the C library prints it (6 significant digits, trailing zeros dropped). */
export function jsonFloat(v: number): string {
  if (v === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m!.includes('.') ? m!.replace(/0+$/, '').replace(/\.$/, '') : m!;
    const en = Number(e);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const s = v.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
