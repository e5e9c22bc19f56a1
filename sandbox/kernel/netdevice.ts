/**
 * struct net_device: what every link has (ifindex, name, MTU, MAC, flags,
 * counters, IPv4 addresses, capture taps), and the two paths a frame takes
 * through it: xmit (the stack sends, taps see 'out') and receive (a frame
 * arrives from the wire or the peer, taps see 'in', then the bridge or the
 * stack gets it).
 */
import type { Netns } from './netns.js';
import type { Skb } from './skb.js';
import { macStrNum } from './macnum.js';

export type LinkKind = 'loopback' | 'ether' | 'veth' | 'bridge' | 'vxlan' | 'dummy';
export type TapDir = 'in' | 'out';
/** `traceId`: the packet's trace (kernel/trace.ts), so a view can tie a frame to the decisions made about it. */
export type Tap = (frame: Uint8Array, dir: TapDir, tsUs: number, traceId: number) => void;
export type AddrScope = 'global' | 'site' | 'link' | 'host' | 'nowhere';
export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

export interface LinkStats {
  rxPackets: number;
  rxBytes: number;
  rxErrors: number;
  rxDropped: number;
  rxMissed: number;
  rxMulticast: number;
  txPackets: number;
  txBytes: number;
  txErrors: number;
  txDropped: number;
  txCarrier: number;
  txCollisions: number;
}

export function emptyStats(): LinkStats {
  return {
    rxPackets: 0,
    rxBytes: 0,
    rxErrors: 0,
    rxDropped: 0,
    rxMissed: 0,
    rxMulticast: 0,
    txPackets: 0,
    txBytes: 0,
    txErrors: 0,
    txDropped: 0,
    txCarrier: 0,
    txCollisions: 0,
  };
}

/** One IPv4 address on a device (struct in_ifaddr). */
export interface IfAddr {
  address: number;
  prefixLen: number;
  /** Undefined when none was given (`ip addr add` without `brd`). */
  broadcast: number | undefined;
  scope: AddrScope;
  label: string;
  /** Another address of the same subnet was there first. */
  secondary: boolean;
}

/** An IPv6 address as `ip addr` shows it (we only derive, never route, IPv6). */
export interface Inet6Addr {
  address: string;
  prefixLen: number;
  scope: 'host' | 'link';
}

/** Per-port state when a device is enslaved to a bridge. */
export interface BridgePortInfo {
  portNo: number;
  hairpin: boolean;
  learning: boolean;
  flood: boolean;
  state: 'disabled' | 'listening' | 'learning' | 'forwarding' | 'blocking';
  cost: number;
  priority: number;
}

interface TapEntry {
  cb: Tap;
  promisc: boolean;
}

export abstract class NetDevice {
  abstract readonly kind: LinkKind;
  ns: Netns;
  ifindex: number;
  name: string;
  mtu: number;
  minMtu = 68;
  maxMtu = 65535;
  mac: string;
  /** The MAC was given by the user (a bridge then stops following its ports' MACs). */
  macSet = false;
  /** IFF_UP as the user set it. */
  adminUp = false;
  /** Set on the first `up`: until then Linux shows `qdisc noop`. */
  everUp = false;
  /** The bridge this device is a port of. */
  master: NetDevice | null = null;
  brport: BridgePortInfo | null = null;
  readonly stats: LinkStats = emptyStats();
  readonly addresses: IfAddr[] = [];
  txqueuelen = 1000;
  group = 'default';
  /** `ip link set promisc on`. */
  promiscSet = false;
  private taps: TapEntry[] = [];
  /** Virtual time of creation, for `ip -s` and friends. */
  readonly createdAt: number;

  constructor(ns: Netns, ifindex: number, name: string, mac: string, mtu: number) {
    this.ns = ns;
    this.ifindex = ifindex;
    this.name = name;
    this.mac = mac;
    this.mtu = mtu;
    this.createdAt = ns.env.clock.now;
  }

  /** The MAC as a 48-bit number, for the datapath's comparisons. */
  get macNum(): number {
    return macStrNum(this.mac);
  }

  /** Whether the lower layer has carrier (netif_carrier_ok). */
  abstract get carrier(): boolean;

  /** Driver transmit, after counters and taps. */
  protected abstract transmit(s: Skb): void;

  /** IFF_RUNNING: up and carrier. */
  get running(): boolean {
    return this.adminUp && this.carrier;
  }

  get isLoopback(): boolean {
    return this.kind === 'loopback';
  }

  /** IFF_NOARP. */
  get noarp(): boolean {
    return this.kind === 'loopback';
  }

