/**
 * LINUX_SLL2, the "cooked" link type libpcap uses for `-i any`: a 20-byte
 * header (protocol, ifindex, ARPHRD, packet type, link address) instead of the
 * device's own link header. tcpdump prints the interface name and direction
 * first: `eth0  Out IP ...`.
 */
import { macFromBytes } from '../../../net/addr.js';
import { etherTypeString, ethertypePrint } from './ether.js';
import { hexAndAsciiPrint } from './hexdump.js';
import { Truncated, type Nd } from './nd.js';

export const SLL2_HDRLEN = 20;

export const PACKET_HOST = 0;
export const PACKET_BROADCAST = 1;
export const PACKET_MULTICAST = 2;
export const PACKET_OTHERHOST = 3;
export const PACKET_OUTGOING = 4;

const PKTTYPE_NAMES = ['In', 'B', 'M', 'P', 'Out'];

export const ARPHRD_ETHER = 1;
export const ARPHRD_LOOPBACK = 772;

export interface Sll2Header {
  protocol: number;
  ifindex: number;
  hatype: number;
  pkttype: number;
  /** Link-layer address (6 bytes for Ethernet). */
  addr: Uint8Array;
}

/** Prefix an L3 payload with the SLL2 header, as the any device delivers it. */
export function emitSll2(h: Sll2Header, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(SLL2_HDRLEN + payload.length);
  b[0] = h.protocol >>> 8;
  b[1] = h.protocol & 255;
  b[4] = h.ifindex >>> 24;
  b[5] = (h.ifindex >>> 16) & 255;
  b[6] = (h.ifindex >>> 8) & 255;
  b[7] = h.ifindex & 255;
  b[8] = h.hatype >>> 8;
  b[9] = h.hatype & 255;
  b[10] = h.pkttype;
  b[11] = h.addr.length;
  b.set(h.addr.subarray(0, 8), 12);
  b.set(payload, SLL2_HDRLEN);
  return b;
}

function sll2Header(nd: Nd, buf: Uint8Array, protocol: number, ifindex: number, halen: number, length: number): void {
  nd.print(`ifindex ${ifindex} `);
  if (halen === 6) nd.print(`${macFromBytes(buf, 12)} `);
  if (!nd.opts.quiet) nd.print(`${etherTypeString(nd, protocol)}, length ${length}: `);
}

export function sll2Print(nd: Nd, buf: Uint8Array, length: number): number {
  if (buf.length < SLL2_HDRLEN) throw new Truncated('sll2');
  const protocol = (buf[0]! << 8) | buf[1]!;
  const ifindex = ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
  const pkttype = buf[10]!;
  const halen = buf[11]!;
  const ifname = nd.names.ifName?.(ifindex) ?? '?';
  nd.print(`${ifname.padEnd(5)} ${(PKTTYPE_NAMES[pkttype] ?? '?').padEnd(3)} `);
  if (nd.opts.linkHeader) sll2Header(nd, buf, protocol, ifindex, halen, length);
  const ok = protocol > 1500 && ethertypePrint(nd, protocol, buf.subarray(SLL2_HDRLEN), length - SLL2_HDRLEN);
  if (!ok) {
    if (!nd.opts.linkHeader) sll2Header(nd, buf, protocol, ifindex, halen, length);
    if (!nd.opts.hex && !nd.opts.hexAscii && !nd.opts.quiet) nd.print(hexAndAsciiPrint(buf.subarray(SLL2_HDRLEN)));
  }
  return SLL2_HDRLEN;
}
