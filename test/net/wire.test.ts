import { describe, expect, it } from 'vitest';
import {
  parseIpv4 as parseAddr,
  formatIpv4,
  prefixMask,
  inSubnet,
  parseMac,
  macFromBytes,
  macToBytes,
  maskToPrefix,
} from '../../sandbox/net/addr.js';
import { internetChecksum } from '../../sandbox/net/checksum.js';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, emitEthernet, parseEthernet } from '../../sandbox/net/ethernet.js';
import { ArpPacket, emitArp, parseArp } from '../../sandbox/net/arp.js';
import { IP_PROTO_ICMP, IP_PROTO_UDP, decrementTtl, emitIpv4, parseIpv4 } from '../../sandbox/net/ipv4.js';
import { IcmpPacket, emitIcmp, parseIcmp } from '../../sandbox/net/icmp.js';
import { UdpPacket, computeUdpChecksum, emitUdp, parseUdp } from '../../sandbox/net/udp.js';
import { VXLAN_FLAG_I, VxlanPacket, emitVxlan, parseVxlan } from '../../sandbox/net/vxlan.js';

const ip = (s: string): number => parseAddr(s)!;

/**
 * The first frame of reference/vxlan/pcap/crossnode-node111-eth0-udp39.pcap
 * (tcpdump-r-XX-one-vxlan-packet.txt): pod 10.244.1.2 pings 10.244.0.4 and
 * flannel.1 on 10-7-111-92 wraps it for 10-7-160-190.
 */
// prettier-ignore
const REFERENCE_VXLAN_FRAME = new Uint8Array([
  // outer Ethernet
  0x52, 0x54, 0x00, 0x07, 0xa0, 0xbe, // dst 52:54:00:07:a0:be (10-7-160-190 eth0)
  0x52, 0x54, 0x00, 0x07, 0x6f, 0x5c, // src 52:54:00:07:6f:5c (10-7-111-92 eth0)
  0x08, 0x00, // ethertype IPv4
  // outer IPv4
  0x45, // version 4, IHL 5
  0x00, // tos
  0x00, 0x86, // total length 134
  0x3c, 0x6e, // id 15470
  0x00, 0x00, // flags none, offset 0
  0x40, // ttl 64
  0x11, // proto UDP
  0x19, 0xd1, // header checksum
  0x0a, 0x07, 0x6f, 0x5c, // src 10.7.111.92
  0x0a, 0x07, 0xa0, 0xbe, // dst 10.7.160.190
  // UDP
  0x8d, 0xe9, // src port 36329
  0x21, 0x18, // dst port 8472
  0x00, 0x72, // length 114
  0x24, 0xac, // checksum as offloaded by the sender's veth (wrong; correct is 0x31e6)
  // VXLAN
  0x08, // flags: I
  0x00, 0x00, 0x00, // reserved
  0x00, 0x00, 0x01, // VNI 1
  0x00, // reserved
  // inner Ethernet
  0xbe, 0x1d, 0x47, 0xc2, 0x90, 0x0a, // dst be:1d:47:c2:90:0a (flannel.1 of 10-7-160-190)
  0x06, 0x74, 0xad, 0x94, 0x9f, 0x06, // src 06:74:ad:94:9f:06 (flannel.1 of 10-7-111-92)
  0x08, 0x00, // ethertype IPv4
  // inner IPv4
  0x45, // version 4, IHL 5
  0x00, // tos
  0x00, 0x54, // total length 84
  0xf2, 0x2b, // id 61995
  0x40, 0x00, // DF
  0x3f, // ttl 63
  0x01, // proto ICMP
  0x32, 0x90, // header checksum
  0x0a, 0xf4, 0x01, 0x02, // src 10.244.1.2
  0x0a, 0xf4, 0x00, 0x04, // dst 10.244.0.4
  // ICMP echo request
  0x08, // type 8
  0x00, // code 0
  0x59, 0x24, // checksum
  0x50, 0x40, // id 20544
  0x00, 0x01, // seq 1
  // 56 bytes of ping data: 8-byte timestamp then 0x10..0x37
  0x0c, 0x3e, 0x08, 0x6b, 0x00, 0x00, 0x00, 0x00,
  0x70, 0x1e, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
  0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
]);

