/**
 * Frames of every kind the printer and the filter know, built with sandbox/net,
 * for comparing against the real tcpdump.
 */
import { parseIpv4 as addr } from '../../sandbox/net/addr.js';
import { emitArp } from '../../sandbox/net/arp.js';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, emitEthernet } from '../../sandbox/net/ethernet.js';
import { emitIcmp } from '../../sandbox/net/icmp.js';
import { emitIpv4, type Ipv4Repr } from '../../sandbox/net/ipv4.js';
import { emitUdp } from '../../sandbox/net/udp.js';
import { internetChecksum } from '../../sandbox/net/checksum.js';
import { emitVxlan } from '../../sandbox/net/vxlan.js';
import {
  emitSll2,
  PACKET_HOST,
  PACKET_OUTGOING,
  PACKET_BROADCAST,
  PACKET_OTHERHOST,
} from '../../sandbox/commands/tcpdump/print/sll2.js';

const ip = (s: string): number => addr(s)!;
const POD2 = '0a:58:0a:f4:01:02';
const POD3 = '0a:58:0a:f4:01:03';
const CNI0 = '2e:f3:0b:42:6c:49';
const ETH111 = '52:54:00:07:6f:5c';
const ETH160 = '52:54:00:07:a0:be';
const VTEP111 = '06:74:ad:94:9f:06';
const VTEP160 = 'be:1d:47:c2:90:0a';

function pingData(n: number): Uint8Array {
  const d = new Uint8Array(n);
  for (let i = 0; i < n; i++) d[i] = i < 16 ? (i * 37) & 255 : i;
  return d;
}

function ipv4(partial: Partial<Ipv4Repr> & { src: number; dst: number; protocol: number }): Ipv4Repr {
  return { tos: 0, id: 4242, df: true, ttl: 64, ...partial };
}

function echo(src: string, dst: string, type: 0 | 8, seq: number, ttl = 64): Uint8Array {
  return emitIpv4(
    ipv4({ src: ip(src), dst: ip(dst), protocol: 1, ttl, id: 1000 + seq, df: type === 8 }),
    emitIcmp({ kind: 'echo', type, id: 20544, seq, data: pingData(56) }),
  );
}

function vxlanFrame(inner: Uint8Array, dport: number, sport = 36329, withCksum = true): Uint8Array {
  const s = ip('10.7.111.92');
  const d = ip('10.7.160.190');
  return emitEthernet(
    { dst: ETH160, src: ETH111, ethertype: ETHERTYPE_IPV4 },
    emitIpv4(
      ipv4({ src: s, dst: d, protocol: 17, df: false, id: 15470 }),
      emitUdp({ srcPort: sport, dstPort: dport }, emitVxlan(1, inner), s, d, withCksum),
    ),
  );
}

export interface CorpusFrame {
  name: string;
  data: Uint8Array;
}

