/**
 * print-ether.c: the Ethernet header (only with -e) and the dispatch on the
 * ethertype; frames of unknown type get their header and a hex dump.
 */
import { macFromBytes } from '../../../net/addr.js';
import { arpPrint } from './arp.js';
import { hexAndAsciiPrint } from './hexdump.js';
import { ipPrint } from './ip.js';
import { ETHERTYPE_NAMES, hex4 } from './names.js';
import { Truncated, type Nd } from './nd.js';

export const ETHER_HDRLEN = 14;

export function etherTypeString(nd: Nd, type: number): string {
  if (nd.opts.quiet) return ETHERTYPE_NAMES.get(type) ?? `Unknown Ethertype (0x${hex4(type)})`;
  return `ethertype ${ETHERTYPE_NAMES.get(type) ?? 'Unknown'} (0x${hex4(type)})`;
}

/** Returns true when a dissector for the ethertype printed the payload. */
export function ethertypePrint(nd: Nd, type: number, buf: Uint8Array, length: number): boolean {
  switch (type) {
    case 0x0800:
      ipPrint(nd, buf, length);
      return true;
    case 0x0806:
      arpPrint(nd, buf, length);
      return true;
    default:
      return false;
  }
}

function etherHeader(nd: Nd, buf: Uint8Array, type: number, length: number): void {
  nd.print(`${macFromBytes(buf, 6)} > ${macFromBytes(buf, 0)}, ${etherTypeString(nd, type)}, length ${length}: `);
}

/** Prints one Ethernet frame; returns the link header length (for -x). */
export function etherPrint(nd: Nd, buf: Uint8Array, length: number): number {
  if (buf.length < ETHER_HDRLEN) throw new Truncated('ether');
  const type = (buf[12]! << 8) | buf[13]!;
  if (nd.opts.linkHeader) etherHeader(nd, buf, type, length);
  if (type <= 1500) {
    // 802.3 length field: no LLC decoding here, only the raw bytes.
    if (!nd.opts.linkHeader) etherHeader(nd, buf, type, length);
    if (!nd.opts.hex && !nd.opts.hexAscii && !nd.opts.quiet) nd.print(hexAndAsciiPrint(buf.subarray(ETHER_HDRLEN)));
    return ETHER_HDRLEN;
  }
  if (!ethertypePrint(nd, type, buf.subarray(ETHER_HDRLEN), length - ETHER_HDRLEN)) {
    if (!nd.opts.linkHeader) etherHeader(nd, buf, type, length);
    if (!nd.opts.hex && !nd.opts.hexAscii && !nd.opts.quiet) nd.print(hexAndAsciiPrint(buf.subarray(ETHER_HDRLEN)));
  }
  return ETHER_HDRLEN;
}
