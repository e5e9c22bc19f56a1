/**
 * What graders see of a capture: the real VXLAN frames recorded on a Linux
 * node (test/fixtures/tcpdump), reduced to ports, VNI and the inner packet.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readPcap } from '../../sandbox/net/pcap.js';
import { captureObservation, summarizeFrame } from '../../sandbox/exercises/frames.js';
import { answerValue, numbersIn, tokensIn } from '../../sandbox/exercises/observed.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/tcpdump/${name}`, import.meta.url)));

function records(name: string) {
  const r = readPcap(fixture(name));
  if ('error' in r) throw new Error(r.error);
  return r.records;
}

describe('frame summaries', () => {
  it('reads a VXLAN frame of the reference capture: outer UDP 8472, VNI 1, inner ICMP echo with TTL 63', () => {
    const [first] = records('crossnode-node111-eth0-udp39.pcap');
    const f = summarizeFrame(first!.data, first!.tsUs);
    expect(f.ip).toEqual({
      src: '10.7.111.92',
      dst: '10.7.160.190',
      protocol: 17,
      ttl: 64,
      df: false,
      totalLength: 134,
    });
    expect(f.udp?.dstPort).toBe(8472);
    expect(f.vxlan).toEqual({ vni: 1 });
    expect(f.inner).toEqual({ src: '10.244.1.2', dst: '10.244.0.4', protocol: 1, ttl: 63, icmpType: 8 });
  });

  it('reads a same-node frame on cni0 as plain ICMP', () => {
    const recs = records('samenode-node111-cni0.pcap');
    const f = summarizeFrame(recs[1]!.data, recs[1]!.tsUs);
    expect(f.vxlan).toBeUndefined();
    expect(f.ip?.src).toBe('10.244.1.3');
    expect(f.icmpType).toBe(0);
  });

  it('summarises a capture and bounds what it keeps', () => {
    const recs = records('crossnode-node111-eth0-udp39.pcap');
    const many = Array.from({ length: 100 }, (_, i) => recs[i % recs.length]!);
    const o = captureObservation({ host: 'n', iface: 'eth0', filter: 'udp[39]=1', start: 1, end: 2, frames: many });
    expect(o.packets).toBe(100);
    expect(o.frames.length).toBe(64);
    expect(o.sawVxlan && o.sawIcmp).toBe(true);
  });

  it('never throws on garbage', () => {
    expect(summarizeFrame(new Uint8Array([1, 2, 3]), 5)).toEqual({ at: 5 });
    expect(summarizeFrame(new Uint8Array(60), 5, 276)).toEqual({ at: 5 });
  });
});

describe('answer parsing', () => {
  it('takes named fields in any order, or bare values in order', () => {
    expect(answerValue('vni=1 port=8472', 'port', 0)).toBe('8472');
    expect(answerValue('port: 8472, vni: 1', 'vni', 1)).toBe('1');
    expect(answerValue('8472 1', 'vni', 1)).toBe('1');
    expect(answerValue('TTL=62 via=10.244.0.0', 'ttl')).toBe('62');
    expect(answerValue('ttl 62 via 10.244.0.0', 'via')).toBe('10.244.0.0');
    expect(answerValue('nothing here', 'mtu')).toBeUndefined();
  });

  it('splits tokens and numbers', () => {
    expect(tokensIn('It is cni0, not flannel.1.')).toEqual(['it', 'is', 'cni0', 'not', 'flannel.1']);
    expect(numbersIn('port 8472 vni 1')).toEqual([8472, 1]);
  });
});
