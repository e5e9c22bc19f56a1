/**
 * Reduce a captured frame to the few facts exercises grade on (outer IPv4,
 * UDP ports, VXLAN VNI, the inner packet, ICMP type). Reads the same wire
 * parsers tcpdump uses, so a grader sees exactly what the capture printed.
 * Never throws: a frame it cannot read just yields fewer fields.
 */
import { formatIpv4 } from '../net/addr.js';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, parseEthernet } from '../net/ethernet.js';
import { IP_PROTO_ICMP, IP_PROTO_UDP, parseIpv4 } from '../net/ipv4.js';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 } from '../net/pcap.js';
import { parseVxlan, VXLAN_FLAG_I } from '../net/vxlan.js';
import type { CaptureObservation, FrameSummary } from '../world/observations.js';
import { MAX_FRAMES_PER_CAPTURE } from '../world/observations.js';

const LINKTYPE_LINUX_SLL = 113;

/** The ethertype and the network-layer bytes of a frame of the given link type. */
function networkLayer(data: Uint8Array, linktype: number): { ethertype: number; payload: Uint8Array } | undefined {
  if (linktype === LINKTYPE_ETHERNET) {
    const eth = parseEthernet(data);
    return eth ? { ethertype: eth.repr.ethertype, payload: eth.payload } : undefined;
  }
  if (linktype === LINKTYPE_LINUX_SLL2 && data.length >= 20) {
    return { ethertype: (data[0]! << 8) | data[1]!, payload: data.subarray(20) };
  }
  if (linktype === LINKTYPE_LINUX_SLL && data.length >= 16) {
    return { ethertype: (data[14]! << 8) | data[15]!, payload: data.subarray(16) };
  }
  return undefined;
}

/** The UDP header's ports and payload, without checksum work (graders do not care). */
function udpOf(buf: Uint8Array): { srcPort: number; dstPort: number; payload: Uint8Array } | undefined {
  if (buf.length < 8) return undefined;
  return { srcPort: (buf[0]! << 8) | buf[1]!, dstPort: (buf[2]! << 8) | buf[3]!, payload: buf.subarray(8) };
}

function innerPacket(frame: Uint8Array): FrameSummary['inner'] {
  const eth = parseEthernet(frame);
  if (!eth || eth.repr.ethertype !== ETHERTYPE_IPV4) return undefined;
  const ip = parseIpv4(eth.payload);
  if (!ip) return undefined;
  const inner: NonNullable<FrameSummary['inner']> = {
    src: formatIpv4(ip.repr.src),
    dst: formatIpv4(ip.repr.dst),
    protocol: ip.repr.protocol,
    ttl: ip.repr.ttl,
  };
  if (ip.repr.protocol === IP_PROTO_ICMP && ip.payload.length >= 1) inner.icmpType = ip.payload[0]!;
  return inner;
}

export function summarizeFrame(data: Uint8Array, at: number, linktype: number = LINKTYPE_ETHERNET): FrameSummary {
  const s: FrameSummary = { at };
  try {
    const l3 = networkLayer(data, linktype);
    if (!l3) return s;
    if (l3.ethertype === ETHERTYPE_ARP) {
      s.arp = true;
      return s;
    }
    if (l3.ethertype !== ETHERTYPE_IPV4) return s;
    const ip = parseIpv4(l3.payload);
    if (!ip) return s;
    s.ip = {
      src: formatIpv4(ip.repr.src),
      dst: formatIpv4(ip.repr.dst),
      protocol: ip.repr.protocol,
      ttl: ip.repr.ttl,
      df: ip.repr.df,
      totalLength: ip.totalLength,
    };
    if (ip.repr.protocol === IP_PROTO_ICMP && ip.payload.length >= 1) s.icmpType = ip.payload[0]!;
    if (ip.repr.protocol === IP_PROTO_UDP) {
      const udp = udpOf(ip.payload);
      if (!udp) return s;
      s.udp = { srcPort: udp.srcPort, dstPort: udp.dstPort };
      const vx = parseVxlan(udp.payload);
      // The I flag and an inner Ethernet frame are what make a datagram VXLAN, whatever its port.
      if (vx && (vx.flags & VXLAN_FLAG_I) !== 0 && vx.payload.length >= 14) {
        s.vxlan = { vni: vx.vni };
        const inner = innerPacket(vx.payload);
        if (inner) s.inner = inner;
      }
    }
  } catch {
    // A malformed frame still counts as a packet the reader saw.
  }
  return s;
}

export interface CapturedFrame {
  tsUs: number;
  data: Uint8Array;
}

/**
 * Build the observation tcpdump reports when a capture ends. `frames` are the
 * ones it printed or wrote (after the filter), in order.
 */
export function captureObservation(opts: {
  host: string;
  iface: string;
  filter: string;
  start: number;
  end: number;
  frames: readonly CapturedFrame[];
  /** Packets the capture printed, when more than the frames handed over. */
  packets?: number;
  linktype?: number;
}): CaptureObservation {
  const linktype = opts.linktype ?? LINKTYPE_ETHERNET;
  const frames = opts.frames.slice(0, MAX_FRAMES_PER_CAPTURE).map((f) => summarizeFrame(f.data, f.tsUs, linktype));
  // sawVxlan/sawIcmp look at every frame, not just the kept ones.
  let sawVxlan = frames.some((f) => f.vxlan !== undefined);
  let sawIcmp = frames.some(isIcmp);
  for (let i = MAX_FRAMES_PER_CAPTURE; i < opts.frames.length && !(sawVxlan && sawIcmp); i++) {
    const f = summarizeFrame(opts.frames[i]!.data, opts.frames[i]!.tsUs, linktype);
    sawVxlan ||= f.vxlan !== undefined;
    sawIcmp ||= isIcmp(f);
  }
  return {
    kind: 'capture',
    at: opts.start,
    end: opts.end,
    host: opts.host,
    iface: opts.iface,
    filter: opts.filter,
    packets: Math.max(opts.packets ?? 0, opts.frames.length),
    frames,
    sawVxlan,
    sawIcmp,
  };
}

/** ICMP at any depth (outer, or inside a VXLAN tunnel). */
export function isIcmp(f: FrameSummary): boolean {
  return f.ip?.protocol === IP_PROTO_ICMP || f.inner?.protocol === IP_PROTO_ICMP;
}