describe('addr', () => {
  it('parses strict dotted quads only', () => {
    expect(parseAddr('10.244.1.2')).toBe(0x0af40102);
    expect(parseAddr('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.244.1', '10.244.1.256', '10.244.1.2.3', '10..1.2', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4x', '']) {
      expect(parseAddr(bad), bad).toBeUndefined();
    }
  });
  it('formats, masks and tests subnets', () => {
    expect(formatIpv4(0xc0a80001)).toBe('192.168.0.1');
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(16)).toBe(0xffff0000);
    expect(prefixMask(32)).toBe(0xffffffff);
    expect(maskToPrefix(0xffffff00)).toBe(24);
    expect(maskToPrefix(0xff00ff00)).toBeUndefined();
    expect(inSubnet(ip('10.244.1.3'), ip('10.244.1.0'), 24)).toBe(true);
    expect(inSubnet(ip('10.244.0.3'), ip('10.244.1.0'), 24)).toBe(false);
    expect(inSubnet(ip('1.2.3.4'), 0, 0)).toBe(true);
  });
  it('round-trips MACs', () => {
    expect(parseMac('0A:58:a:f4:1:2')).toBe('0a:58:0a:f4:01:02');
    expect(parseMac('0a:58:0a:f4:01')).toBeUndefined();
    expect(parseMac('0a:58:0a:f4:01:0g')).toBeUndefined();
    const b = new Uint8Array(8);
    macToBytes('be:1d:47:c2:90:0a', b, 1);
    expect([...b]).toEqual([0, 0xbe, 0x1d, 0x47, 0xc2, 0x90, 0x0a, 0]);
    expect(macFromBytes(b, 1)).toBe('be:1d:47:c2:90:0a');
  });
});

describe('checksum', () => {
  it('is the RFC 1071 example', () => {
    // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2, checksum 220d
    expect(internetChecksum(new Uint8Array([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]), 0, 8)).toBe(0x220d);
    // odd length pads with a zero byte
    expect(internetChecksum(new Uint8Array([0x01]), 0, 1)).toBe(0xfeff);
  });
});

describe('ARP', () => {
  // prettier-ignore
  const request = new Uint8Array([
    0x00, 0x01, // htype Ethernet
    0x08, 0x00, // ptype IPv4
    0x06, // hlen
    0x04, // plen
    0x00, 0x01, // op request
    0x0a, 0x58, 0x0a, 0xf4, 0x01, 0x02, // sender MAC
    0x0a, 0xf4, 0x01, 0x02, // sender IP 10.244.1.2
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target MAC unknown
    0x0a, 0xf4, 0x01, 0x03, // target IP 10.244.1.3
  ]);
  it('emits and parses a request', () => {
    const repr = {
      op: 1 as const,
      senderMac: '0a:58:0a:f4:01:02',
      senderIp: ip('10.244.1.2'),
      targetMac: '00:00:00:00:00:00',
      targetIp: ip('10.244.1.3'),
    };
    expect(emitArp(repr)).toEqual(request);
    expect(parseArp(request)).toEqual(repr);
  });
  it('refuses short or foreign ARP', () => {
    expect(parseArp(request.subarray(0, 27))).toBeUndefined();
    const weird = request.slice();
    weird[7] = 3;
    expect(parseArp(weird)).toBeUndefined();
  });
});

describe('the reference VXLAN frame', () => {
  it('parses layer by layer', () => {
    const eth = parseEthernet(REFERENCE_VXLAN_FRAME)!;
    expect(eth.repr).toEqual({ dst: '52:54:00:07:a0:be', src: '52:54:00:07:6f:5c', ethertype: ETHERTYPE_IPV4 });
    const outer = parseIpv4(eth.payload)!;
    expect(outer.repr).toEqual({
      tos: 0,
      id: 15470,
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: IP_PROTO_UDP,
      src: ip('10.7.111.92'),
      dst: ip('10.7.160.190'),
    });
    expect(outer.totalLength).toBe(134);
    expect(outer.checksumOk).toBe(true);
    const udp = parseUdp(outer.payload, outer.repr.src, outer.repr.dst)!;
    expect(udp.repr).toEqual({ srcPort: 36329, dstPort: 8472 });
    expect(udp.length).toBe(114);
    expect(udp.checksum).toBe(0x24ac);
    expect(udp.checksumOk).toBe(false);
    expect(computeUdpChecksum(outer.payload, udp.length, outer.repr.src, outer.repr.dst)).toBe(0x31e6);
    const vx = parseVxlan(udp.payload)!;
    expect(vx.flags).toBe(VXLAN_FLAG_I);
    expect(vx.vni).toBe(1);
    const innerEth = parseEthernet(vx.payload)!;
    expect(innerEth.repr.src).toBe('06:74:ad:94:9f:06');
    const inner = parseIpv4(innerEth.payload)!;
    expect(inner.repr.ttl).toBe(63);
    expect(inner.repr.df).toBe(true);
    expect(inner.checksumOk).toBe(true);
    const icmp = parseIcmp(inner.payload)!;
    expect(icmp.checksumOk).toBe(true);
    expect(icmp.repr.kind).toBe('echo');
    if (icmp.repr.kind === 'echo') {
      expect([icmp.repr.type, icmp.repr.id, icmp.repr.seq, icmp.repr.data.length]).toEqual([8, 20544, 1, 56]);
    }
  });

  it('re-emits to the same bytes, with the correct UDP checksum 0x31e6', () => {
    const eth = parseEthernet(REFERENCE_VXLAN_FRAME)!;
    const outer = parseIpv4(eth.payload)!;
    const udp = parseUdp(outer.payload, outer.repr.src, outer.repr.dst)!;
    const vx = parseVxlan(udp.payload)!;
    const innerEth = parseEthernet(vx.payload)!;
    const inner = parseIpv4(innerEth.payload)!;
    const icmp = parseIcmp(inner.payload)!;

    const rebuilt = emitEthernet(
      eth.repr,
      emitIpv4(
        { ...outer.repr },
        emitUdp(
          udp.repr,
          emitVxlan(vx.vni, emitEthernet(innerEth.repr, emitIpv4(inner.repr, emitIcmp(icmp.repr)))),
          outer.repr.src,
          outer.repr.dst,
        ),
      ),
    );
    const expected = REFERENCE_VXLAN_FRAME.slice();
    expected[40] = 0x31; // UDP checksum, as a sender that does not offload computes it
    expected[41] = 0xe6;
    expect(rebuilt).toEqual(expected);
    const reparsed = parseUdp(parseIpv4(parseEthernet(rebuilt)!.payload)!.payload, outer.repr.src, outer.repr.dst)!;
    expect(reparsed.checksumOk).toBe(true);
    // without a checksum the field stays 0 and still verifies (RFC 768)
    const noSum = emitUdp(udp.repr, udp.payload, outer.repr.src, outer.repr.dst, false);
    expect([noSum[6], noSum[7]]).toEqual([0, 0]);
    expect(parseUdp(noSum, outer.repr.src, outer.repr.dst)!.checksumOk).toBe(true);
  });

  it('decrements TTL with an incrementally correct checksum', () => {
    const inner = REFERENCE_VXLAN_FRAME.slice(64, 64 + 84);
    expect(decrementTtl(inner)).toBe(62);
    expect(parseIpv4(inner)!.checksumOk).toBe(true);
    // the incremental result equals a full recomputation
    const full = emitIpv4({ ...parseIpv4(inner)!.repr }, inner.subarray(20));
    expect(inner).toEqual(full);
  });

  it('never throws on truncated or garbage input', () => {
    for (let n = 0; n <= REFERENCE_VXLAN_FRAME.length; n++) {
      const cut = REFERENCE_VXLAN_FRAME.subarray(0, n);
      expect(() => {
        parseEthernet(cut);
        parseIpv4(cut);
        parseUdp(cut, 0, 0);
        parseVxlan(cut);
        parseIcmp(cut);
        parseArp(cut);
      }).not.toThrow();
    }
    expect(parseIpv4(new Uint8Array(20))).toBeUndefined(); // version 0
    expect(parseEthernet(new Uint8Array(13))).toBeUndefined();
  });
});

