/**
 * UDP (RFC 768) with the IPv4 pseudo-header checksum.
 */
import { udpChecksum, internetChecksum, onesSum, pseudoHeaderSum } from './checksum.js';
import { IP_PROTO_UDP } from './ipv4.js';

export const UDP_HEADER_LEN = 8;

export interface UdpRepr {
  srcPort: number;
  dstPort: number;
}

export interface ParsedUdp {
  repr: UdpRepr;
  /** The header's length field. */
  length: number;
  /** The checksum as carried (0 = none). */
  checksum: number;
  /** True when the carried checksum is 0 or verifies. */
  checksumOk: boolean;
  payload: Uint8Array;
}

/** Zero-copy accessors over a UDP header. */
export class UdpPacket {
  constructor(readonly buf: Uint8Array) {}
  static check(buf: Uint8Array): UdpPacket | undefined {
    return buf.length >= UDP_HEADER_LEN ? new UdpPacket(buf) : undefined;
  }
  srcPort(): number {
    return (this.buf[0]! << 8) | this.buf[1]!;
  }
  dstPort(): number {
    return (this.buf[2]! << 8) | this.buf[3]!;
  }
  length(): number {
    return (this.buf[4]! << 8) | this.buf[5]!;
  }
  checksum(): number {
    return (this.buf[6]! << 8) | this.buf[7]!;
  }
  payload(): Uint8Array {
    return this.buf.subarray(UDP_HEADER_LEN, Math.min(this.length(), this.buf.length));
  }
  /** RFC 768: a zero checksum means none was computed. */
  verifyChecksum(srcIp: number, dstIp: number): boolean {
    const len = this.length();
    if (this.checksum() === 0) return true;
    if (len < UDP_HEADER_LEN || len > this.buf.length) return false;
    return internetChecksum(this.buf, 0, len, pseudoHeaderSum(srcIp, dstIp, IP_PROTO_UDP, len)) === 0;
  }
}

export function emitUdp(
  repr: UdpRepr,
  payload: Uint8Array,
  srcIp: number,
  dstIp: number,
  withChecksum = true,
): Uint8Array {
  const len = UDP_HEADER_LEN + payload.length;
  const b = new Uint8Array(len);
  b[0] = (repr.srcPort >>> 8) & 255;
  b[1] = repr.srcPort & 255;
  b[2] = (repr.dstPort >>> 8) & 255;
  b[3] = repr.dstPort & 255;
  b[4] = (len >>> 8) & 255;
  b[5] = len & 255;
  b.set(payload, UDP_HEADER_LEN);
  if (withChecksum) {
    const c = udpChecksum(b, 0, len, srcIp, dstIp);
    b[6] = c >>> 8;
    b[7] = c & 255;
  }
  return b;
}

/** The checksum the datagram should carry, computed with the carried checksum field taken as 0. */
export function computeUdpChecksum(buf: Uint8Array, length: number, srcIp: number, dstIp: number): number {
  const len = Math.min(length, buf.length);
  const head = onesSum(buf, 0, 6, pseudoHeaderSum(srcIp, dstIp, IP_PROTO_UDP, length));
  const c = ~onesSum(buf, 8, len - 8, head) & 0xffff;
  return c === 0 ? 0xffff : c;
}

export function parseUdp(buf: Uint8Array, srcIp: number, dstIp: number): ParsedUdp | undefined {
  if (buf.length < UDP_HEADER_LEN) return undefined;
  const length = (buf[4]! << 8) | buf[5]!;
  if (length < UDP_HEADER_LEN) return undefined;
  const checksum = (buf[6]! << 8) | buf[7]!;
  const checksumOk =
    checksum === 0 ||
    (length <= buf.length &&
      internetChecksum(buf, 0, length, pseudoHeaderSum(srcIp, dstIp, IP_PROTO_UDP, length)) === 0);
  return {
    repr: { srcPort: (buf[0]! << 8) | buf[1]!, dstPort: (buf[2]! << 8) | buf[3]! },
    length,
    checksum,
    checksumOk,
    payload: buf.subarray(UDP_HEADER_LEN, Math.min(length, buf.length)),
  };
}
