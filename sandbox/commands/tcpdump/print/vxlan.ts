/**
 * print-vxlan.c and print-otv.c. Both headers are 8 bytes followed by an
 * Ethernet frame; OTV reads the 24 bits after the flags as the overlay and the
 * next 24 as the instance, so Linux's VXLAN (VNI 1) on 8472 prints `overlay 0, instance 1`.
 */
import { etherPrint } from './ether.js';
import { hex2 } from './names.js';
import { Truncated, type Nd } from './nd.js';

function flags(f: number): string {
  return `flags [${f & 0x08 ? 'I' : '.'}] (0x${hex2(f)})`;
}

export function vxlanPrint(nd: Nd, buf: Uint8Array, length: number): void {
  nd.print('VXLAN');
  if (buf.length < 8) throw new Truncated('vxlan', true);
  nd.print(`, ${flags(buf[0]!)}, vni ${(buf[4]! << 16) | (buf[5]! << 8) | buf[6]!}\n`);
  etherPrint(nd, buf.subarray(8), length - 8);
}

export function otvPrint(nd: Nd, buf: Uint8Array, length: number): void {
  nd.print('OTV, ');
  if (buf.length < 8) throw new Truncated('otv', true);
  const overlay = (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!;
  const instance = (buf[4]! << 16) | (buf[5]! << 8) | buf[6]!;
  nd.print(`${flags(buf[0]!)}, overlay ${overlay}, instance ${instance}\n`);
  etherPrint(nd, buf.subarray(8), length - 8);
}