describe('ICMP errors', () => {
  it('carries the next-hop MTU in a frag-needed error', () => {
    const original = REFERENCE_VXLAN_FRAME.slice(64, 64 + 28);
    const b = emitIcmp({ kind: 'error', type: 3, code: 4, mtu: 1402, original });
    // prettier-ignore
    expect([...b.subarray(0, 8)]).toEqual([
      0x03, // type destination unreachable
      0x04, // code fragmentation needed
      b[2], b[3], // checksum (verified below)
      0x00, 0x00, // unused
      0x05, 0x7a, // next-hop MTU 1402
    ]);
    const p = parseIcmp(b)!;
    expect(p.checksumOk).toBe(true);
    expect(p.repr).toEqual({ kind: 'error', type: 3, code: 4, mtu: 1402, original });
    expect(IP_PROTO_ICMP).toBe(1);
    expect(ETHERTYPE_ARP).toBe(0x0806);
  });
});

describe('views over the reference frame', () => {
  it('read the same fields as the parsers', () => {
    const udp = UdpPacket.check(REFERENCE_VXLAN_FRAME.subarray(34))!;
    expect([udp.srcPort(), udp.dstPort(), udp.length(), udp.checksum()]).toEqual([36329, 8472, 114, 0x24ac]);
    expect(udp.verifyChecksum(ip('10.7.111.92'), ip('10.7.160.190'))).toBe(false);
    const vx = VxlanPacket.check(udp.payload())!;
    expect([vx.flags(), vx.vni(), vx.innerFrame().length]).toEqual([0x08, 1, 98]);
    const icmp = IcmpPacket.check(vx.innerFrame().subarray(34))!;
    expect([icmp.type(), icmp.code(), icmp.echoId(), icmp.echoSeq(), icmp.verifyChecksum()]).toEqual([
      8,
      0,
      20544,
      1,
      true,
    ]);
    const arp = ArpPacket.check(
      emitArp({
        op: 2,
        senderMac: '0a:58:0a:f4:01:03',
        senderIp: ip('10.244.1.3'),
        targetMac: '0a:58:0a:f4:01:02',
        targetIp: ip('10.244.1.2'),
      }),
    )!;
    expect([arp.op(), arp.senderMac(), arp.senderIp(), arp.targetMac(), arp.targetIp()]).toEqual([
      2,
      '0a:58:0a:f4:01:03',
      ip('10.244.1.3'),
      '0a:58:0a:f4:01:02',
      ip('10.244.1.2'),
    ]);
    expect(UdpPacket.check(new Uint8Array(7))).toBeUndefined();
  });
});