  /** The flag words iproute2 prints between < >, in its order. */
  flagNames(): string[] {
    const f: string[] = [];
    if (this.adminUp && !this.carrier) f.push('NO-CARRIER');
    if (this.isLoopback) f.push('LOOPBACK');
    else f.push('BROADCAST', 'MULTICAST');
    if (this.noarp && !this.isLoopback) f.push('NOARP');
    if (this.promiscSet) f.push('PROMISC');
    if (this.adminUp) f.push('UP');
    if (this.running) f.push('LOWER_UP');
    return f;
  }

  /** RFC 2863 operstate as `ip link` prints it after `state`. */
  get operstate(): OperState {
    if (!this.adminUp) return 'DOWN';
    if (this.kind === 'loopback' || this.kind === 'vxlan' || this.kind === 'dummy') return 'UNKNOWN';
    return this.carrier ? 'UP' : 'DOWN';
  }

  /** The queueing discipline name iproute2 prints. */
  get qdisc(): string {
    if (!this.everUp) return 'noop';
    return this.kind === 'ether' ? 'fq_codel' : 'noqueue';
  }

  /** Taps that put the device in promiscuous mode (tcpdump without -p). */
  get promiscuity(): number {
    let n = this.promiscSet ? 1 : 0;
    for (const t of this.taps) if (t.promisc) n++;
    return n;
  }

  get hasTaps(): boolean {
    return this.taps.length > 0;
  }

  /** A capture point (AF_PACKET socket): sees every frame sent ('out') and received ('in'). */
  addTap(cb: Tap, opts: { promisc?: boolean } = {}): () => void {
    const entry: TapEntry = { cb, promisc: opts.promisc ?? true };
    this.taps = [...this.taps, entry];
    return () => {
      this.taps = this.taps.filter((t) => t !== entry);
    };
  }

  protected runTaps(frame: Uint8Array, dir: TapDir, traceId = 0): void {
    const taps = this.taps;
    if (taps.length === 0) return;
    const now = this.ns.env.clock.now;
    for (const t of taps) {
      try {
        t.cb(frame, dir, now, traceId);
      } catch {
        // A capture that fails must not break the datapath.
      }
    }
  }

  /** The IPv6 addresses Linux would show: link-local from the MAC (EUI-64) while the link is up. */
  inet6(): Inet6Addr[] {
    if (!this.running) return [];
    if (this.isLoopback) return [{ address: '::1', prefixLen: 128, scope: 'host' }];
    return [{ address: eui64LinkLocal(this.mac), prefixLen: 64, scope: 'link' }];
  }

  /** dev_queue_xmit: the stack hands a frame to this device. */
  xmit(s: Skb): void {
    if (!this.running) {
      this.stats.txDropped++;
      return;
    }
    this.stats.txPackets++;
    this.stats.txBytes += s.data.length;
    this.runTaps(s.data, 'out', s.traceId);
    this.transmit(s);
  }

  /** A frame arrived on this device from below (wire, peer, decapsulation). */
  receive(s: Skb): void {
    if (!this.running) {
      this.stats.rxDropped++;
      return;
    }
    this.stats.rxPackets++;
    this.stats.rxBytes += s.data.length;
    if (s.data.length > 0 && (s.data[0]! & 1) === 1) this.stats.rxMulticast++;
    this.runTaps(s.data, 'in', s.traceId);
    const br = this.master;
    if (br !== null && isBridgeLike(br)) {
      br.handlePortFrame(this, s);
      return;
    }
    this.ns.netifReceive(this, s);
  }

  /** Called by the namespace when the device goes down or is deleted. */
  onDown(): void {}
  /** Called when the device is unregistered. */
  onDelete(): void {}
}

interface BridgeLike {
  handlePortFrame(port: NetDevice, s: Skb): void;
}

function isBridgeLike(d: NetDevice): d is NetDevice & BridgeLike {
  return d.kind === 'bridge';
}

/** fe80::/64 with the modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A). */
export function eui64LinkLocal(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  return formatIpv6([
    0xfe80,
    0,
    0,
    0,
    ((b[0]! ^ 2) << 8) | b[1]!,
    (b[2]! << 8) | 0xff,
    (0xfe << 8) | b[3]!,
    (b[4]! << 8) | b[5]!,
  ]);
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

/** eth_random_addr: random bytes, unicast, locally administered. */
export function randomMac(next: () => number): string {
  const bytes: number[] = [];
  for (let i = 0; i < 6; i++) bytes.push(Math.floor(next() * 256) & 255);
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
