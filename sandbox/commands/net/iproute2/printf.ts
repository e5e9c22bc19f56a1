/**
 * The few printf conversions iproute2's format strings use (%s %d %u %x %f
 * with flags, width and precision), so format strings can be copied from the
 * C sources and print byte for byte what the C library prints.
 */
export type PrintfArg = string | number | bigint | boolean;

const SIMPLE = /^([^%]*)%(s|u|d)([^%]*)$/;
const SPEC = /%([-#0 +]*)(\d+|\*)?(?:\.(\d+))?(hh|h|ll|l|z)?([sdiuxXfgc%])/g;

export function sprintf(fmt: string, ...args: PrintfArg[]): string {
  // The common iproute2 formats: one %s or %u with literal text around it.
  const simple = SIMPLE.exec(fmt);
  if (simple && args.length === 1) return simple[1]! + String(args[0]) + simple[3]!;
  let i = 0;
  return fmt.replace(
    SPEC,
    (_m, flags: string, width: string | undefined, prec: string | undefined, _len, conv: string) => {
      if (conv === '%') return '%';
      let w = width === undefined ? 0 : width === '*' ? Number(args[i++] ?? 0) : Number(width);
      let left = flags.includes('-');
      if (w < 0) {
        left = true;
        w = -w;
      }
      const arg = args[i++];
      let body: string;
      switch (conv) {
        case 's':
          body = String(arg ?? '(null)');
          if (prec !== undefined) body = body.slice(0, Number(prec));
          break;
        case 'c':
          body = typeof arg === 'number' ? String.fromCharCode(arg) : String(arg ?? '');
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = typeof arg === 'bigint' ? arg : BigInt(Math.trunc(Number(arg ?? 0)));
          body = n.toString();
          if (n >= 0n && flags.includes('+')) body = '+' + body;
          else if (n >= 0n && flags.includes(' ')) body = ' ' + body;
          break;
        }
        case 'x':
        case 'X': {
          const n = typeof arg === 'bigint' ? arg : BigInt(Math.trunc(Number(arg ?? 0)) >>> 0);
          body = n.toString(16);
          if (prec !== undefined) body = body.padStart(Number(prec), '0');
          if (conv === 'X') body = body.toUpperCase();
          if (flags.includes('#') && n !== 0n) body = (conv === 'X' ? '0X' : '0x') + body;
          break;
        }
        case 'f':
          body = Number(arg ?? 0).toFixed(prec === undefined ? 6 : Number(prec));
          break;
        default: {
          // %g: shortest form, as the JSON writer prints floats.
          body = String(Number(arg ?? 0));
        }
      }
      if (body.length >= w) return body;
      if (left) return body.padEnd(w, ' ');
      if (flags.includes('0') && conv !== 's' && conv !== 'c') {
        const sign = /^[+\- ]/.test(body) ? body[0]! : '';
        const prefix = /^(0x|0X)/.test(body.slice(sign.length)) ? body.slice(sign.length, sign.length + 2) : '';
        const digits = body.slice(sign.length + prefix.length);
        return sign + prefix + digits.padStart(w - sign.length - prefix.length, '0');
      }
      return body.padStart(w, ' ');
    },
  );
}
