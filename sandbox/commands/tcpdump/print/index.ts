/**
 * One captured record to tcpdump's text: the timestamp, the link type's
 * dissector, the -x/-X dump, a newline. Only the bytes are looked at.
 */
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 } from '../../../net/pcap.js';
import { etherPrint } from './ether.js';
import { asciiPrint, hexAndAsciiPrint, hexPrint } from './hexdump.js';
import { Nd, Truncated, type PrintOptions, type Resolvers } from './nd.js';
import { sll2Print } from './sll2.js';

export { type PrintOptions, type Resolvers, DEFAULT_PRINT_OPTIONS } from './nd.js';

export interface CapturedPacket {
  tsUs: number;
  data: Uint8Array;
  origLen: number;
}

const US_PER_DAY = 86_400_000_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `HH:MM:SS.uuuuuu ` in the zone given by tzOffsetUs. */
export function formatTimestamp(tsUs: number, tzOffsetUs: number): string {
  const t = (((tsUs + tzOffsetUs) % US_PER_DAY) + US_PER_DAY) % US_PER_DAY;
  const us = t % 1_000_000;
  const s = Math.floor(t / 1_000_000);
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}.${String(us).padStart(6, '0')} `;
}

/** libpcap's names for the link types we read and write. */
export function linktypeName(linktype: number): string {
  if (linktype === LINKTYPE_ETHERNET) return 'EN10MB (Ethernet)';
  if (linktype === LINKTYPE_LINUX_SLL2) return 'LINUX_SLL2 (Linux cooked v2)';
  if (linktype === 113) return 'LINUX_SLL (Linux cooked v1)';
  return `${linktype}`;
}

export function printPacket(pkt: CapturedPacket, linktype: number, opts: PrintOptions, names: Resolvers = {}): string {
  const nd = new Nd(opts, names);
  nd.print(formatTimestamp(pkt.tsUs, opts.tzOffsetUs));
  let hdrlen = 0;
  try {
    if (linktype === LINKTYPE_LINUX_SLL2) hdrlen = sll2Print(nd, pkt.data, pkt.origLen);
    else hdrlen = etherPrint(nd, pkt.data, pkt.origLen);
  } catch (e) {
    if (!(e instanceof Truncated)) throw e;
    nd.print(` [|${e.proto}]`);
    hdrlen = e.longjmp ? 0 : linktype === LINKTYPE_LINUX_SLL2 ? 20 : 14;
  }
  if (opts.hexAscii) {
    if (opts.hexAscii > 1) nd.print(hexAndAsciiPrint(pkt.data));
    else if (pkt.data.length > hdrlen) nd.print(hexAndAsciiPrint(pkt.data.subarray(hdrlen)));
  } else if (opts.hex) {
    if (opts.hex > 1) nd.print(hexPrint(pkt.data));
    else if (pkt.data.length > hdrlen) nd.print(hexPrint(pkt.data.subarray(hdrlen)));
  } else if (opts.ascii) {
    if (pkt.data.length > hdrlen) nd.print(asciiPrint(pkt.data.subarray(hdrlen)));
  }
  nd.print('\n');
  return nd.out;
}
