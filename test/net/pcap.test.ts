import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PcapWriter, readPcap } from '../../sandbox/net/pcap.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/tcpdump/${name}`, import.meta.url)));

describe('pcap', () => {
  it('writes the classic little-endian microsecond format', () => {
    const w = new PcapWriter();
    w.add(1_684_144_800_123_456, new Uint8Array([1, 2, 3]));
    // prettier-ignore
    expect([...w.bytes()]).toEqual([
      0xd4, 0xc3, 0xb2, 0xa1, // magic
      0x02, 0x00, 0x04, 0x00, // version 2.4
      0, 0, 0, 0, // thiszone
      0, 0, 0, 0, // sigfigs
      0x00, 0x00, 0x04, 0x00, // snaplen 262144
      0x01, 0x00, 0x00, 0x00, // linktype EN10MB
      0xa0, 0x02, 0x62, 0x64, // ts_sec 1684144800
      0x40, 0xe2, 0x01, 0x00, // ts_usec 123456
      0x03, 0, 0, 0, // incl_len
      0x03, 0, 0, 0, // orig_len
      1, 2, 3,
    ]);
  });

  it('reads the reference captures and round-trips them', () => {
    const bytes = fixture('crossnode-node111-eth0-udp39.pcap');
    const r = readPcap(bytes);
    if ('error' in r) throw new Error(r.error);
    expect(r.linktype).toBe(1);
    expect(r.snaplen).toBe(262144);
    expect(r.records.map((x) => x.data.length)).toEqual([148, 148, 148, 148]);
    const w = new PcapWriter(r.snaplen, r.linktype);
    for (const rec of r.records) w.add(rec.tsUs, rec.data, rec.origLen);
    expect(w.bytes()).toEqual(bytes);
  });

  it('reports bad files the way libpcap does', () => {
    expect(readPcap(new Uint8Array(0))).toEqual({
      error: 'truncated dump file; tried to read 4 file header bytes, only got 0',
    });
    expect(readPcap(new TextEncoder().encode('hello, this is not a pcap file'))).toEqual({
      error: 'unknown file format',
    });
  });
});
