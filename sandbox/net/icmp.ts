/**
 * ICMPv4 (RFC 792): echo request/reply and the errors the kernel sends
 * (destination unreachable incl. frag needed with the next-hop MTU of RFC 1191,
 * time exceeded, parameter problem). Errors carry the offending IP header + 8 bytes.
 */
import { internetChecksum } from './checksum.js';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;
export const ICMP_PARAMETER_PROBLEM = 12;

export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PROT_UNREACH = 2;
export const ICMP_PORT_UNREACH = 3;
export const ICMP_FRAG_NEEDED = 4;

export type IcmpRepr =
  | { kind: 'echo'; type: 0 | 8; id: number; seq: number; data: Uint8Array }
  | { kind: 'error'; type: 3 | 11 | 12; code: number; mtu?: number; original: Uint8Array };

/** Zero-copy accessors over an ICMP message. */
export class IcmpPacket {
  constructor(readonly buf: Uint8Array) {}
  static check(buf: Uint8Array): IcmpPacket | undefined {
    return buf.length >= 8 ? new IcmpPacket(buf) : undefined;
  }
  type(): number {
    return this.buf[0]!;
  }
  code(): number {
    return this.buf[1]!;
  }
  checksum(): number {
    return (this.buf[2]! << 8) | this.buf[3]!;
  }
  /** Echo identifier (bytes 4–5). */
  echoId(): number {
    return (this.buf[4]! << 8) | this.buf[5]!;
  }
  /** Echo sequence number (bytes 6–7). */
  echoSeq(): number {
    return (this.buf[6]! << 8) | this.buf[7]!;
  }
  /** Next-hop MTU of a frag-needed error (RFC 1191, bytes 6–7). */
  nextHopMtu(): number {
    return (this.buf[6]! << 8) | this.buf[7]!;
  }
  body(): Uint8Array {
    return this.buf.subarray(8);
  }
  verifyChecksum(): boolean {
    return internetChecksum(this.buf, 0, this.buf.length) === 0;
  }
}

export function emitIcmp(repr: IcmpRepr): Uint8Array {
  const body = repr.kind === 'echo' ? repr.data : repr.original;
  const b = new Uint8Array(8 + body.length);
  b[0] = repr.type;
  if (repr.kind === 'echo') {
    b[1] = 0;
    b[4] = (repr.id >>> 8) & 255;
    b[5] = repr.id & 255;
    b[6] = (repr.seq >>> 8) & 255;
    b[7] = repr.seq & 255;
  } else {
    b[1] = repr.code & 255;
    if (repr.mtu !== undefined) {
      b[6] = (repr.mtu >>> 8) & 255;
      b[7] = repr.mtu & 255;
    }
  }
  b.set(body, 8);
  const c = internetChecksum(b, 0, b.length);
  b[2] = c >>> 8;
  b[3] = c & 255;
  return b;
}

/** Parses echo and the three error types; other ICMP types give undefined. */
export function parseIcmp(buf: Uint8Array): { repr: IcmpRepr; checksumOk: boolean } | undefined {
  if (buf.length < 8) return undefined;
  const type = buf[0]!;
  const code = buf[1]!;
  const checksumOk = internetChecksum(buf, 0, buf.length) === 0;
  const body = buf.subarray(8);
  if (type === 0 || type === 8) {
    return {
      repr: { kind: 'echo', type, id: (buf[4]! << 8) | buf[5]!, seq: (buf[6]! << 8) | buf[7]!, data: body },
      checksumOk,
    };
  }
  if (type === 3 || type === 11 || type === 12) {
    const repr: IcmpRepr = { kind: 'error', type, code, original: body };
    if (type === 3 && code === ICMP_FRAG_NEEDED) repr.mtu = (buf[6]! << 8) | buf[7]!;
    return { repr, checksumOk };
  }
  return undefined;
}
