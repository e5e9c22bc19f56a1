/** printf as bash's builtin: conversions %s %b %c %d %i %u %o %x %X %e %f %g %q %%, reused until the arguments run out. */
import type { Command } from '../../shell/command.js';
import { echoEscapes } from './echo.js';

function formatEscapes(s: string): string {
  return echoEscapes(s.replace(/\\c/g, '\\\\c')).text;
}

function toNumber(arg: string | undefined, onError: (a: string) => void): number {
  if (arg === undefined || arg === '') return 0;
  if (/^['"]/.test(arg)) return arg.codePointAt(1) ?? 0;
  const n = /^[+-]?0x[0-9a-f]+$/i.test(arg)
    ? parseInt(arg, 16)
    : /^[+-]?0[0-7]+$/.test(arg)
      ? parseInt(arg, 8)
      : Number(arg);
  if (!Number.isFinite(n)) {
    onError(arg);
    const m = /^[+-]?\d+/.exec(arg);
    return m ? Number(m[0]) : 0;
  }
  return n;
}

function pad(s: string, width: number | undefined, left: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (left) return s.padEnd(width);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

export const printf: Command = {
  name: 'printf',
  summary: 'format and print data',
  usage: 'printf: usage: printf [-v var] format [arguments]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    const fmt = args.shift();
    if (fmt === undefined) {
      ctx.stderr.write(`bash: ${this.usage}\n`);
      return 2;
    }
    let status = 0;
    const bad = (a: string): void => {
      ctx.stderr.write(`bash: printf: ${a}: invalid number\n`);
      status = 1;
    };
    let out = '';
    let ai = 0;
    let stop = false;
    do {
      const start = ai;
      for (let i = 0; i < fmt.length && !stop; i++) {
        const c = fmt[i]!;
        if (c === '\\') {
          const m = /^\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|.)/.exec(fmt.slice(i))![0];
          if (m === '\\c') {
            stop = true;
            break;
          }
          out += formatEscapes(m);
          i += m.length - 1;
          continue;
        }
        if (c !== '%') {
          out += c;
          continue;
        }
        const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sbcdiuoxXeEfgGq%])/.exec(fmt.slice(i));
        if (!m) {
          ctx.stderr.write(`bash: printf: \`${fmt.slice(i + 1, i + 2)}': invalid format character\n`);
          return 1;
        }
        i += m[0].length - 1;
        const flags = m[1]!;
        const conv = m[4]!;
        if (conv === '%') {
          out += '%';
          continue;
        }
        const width = m[2] === '*' ? toNumber(args[ai++], bad) : m[2] !== undefined ? Number(m[2]) : undefined;
        const prec = m[3] === '*' ? toNumber(args[ai++], bad) : m[3] !== undefined ? Number(m[3]) : undefined;
        const arg = args[ai++];
        const left = flags.includes('-');
        const zero = flags.includes('0') && !left;
        let s: string;
        switch (conv) {
          case 's':
            s = arg ?? '';
            if (prec !== undefined) s = s.slice(0, prec);
            break;
          case 'q':
            s =
              arg === undefined || arg === ''
                ? "''"
                : /^[A-Za-z0-9_./=:,+-]+$/.test(arg)
                  ? arg
                  : arg.replace(/([^A-Za-z0-9_./=:,+-])/g, '\\$1');
            break;
          case 'b': {
            const r = echoEscapes(arg ?? '');
            s = r.text;
            if (r.stop) stop = true;
            break;
          }
          case 'c':
            s = (arg ?? '').slice(0, 1);
            break;
          case 'd':
          case 'i':
          case 'u': {
            const n = Math.trunc(toNumber(arg, bad));
            s = String(Math.abs(n));
            if (prec !== undefined) s = s.padStart(prec, '0');
            s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
            break;
          }
          case 'o':
          case 'x':
          case 'X': {
            const n = Math.trunc(toNumber(arg, bad));
            const v = n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n);
            s = v.toString(conv === 'o' ? 8 : 16);
            if (conv === 'X') s = s.toUpperCase();
            if (flags.includes('#') && n !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
            break;
          }
          default: {
            const n = toNumber(arg, bad);
            const p = prec ?? 6;
            s =
              conv === 'f'
                ? n.toFixed(p)
                : conv === 'e' || conv === 'E'
                  ? n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2')
                  : String(Number(n.toPrecision(p || 1)));
            if (conv === 'E' || conv === 'G') s = s.toUpperCase();
            if (n >= 0 && flags.includes('+')) s = '+' + s;
          }
        }
        out += pad(s, width, left, zero && conv !== 's' && conv !== 'c' && conv !== 'b' && conv !== 'q');
      }
      if (ai === start) break;
    } while (ai < args.length && !stop);
    ctx.stdout.write(out);
    return status;
  },
};
