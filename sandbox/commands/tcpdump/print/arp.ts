/**
 * print-arp.c for Ethernet/IPv4 ARP.
 */
import { macFromBytes, readIpv4 } from '../../../net/addr.js';
import { ETHERTYPE_NAMES, hex4, ipaddrString } from './names.js';
import { Truncated, type Nd } from './nd.js';

const ARPHRD_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet'],
  [6, 'TokenRing'],
  [24, 'IEEE 1394'],
]);

const ARPOP_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Request'],
  [2, 'Reply'],
  [3, 'Reverse Request'],
  [4, 'Reverse Reply'],
  [8, 'Inverse Request'],
  [9, 'Inverse Reply'],
  [10, 'NACK Reply'],
]);

export function arpPrint(nd: Nd, buf: Uint8Array, length: number): void {
  if (buf.length < 8) throw new Truncated('arp', true);
  const hrd = (buf[0]! << 8) | buf[1]!;
  const pro = (buf[2]! << 8) | buf[3]!;
  const hln = buf[4]!;
  const pln = buf[5]!;
  const op = (buf[6]! << 8) | buf[7]!;
  const hrdName = ARPHRD_NAMES.get(hrd) ?? `Unknown Hardware (${hrd})`;
  const proName = ETHERTYPE_NAMES.get(pro) ?? `Unknown Protocol (0x${hex4(pro)})`;
  if (pro !== 0x0800 || pln !== 4 || hln === 0) {
    nd.print(`ARP, ${hrdName} (len ${hln}), ${proName} (len ${pln})`);
    nd.print(`, length ${length}`);
    return;
  }
  if (buf.length < 8 + 2 * hln + 2 * pln) throw new Truncated('arp', true);
  const sha = 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  if (!nd.opts.linkHeader) nd.print('ARP, ');
  if (nd.opts.verbose) nd.print(`${hrdName} (len ${hln}), ${proName} (len ${pln}), `);
  nd.print(ARPOP_NAMES.get(op) ?? `Unknown (${op})`);
  const linkaddr = (off: number): string =>
    hln === 6
      ? macFromBytes(buf, off)
      : [...buf.subarray(off, off + hln)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  switch (op) {
    case 1: {
      nd.print(` who-has ${ipaddrString(nd, readIpv4(buf, tpa))}`);
      if (buf.subarray(tha, tha + hln).some((b) => b !== 0)) nd.print(` (${linkaddr(tha)})`);
      nd.print(` tell ${ipaddrString(nd, readIpv4(buf, spa))}`);
      break;
    }
    case 2:
      nd.print(` ${ipaddrString(nd, readIpv4(buf, spa))} is-at ${linkaddr(sha)}`);
      break;
    case 3:
      nd.print(` who-is ${linkaddr(tha)} tell ${linkaddr(sha)}`);
      break;
    case 4:
      nd.print(` ${linkaddr(tha)} at ${ipaddrString(nd, readIpv4(buf, tpa))}`);
      break;
    default:
      break;
  }
  nd.print(`, length ${length}`);
}
