/**
 * The capture side of tcpdump: choosing the device(s) the way libpcap does,
 * tapping them, and turning each tapped frame into the record libpcap would
 * deliver (the Ethernet frame itself, or for `any` a LINUX_SLL2 record).
 */
import type { Netns } from '../../kernel/netns.js';
import type { NetDevice, TapDir } from '../../kernel/netdevice.js';
import { macToBytes } from '../../net/addr.js';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 } from '../../net/pcap.js';
import type { CapturedPacket } from './print/index.js';
import {
  ARPHRD_ETHER,
  ARPHRD_LOOPBACK,
  PACKET_BROADCAST,
  PACKET_HOST,
  PACKET_MULTICAST,
  PACKET_OTHERHOST,
  PACKET_OUTGOING,
  emitSll2,
} from './print/sll2.js';

export interface CaptureSource {
  /** The name tcpdump prints in `listening on`. */
  name: string;
  devices: NetDevice[];
  linktype: number;
  /** Whether tcpdump itself asked for SLL2 (`-i any`), which it announces. */
  announceSll2: boolean;
}

export type OpenResult = { ok: true; source: CaptureSource } | { ok: false; message: string };

/** pcap_findalldevs' order as Debian 12's libpcap lists it: running non-loopback, any, running loopback, up, the pseudo-devices, down. */
export function listInterfaces(ns: Netns): string[] {
  const devs = ns.devices();
  const flags = (d: NetDevice): string => {
    const f: string[] = [];
    if (d.adminUp) f.push('Up');
    if (d.running) f.push('Running');
    if (d.isLoopback) f.push('Loopback');
    if (f.length === 0) f.push('none');
    if (!d.isLoopback) f.push(d.running ? 'Connected' : 'Disconnected');
    return `${d.name} [${f.join(', ')}]`;
  };
  const rows: string[] = [];
  rows.push(...devs.filter((d) => d.running && !d.isLoopback).map(flags));
  rows.push('any (Pseudo-device that captures on all interfaces) [Up, Running]');
  rows.push(...devs.filter((d) => d.running && d.isLoopback).map(flags));
  rows.push(...devs.filter((d) => d.adminUp && !d.running).map(flags));
  rows.push('bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]');
  rows.push('nflog (Linux netfilter log (NFLOG) interface) [none]');
  rows.push('nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]');
  rows.push('dbus-system (D-Bus system bus) [none]');
  rows.push('dbus-session (D-Bus session bus) [none]');
  rows.push(...devs.filter((d) => !d.adminUp).map(flags));
  return rows.map((r, i) => `${i + 1}.${r}`);
}

export function openCapture(ns: Netns, requested: string | undefined): OpenResult {
  const any = (announce: boolean): OpenResult => ({
    ok: true,
    source: {
      name: 'any',
      devices: ns.devices(),
      linktype: LINKTYPE_LINUX_SLL2,
      announceSll2: announce,
    },
  });
  if (requested === undefined) {
    const dev = ns.devices().find((d) => d.running && !d.isLoopback);
    if (!dev) return any(false);
    return { ok: true, source: { name: dev.name, devices: [dev], linktype: LINKTYPE_ETHERNET, announceSll2: false } };
  }
  if (requested === 'any') return any(true);
  let dev = ns.dev(requested);
  if (!dev && /^\d+$/.test(requested)) {
    // -i N picks the Nth entry of `tcpdump -D`.
    const row = listInterfaces(ns)[Number(requested) - 1];
    if (!row) return { ok: false, message: 'Invalid adapter index' };
    const name = row.slice(row.indexOf('.') + 1).split(' ')[0]!;
    if (name === 'any') return any(false);
    dev = ns.dev(name);
    if (!dev) return { ok: false, message: `${name}: No such device exists\n(No such device exists)` };
  }
  if (!dev) return { ok: false, message: `${requested}: No such device exists\n(No such device exists)` };
  if (!dev.adminUp) return { ok: false, message: `${dev.name}: That device is not up` };
  return { ok: true, source: { name: dev.name, devices: [dev], linktype: LINKTYPE_ETHERNET, announceSll2: false } };
}

/** The record libpcap hands tcpdump for a frame tapped on `dev`. */
export function toRecord(
  source: CaptureSource,
  dev: NetDevice,
  frame: Uint8Array,
  dir: TapDir,
  tsUs: number,
  snaplen: number,
): CapturedPacket {
  if (source.linktype !== LINKTYPE_LINUX_SLL2) {
    return { tsUs, data: frame.slice(0, snaplen), origLen: frame.length };
  }
  let pkttype = PACKET_OUTGOING;
  if (dir === 'in') {
    if (dev.isLoopback) pkttype = PACKET_HOST;
    else if (frame.length >= 6 && frame.subarray(0, 6).every((b) => b === 0xff)) pkttype = PACKET_BROADCAST;
    else if (frame.length >= 1 && (frame[0]! & 1) === 1) pkttype = PACKET_MULTICAST;
    else {
      const mine = new Uint8Array(6);
      macToBytes(dev.mac, mine, 0);
      pkttype = mine.every((b, i) => frame[i] === b) ? PACKET_HOST : PACKET_OTHERHOST;
    }
  }
  const ethertype = frame.length >= 14 ? (frame[12]! << 8) | frame[13]! : 0;
  const sll = emitSll2(
    {
      protocol: ethertype,
      ifindex: dev.ifindex,
      hatype: dev.isLoopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER,
      pkttype,
      addr: frame.subarray(6, 12),
    },
    frame.subarray(14),
  );
  return { tsUs, data: sll.length > snaplen ? sll.slice(0, snaplen) : sll, origLen: sll.length };
}
