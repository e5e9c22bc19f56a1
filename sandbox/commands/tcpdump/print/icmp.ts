/**
 * print-icmp.c: echo, unreachable (with the code's wording), time exceeded,
 * and with -v the offending packet an error carries.
 */
import { readIpv4 } from '../../../net/addr.js';
import { internetChecksum } from '../../../net/checksum.js';
import { cksumShouldBe, ipPrint } from './ip.js';
import { ipaddrString, portString } from './names.js';
import { Truncated, type Nd } from './nd.js';

const UNREACH_FMT: ReadonlyMap<number, string> = new Map([
  [5, '%s unreachable - source route failed'],
  [6, 'net %s unreachable - unknown'],
  [7, 'host %s unreachable - unknown'],
  [8, '%s unreachable - source host isolated'],
  [9, 'net %s unreachable - admin prohibited'],
  [10, 'host %s unreachable - admin prohibited'],
  [11, 'net %s unreachable - tos prohibited'],
  [12, 'host %s unreachable - tos prohibited'],
  [13, 'host %s unreachable - admin prohibited filter'],
  [14, 'host %s unreachable - host precedence violation'],
  [15, 'host %s unreachable - precedence cutoff'],
]);

const ICMP_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [4, 'source quench'],
  [9, 'router advertisement'],
  [10, 'router solicitation'],
  [13, 'time stamp request'],
  [14, 'time stamp reply'],
  [15, 'information request'],
  [16, 'information reply'],
  [17, 'address mask request'],
  [18, 'address mask reply'],
]);

function isErrType(t: number): boolean {
  return t === 3 || t === 4 || t === 5 || t === 11 || t === 12;
}

/** Time exceeded checks its length itself; the other types fail inside a GET_ macro. */
function need(buf: Uint8Array, type: number, n: number): void {
  if (buf.length < n) throw new Truncated('icmp', type !== 11);
}

/** The embedded IP header starts at 8; its destination at 8 + 16. */
function innerDst(nd: Nd, buf: Uint8Array, type: number): string {
  need(buf, type, 28);
  return ipaddrString(nd, readIpv4(buf, 24));
}

export function icmpPrint(nd: Nd, buf: Uint8Array, plen: number, fragmented: boolean): void {
  if (buf.length < 2) throw new Truncated('icmp', true);
  const type = buf[0]!;
  const code = buf[1]!;
  let str: string;
  switch (type) {
    case 0:
    case 8:
      need(buf, type, 8);
      str = `echo ${type === 8 ? 'request' : 'reply'}, id ${(buf[4]! << 8) | buf[5]!}, seq ${(buf[6]! << 8) | buf[7]!}`;
      break;
    case 3:
      switch (code) {
        case 0:
          str = `net ${innerDst(nd, buf, type)} unreachable`;
          break;
        case 1:
          str = `host ${innerDst(nd, buf, type)} unreachable`;
          break;
        case 2:
          need(buf, type, 28);
          str = `${innerDst(nd, buf, type)} protocol ${buf[17]!} unreachable`;
          break;
        case 3: {
          // ND_TCHECK on the inner protocol byte, then GET_ macros.
          if (buf.length < 18) throw new Truncated('icmp');
          need(buf, type, 28);
          const ohl = (buf[8]! & 15) * 4;
          need(buf, type, 8 + ohl + 4);
          const dport = (buf[8 + ohl + 2]! << 8) | buf[8 + ohl + 3]!;
          const p = buf[17]!;
          if (p === 6) str = `${innerDst(nd, buf, type)} tcp port ${portString(nd, dport, 'tcp')} unreachable`;
          else if (p === 17) str = `${innerDst(nd, buf, type)} udp port ${portString(nd, dport, 'udp')} unreachable`;
          else str = `${innerDst(nd, buf, type)} protocol ${p} port ${dport} unreachable`;
          break;
        }
        case 4: {
          need(buf, type, 8);
          const mtu = (buf[6]! << 8) | buf[7]!;
          str = mtu
            ? `${innerDst(nd, buf, type)} unreachable - need to frag (mtu ${mtu})`
            : `${innerDst(nd, buf, type)} unreachable - need to frag`;
          break;
        }
        default: {
          const fmt = UNREACH_FMT.get(code) ?? `%s unreachable - #${code}`;
          str = fmt.replace('%s', innerDst(nd, buf, type));
        }
      }
      break;
    case 5: {
      need(buf, type, 28);
      const fmt =
        code === 0
          ? 'redirect %s to net %s'
          : code === 1
            ? 'redirect %s to host %s'
            : code === 2
              ? 'redirect-tos %s to net %s'
              : code === 3
                ? 'redirect-tos %s to host %s'
                : `redirect-#${code} %s to net %s`;
      str = fmt.replace('%s', innerDst(nd, buf, type)).replace('%s', ipaddrString(nd, readIpv4(buf, 4)));
      break;
    }
    case 11:
      need(buf, type, 28);
      str =
        code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${code}`;
      break;
    case 12:
      need(buf, type, 5);
      str = code ? `parameter problem - code ${code}` : `parameter problem - octet ${buf[4]!}`;
      break;
    default:
      str = ICMP_TYPE_NAMES.get(type) ?? `type-#${type}`;
  }
  nd.print(`ICMP ${str}, length ${plen}`);
  if (nd.opts.verbose && !fragmented && buf.length >= plen) {
    const sum = internetChecksum(buf, 0, plen);
    if (sum !== 0) {
      const icmpSum = (buf[2]! << 8) | buf[3]!;
      nd.print(` (wrong icmp cksum ${icmpSum.toString(16)} (->${cksumShouldBe(icmpSum, sum).toString(16)})!)`);
    }
  }
  if (nd.opts.verbose >= 1 && isErrType(type)) {
    nd.print('\n\t');
    need(buf, type, 8 + 4);
    const inner = buf.subarray(8);
    const innerLen = (inner[2]! << 8) | inner[3]!;
    ipPrint(nd, inner.subarray(0, Math.min(innerLen, inner.length)), innerLen);
  }
}
