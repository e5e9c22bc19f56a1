/**
 * IPv4 headers (RFC 791). We emit only 20-byte headers (Linux adds no options
 * on the paths we model) but parse any IHL, as tcpdump must.
 */
import { readIpv4, writeIpv4 } from './addr.js';
import { internetChecksum } from './checksum.js';

export const IP_PROTO_ICMP = 1;
export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;
export const IPV4_HEADER_LEN = 20;

export interface Ipv4Repr {
  tos: number;
  id: number;
  df: boolean;
  mf?: boolean;
  /** In 8-byte units, as on the wire. */
  fragOffset?: number;
  ttl: number;
  protocol: number;
  src: number;
  dst: number;
}

export interface ParsedIpv4 {
  repr: Ipv4Repr;
  headerLen: number;
  /** The header's total length field (may exceed the bytes present in a truncated capture). */
  totalLength: number;
  checksumOk: boolean;
  /** Bytes after the header up to totalLength (clamped to what is present). */
  payload: Uint8Array;
}

/** Zero-copy accessors over an IPv4 header. */
export class Ipv4Packet {
  constructor(readonly buf: Uint8Array) {}
  version(): number {
    return this.buf[0]! >>> 4;
  }
  headerLen(): number {
    return (this.buf[0]! & 15) * 4;
  }
  tos(): number {
    return this.buf[1]!;
  }
  totalLength(): number {
    return (this.buf[2]! << 8) | this.buf[3]!;
  }
  id(): number {
    return (this.buf[4]! << 8) | this.buf[5]!;
  }
  flagsAndOffset(): number {
    return (this.buf[6]! << 8) | this.buf[7]!;
  }
  ttl(): number {
    return this.buf[8]!;
  }
  protocol(): number {
    return this.buf[9]!;
  }
  checksum(): number {
    return (this.buf[10]! << 8) | this.buf[11]!;
  }
  src(): number {
    return readIpv4(this.buf, 12);
  }
  dst(): number {
    return readIpv4(this.buf, 16);
  }
  verifyChecksum(): boolean {
    return internetChecksum(this.buf, 0, this.headerLen()) === 0;
  }
}

export function emitIpv4(repr: Ipv4Repr, payload: Uint8Array): Uint8Array {
  const total = IPV4_HEADER_LEN + payload.length;
  const b = new Uint8Array(total);
  b[0] = 0x45;
  b[1] = repr.tos & 255;
  b[2] = (total >>> 8) & 255;
  b[3] = total & 255;
  b[4] = (repr.id >>> 8) & 255;
  b[5] = repr.id & 255;
  const fo = (repr.df ? 0x4000 : 0) | (repr.mf ? 0x2000 : 0) | ((repr.fragOffset ?? 0) & 0x1fff);
  b[6] = fo >>> 8;
  b[7] = fo & 255;
  b[8] = repr.ttl & 255;
  b[9] = repr.protocol & 255;
  writeIpv4(b, 12, repr.src);
  writeIpv4(b, 16, repr.dst);
  const c = internetChecksum(b, 0, IPV4_HEADER_LEN);
  b[10] = c >>> 8;
  b[11] = c & 255;
  b.set(payload, IPV4_HEADER_LEN);
  return b;
}

/** Undefined unless version 4, IHL ≥ 5, the header is present and total length covers it. */
export function parseIpv4(buf: Uint8Array): ParsedIpv4 | undefined {
  if (buf.length < IPV4_HEADER_LEN) return undefined;
  const p = new Ipv4Packet(buf);
  const hl = p.headerLen();
  if (p.version() !== 4 || hl < IPV4_HEADER_LEN || buf.length < hl) return undefined;
  const totalLength = p.totalLength();
  if (totalLength < hl) return undefined;
  const fo = p.flagsAndOffset();
  const repr: Ipv4Repr = {
    tos: p.tos(),
    id: p.id(),
    df: (fo & 0x4000) !== 0,
    mf: (fo & 0x2000) !== 0,
    fragOffset: fo & 0x1fff,
    ttl: p.ttl(),
    protocol: p.protocol(),
    src: p.src(),
    dst: p.dst(),
  };
  return {
    repr,
    headerLen: hl,
    totalLength,
    checksumOk: p.verifyChecksum(),
    payload: buf.subarray(hl, Math.min(totalLength, buf.length)),
  };
}

/**
 * Decrement the TTL of the packet in place and patch the header checksum
 * incrementally (RFC 1624, eqn. 3), as ip_decrease_ttl() does. Returns the new TTL.
 */
export function decrementTtl(packet: Uint8Array): number {
  const ttl = packet[8]!;
  const proto = packet[9]!;
  const oldWord = (ttl << 8) | proto;
  const newTtl = (ttl - 1) & 255;
  const newWord = (newTtl << 8) | proto;
  let sum = (~((packet[10]! << 8) | packet[11]!) & 0xffff) + (~oldWord & 0xffff) + newWord;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  packet[8] = newTtl;
  packet[10] = c >>> 8;
  packet[11] = c & 255;
  return newTtl;
}
