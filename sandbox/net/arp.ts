/**
 * ARP for IPv4 over Ethernet (RFC 826): htype 1, ptype 0x0800, hlen 6, plen 4.
 */
import { macFromBytes, macToBytes, readIpv4, writeIpv4 } from './addr.js';

export const ARP_LEN = 28;
export const ARP_OP_REQUEST = 1;
export const ARP_OP_REPLY = 2;

export interface ArpRepr {
  op: 1 | 2;
  senderMac: string;
  senderIp: number;
  targetMac: string;
  targetIp: number;
}

/** Zero-copy accessors over an Ethernet/IPv4 ARP packet. */
export class ArpPacket {
  constructor(readonly buf: Uint8Array) {}
  static check(buf: Uint8Array): ArpPacket | undefined {
    return buf.length >= ARP_LEN ? new ArpPacket(buf) : undefined;
  }
  op(): number {
    return (this.buf[6]! << 8) | this.buf[7]!;
  }
  senderMac(): string {
    return macFromBytes(this.buf, 8);
  }
  senderIp(): number {
    return readIpv4(this.buf, 14);
  }
  targetMac(): string {
    return macFromBytes(this.buf, 18);
  }
  targetIp(): number {
    return readIpv4(this.buf, 24);
  }
}

export function emitArp(repr: ArpRepr): Uint8Array {
  const b = new Uint8Array(ARP_LEN);
  b[0] = 0;
  b[1] = 1; // htype Ethernet
  b[2] = 0x08;
  b[3] = 0x00; // ptype IPv4
  b[4] = 6;
  b[5] = 4;
  b[6] = 0;
  b[7] = repr.op;
  macToBytes(repr.senderMac, b, 8);
  writeIpv4(b, 14, repr.senderIp);
  macToBytes(repr.targetMac, b, 18);
  writeIpv4(b, 24, repr.targetIp);
  return b;
}

/** Only Ethernet/IPv4 ARP with op 1 or 2 parses; anything else is undefined. */
export function parseArp(buf: Uint8Array): ArpRepr | undefined {
  if (buf.length < ARP_LEN) return undefined;
  const htype = (buf[0]! << 8) | buf[1]!;
  const ptype = (buf[2]! << 8) | buf[3]!;
  const op = (buf[6]! << 8) | buf[7]!;
  if (htype !== 1 || ptype !== 0x0800 || buf[4] !== 6 || buf[5] !== 4) return undefined;
  if (op !== 1 && op !== 2) return undefined;
  return {
    op,
    senderMac: macFromBytes(buf, 8),
    senderIp: readIpv4(buf, 14),
    targetMac: macFromBytes(buf, 18),
    targetIp: readIpv4(buf, 24),
  };
}