export function ethernetCorpus(): CorpusFrame[] {
  const f: CorpusFrame[] = [];
  const add = (name: string, data: Uint8Array): void => {
    f.push({ name, data });
  };
  const reqIp = echo('10.244.1.2', '10.244.1.3', 8, 1);
  add('same-node echo request', emitEthernet({ dst: POD3, src: POD2, ethertype: ETHERTYPE_IPV4 }, reqIp));
  add(
    'same-node echo reply',
    emitEthernet({ dst: POD2, src: POD3, ethertype: ETHERTYPE_IPV4 }, echo('10.244.1.3', '10.244.1.2', 0, 1)),
  );
  const arpReq = emitArp({
    op: 1,
    senderMac: POD2,
    senderIp: ip('10.244.1.2'),
    targetMac: '00:00:00:00:00:00',
    targetIp: ip('10.244.1.3'),
  });
  add('arp request', emitEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: POD2, ethertype: ETHERTYPE_ARP }, arpReq));
  add(
    'arp reply',
    emitEthernet(
      { dst: POD2, src: POD3, ethertype: ETHERTYPE_ARP },
      emitArp({ op: 2, senderMac: POD3, senderIp: ip('10.244.1.3'), targetMac: POD2, targetIp: ip('10.244.1.2') }),
    ),
  );
  add(
    'arp unicast probe',
    emitEthernet(
      { dst: POD3, src: POD2, ethertype: ETHERTYPE_ARP },
      emitArp({ op: 1, senderMac: POD2, senderIp: ip('10.244.1.2'), targetMac: POD3, targetIp: ip('10.244.1.3') }),
    ),
  );
  const padded = new Uint8Array(60);
  padded.set(
    emitEthernet(
      { dst: 'ff:ff:ff:ff:ff:ff', src: ETH111, ethertype: ETHERTYPE_ARP },
      emitArp({
        op: 1,
        senderMac: ETH111,
        senderIp: ip('10.7.111.92'),
        targetMac: '00:00:00:00:00:00',
        targetIp: ip('10.7.0.1'),
      }),
    ),
  );
  add('padded arp request to the gateway', padded);
  const inner = emitEthernet(
    { dst: VTEP160, src: VTEP111, ethertype: ETHERTYPE_IPV4 },
    echo('10.244.1.2', '10.244.0.4', 8, 1, 63),
  );
  add('vxlan 8472 with icmp', vxlanFrame(inner, 8472));
  add('vxlan 8472 without udp checksum', vxlanFrame(inner, 8472, 40000, false));
  add('vxlan 4789 with icmp', vxlanFrame(inner, 4789, 51000));
  const innerArp = emitEthernet(
    { dst: 'ff:ff:ff:ff:ff:ff', src: VTEP111, ethertype: ETHERTYPE_ARP },
    emitArp({
      op: 1,
      senderMac: VTEP111,
      senderIp: ip('10.244.1.0'),
      targetMac: '00:00:00:00:00:00',
      targetIp: ip('10.244.0.0'),
    }),
  );
  add('vxlan 8472 with arp', vxlanFrame(innerArp, 8472, 45000));
  const badCk = vxlanFrame(inner, 8472);
  badCk[40] = badCk[40]! ^ 0x55;
  add('vxlan with a bad udp checksum', badCk);
  const badIp = emitEthernet(
    { dst: POD3, src: POD2, ethertype: ETHERTYPE_IPV4 },
    echo('10.244.1.2', '10.244.1.3', 8, 9),
  );
  badIp[14 + 10] = badIp[14 + 10]! ^ 0x11;
  add('bad ip header checksum', badIp);
  const badIcmp = emitEthernet(
    { dst: POD3, src: POD2, ethertype: ETHERTYPE_IPV4 },
    echo('10.244.1.2', '10.244.1.3', 8, 10),
  );
  badIcmp[14 + 20 + 2] = badIcmp[14 + 20 + 2]! ^ 0x01;
  add('bad icmp checksum', badIcmp);
  const probe = emitIpv4(
    ipv4({ src: ip('10.244.1.2'), dst: ip('10.244.0.4'), protocol: 17, ttl: 1, df: false, id: 777 }),
    emitUdp({ srcPort: 45678, dstPort: 33434 }, new Uint8Array(32), ip('10.244.1.2'), ip('10.244.0.4')),
  );
  add('traceroute probe', emitEthernet({ dst: CNI0, src: POD2, ethertype: ETHERTYPE_IPV4 }, probe));
  const icmpErr = (type: 3 | 11, code: number, from: string, original: Uint8Array, mtu?: number): Uint8Array =>
    emitEthernet(
      { dst: POD2, src: CNI0, ethertype: ETHERTYPE_IPV4 },
      emitIpv4(
        ipv4({ src: ip(from), dst: ip('10.244.1.2'), protocol: 1, df: false, tos: 0xc0, id: 31000 }),
        emitIcmp(
          mtu === undefined ? { kind: 'error', type, code, original } : { kind: 'error', type, code, mtu, original },
        ),
      ),
    );
  add('time exceeded', icmpErr(11, 0, '10.244.1.1', probe));
  add('port unreachable', icmpErr(3, 3, '10.244.0.4', probe));
  add('host unreachable', icmpErr(3, 1, '10.244.1.1', echo('10.244.1.2', '10.244.1.9', 8, 3)));
  add('net unreachable', icmpErr(3, 0, '10.244.1.1', echo('10.244.1.2', '10.99.0.1', 8, 4)));
  add('frag needed', icmpErr(3, 4, '10.244.1.1', echo('10.244.1.2', '10.244.0.4', 8, 5), 1402));
  add('admin prohibited', icmpErr(3, 13, '10.244.1.1', echo('10.244.1.2', '10.244.0.4', 8, 6)));
  add(
    'udp to domain',
    emitEthernet(
      { dst: CNI0, src: POD2, ethertype: ETHERTYPE_IPV4 },
      emitIpv4(
        ipv4({ src: ip('10.244.1.2'), dst: ip('10.244.0.2'), protocol: 17 }),
        emitUdp({ srcPort: 40000, dstPort: 9999 }, new Uint8Array(20), ip('10.244.1.2'), ip('10.244.0.2')),
      ),
    ),
  );
  const frag = emitIpv4(
    { ...ipv4({ src: ip('10.244.1.2'), dst: ip('10.244.1.3'), protocol: 1 }), df: false, fragOffset: 185 },
    pingData(100),
  );
  add('non-first fragment', emitEthernet({ dst: POD3, src: POD2, ethertype: ETHERTYPE_IPV4 }, frag));
  add('unknown ethertype', emitEthernet({ dst: 'ff:ff:ff:ff:ff:ff', src: POD2, ethertype: 0x88b5 }, pingData(46)));
  add(
    'odd-length frame',
    emitEthernet(
      { dst: POD3, src: POD2, ethertype: ETHERTYPE_IPV4 },
      emitIpv4(
        ipv4({ src: ip('10.244.1.2'), dst: ip('10.244.1.3'), protocol: 17 }),
        emitUdp({ srcPort: 1000, dstPort: 2000 }, new Uint8Array(3), ip('10.244.1.2'), ip('10.244.1.3')),
      ),
    ),
  );
  // Appended last: test/tcpdump/filter.test.ts records results by index.
  add(
    'redirect to host',
    (() => {
      const f = icmpErr(3, 0, '10.7.0.1', echo('10.7.111.92', '10.8.0.5', 8, 7));
      f[14 + 20] = 5; // type redirect
      f[14 + 20 + 1] = 1; // code host
      f.set([10, 7, 0, 9], 14 + 20 + 4); // gateway 10.7.0.9
      f[14 + 20 + 2] = 0;
      f[14 + 20 + 3] = 0;
      const c = internetChecksum(f, 14 + 20, f.length - 14 - 20);
      f[14 + 20 + 2] = c >>> 8;
      f[14 + 20 + 3] = c & 255;
      return f;
    })(),
  );
  return f;
}

/** The same traffic as `-i any` delivers it (LINUX_SLL2). */
export function sll2Corpus(): CorpusFrame[] {
  const out: CorpusFrame[] = [];
  const types = [PACKET_OUTGOING, PACKET_HOST, PACKET_BROADCAST, PACKET_OTHERHOST];
  let i = 0;
  for (const f of ethernetCorpus()) {
    const pkttype = types[i++ % types.length]!;
    const ethertype = (f.data[12]! << 8) | f.data[13]!;
    out.push({
      name: f.name,
      data: emitSll2(
        { protocol: ethertype, ifindex: 1, hatype: 1, pkttype, addr: f.data.subarray(6, 12) },
        f.data.subarray(14),
      ),
    });
  }
  return out;
}
