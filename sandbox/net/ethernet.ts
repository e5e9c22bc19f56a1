/**
 * Ethernet II frames (no FCS: Linux hands frames to taps without it).
 */
import { macFromBytes, macToBytes } from './addr.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERNET_HEADER_LEN = 14;

export interface EthernetRepr {
  dst: string;
  src: string;
  ethertype: number;
}

/** Zero-copy accessors over a frame's header. */
export class EthernetFrame {
  constructor(readonly buf: Uint8Array) {}
  static check(buf: Uint8Array): EthernetFrame | undefined {
    return buf.length >= ETHERNET_HEADER_LEN ? new EthernetFrame(buf) : undefined;
  }
  dst(): string {
    return macFromBytes(this.buf, 0);
  }
  src(): string {
    return macFromBytes(this.buf, 6);
  }
  ethertype(): number {
    return (this.buf[12]! << 8) | this.buf[13]!;
  }
  payload(): Uint8Array {
    return this.buf.subarray(ETHERNET_HEADER_LEN);
  }
}

export function emitEthernet(repr: EthernetRepr, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(ETHERNET_HEADER_LEN + payload.length);
  macToBytes(repr.dst, out, 0);
  macToBytes(repr.src, out, 6);
  out[12] = (repr.ethertype >>> 8) & 255;
  out[13] = repr.ethertype & 255;
  out.set(payload, ETHERNET_HEADER_LEN);
  return out;
}

export function parseEthernet(frame: Uint8Array): { repr: EthernetRepr; payload: Uint8Array } | undefined {
  const f = EthernetFrame.check(frame);
  if (!f) return undefined;
  return { repr: { dst: f.dst(), src: f.src(), ethertype: f.ethertype() }, payload: f.payload() };
}
