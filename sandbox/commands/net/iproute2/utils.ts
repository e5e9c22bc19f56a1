/**
 * iproute2's lib/utils.c, the parts the front-ends share: `matches()`
 * abbreviations, the argument cursor (NEXT_ARG), address and number parsing,
 * and the messages printed before exit().
 */
import type { IpOutput } from './print.js';

/** Thrown to end the tool the way exit(code) does; the command returns code & 0xff. */
export class ToolExit {
  constructor(readonly code: number) {}
}

/** lib/utils.c matches(): true when `prefix` does NOT abbreviate `word` — used as `if (!mismatch(...))`. */
export function matches(prefix: string, word: string): boolean {
  if (prefix === '') return true;
  if (prefix.length > word.length) return true;
  return word.slice(0, prefix.length) !== prefix;
}

/** `matches(prefix, word) == 0` spelled positively. */
export function isPrefix(prefix: string, word: string): boolean {
  return !matches(prefix, word);
}

export class Args {
  private i = 0;
  constructor(
    readonly argv: readonly string[],
    private readonly io: IpOutput,
  ) {}

  get argc(): number {
    return this.argv.length - this.i;
  }

  get cur(): string {
    return this.argv[this.i] ?? '';
  }

  /** Peeks further ahead (0 = current). */
  at(k: number): string | undefined {
    return this.argv[this.i + k];
  }

  /** argc--, argv++. */
  shift(): void {
    this.i++;
  }

  /** NEXT_ARG(): moves to the value of the current keyword or ends with "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) incompleteCommand(this.io);
    return this.cur;
  }

  /** NEXT_ARG_OK(). */
  nextOk(): boolean {
    return this.i + 1 < this.argv.length;
  }

  prev(): void {
    this.i--;
  }

  rest(): string[] {
    return this.argv.slice(this.i);
  }
}

export function incompleteCommand(io: IpOutput): never {
  io.err('Command line is not complete. Try option "help"\n');
  throw new ToolExit(-1);
}

export function invarg(io: IpOutput, msg: string, arg: string): never {
  io.err(`Error: argument "${arg}" is wrong: ${msg}\n`);
  throw new ToolExit(-1);
}

export function duparg(io: IpOutput, key: string, arg: string): never {
  io.err(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
  throw new ToolExit(-1);
}

export function duparg2(io: IpOutput, key: string, arg: string): never {
  io.err(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
  throw new ToolExit(-1);
}

export function missarg(io: IpOutput, key: string): never {
  io.err(`Error: argument "${key}" is required\n`);
  throw new ToolExit(-1);
}

/** nodev(): prints and returns -1 (callers decide whether to exit). */
export function nodev(io: IpOutput, dev: string): number {
  io.err(`Cannot find device "${dev}"\n`);
  return -1;
}

/** strtoul(s, &end, base) of glibc: leading blanks, sign, 0x / 0 prefixes with base 0. */
export function strtoul(s: string, base: number): { value: number; end: number } {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let b = base;
  if (
    (b === 0 || b === 16) &&
    s[i] === '0' &&
    (s[i + 1] === 'x' || s[i + 1] === 'X') &&
    /[0-9a-fA-F]/.test(s[i + 2] ?? '')
  ) {
    i += 2;
    b = 16;
  } else if (b === 0 && s[i] === '0') b = 8;
  else if (b === 0) b = 10;
  const start = i;
  let v = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= b) break;
    v = v * b + d;
  }
  if (i === start) {
    // "0" consumed as the octal prefix is itself a digit.
    if (b === 8 && s[start - 1] === '0') return { value: 0, end: start };
    return { value: 0, end: 0 };
  }
  if (neg) v = v === 0 ? 0 : 2 ** 64 - v;
  return { value: v, end: i };
}

/** get_unsigned(): a whole unsigned 32-bit number or undefined. */
export function getUnsigned(arg: string, base = 0): number | undefined {
  if (arg === '') return undefined;
  const { value, end } = strtoul(arg, base);
  if (end === 0 || end !== arg.length) return undefined;
  if (value > 0xffffffff) return undefined;
  return value;
}

/** get_integer(): a signed int. */
export function getInteger(arg: string, base = 0): number | undefined {
  if (arg === '') return undefined;
  const m = /^\s*([+-]?)(.*)$/.exec(arg)!;
  const r = strtoul(m[2]!, base);
  if (r.end === 0 || r.end !== m[2]!.length || m[2]!.startsWith('+') || m[2]!.startsWith('-')) return undefined;
  const v = m[1] === '-' ? -r.value : r.value;
  if (v > 0x7fffffff || v < -0x80000000) return undefined;
  return v;
}

