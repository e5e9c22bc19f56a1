/**
 * A captured frame taken apart field by field for the page's packet panel, with
 * sandbox/net's own parsers: outer Ethernet/IPv4/UDP/VXLAN, then the inner
 * Ethernet/IPv4/ICMP (or ARP). Labels come in both of the site's languages.
 */
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from '../net/ethernet.js';
import { IP_PROTO_ICMP, IP_PROTO_UDP, parseIpv4 } from '../net/ipv4.js';
import { parseUdp } from '../net/udp.js';
import { parseVxlan, VXLAN_PORT_IANA, VXLAN_PORT_LINUX } from '../net/vxlan.js';
import { parseIcmp } from '../net/icmp.js';
import { parseArp } from '../net/arp.js';
import { formatIpv4 } from '../net/addr.js';

export type Lang = 'zh' | 'en';

export interface Layer {
  readonly name: string;
  readonly fields: readonly { label: string; value: string }[];
}

const L: Record<string, [string, string]> = {
  dst: ['destination MAC', '目的 MAC'],
  src: ['source MAC', '源 MAC'],
  type: ['EtherType', '类型'],
  ver: ['version / header length', '版本 / 首部长度'],
  tos: ['TOS', '服务类型'],
  len: ['total length', '总长度'],
  id: ['identification', '标识'],
  flags: ['flags', '标志'],
  ttl: ['TTL', 'TTL'],
  proto: ['protocol', '协议'],
  csum: ['header checksum', '首部校验和'],
  sip: ['source address', '源地址'],
  dip: ['destination address', '目的地址'],
  sport: ['source port', '源端口'],
  dport: ['destination port', '目的端口'],
  ulen: ['length', '长度'],
  ucsum: ['checksum', '校验和'],
  vflags: ['flags', '标志'],
  vni: ['VNI', 'VNI'],
  itype: ['type', '类型'],
  code: ['code', '代码'],
  icsum: ['checksum', '校验和'],
  iid: ['identifier', '标识符'],
  seq: ['sequence number', '序号'],
  op: ['operation', '操作'],
  sha: ['sender MAC', '发送方 MAC'],
  spa: ['sender IP', '发送方 IP'],
  tha: ['target MAC', '目标 MAC'],
  tpa: ['target IP', '目标 IP'],
  data: ['data', '数据'],
};

const hex = (n: number, w: number): string => '0x' + n.toString(16).padStart(w, '0');
const ok = (good: boolean, lang: Lang): string =>
  good ? (lang === 'zh' ? '（正确）' : ' (correct)') : lang === 'zh' ? '（错误）' : ' (wrong)';

