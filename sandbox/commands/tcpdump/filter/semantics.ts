/**
 * Turning `[proto] [dir] [type] id` into a primitive, with libpcap's checks and
 * error texts (gencode.c: gen_scode, gen_ncode, gen_mcode, gen_ecode).
 */
import { parseIpv4, prefixMask } from '../../../net/addr.js';
import type { Dir, Node, ProtoName } from './ast.js';
import { FilterError, parseNumber } from './lexer.js';

export interface Qualifiers {
  proto: ProtoName | undefined;
  dir: Dir | undefined;
  type: 'host' | 'net' | 'port' | 'portrange' | undefined;
}

export type IdValue =
  | { kind: 'num'; text: string; value: number }
  | { kind: 'hid'; text: string }
  | { kind: 'cidr'; text: string; len: number }
  | { kind: 'mask'; text: string; mask: string }
  | { kind: 'eid'; text: string }
  | { kind: 'name'; text: string };

/** Name resolution from the capturing host's files. */
export interface NameLookup {
  host(name: string): number | undefined;
  port(name: string, proto: 'tcp' | 'udp' | undefined): number | undefined;
}

/** __pcap_atoin: a dotted prefix and how many bits it gave. */
function atoin(text: string): { v: number; bits: number } {
  const parts = text.split('.');
  let v = 0;
  for (const p of parts) {
    const n = Number(p);
    if (n > 255) throw new FilterError('invalid IPv4 address');
    v = v * 256 + n;
  }
  return { v: v >>> 0, bits: parts.length * 8 };
}

function ipProtos(proto: ProtoName | undefined, what: string): ('ip' | 'arp' | 'rarp')[] {
  switch (proto) {
    case undefined:
      return ['ip', 'arp', 'rarp'];
    case 'ip':
    case 'arp':
    case 'rarp':
      return [proto];
    default:
      throw new FilterError(`'${proto}' modifier applied to ${what}`);
  }
}

function portProtos(proto: ProtoName | undefined, what: string): ('tcp' | 'udp' | 'sctp')[] {
  switch (proto) {
    case undefined:
    case 'ip':
      return ['tcp', 'udp', 'sctp'];
    case 'tcp':
    case 'udp':
    case 'sctp':
      return [proto];
    default:
      throw new FilterError(`illegal qualifier of '${what}'`);
  }
}

function portNumber(text: string, proto: ProtoName | undefined, names: NameLookup): number {
  const n = parseNumber(text);
  if (n !== undefined) {
    if (n > 65535) throw new FilterError(`illegal port number ${n} > 65535`);
    return n;
  }
  const p = names.port(text, proto === 'tcp' || proto === 'udp' ? proto : undefined);
  if (p === undefined) throw new FilterError(`unknown port '${text}'`);
  return p;
}

export function parseMacText(text: string): Uint8Array {
  const out = new Uint8Array(6);
  if (text.includes(':')) {
    text.split(':').forEach((b, i) => (out[i] = parseInt(b, 16)));
  } else {
    const hex = text.replace(/\./g, '');
    for (let i = 0; i < 6; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

export function buildId(q: Qualifiers, v: IdValue, names: NameLookup): Node {
  const dir: Dir = q.dir ?? 'src or dst';
  const type = q.type ?? 'host';
  const link = q.proto === 'ether' || q.proto === 'link';
  if (type === 'port' || type === 'portrange') {
    if (v.kind !== 'num' && v.kind !== 'name') throw new FilterError('syntax error');
    const protos = portProtos(q.proto, type);
    if (type === 'port') {
      const p = portNumber(v.text, q.proto, names);
      return { t: 'port', protos, dir, lo: p, hi: p };
    }
    const dash = v.text.indexOf('-');
    const lo = portNumber(dash < 0 ? v.text : v.text.slice(0, dash), q.proto, names);
    const hi = dash < 0 ? lo : portNumber(v.text.slice(dash + 1), q.proto, names);
    return { t: 'port', protos, dir, lo: Math.min(lo, hi), hi: Math.max(lo, hi) };
  }
  if (v.kind === 'eid') {
    if (!link || type !== 'host') throw new FilterError('ethernet address used in non-ether expression');
    return { t: 'ehost', dir, mac: parseMacText(v.text) };
  }
  if (link) {
    if (v.kind === 'name') throw new FilterError(`unknown ether host '${v.text}'`);
    throw new FilterError('illegal link layer address');
  }
  const protos = ipProtos(q.proto, type);
  switch (v.kind) {
    case 'name': {
      if (type === 'net') throw new FilterError(`unknown network '${v.text}'`);
      const a = names.host(v.text);
      if (a === undefined) throw new FilterError(`unknown host '${v.text}'`);
      return { t: 'host', protos, dir, addr: a, mask: 0xffffffff };
    }
    case 'num': {
      let a = v.value >>> 0;
      let mask = 0xffffffff;
      if (type === 'net') {
        while (a && (a & 0xff000000) === 0) {
          a = (a << 8) >>> 0;
          mask = (mask << 8) >>> 0;
        }
      }
      return { t: 'host', protos, dir, addr: a, mask };
    }
    case 'hid': {
      const { v: a, bits } = atoin(v.text);
      return {
        t: 'host',
        protos,
        dir,
        addr: bits >= 32 ? a : (a * 2 ** (32 - bits)) >>> 0,
        mask: prefixMask(bits),
      };
    }
    case 'cidr':
    case 'mask': {
      if (type !== 'net') throw new FilterError('Mask syntax for networks only');
      const { v: a0, bits } = atoin(v.text);
      const a = bits >= 32 ? a0 : (a0 * 2 ** (32 - bits)) >>> 0;
      let mask: number;
      let shown: string;
      if (v.kind === 'cidr') {
        if (v.len > 32) throw new FilterError('mask length must be <= 32');
        mask = prefixMask(v.len);
        shown = `${v.text}/${v.len}`;
      } else {
        const m = parseIpv4(v.mask) ?? atoin(v.mask).v;
        mask = m >>> 0;
        shown = `${v.text} mask ${v.mask}`;
      }
      if ((a & ~mask) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${shown}"`);
      return { t: 'host', protos, dir, addr: a, mask };
    }
  }
}
