/**
 * tcpdump's command line, read the way GNU getopt_long reads it: options may
 * follow the filter words (`tcpdump 'udp[39]=1' -nv -i eth0`), clustered flags
 * (`-nnvv`), attached or separate arguments (`-c4`, `-c 4`), `--` ends options.
 */
export const TCPDUMP_VERSION =
  'tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.19 27 Jan 2026\n';

export const TCPDUMP_USAGE =
  'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n' +
  '\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n' +
  '\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n' +
  '\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n' +
  '\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n' +
  '\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n' +
  '\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n' +
  '\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n';

export const MAX_SNAPLEN = 262144;

export interface TcpdumpOptions {
  count: number | undefined;
  listInterfaces: boolean;
  linkHeader: boolean;
  interface: string | undefined;
  numeric: number;
  quiet: number;
  verbose: number;
  hex: number;
  hexAscii: number;
  /** -A: the payload as ASCII. */
  ascii: boolean;
  readFile: string | undefined;
  writeFile: string | undefined;
  snaplen: number;
  /** -t count: 0 time of day, 1 none, 2 epoch, 3 delta from previous, 4 date and time, 5 delta from first. */
  timestamps: number;
  promisc: boolean;
  direction: 'in' | 'out' | 'inout';
  /** --print: print packets even with -w. */
  print: boolean;
  /** Packets numbered (--number / -#). */
  number: boolean;
  /** --count: with -r, print only how many packets matched. */
  countOnly: boolean;
  help: boolean;
  version: boolean;
  expression: string;
}

/** Flags we accept but that change nothing in the emulator. */
const IGNORED_FLAGS = new Set(['l', 'U', 'S', 'K', 'N', 'O', 'I', 'f', 'u', 'b', 'H', 'd']);
/** Options with an argument we accept and ignore. */
const IGNORED_WITH_ARG = new Set(['B', 'C', 'E', 'F', 'G', 'j', 'J', 'M', 'T', 'V', 'W', 'y', 'z', 'Z', 'm']);

const WITH_ARG = new Set(['c', 'i', 'r', 'w', 's', 'Q', ...IGNORED_WITH_ARG]);

const LONG: Record<string, { arg: boolean; short?: string }> = {
  count: { arg: false },
  help: { arg: false, short: 'h' },
  version: { arg: false },
  interface: { arg: true, short: 'i' },
  'immediate-mode': { arg: false },
  number: { arg: false, short: '#' },
  print: { arg: false },
  micro: { arg: false },
  nano: { arg: false },
  'time-stamp-precision': { arg: true },
  'list-interfaces': { arg: false, short: 'D' },
  direction: { arg: true, short: 'Q' },
  'snapshot-length': { arg: true, short: 's' },
};

export type ParseResult = { ok: true; opts: TcpdumpOptions } | { ok: false; message: string; usage: boolean };

export function parseTcpdumpArgs(args: readonly string[]): ParseResult {
  const o: TcpdumpOptions = {
    count: undefined,
    listInterfaces: false,
    linkHeader: false,
    interface: undefined,
    numeric: 0,
    quiet: 0,
    verbose: 0,
    hex: 0,
    hexAscii: 0,
    ascii: false,
    readFile: undefined,
    writeFile: undefined,
    snaplen: MAX_SNAPLEN,
    timestamps: 0,
    promisc: true,
    direction: 'inout',
    print: false,
    number: false,
    countOnly: false,
    help: false,
    version: false,
    expression: '',
  };
  const words: string[] = [];
  const fail = (message: string, usage = false): ParseResult => ({ ok: false, message, usage });

  const apply = (c: string, arg: string | undefined): ParseResult | undefined => {
    switch (c) {
      case 'c': {
        const n = /^\d+$/.test(arg!) ? Number(arg) : NaN;
        if (!(n > 0) || n > 0x7fffffff) return fail(`invalid packet count ${arg}`);
        o.count = n;
        break;
      }
      case 'D':
        o.listInterfaces = true;
        break;
      case 'e':
        o.linkHeader = true;
        break;
      case 'h':
        o.help = true;
        break;
      case 'i':
        o.interface = arg;
        break;
      case 'n':
        o.numeric++;
        break;
      case 'p':
        o.promisc = false;
        break;
      case 'q':
        o.quiet++;
        break;
      case 'v':
        o.verbose++;
        break;
      case 'x':
        o.hex++;
        break;
      case 'X':
        o.hexAscii++;
        break;
      case 'A':
        o.ascii = true;
        break;
      case 'r':
        o.readFile = arg;
        break;
      case 'w':
        o.writeFile = arg;
        break;
      case 't':
        o.timestamps++;
        break;
      case '#':
        o.number = true;
        break;
      case 's': {
        const n = /^\d+$/.test(arg!) ? Number(arg) : NaN;
        if (!(n >= 0) || n > MAX_SNAPLEN) return fail(`invalid snaplen ${arg} (must be >= 0 and <= ${MAX_SNAPLEN})`);
        o.snaplen = n === 0 ? MAX_SNAPLEN : n;
        break;
      }
      case 'Q':
        if (arg !== 'in' && arg !== 'out' && arg !== 'inout') return fail('unknown capture direction `' + arg + "'");
        o.direction = arg;
        break;
      default:
        if (IGNORED_FLAGS.has(c) || IGNORED_WITH_ARG.has(c)) break;
        return fail(`invalid option -- '${c}'`, true);
    }
    return undefined;
  };

  let i = 0;
  while (i < args.length) {
    const a = args[i++]!;
    if (a === '--') {
      words.push(...args.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const matches = Object.keys(LONG).filter((k) => k.startsWith(name));
      const exact = LONG[name] ? name : matches.length === 1 ? matches[0] : undefined;
      if (!exact) {
        return fail(
          matches.length > 1
            ? `option '${a}' is ambiguous`
            : `unrecognized option '${a.slice(0, eq < 0 ? undefined : eq)}'`,
          true,
        );
      }
      const spec = LONG[exact]!;
      let arg: string | undefined;
      if (spec.arg) {
        arg = eq >= 0 ? a.slice(eq + 1) : args[i++];
        if (arg === undefined) return fail(`option '--${exact}' requires an argument`, true);
      } else if (eq >= 0) return fail(`option '--${exact}' doesn't allow an argument`, true);
      if (exact === 'version') o.version = true;
      else if (exact === 'print') o.print = true;
      else if (exact === 'count') o.countOnly = true;
      else if (spec.short) {
        const r = apply(spec.short, arg);
        if (r) return r;
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (WITH_ARG.has(c)) {
          let arg = a.slice(j + 1);
          if (arg === '') {
            if (i >= args.length) return fail(`option requires an argument -- '${c}'`, true);
            arg = args[i++]!;
          }
          const r = apply(c, arg);
          if (r) return r;
          break;
        }
        const r = apply(c, undefined);
        if (r) return r;
      }
      continue;
    }
    words.push(a);
  }
  o.expression = words.join(' ');
  return { ok: true, opts: o };
}