export function decodeFrame(frame: Uint8Array, lang: Lang): Layer[] {
  const layers: Layer[] = [];
  const f = (key: string, value: string) => ({ label: L[key]![lang === 'zh' ? 1 : 0], value });
  const ether = (buf: Uint8Array, inner: boolean): void => {
    const eth = parseEthernet(buf);
    if (!eth) return;
    const { repr } = eth;
    layers.push({
      name: inner ? (lang === 'zh' ? '内层 Ethernet' : 'inner Ethernet') : 'Ethernet',
      fields: [
        f('dst', repr.dst),
        f('src', repr.src),
        f(
          'type',
          `${hex(repr.ethertype, 4)} (${repr.ethertype === ETHERTYPE_IPV4 ? 'IPv4' : repr.ethertype === ETHERTYPE_ARP ? 'ARP' : '?'})`,
        ),
      ],
    });
    if (repr.ethertype === ETHERTYPE_ARP) {
      const a = parseArp(eth.payload);
      if (a)
        layers.push({
          name: 'ARP',
          fields: [
            f('op', a.op === 1 ? '1 (request)' : '2 (reply)'),
            f('sha', a.senderMac),
            f('spa', formatIpv4(a.senderIp)),
            f('tha', a.targetMac),
            f('tpa', formatIpv4(a.targetIp)),
          ],
        });
      return;
    }
    if (repr.ethertype !== ETHERTYPE_IPV4) return;
    const ip = parseIpv4(eth.payload);
    if (!ip) return;
    const r = ip.repr;
    const csum = (eth.payload[10]! << 8) | eth.payload[11]!;
    const protoName = r.protocol === IP_PROTO_UDP ? 'UDP' : r.protocol === IP_PROTO_ICMP ? 'ICMP' : String(r.protocol);
    layers.push({
      name: inner ? (lang === 'zh' ? '内层 IPv4' : 'inner IPv4') : 'IPv4',
      fields: [
        f('ver', `4 / ${ip.headerLen}`),
        f('tos', hex(r.tos, 2)),
        f('len', String(ip.totalLength)),
        f('id', `${hex(r.id, 4)} (${r.id})`),
        f('flags', r.df ? 'DF' : r.mf ? 'MF' : '—'),
        f('ttl', String(r.ttl)),
        f('proto', `${r.protocol} (${protoName})`),
        f('csum', hex(csum, 4) + ok(ip.checksumOk, lang)),
        f('sip', formatIpv4(r.src)),
        f('dip', formatIpv4(r.dst)),
      ],
    });
    if (r.protocol === IP_PROTO_UDP) {
      const u = parseUdp(ip.payload, r.src, r.dst);
      if (!u) return;
      layers.push({
        name: 'UDP',
        fields: [
          f('sport', String(u.repr.srcPort)),
          f('dport', String(u.repr.dstPort)),
          f('ulen', String(u.length)),
          f('ucsum', u.checksum === 0 ? '0x0000 (none)' : hex(u.checksum, 4) + ok(u.checksumOk, lang)),
        ],
      });
      if (u.repr.dstPort === VXLAN_PORT_LINUX || u.repr.dstPort === VXLAN_PORT_IANA) {
        const v = parseVxlan(u.payload);
        if (!v) return;
        layers.push({ name: 'VXLAN', fields: [f('vflags', hex(v.flags, 2) + ' (I)'), f('vni', String(v.vni))] });
        if (!inner) ether(v.payload, true);
      }
    } else if (r.protocol === IP_PROTO_ICMP) {
      const ic = parseIcmp(ip.payload);
      if (!ic) return;
      const c = (ip.payload[2]! << 8) | ip.payload[3]!;
      const fields = [
        f(
          'itype',
          `${ip.payload[0]} (${ic.repr.kind === 'echo' ? (ic.repr.type === 8 ? 'echo request' : 'echo reply') : 'error'})`,
        ),
        f('code', String(ip.payload[1])),
        f('icsum', hex(c, 4) + ok(ic.checksumOk, lang)),
      ];
      if (ic.repr.kind === 'echo') {
        fields.push(
          f('iid', String(ic.repr.id)),
          f('seq', String(ic.repr.seq)),
          f('data', `${ic.repr.data.length} bytes`),
        );
      }
      layers.push({ name: 'ICMP', fields });
    }
  };
  ether(frame, false);
  return layers;
}

/** One line for a list: what tcpdump would lead with, inner packet in brackets for VXLAN. */
export function summarizeFrame(frame: Uint8Array): string {
  const layers = decodeFrame(frame, 'en');
  const get = (layer: Layer | undefined, label: string) => layer?.fields.find((x) => x.label === label)?.value ?? '';
  const ips = layers.filter((l) => l.name.endsWith('IPv4'));
  const arp = layers.find((l) => l.name === 'ARP');
  if (arp) return `ARP ${get(arp, 'operation').replace(/^\d \(|\)$/g, '')} ${get(arp, 'target IP')}`;
  const icmp = layers.find((l) => l.name === 'ICMP');
  const what = icmp ? `ICMP ${get(icmp, 'type').replace(/^\d+ \(|\)$/g, '')}` : '';
  if (ips.length === 2) {
    return `${get(ips[0], 'source address')} > ${get(ips[0], 'destination address')} VXLAN vni ${get(
      layers.find((l) => l.name === 'VXLAN'),
      'VNI',
    )} [${get(ips[1], 'source address')} > ${get(ips[1], 'destination address')} ${what}]`;
  }
  if (ips.length === 1)
    return `${get(ips[0], 'source address')} > ${get(ips[0], 'destination address')} ${what || get(ips[0], 'protocol')}`;
  return `${frame.length} bytes`;
}
