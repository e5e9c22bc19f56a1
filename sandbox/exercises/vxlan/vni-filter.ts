import type { Exercise } from '../types.js';
import type { CaptureObservation, Observation } from '../../world/observations.js';
import * as A from '../article.js';
import { captures } from '../observed.js';
import { compileFilter } from '../../commands/tcpdump/filter/index.js';
import { emitArp } from '../../net/arp.js';
import { emitEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../net/ethernet.js';
import { emitIcmp } from '../../net/icmp.js';
import { emitIpv4, IP_PROTO_ICMP, IP_PROTO_UDP } from '../../net/ipv4.js';
import { emitUdp } from '../../net/udp.js';
import { emitVxlan, VXLAN_PORT_LINUX } from '../../net/vxlan.js';
import { LINKTYPE_ETHERNET } from '../../net/pcap.js';
import { parseIpv4 } from '../../net/addr.js';

const ip = (s: string): number => parseIpv4(s)!;
const NODE_MAC = '52:54:00:07:6f:5c';
const PEER_MAC = '52:54:00:07:a0:be';

function ipv4(src: string, dst: string, protocol: number, payload: Uint8Array, ttl = 64): Uint8Array {
  return emitIpv4({ tos: 0, id: 1, df: false, ttl, protocol, src: ip(src), dst: ip(dst) }, payload);
}

function udpPacket(src: string, dst: string, sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return ipv4(src, dst, IP_PROTO_UDP, emitUdp({ srcPort: sport, dstPort: dport }, payload, ip(src), ip(dst)));
}

function onEth0(packet: Uint8Array): Uint8Array {
  return emitEthernet({ dst: PEER_MAC, src: NODE_MAC, ethertype: ETHERTYPE_IPV4 }, packet);
}

function echo(src: string, dst: string): Uint8Array {
  const icmp = emitIcmp({ kind: 'echo', type: 8, id: 7, seq: 1, data: new Uint8Array(56) });
  return ipv4(src, dst, IP_PROTO_ICMP, icmp, 63);
}

/** An inner Ethernet frame tunnelled from the worker to the control-plane node with this VNI. */
function vxlan(vni: number, ethertype: number, inner: Uint8Array): Uint8Array {
  const frame = emitEthernet({ dst: A.CONTROL_VTEP_MAC, src: A.WORKER_VTEP_MAC, ethertype }, inner);
  return onEth0(udpPacket(A.WORKER_IP, A.CONTROL_IP, 36329, VXLAN_PORT_LINUX, emitVxlan(vni, frame)));
}

/** Frames a VNI filter must keep: VNI 1, whatever the tunnel carries. */
export const KEEP: readonly Uint8Array[] = [
  vxlan(1, ETHERTYPE_IPV4, echo(A.POD_A_IP, A.POD_C_IP)),
  vxlan(
    1,
    ETHERTYPE_ARP,
    emitArp({
      op: 1,
      senderMac: A.WORKER_VTEP_MAC,
      senderIp: ip(A.WORKER_VTEP_IP),
      targetMac: '00:00:00:00:00:00',
      targetIp: ip(A.CONTROL_VTEP_IP),
    }),
  ),
  vxlan(1, ETHERTYPE_IPV4, udpPacket(A.POD_A_IP, '10.244.0.2', 40000, 53, new Uint8Array(30))),
];

/** Frames it must drop: another VNI, plain ICMP, and a DNS datagram whose bytes 14 and 39 happen to be 1. */
function dnsLookalike(): Uint8Array {
  const payload = new Uint8Array(40);
  payload[14 - 8] = 1;
  payload[39 - 8] = 1;
  return onEth0(udpPacket(A.WORKER_IP, A.GATEWAY_IP, 40001, 53, payload));
}
export const DROP: readonly Uint8Array[] = [
  vxlan(2, ETHERTYPE_IPV4, echo(A.POD_A_IP, A.POD_C_IP)),
  vxlan(257, ETHERTYPE_IPV4, echo(A.POD_A_IP, A.POD_C_IP)),
  onEth0(echo(A.WORKER_IP, A.CONTROL_IP)),
  dnsLookalike(),
];

/** The latest capture on eth0 with a filter that printed VXLAN traffic. */
function filteredCapture(obs: readonly Observation[]): CaptureObservation | undefined {
  const c = captures(obs, { iface: 'eth0' }).filter((x) => x.filter.trim() !== '' && x.sawVxlan);
  return c[c.length - 1];
}

function judge(obs: readonly Observation[], frames: readonly Uint8Array[], want: boolean): boolean {
  const c = filteredCapture(obs);
  if (!c) return false;
  const f = compileFilter(c.filter, LINKTYPE_ETHERNET);
  if (!f.ok) return false;
  return frames.every((fr) => f.match(fr, fr.length) === want);
}

export const vniFilter: Exercise = {
  id: 'vni-filter',
  chapter: 'vxlan',
  title: {
    zh: '写一个真正按 VNI 过滤的抓包过滤器',
    en: 'A capture filter that really tests the VNI',
  },
  task: {
    zh: "原文用 `tcpdump 'udp[39]=1'` 抓 VXLAN 包，但 `udp[39]` 并不是 VNI。写一个 tcpdump 过滤表达式，只留下 VNI 为 1 的 VXLAN 包（不管隧道里装的是 ICMP、ARP 还是别的），在跨节点 ping 时用它在 eth0 上抓到包。",
    en: "The article captures VXLAN with `tcpdump 'udp[39]=1'`, but `udp[39]` is not the VNI. Write a tcpdump filter that keeps exactly the VXLAN packets of VNI 1 (whatever the tunnel carries: ICMP, ARP or anything else) and use it on eth0 to capture packets while a cross-node ping runs.",
  },
  scenario: 'article',
  host: A.WORKER,
  items: [
    {
      id: 'ran',
      label: {
        zh: '带过滤器在 eth0 上抓到了 VXLAN 包',
        en: 'a filtered capture on eth0 printed VXLAN packets',
      },
      check: (_w, obs) => filteredCapture(obs) !== undefined,
    },
    {
      id: 'keeps',
      label: {
        zh: '这个过滤器留下 VNI 1 的包，不管里面是 ICMP、ARP 还是 UDP',
        en: 'that filter keeps VNI 1 packets whether they carry ICMP, ARP or UDP',
      },
      check: (_w, obs) => judge(obs, KEEP, true),
    },
    {
      id: 'drops',
      label: {
        zh: '这个过滤器丢掉别的 VNI、普通 ICMP 和非 VXLAN 的 UDP',
        en: 'that filter drops other VNIs, plain ICMP and UDP that is not VXLAN',
      },
      check: (_w, obs) => judge(obs, DROP, false),
    },
  ],
  hints: {
    static: [
      {
        zh: '`udp[N]` 从 UDP 头开始数字节：0–7 是 UDP 头，8–15 是 VXLAN 头（8 是标志，12–14 是 VNI，15 保留），16 起是内层以太网帧。',
        en: '`udp[N]` counts bytes from the start of the UDP header: 0–7 are the UDP header, 8–15 the VXLAN header (8 flags, 12–14 the VNI, 15 reserved), and the inner Ethernet frame starts at 16.',
      },
      {
        zh: '所以 `udp[39]` = 16 + 14（内层以太网头）+ 9，是内层 IP 头的协议字段：`udp[39]=1` 留下的是「装着 ICMP 的包」，和 VNI 无关。',
        en: 'So `udp[39]` = 16 + 14 (inner Ethernet header) + 9: the inner IP header\'s protocol field. `udp[39]=1` keeps "packets that carry ICMP", whatever the VNI.',
      },
      {
        zh: 'VNI 有 3 个字节，只看 `udp[14]` 会把 VNI 257 也放进来；别的 UDP 包的第 14 字节也可能碰巧是 1，所以还要限定端口：`udp port 8472`。',
        en: 'The VNI has 3 bytes: `udp[14]` alone also lets VNI 257 in, and any other UDP datagram may have a 1 at byte 14, so pin the port too: `udp port 8472`.',
      },
    ],
    dynamic(_w, obs) {
      const c = filteredCapture(obs);
      if (!c)
        return {
          zh: '还没有带过滤器、抓到 VXLAN 包的 eth0 抓包：让抓包和跨节点 ping 同时进行。',
          en: 'No filtered capture on eth0 has printed VXLAN packets yet: run it while a cross-node ping does.',
        };
      if (!judge(obs, KEEP, true))
        return {
          zh: `\`${c.filter}\` 会漏掉一些 VNI 1 的包（比如隧道里的 ARP）。`,
          en: `\`${c.filter}\` misses some VNI 1 packets (ARP inside the tunnel, for one).`,
        };
      if (!judge(obs, DROP, false))
        return {
          zh: `\`${c.filter}\` 还会放进别的包：别的 VNI，或者碰巧字节相同的普通 UDP。`,
          en: `\`${c.filter}\` still lets other packets in: another VNI, or ordinary UDP that happens to have the same bytes.`,
        };
      return undefined;
    },
  },
  solution: [
    "tcpdump -i eth0 -n -c 2 'udp port 8472 and udp[12:2] = 0 and udp[14] = 1' &",
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    'check',
  ],
  wrong: [
    // The article's filter.
    "tcpdump 'udp[39]=1' -nv -i eth0 -c 2 &",
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    'check',
  ],
};
