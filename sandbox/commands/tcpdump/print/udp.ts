/**
 * print-udp.c: `src.port > dst.port: `, with -vv the checksum verdict, then
 * the payload's dissector chosen by port (VXLAN on 4789, OTV on 8472 — which is
 * how tcpdump shows Linux's VXLAN port) or `UDP, length N`.
 */
import { computeUdpChecksum } from '../../../net/udp.js';
import { ipaddrString, portString } from './names.js';
import { Truncated, type Nd } from './nd.js';
import { otvPrint, vxlanPrint } from './vxlan.js';

const VXLAN_PORT = 4789;
const OTV_PORT = 8472;

function udpAddrs(nd: Nd, src: number, dst: number, sport?: number, dport?: number): void {
  if (sport === undefined || dport === undefined) {
    nd.print(`${ipaddrString(nd, src)} > ${ipaddrString(nd, dst)}: `);
    return;
  }
  nd.print(
    `${ipaddrString(nd, src)}.${portString(nd, sport, 'udp')} > ${ipaddrString(nd, dst)}.${portString(nd, dport, 'udp')}: `,
  );
}

export function udpPrint(
  nd: Nd,
  buf: Uint8Array,
  lengthIn: number,
  src: number,
  dst: number,
  fragmented: boolean,
): void {
  let length = lengthIn;
  if (buf.length < 4) {
    udpAddrs(nd, src, dst);
    throw new Truncated('udp');
  }
  const sport = (buf[0]! << 8) | buf[1]!;
  const dport = (buf[2]! << 8) | buf[3]!;
  if (length < 8) {
    udpAddrs(nd, src, dst, sport, dport);
    nd.print(`truncated-udp ${length}`);
    return;
  }
  if (buf.length < 6) {
    udpAddrs(nd, src, dst, sport, dport);
    throw new Truncated('udp');
  }
  let ulen = (buf[4]! << 8) | buf[5]!;
  if (ulen < 8) {
    udpAddrs(nd, src, dst, sport, dport);
    nd.print(`truncated-udplength ${ulen}`);
    return;
  }
  const fullLen = ulen;
  ulen -= 8;
  length -= 8;
  if (ulen < length) length = ulen;
  if (buf.length < 8) {
    udpAddrs(nd, src, dst, sport, dport);
    throw new Truncated('udp');
  }
  udpAddrs(nd, src, dst, sport, dport);
  if (nd.opts.verbose > 1 && !fragmented) {
    const udpSum = (buf[6]! << 8) | buf[7]!;
    if (udpSum === 0) nd.print('[no cksum] ');
    else if (buf.length >= length + 8) {
      const should = computeUdpChecksum(buf, fullLen, src, dst);
      if (should !== udpSum) {
        nd.print(
          `[bad udp cksum 0x${udpSum.toString(16).padStart(4, '0')} -> 0x${should.toString(16).padStart(4, '0')}!] `,
        );
      } else nd.print('[udp sum ok] ');
    }
  }
  const payload = buf.subarray(8, 8 + Math.min(length, buf.length - 8));
  if (!nd.opts.quiet && (sport === VXLAN_PORT || dport === VXLAN_PORT)) vxlanPrint(nd, payload, length);
  else if (!nd.opts.quiet && (sport === OTV_PORT || dport === OTV_PORT)) otvPrint(nd, payload, length);
  else if (ulen > length && !fragmented) nd.print(`UDP, bad length ${ulen} > ${length}`);
  else nd.print(`UDP, length ${ulen}`);
}
