/**
 * A VXLAN device (drivers/net/vxlan/vxlan_core.c). Transmit: look the inner
 * destination MAC up in the device's FDB (falling back to the all-zeros
 * entry), wrap the frame in VXLAN/UDP/IPv4 and send it through the
 * namespace's own IP stack, which routes it and resolves the next hop on the
 * underlay. Receive: the namespace's UDP layer hands datagrams for dstport to
 * `decap`.
 */
import { NetDevice, type LinkKind } from '../netdevice.js';
import type { Netns } from '../netns.js';
import type { Skb } from '../skb.js';
import { VxlanFdb, ALL_ZEROS_MAC, type VxlanRemote } from './fdb.js';
import { macFromBytes, formatIpv4 } from '../../net/addr.js';
import { parseVxlan, VXLAN_FLAG_I } from '../../net/vxlan.js';
import { vxlanEncapPacket } from './encap-frame.js';
import { IP_PROTO_UDP } from '../../net/ipv4.js';
import { flowHash } from '../ipv4/flow.js';
import { macNum } from '../macnum.js';

export interface VxlanConfig {
  vni: number;
  /** Source address of the outer packets (`local`); undefined = chosen by routing. */
  local: number | undefined;
  /** Default remote (`remote`/`group`); undefined = only the FDB decides. */
  remote: number | undefined;
  /** The underlay device (`dev`). */
  lower: NetDevice | null;
  dstport: number;
  srcPortMin: number;
  srcPortMax: number;
  learning: boolean;
  /** 0 = auto (the namespace's default TTL). */
  ttl: number;
  tos: number;
  ageingS: number;
  udpCsum: boolean;
  l2miss: boolean;
  l3miss: boolean;
  proxy: boolean;
  gbp: boolean;
  /** Whether `dstport` was given (iproute2 warns when it was not). */
  dstportGiven: boolean;
}

/** Linux's default VXLAN port (IANA's is 4789). */
export const VXLAN_DEFAULT_PORT = 8472;

export class VxlanDevice extends NetDevice {
  readonly kind: LinkKind = 'vxlan';
  readonly fdb = new VxlanFdb();

  constructor(
    ns: Netns,
    ifindex: number,
    name: string,
    mac: string,
    mtu: number,
    readonly config: VxlanConfig,
  ) {
    super(ns, ifindex, name, mac, mtu);
  }

  get carrier(): boolean {
    return true;
  }

  /** vxlan_xmit. */
  protected transmit(s: Skb): void {
    const d = s.data;
    if (d.length < 14) return;
    const now = this.ns.env.clock.now;
    let f = this.fdb.getNum(macNum(d, 0));
    const exact = f !== undefined;
    if (!f) f = this.fdb.getNum(0);
    const remotes: VxlanRemote[] = f ? f.remotes : [];
    if (!f && this.config.remote !== undefined) {
      remotes.push({ ip: this.config.remote, port: 0, vni: 0, ifindex: 0 });
    }
    if (remotes.length === 0) {
      // vxlan_xmit counts a drop, not a transmitted packet (xmit() counted it optimistically).
      this.stats.txPackets--;
      this.stats.txBytes -= d.length;
      this.stats.txDropped++;
      if (this.ns.tracing) {
        this.ns.trace('drop', s.traceId, `fdb ${macFromBytes(d, 0)}: no entry and no ${ALL_ZEROS_MAC} default`, {
          dev: this.name,
          reason: 'vxlan: no remote for destination MAC',
        });
      }
      return;
    }
    if (f) f.usedAt = now;
    for (const r of remotes) {
      if (this.ns.tracing) {
        this.ns.trace(
          'fdb',
          s.traceId,
          `${exact ? 'fdb' : 'fdb (default)'} ${f ? f.mac : macFromBytes(d, 0)} dst ${formatIpv4(r.ip)} self ${f ? f.state : ''}`.trim(),
          { dev: this.name },
        );
      }
      this.encap(s, r);
    }
  }

  private encap(s: Skb, r: VxlanRemote): void {
    const ns = this.ns;
    const cfg = this.config;
    const port = r.port || cfg.dstport;
    const vni = r.vni || cfg.vni;
    const srcPort = this.sourcePort(s.data);
    const local = cfg.local;
    const res = ns.routeOutput(r.ip, { src: local, oif: r.ifindex || undefined });
    if (!res.ok) {
      this.stats.txErrors++;
      if (ns.tracing) {
        ns.trace('drop', s.traceId, `route to ${formatIpv4(r.ip)}: ${res.errno}`, {
          dev: this.name,
          reason: 'vxlan: no route to remote VTEP',
        });
      }
      return;
    }
    const src = local ?? res.value.src;
    const packet = vxlanEncapPacket(s.data, vni, srcPort, port, src, r.ip, cfg.udpCsum);
    if (ns.tracing) {
      ns.trace(
        'encap',
        s.traceId,
        `encap vxlan vni ${vni} ${formatIpv4(src)}:${srcPort} → ${formatIpv4(r.ip)}:${port}`,
        { dev: this.name },
      );
    }
    ns.ip.sendInPlace(
      { tos: cfg.tos, df: false, ttl: cfg.ttl || ns.defaultTtl, protocol: IP_PROTO_UDP, src, dst: r.ip },
      packet,
      s.traceId,
      res.value,
    );
  }

  /** udp_flow_src_port: a hash of the inner flow mapped into the source port range. */
  private sourcePort(frame: Uint8Array): number {
    let lo = this.config.srcPortMin;
    let hi = this.config.srcPortMax;
    if (lo === 0 && hi === 0) {
      lo = 32768;
      hi = 60999;
    }
    const h = flowHash(frame, this.ns.hashSeed);
    return Math.floor((h * (hi - lo)) / 4294967296) + lo;
  }

  /** vxlan_rcv: a UDP payload that arrived on our port. Returns false when it is not for us. */
  decap(udpPayload: Uint8Array, outerSrc: number, traceId: number): boolean {
    const v = parseVxlan(udpPayload);
    if (!v || (v.flags & VXLAN_FLAG_I) === 0 || v.vni !== this.config.vni) return false;
    const inner = v.payload;
    if (inner.length < 14) return false;
    // Our own frames coming back are dropped (vxlan_rcv's own-MAC check); compared as a number per packet.
    if (macNum(inner, 6) === this.macNum) return true;
    if (this.config.learning && (inner[6]! & 1) === 0) this.learn(macFromBytes(inner, 6), outerSrc);
    if (this.ns.tracing) {
      this.ns.trace('decap', traceId, `decap vxlan vni ${v.vni} from ${formatIpv4(outerSrc)}`, { dev: this.name });
    }
    // skb_pull: the inner frame is the same bytes, not a copy (nothing on the receive path writes into a frame).
    this.receive({ data: inner, traceId });
    return true;
  }

  /** vxlan_snoop: remember which VTEP a source MAC lives behind. */
  private learn(mac: string, ip: number): void {
    const now = this.ns.env.clock.now;
    const f = this.fdb.get(mac);
    if (f) {
      if (f.state === 'permanent' || f.state === 'static') return;
      f.remotes = [{ ip, port: 0, vni: 0, ifindex: 0 }];
      f.updatedAt = now;
      return;
    }
    this.fdb.set({
      mac,
      remotes: [{ ip, port: 0, vni: 0, ifindex: 0 }],
      state: 'reachable',
      updatedAt: now,
      usedAt: now,
    });
  }
}