/** get_addr_ipv4(): inet_aton-like, so "1.2.3" is 1.2.3.0 and "10" is 10.0.0.0. */
export function parseIpv4Loose(cp: string): number | undefined {
  const ap = [0, 0, 0, 0];
  let s = cp;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(s, 0);
    if (value > 255) return undefined;
    if (end === 0) return undefined;
    ap[i] = value;
    if (end === s.length) break;
    if (i === 3 || s[end] !== '.') return undefined;
    s = s.slice(end + 1);
  }
  return ((ap[0]! << 24) | (ap[1]! << 16) | (ap[2]! << 8) | ap[3]!) >>> 0;
}

export interface InetPrefix {
  family: 'inet' | 'inet6';
  /** IPv4 address (uint32); for inet6 undefined. */
  addr: number;
  /** -1: a host address, no /len given; -2 never leaks out. */
  bitlen: number;
  prefixLenSpecified: boolean;
  /** "default", "all" or "any". */
  any: boolean;
}

/** get_addr_1(): undefined on error. Only IPv4 is modelled; IPv6 text parses but is refused by callers. */
export function getAddr1(name: string, family: 'unspec' | 'inet'): InetPrefix | undefined {
  if (name === 'default') return { family: 'inet', addr: 0, bitlen: -2, prefixLenSpecified: true, any: true };
  if (name === 'all' || name === 'any')
    return { family: 'inet', addr: 0, bitlen: -2, prefixLenSpecified: false, any: true };
  if (name.includes(':')) {
    if (family === 'inet') return undefined;
    if (!/^[0-9a-fA-F:.]+$/.test(name)) return undefined;
    return { family: 'inet6', addr: 0, bitlen: -1, prefixLenSpecified: false, any: false };
  }
  const a = parseIpv4Loose(name);
  if (a === undefined) return undefined;
  return { family: 'inet', addr: a, bitlen: -1, prefixLenSpecified: false, any: false };
}

function mask2bits(mask: number): number {
  const m = mask >>> 0;
  let bits = 0;
  let seenZero = false;
  for (let i = 31; i >= 0; i--) {
    const one = ((m >>> i) & 1) === 1;
    if (one && seenZero) return -1;
    if (one) bits++;
    else seenZero = true;
  }
  return bits;
}

function getNetmask(arg: string): number | undefined {
  const u = getUnsigned(arg, 0);
  if (u !== undefined) return u;
  const a = getAddr1(arg, 'inet');
  if (a && a.family === 'inet' && !a.any) {
    const b = mask2bits(a.addr);
    if (b >= 0) return b;
  }
  return undefined;
}

/** get_prefix_1(): undefined on error. */
export function getPrefix1(arg: string, family: 'unspec' | 'inet'): InetPrefix | undefined {
  const slash = arg.indexOf('/');
  const dst = getAddr1(slash >= 0 ? arg.slice(0, slash) : arg, family);
  if (!dst) return undefined;
  const bitlen = dst.family === 'inet' ? 32 : 128;
  if (slash >= 0) {
    if (dst.bitlen === -2) return undefined;
    const plen = getNetmask(arg.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return undefined;
    return { ...dst, bitlen: plen, prefixLenSpecified: true };
  }
  return { ...dst, bitlen: dst.bitlen === -2 ? 0 : bitlen };
}

function familyNameVerbose(family: 'unspec' | 'inet'): string {
  return family === 'unspec' ? 'any valid' : 'inet';
}

/** get_prefix(): prints iproute2's message and exits 1 on error. */
export function getPrefix(io: IpOutput, arg: string, family: 'unspec' | 'inet'): InetPrefix {
  const p = getPrefix1(arg, family);
  if (!p) {
    io.err(`Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".\n`);
    throw new ToolExit(1);
  }
  return p;
}

/** get_addr(): prints iproute2's message and exits 1 on error. */
export function getAddr(io: IpOutput, arg: string, family: 'unspec' | 'inet'): InetPrefix {
  const p = getAddr1(arg, family);
  if (!p) {
    io.err(`Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".\n`);
    throw new ToolExit(1);
  }
  return p;
}

/** check_ifname(): what the kernel accepts as a device name. */
export function checkIfname(name: string): boolean {
  if (name.length >= 16 || name === '') return false;
  return !/[/\s]/.test(name);
}

/** ll_addr_a2n(): up to `max` bytes, each parsed like sscanf("%x"); `bad` is the piece iproute2 complains about. */
export function llAddrA2n(arg: string, max = 32): { bytes: number[] } | { bad: string } {
  const bytes: number[] = [];
  let rest = arg;
  for (let i = 0; i < max; i++) {
    const c = rest.indexOf(':');
    const piece = c >= 0 ? rest.slice(0, c) : rest;
    const m = /^\s*([+-]?)(?:0[xX])?([0-9a-fA-F]+)/.exec(piece);
    if (!m) return { bad: piece };
    let v = parseInt(m[2]!.slice(-9), 16);
    if (m[1] === '-') v = -v;
    if (v < 0 || v > 255 || m[2]!.length > 8) return { bad: piece };
    bytes.push(v);
    if (c < 0) break;
    rest = rest.slice(c + 1);
  }
  return { bytes };
}

export function macString(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
