import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readPcap } from '../../sandbox/net/pcap.js';
import { DEFAULT_PRINT_OPTIONS, printPacket, type PrintOptions } from '../../sandbox/commands/tcpdump/print/index.js';

const fixturePath = (name: string): URL => new URL(`../fixtures/tcpdump/${name}`, import.meta.url);
const text = (name: string): string => readFileSync(fixturePath(name), 'utf8');

function printFile(name: string, opts: Partial<PrintOptions>): string {
  const r = readPcap(new Uint8Array(readFileSync(fixturePath(name))));
  if ('error' in r) throw new Error(r.error);
  // The reference machine printed UTC.
  const o = { ...DEFAULT_PRINT_OPTIONS, tzOffsetUs: 0, ...opts };
  return r.records.map((rec) => printPacket(rec, r.linktype, o)).join('');
}

describe('printer on the reference pcaps (tcpdump -r F -n -e -vv)', () => {
  it('prints the cross-node VXLAN capture, bad udp cksum note included', () => {
    expect(printFile('crossnode-node111-eth0-udp39.pcap', { numeric: true, linkHeader: true, verbose: 2 })).toBe(
      text('crossnode-node111-eth0-udp39.tcpdump-r.txt'),
    );
  });
  it('prints the same-node capture', () => {
    expect(printFile('samenode-node111-cni0.pcap', { numeric: true, linkHeader: true, verbose: 2 })).toBe(
      text('samenode-node111-cni0.tcpdump-r.txt'),
    );
  });
  it('prints the one-packet -XX dump', () => {
    const r = readPcap(new Uint8Array(readFileSync(fixturePath('crossnode-node111-eth0-udp39.pcap'))));
    if ('error' in r) throw new Error(r.error);
    const out = printPacket(r.records[0]!, r.linktype, {
      ...DEFAULT_PRINT_OPTIONS,
      numeric: true,
      linkHeader: true,
      verbose: 2,
      hexAscii: 2,
    });
    // The reference was printed from a second recording of the same capture, 2 µs apart.
    const strip = (s: string): string => s.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, 'T ');
    expect(strip(out)).toBe(strip(text('tcpdump-r-XX-one-vxlan-packet.txt')));
  });
  it('prints -n without -e or -v like the live capture on eth0', () => {
    const out = printFile('crossnode-node111-eth0-udp39.pcap', { numeric: true });
    expect(out.split('\n').slice(0, 2).join('\n')).toBe(
      '14:11:24.728750 IP 10.7.111.92.36329 > 10.7.160.190.8472: OTV, flags [I] (0x08), overlay 0, instance 1\n' +
        'IP 10.244.1.2 > 10.244.0.4: ICMP echo request, id 20544, seq 1, length 64',
    );
  });
});
