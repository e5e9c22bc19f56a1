/**
 * print-ip.c: `IP ` (unless -e printed the ethertype), with -v the header in
 * parentheses, then the addresses and the transport protocol's line.
 */
import { readIpv4 } from '../../../net/addr.js';
import { internetChecksum } from '../../../net/checksum.js';
import { icmpPrint } from './icmp.js';
import { IPPROTO_NAMES, NETDB_PROTO_NAMES, ipaddrString, portString } from './names.js';
import { Truncated, type Nd } from './nd.js';
import { udpPrint } from './udp.js';

const IP_RES = 0x8000;
const IP_DF = 0x4000;
const IP_MF = 0x2000;
const IP_OFFMASK = 0x1fff;

/** ones-complement arithmetic of in_cksum_shouldbe(): what the checksum field should have held. */
export function cksumShouldBe(sum: number, computed: number): number {
  let s = sum + computed;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return s & 0xffff;
}

function fragFlags(off: number): string {
  const f: string[] = [];
  if (off & IP_MF) f.push('+');
  if (off & IP_DF) f.push('DF');
  if (off & IP_RES) f.push('rsvd');
  return f.length ? f.join(', ') : 'none';
}

/**
 * The emulated nodes speak no TCP, so TCP (from a pcap read with -r) gets the
 * line tcpdump prints with -q: ports and payload length, no flags.
 */
function tcpQuietPrint(nd: Nd, buf: Uint8Array, length: number, src: number, dst: number): void {
  if (buf.length < 4) {
    nd.print(`${ipaddrString(nd, src)} > ${ipaddrString(nd, dst)}:`);
    throw new Truncated('tcp');
  }
  const sport = (buf[0]! << 8) | buf[1]!;
  const dport = (buf[2]! << 8) | buf[3]!;
  nd.print(
    `${ipaddrString(nd, src)}.${portString(nd, sport, 'tcp')} > ${ipaddrString(nd, dst)}.${portString(nd, dport, 'tcp')}: `,
  );
  if (buf.length < 13) throw new Truncated('tcp');
  const hlen = (buf[12]! >>> 4) * 4;
  nd.print(`tcp ${Math.max(0, length - hlen)}`);
}

export function ipPrint(nd: Nd, buf: Uint8Array, lengthIn: number): void {
  let length = lengthIn;
  if (buf.length < 1) throw new Truncated('ip', true);
  const version = buf[0]! >>> 4;
  if (version !== 4) {
    nd.print(version === 6 ? 'IP6, wrong link-layer encapsulation' : `IP${version}`);
    nd.print(' (invalid)');
    return;
  }
  if (!nd.opts.linkHeader) nd.print('IP ');
  if (buf.length < 20) throw new Truncated('ip');
  if (length < 20) {
    nd.print(`truncated-ip ${length}`);
    return;
  }
  const hlen = (buf[0]! & 15) * 4;
  if (hlen < 20) {
    nd.print(`bad-hlen ${hlen}`);
    return;
  }
  const len = (buf[2]! << 8) | buf[3]!;
  if (len < hlen) {
    nd.print(`[total length ${len} < header length ${hlen}]`);
    nd.print(' (invalid)');
    return;
  }
  if (length < len) nd.print(`truncated-ip - ${len - length} bytes missing! `);
  if (len < length) length = len;
  const off = (buf[6]! << 8) | buf[7]!;
  const proto = buf[9]!;
  const ttl = buf[8]!;
  const src = readIpv4(buf, 12);
  const dst = readIpv4(buf, 16);
  if (nd.opts.verbose) {
    const tos = buf[1]!;
    nd.print(`(tos 0x${tos.toString(16)}`);
    switch (tos & 3) {
      case 1:
        nd.print(',ECT(1)');
        break;
      case 2:
        nd.print(',ECT(0)');
        break;
      case 3:
        nd.print(',CE');
        break;
    }
    if (ttl >= 1) nd.print(`, ttl ${ttl}`);
    nd.print(`, id ${(buf[4]! << 8) | buf[5]!}, offset ${(off & IP_OFFMASK) * 8}, flags [${fragFlags(off)}]`);
    nd.print(`, proto ${IPPROTO_NAMES.get(proto) ?? 'unknown'} (${proto})`);
    nd.print(`, length ${len}`);
    if (hlen > 20) nd.print(', options (...)');
    if (buf.length >= hlen) {
      const sum = internetChecksum(buf, 0, hlen);
      if (sum !== 0) {
        const ipSum = (buf[10]! << 8) | buf[11]!;
        nd.print(`, bad cksum ${ipSum.toString(16)} (->${cksumShouldBe(ipSum, sum).toString(16)})!`);
      }
    }
    nd.print(')\n    ');
  }
  if (buf.length < hlen) throw new Truncated('ip');
  const payload = buf.subarray(hlen, Math.min(buf.length, len));
  const plen = len - hlen;
  if ((off & IP_OFFMASK) === 0) {
    const fragmented = (off & IP_MF) !== 0;
    if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33) {
      nd.print(`${ipaddrString(nd, src)} > ${ipaddrString(nd, dst)}: `);
    }
    switch (proto) {
      case 1:
        icmpPrint(nd, payload, plen, fragmented);
        break;
      case 17:
        udpPrint(nd, payload, plen, src, dst, fragmented);
        break;
      case 6:
        tcpQuietPrint(nd, payload, plen, src, dst);
        break;
      default: {
        const name = !nd.opts.numeric ? NETDB_PROTO_NAMES.get(proto) : undefined;
        nd.print(name ? ` ${name}` : ` ip-proto-${proto}`);
        nd.print(` ${plen}`);
      }
    }
  } else {
    if (nd.opts.quiet > 1) return;
    nd.print(`${ipaddrString(nd, src)} > ${ipaddrString(nd, dst)}:`);
    const name = !nd.opts.numeric ? NETDB_PROTO_NAMES.get(proto) : undefined;
    nd.print(name ? ` ${name}` : ` ip-proto-${proto}`);
  }
}
