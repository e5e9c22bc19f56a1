/**
 * The IPv4 stack of one namespace: ip_rcv → local delivery or ip_forward,
 * ip_route_output + ip_output for what local users send, neighbour
 * resolution through ARP (net/ipv4/arp.c), ICMP echo and errors
 * (net/ipv4/icmp.c) and the socket tables (ping and UDP).
 */
import { nfForward, nfLocalIn, nfLocalOut, nfPostrouting, nfPrerouting, type LocalVerdict } from '../netfilter.js';
import type { Netns, RouteLookupOpts } from '../netns.js';
import type { NetDevice } from '../netdevice.js';
import type { Skb } from '../skb.js';
import { fail, ok, type KResult } from '../errno.js';
import type { Route } from './route.js';
import { formatRouteRow, SCOPE_VALUE } from './route.js';
import type { NeighEntry, NeighOps } from '../neighbour.js';
import { BROADCAST_MAC, formatIpv4, inSubnet, readIpv4 } from '../../net/addr.js';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERNET_HEADER_LEN } from '../../net/ethernet.js';
import { ethFrame, ethHeaderInto } from '../ethframe.js';
import { internetChecksum } from '../../net/checksum.js';
import { withHeadroom, writeIpv4Header } from '../vxlan/encap-frame.js';
import { emitArp, parseArp, ARP_OP_REPLY, ARP_OP_REQUEST } from '../../net/arp.js';
import { emitIpv4, parseIpv4, decrementTtl, IP_PROTO_ICMP, IP_PROTO_UDP, type Ipv4Repr } from '../../net/ipv4.js';
import {
  emitIcmp,
  parseIcmp,
  ICMP_DEST_UNREACH,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_FRAG_NEEDED,
  ICMP_HOST_UNREACH,
  ICMP_NET_UNREACH,
  ICMP_PORT_UNREACH,
  ICMP_TIME_EXCEEDED,
} from '../../net/icmp.js';
import { emitUdp, parseUdp } from '../../net/udp.js';
import { BridgeDevice } from '../bridge/bridge.js';
import { fragment, Reassembler } from './fragment.js';
import { macNum } from '../macnum.js';
import type { VxlanDevice } from '../vxlan/vxlan.js';

/** A resolved output route: the FIB row, the device, the next hop and the source address. */
export interface OutputRoute {
  route: Route;
  dev: NetDevice;
  /** The address to resolve on `dev` (gateway, or the destination itself). */
  nexthop: number;
  src: number;
}

/** The header fields a local sender chooses (id, lengths and checksum are the stack's). */
export interface SendHeader {
  tos: number;
  df: boolean;
  ttl: number;
  protocol: number;
  src: number;
  dst: number;
}

/** An ICMP error as a socket sees it (IP_RECVERR). */
export interface IcmpErrorInfo {
  from: number;
  type: number;
  code: number;
  mtu: number | undefined;
  /** The offending packet's header fields. */
  original: Ipv4Repr;
  /** The first 8 bytes after the original's IP header (ICMP id/seq or UDP ports). */
  originalL4: Uint8Array;
  ttl: number;
  at: number;
}

export interface PingSocket {
  /** An echo reply carrying our id. */
  onReply(from: number, ttl: number, seq: number, data: Uint8Array, ipLen: number, at: number, traceId: number): void;
  onError(err: IcmpErrorInfo, seq: number): void;
}

export interface UdpSocket {
  onDatagram(payload: Uint8Array, src: number, srcPort: number, dst: number, ttl: number, at: number): void;
  onError?(err: IcmpErrorInfo, srcPort: number, dstPort: number): void;
}

type UdpHandler = { kind: 'vxlan'; devs: VxlanDevice[] } | { kind: 'socket'; sock: UdpSocket };

/** Bytes of the offending packet an ICMP error may quote: 576 − 20 − 8 (icmp_send). */
const ICMP_QUOTE_MAX = 548;

export class Ipv4Stack {
  private idents = new Map<number, { id: number; at: number }>();
  private pingSockets = new Map<number, PingSocket>();
  private udp = new Map<number, UdpHandler>();
  private nextEphemeral = 0;
  private readonly reasm = new Reassembler();
  /** inet_peer rate tokens per destination of ICMP errors (µs of credit). */
  private icmpTokens = new Map<number, { tokens: number; last: number }>();

  constructor(private readonly ns: Netns) {}

  // ------------------------------------------------------------ identifiers

  /** ip_select_ident: per-flow counters that jump by a random amount with elapsed time. */
  ipIdent(src: number, dst: number, proto: number): number {
    // The flow's bucket, as ip_idents_hash picks one: a number, not a string, per packet.
    const key = ((Math.imul(src ^ 0x9e3779b9, 31) ^ Math.imul(dst, 17) ^ proto) >>> 0) * 256 + proto;
    const now = this.ns.env.clock.now;
    const rng = this.ns.env.rng;
    let c = this.idents.get(key);
    if (!c) {
      c = { id: rng.int(0, 0xffff), at: now };
      this.idents.set(key, c);
      if (this.idents.size > 4096) this.idents.clear();
      return c.id;
    }
    const jiffies = Math.floor((now - c.at) / 4000);
    const delta = jiffies > 0 ? rng.int(0, Math.min(jiffies, 0xffff)) : 0;
    c.id = (c.id + 1 + delta) & 0xffff;
    c.at = now;
    return c.id;
  }

  // ----------------------------------------------------------------- sockets

  pingBind(id: number, s: PingSocket): boolean {
    if (this.pingSockets.has(id)) return false;
    this.pingSockets.set(id, s);
    return true;
  }

  pingUnbind(id: number): void {
    this.pingSockets.delete(id);
  }

  /** A free ping identifier. */
  pingIdent(): number {
    for (;;) {
      const id = this.ns.env.rng.int(1, 0xffff);
      if (!this.pingSockets.has(id)) return id;
    }
  }

  udpBind(port: number, who: VxlanDevice | UdpSocket): boolean {
    const h = this.udp.get(port);
    if ('kind' in who && who.kind === 'vxlan') {
      const dev = who as VxlanDevice;
      if (!h) {
        this.udp.set(port, { kind: 'vxlan', devs: [dev] });
        return true;
      }
      if (h.kind !== 'vxlan') return false;
      if (!h.devs.includes(dev)) h.devs.push(dev);
      return true;
    }
    if (h) return false;
    this.udp.set(port, { kind: 'socket', sock: who as UdpSocket });
    return true;
  }

  udpUnbind(port: number, who: VxlanDevice | UdpSocket): void {
    const h = this.udp.get(port);
    if (!h) return;
    if (h.kind === 'vxlan') {
      h.devs = h.devs.filter((d) => d !== who);
      if (h.devs.length === 0) this.udp.delete(port);
    } else if (h.sock === who) {
      this.udp.delete(port);
    }
  }

  /** An ephemeral UDP port (ip_local_port_range 32768–60999). */
  udpEphemeral(): number {
    for (let i = 0; i < 28232; i++) {
      if (this.nextEphemeral === 0) this.nextEphemeral = this.ns.env.rng.int(32768, 60999);
      const p = this.nextEphemeral;
      this.nextEphemeral = p >= 60999 ? 32768 : p + 1;
      if (!this.udp.has(p)) return p;
    }
    return 0;
  }

  /** Send a UDP datagram from a local socket. EMSGSIZE when it does not fit the route's MTU with DF. */
  udpSend(
    srcPort: number,
    dst: number,
    dstPort: number,
    payload: Uint8Array,
    opts: { ttl?: number; src?: number; df?: boolean; traceId?: number; oif?: number },
  ): KResult<OutputRoute> {
    const rt = this.routeOutput(dst, {
      ...(opts.src !== undefined ? { src: opts.src } : {}),
      ...(opts.oif !== undefined ? { oif: opts.oif } : {}),
    });
    if (!rt.ok) return rt;
    const src = opts.src ?? rt.value.src;
    const udp = emitUdp({ srcPort, dstPort }, payload, src, dst, true);
    const r = this.send(
      { tos: 0, df: opts.df ?? false, ttl: opts.ttl ?? this.ns.defaultTtl, protocol: IP_PROTO_UDP, src, dst },
      udp,
      opts.traceId ?? 0,
      rt.value,
    );
    return r.ok ? rt : r;
  }

  // ------------------------------------------------------------------ output

  /** inet_select_addr: a primary address of `dev` in scope, preferring one on the same subnet as `dst`. */
  selectAddr(dev: NetDevice, dst: number, scope: number): number {
    let addr = 0;
    for (const a of dev.addresses) {
      if (a.secondary || SCOPE_VALUE[a.scope] > scope) continue;
      if (dst === 0 || inSubnet(dst, a.address, a.prefixLen)) return a.address;
      if (addr === 0) addr = a.address;
    }
    if (addr !== 0) return addr;
    for (const d of this.ns.devices()) {
      for (const a of d.addresses) {
        if (a.secondary || a.scope === 'link' || SCOPE_VALUE[a.scope] > scope) continue;
        if (!d.isLoopback || a.scope !== 'host') return a.address;
      }
    }
    return 0;
  }

  routeOutput(dst: number, opts: RouteLookupOpts = {}): KResult<OutputRoute> {
    const res = this.ns.fibLookup({
      dst,
      ...(opts.tos !== undefined ? { tos: opts.tos } : {}),
      ...(opts.oif !== undefined ? { oif: opts.oif } : {}),
      ...(opts.scope !== undefined ? { scope: opts.scope } : {}),
    });
    if (!res) {
      if (opts.oif !== undefined) {
        // A socket bound to a device may still reach an on-link destination.
        const dev = this.ns.dev(opts.oif);
        if (dev && dev.adminUp && !dev.isLoopback) {
          const synthetic: Route = {
            table: 254,
            type: 'unicast',
            dst,
            prefixLen: 32,
            tos: 0,
            metric: 0,
            proto: 'boot',
            scope: 'link',
            prefsrc: undefined,
            gateway: undefined,
            dev,
            onlink: false,
            nhScope: 'host',
          };
          return ok({
            route: synthetic,
            dev,
            nexthop: dst,
            src: opts.src ?? this.selectAddr(dev, dst, SCOPE_VALUE.link),
          });
        }
      }
      return fail('ENETUNREACH');
    }
    if ('error' in res) return fail(res.error);
    const r = res.route;
    if (r.type === 'local') {
      return ok({ route: r, dev: this.ns.lo, nexthop: dst, src: opts.src ?? r.prefsrc ?? dst });
    }
    const dev = r.dev;
    if (!dev) return fail('ENETUNREACH');
    const src = opts.src ?? r.prefsrc ?? this.selectAddr(dev, r.gateway ?? dst, SCOPE_VALUE[r.nhScope]);
    return ok({ route: r, dev, nexthop: r.gateway ?? dst, src });
  }

  /** Build and send a locally generated packet (ip_queue_xmit / ip_push_pending_frames). */
  send(hdr: SendHeader, payload: Uint8Array, traceId: number, rt?: OutputRoute): KResult<void> {
    let route = rt;
    if (!route) {
      const r = this.routeOutput(hdr.dst, { src: hdr.src });
      if (!r.ok) return r;
      route = r.value;
    }
    if (this.ns.tracing) {
      this.ns.trace('route', traceId, `route ${formatRouteRow(route.route)}`, { dev: route.dev.name });
    }
    const total = 20 + payload.length;
    const tooBig = total > route.dev.mtu && !route.dev.isLoopback;
    if (tooBig && hdr.df) return fail('EMSGSIZE');
    const id = this.ipIdent(hdr.src, hdr.dst, hdr.protocol);
    const packet = emitIpv4(
      { tos: hdr.tos, id, df: hdr.df, ttl: hdr.ttl, protocol: hdr.protocol, src: hdr.src, dst: hdr.dst },
      payload,
    );
    if (!this.localOut(route, packet, traceId)) return fail('EPERM');
    if (tooBig) {
      for (const f of fragment(packet, route.dev.mtu)) this.output(route, { data: f, traceId });
      return ok(undefined);
    }
    this.output(route, { data: packet, traceId });
    return ok(undefined);
  }

  /**
   * ip_queue_xmit for a packet built in its frame (vxlanEncapPacket): the
   * header is written in place, and the Ethernet header later goes into the
   * headroom in front of it. Same checks and ID choice as `send`.
   */
  sendInPlace(hdr: SendHeader, packet: Uint8Array, traceId: number, route: OutputRoute): KResult<void> {
    if (this.ns.tracing) {
      this.ns.trace('route', traceId, `route ${formatRouteRow(route.route)}`, { dev: route.dev.name });
    }
    const tooBig = packet.length > route.dev.mtu && !route.dev.isLoopback;
    if (tooBig && hdr.df) return fail('EMSGSIZE');
    const id = this.ipIdent(hdr.src, hdr.dst, hdr.protocol);
    writeIpv4Header(packet, hdr, id);
    if (!this.localOut(route, packet, traceId)) return fail('EPERM');
    if (tooBig) {
      for (const f of fragment(packet, route.dev.mtu)) this.output(route, { data: f, traceId });
      return ok(undefined);
    }
    this.output(route, { data: packet, traceId, headroom: true });
    return ok(undefined);
  }

  /** OUTPUT hook (__ip_local_out): false when a rule refused the packet (ip_local_out then returns EPERM). */
  private localOut(route: OutputRoute, packet: Uint8Array, traceId: number): boolean {
    const v = nfLocalOut(this.ns, route.dev.name, packet);
    if (v.kind === 'accept') return true;
    this.nfRefused('OUTPUT', v, route.dev.name, packet, traceId);
    return false;
  }

  /** A filter DROP or REJECT at a local hook: the trace, and REJECT's ICMP error (nf_send_unreach). */
  private nfRefused(hook: 'INPUT' | 'OUTPUT', v: LocalVerdict, dev: string, packet: Uint8Array, traceId: number): void {
    const ns = this.ns;
    const what = v.kind === 'reject' ? 'REJECT' : 'DROP';
    if (ns.tracing) {
      const p = parseIpv4(packet);
      ns.trace('drop', traceId, `iptables ${hook} ${what.toLowerCase()}${p ? ` ${describe(p.repr, p.payload)}` : ''}`, {
        dev,
        reason: `netfilter ${hook} ${what}`,
      });
    }
    if (v.kind === 'reject') this.icmpSend({ data: packet, traceId }, ICMP_DEST_UNREACH, v.code);
  }

  /** ip_finish_output2: hand the packet to the neighbour layer (or loopback / broadcast). */
  private output(rt: OutputRoute, s: Skb): void {
    const dev = rt.dev;
    if (dev.isLoopback) {
      dev.xmit({
        data: ethFrame('00:00:00:00:00:00', '00:00:00:00:00:00', ETHERTYPE_IPV4, s.data),
        traceId: s.traceId,
      });
      return;
    }
    if (rt.route.type === 'broadcast' || rt.nexthop === 0xffffffff) {
      dev.xmit({ data: ethFrame(BROADCAST_MAC, dev.mac, ETHERTYPE_IPV4, s.data), traceId: s.traceId });
      return;
    }
    const ns = this.ns;
    // POSTROUTING hook: MASQUERADE (flanneld's FLANNEL-POSTRTG) rewrites the source. No rule looks at
    // the TTL, so a forwarded packet is decremented in the rewritten copy, or else in the frame built next.
    const nat = nfPostrouting(ns, dev, s.data, ns.env.clock.now);
    if (nat !== s.data) {
      if (s.decTtl) decTtlFullChecksum(nat);
      s = { data: nat, traceId: s.traceId };
    }
    const e = ns.neigh.get(dev, rt.nexthop) ?? ns.neigh.create(dev, rt.nexthop);
    ns.neigh.send(e, s);
  }

  neighOps(): NeighOps {
    const ns = this.ns;
    return {
      solicit: (e, unicast) => this.arpSolicit(e, unicast),
      output: (e, s) => {
        if (ns.tracing) {
          ns.trace('neigh', s.traceId, `neigh ${formatIpv4(e.ip)} dev ${e.dev.name} lladdr ${e.lladdr} ${e.state}`, {
            dev: e.dev.name,
          });
        }
        const frame = s.headroom
          ? ethHeaderInto(withHeadroom(s.data), e.lladdr ?? BROADCAST_MAC, e.dev.mac, ETHERTYPE_IPV4)
          : ethFrame(e.lladdr ?? BROADCAST_MAC, e.dev.mac, ETHERTYPE_IPV4, s.data);
        if (s.decTtl) decrementTtl(frame.subarray(14));
        e.dev.xmit({ data: frame, traceId: s.traceId });
      },
      errorReport: (e, s) => {
        if (ns.tracing) {
          ns.trace('drop', s.traceId, `neigh ${formatIpv4(e.ip)} dev ${e.dev.name} FAILED`, {
            dev: e.dev.name,
            reason: 'neighbour resolution failed',
          });
        }
        if (s.decTtl) {
          const copy = s.data.slice();
          decrementTtl(copy);
          s = { data: copy, traceId: s.traceId };
        }
        this.icmpSend(s, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH);
      },
      changed: (e, from) => ns.notify('neigh', `${formatIpv4(e.ip)} dev ${e.dev.name} ${from} → ${e.state}`),
    };
  }

  /** arp_solicit: who-has nexthop, from the device's address (preferably one on the target's subnet). */
  private arpSolicit(e: NeighEntry, unicast: boolean): void {
    const dev = e.dev;
    if (!dev.running) return;
    const q = e.queue[e.queue.length - 1];
    let sip = 0;
    if (q && this.ns.isLocalAddress(readIpv4(q.data, 12))) sip = readIpv4(q.data, 12);
    if (sip === 0 || !dev.addresses.some((a) => a.address === sip)) {
      const pref = this.selectAddr(dev, e.ip, SCOPE_VALUE.link);
      if (sip === 0 || pref !== 0) sip = sip !== 0 && this.ns.isLocalAddress(sip) ? sip : pref;
    }
    const dstMac = unicast && e.lladdr ? e.lladdr : BROADCAST_MAC;
    const arp = emitArp({
      op: ARP_OP_REQUEST,
      senderMac: dev.mac,
      senderIp: sip,
      targetMac: unicast && e.lladdr ? e.lladdr : '00:00:00:00:00:00',
      targetIp: e.ip,
    });
    if (this.ns.tracing) {
      this.ns.trace('arp', q?.traceId ?? 0, `arp who-has ${formatIpv4(e.ip)} tell ${formatIpv4(sip)} dev ${dev.name}`, {
        dev: dev.name,
      });
    }
    dev.xmit({ data: ethFrame(dstMac, dev.mac, ETHERTYPE_ARP, arp), traceId: q?.traceId ?? 0 });
  }

  // ------------------------------------------------------------------- input

  /** __netif_receive_skb → eth_type_trans → arp_rcv / ip_rcv. */
  receive(dev: NetDevice, s: Skb): void {
    const d = s.data;
    if (d.length < ETHERNET_HEADER_LEN) return;
    const multicast = (d[0]! & 1) === 1;
    if (!multicast && !this.isOurMac(dev, d)) return; // PACKET_OTHERHOST: only taps wanted it.
    const ethertype = (d[12]! << 8) | d[13]!;
    const payload = d.subarray(ETHERNET_HEADER_LEN);
    if (ethertype === ETHERTYPE_ARP) this.arpRcv(dev, payload, s.traceId);
    else if (ethertype === ETHERTYPE_IPV4) this.ipRcv(dev, payload, s.traceId);
  }

  private isOurMac(dev: NetDevice, d: Uint8Array): boolean {
    const dst = macNum(d, 0);
    if (dst === dev.macNum) return true;
    if (dev instanceof BridgeDevice) return dev.isLocalNum(dst);
    return dev.isLoopback;
  }

  private arpRcv(dev: NetDevice, buf: Uint8Array, traceId: number): void {
    const a = parseArp(buf);
    if (!a || dev.noarp) return;
    const ns = this.ns;
    if (a.senderIp === 0 && a.op === ARP_OP_REQUEST) {
      // Duplicate address detection probe: answer if the address is ours, learn nothing.
      if (this.addrTypeOn(dev, a.targetIp) === 'local') this.arpReply(dev, a.senderMac, a.targetIp, 0, traceId);
      return;
    }
    if (a.op === ARP_OP_REQUEST && this.addrTypeOn(dev, a.targetIp) === 'local') {
      const n = ns.neigh.get(dev, a.senderIp) ?? ns.neigh.create(dev, a.senderIp);
      ns.neigh.learn(n, a.senderMac, false);
      if (ns.tracing) {
        ns.trace('arp', traceId, `arp reply ${formatIpv4(a.targetIp)} is-at ${dev.mac} dev ${dev.name}`, {
          dev: dev.name,
        });
      }
      this.arpReply(dev, a.senderMac, a.targetIp, a.senderIp, traceId);
      return;
    }
    const n = ns.neigh.get(dev, a.senderIp);
    if (n) ns.neigh.learn(n, a.senderMac, a.op === ARP_OP_REPLY);
  }

  private addrTypeOn(dev: NetDevice, ip: number): 'local' | 'other' {
    // arp_ignore=0: answer for any local address, whichever device it is on.
    void dev;
    return this.ns.isLocalAddress(ip) ? 'local' : 'other';
  }

  private arpReply(dev: NetDevice, toMac: string, ourIp: number, theirIp: number, traceId: number): void {
    const arp = emitArp({ op: ARP_OP_REPLY, senderMac: dev.mac, senderIp: ourIp, targetMac: toMac, targetIp: theirIp });
    dev.xmit({ data: ethFrame(toMac, dev.mac, ETHERTYPE_ARP, arp), traceId });
  }

  /** ip_rcv + ip_route_input. */
  private ipRcv(dev: NetDevice, buf: Uint8Array, traceId: number): void {
    let p = parseIpv4(buf);
    const ns = this.ns;
    if (!p || !p.checksumOk || p.totalLength > buf.length) {
      dev.stats.rxErrors++;
      return;
    }
    let packet = buf.length === p.totalLength ? buf : buf.subarray(0, p.totalLength);
    // PREROUTING: replies to masqueraded flows get their original destination back (sandbox/kernel/netfilter.ts).
    const unnat = nfPrerouting(ns, packet);
    if (unnat !== packet) {
      packet = unnat;
      p = parseIpv4(packet)!;
    }
    const dst = p.repr.dst;
    const type = ns.addrType(dst);
    if (type === 'local' || type === 'broadcast' || dst === 0xffffffff) {
      if (ns.tracing) {
        ns.trace(
          'deliver',
          traceId,
          `deliver ${describe(p.repr, p.payload)} (local ${formatIpv4(dst)}, in on ${dev.name})`,
          {
            dev: dev.name,
            packet: describe(p.repr, p.payload),
          },
        );
      }
      this.localDeliver(dev, packet, p.repr, p.payload, traceId);
      return;
    }
    if (!ns.ipForward) {
      if (ns.tracing) {
        ns.trace('drop', traceId, `${formatIpv4(dst)} is not local and ip_forward=0`, {
          dev: dev.name,
          reason: 'not forwarding',
        });
      }
      return;
    }
    this.forward(dev, packet, p.repr, traceId);
  }

  /** ip_forward. */
  private forward(inDev: NetDevice, packet: Uint8Array, h: Ipv4Repr, traceId: number): void {
    const ns = this.ns;
    const res = ns.fibLookup({ dst: h.dst, tos: h.tos });
    if (!res || 'error' in res) {
      if (ns.tracing) {
        ns.trace('drop', traceId, `no route to ${formatIpv4(h.dst)}`, {
          dev: inDev.name,
          reason: 'network unreachable',
        });
      }
      this.icmpSend(
        { data: packet, traceId },
        ICMP_DEST_UNREACH,
        res && res.error === 'EHOSTUNREACH' ? ICMP_HOST_UNREACH : ICMP_NET_UNREACH,
        undefined,
        inDev,
      );
      return;
    }
    const r = res.route;
    if (r.type !== 'unicast' || !r.dev) return;
    if (ns.tracing) {
      ns.trace('route', traceId, `route ${formatRouteRow(r)}`, { dev: r.dev.name });
    }
    if (h.ttl <= 1) {
      if (ns.tracing) {
        ns.trace('drop', traceId, `ttl ${h.ttl} expired`, { dev: inDev.name, reason: 'TTL exceeded' });
      }
      this.icmpSend({ data: packet, traceId }, ICMP_TIME_EXCEEDED, 0, undefined, inDev);
      return;
    }
    const out = r.dev;
    if (packet.length > out.mtu && h.df) {
      if (ns.tracing) {
        ns.trace('drop', traceId, `${packet.length} bytes > mtu ${out.mtu} of ${out.name} with DF`, {
          dev: out.name,
          reason: 'fragmentation needed',
        });
      }
      this.icmpSend({ data: packet, traceId }, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, out.mtu, inDev);
      return;
    }
    // FORWARD hook: iptables' filter verdict (a DROP policy without FLANNEL-FWD ends pod traffic here).
    const fv = nfForward(ns, inDev.name, out.name, packet);
    if (fv.kind !== 'accept') {
      if (ns.tracing)
        ns.trace('drop', traceId, `iptables FORWARD ${fv.kind} ${inDev.name} → ${out.name}`, {
          dev: out.name,
          reason: `netfilter FORWARD ${fv.kind === 'drop' ? 'DROP' : 'REJECT'}`,
        });
      if (fv.kind === 'reject') this.icmpSend({ data: packet, traceId }, ICMP_DEST_UNREACH, fv.code, undefined, inDev);
      return;
    }
    if (ns.tracing) {
      ns.trace('forward', traceId, `forward ${inDev.name} → ${out.name} ttl ${h.ttl - 1}`, { dev: out.name });
    }
    const nexthop = r.gateway ?? h.dst;
    const rt: OutputRoute = { route: r, dev: out, nexthop, src: 0 };
    if (packet.length > out.mtu) {
      const copy = packet.slice();
      decrementTtl(copy);
      for (const f of fragment(copy, out.mtu)) this.output(rt, { data: f, traceId });
      return;
    }
    // The received buffer is shared (bridge floods, captures): the TTL is decremented in the new frame.
    this.output(rt, { data: packet, traceId, decTtl: true });
  }

  /** ip_local_deliver: ICMP and UDP. */
  private localDeliver(dev: NetDevice, packet: Uint8Array, h: Ipv4Repr, payload: Uint8Array, traceId: number): void {
    if ((h.fragOffset ?? 0) !== 0 || h.mf) {
      const whole = this.reasm.add(h, payload, this.ns.env.clock.now);
      if (!whole) return;
      h = whole.repr;
      payload = whole.payload;
      packet = emitIpv4(h, payload);
    }
    // INPUT hook: a host firewall sees the VXLAN envelope here, before the vxlan socket does.
    const v = nfLocalIn(this.ns, dev.name, packet);
    if (v.kind !== 'accept') {
      this.nfRefused('INPUT', v, dev.name, packet, traceId);
      return;
    }
    if (h.protocol === IP_PROTO_ICMP) this.icmpRcv(packet, h, payload, traceId);
    else if (h.protocol === IP_PROTO_UDP) this.udpRcv(dev, packet, h, payload, traceId);
  }

  private udpRcv(dev: NetDevice, packet: Uint8Array, h: Ipv4Repr, payload: Uint8Array, traceId: number): void {
    const u = parseUdp(payload, h.src, h.dst);
    if (!u || !u.checksumOk) {
      dev.stats.rxErrors++;
      return;
    }
    const hnd = this.udp.get(u.repr.dstPort);
    if (!hnd) {
      if (this.ns.tracing) {
        this.ns.trace('drop', traceId, `udp port ${u.repr.dstPort} closed`, {
          dev: dev.name,
          reason: 'port unreachable',
        });
      }
      if (this.ns.addrType(h.dst) === 'local')
        this.icmpSend({ data: packet, traceId }, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
      return;
    }
    if (hnd.kind === 'vxlan') {
      for (const vx of hnd.devs) if (vx.running && vx.decap(u.payload, h.src, traceId)) return;
      if (this.ns.tracing) {
        this.ns.trace('drop', traceId, `vxlan: no device for this VNI on port ${u.repr.dstPort}`, {
          reason: 'unknown VNI',
        });
      }
      return;
    }
    hnd.sock.onDatagram(u.payload, h.src, u.repr.srcPort, h.dst, h.ttl, this.ns.env.clock.now);
  }

  private icmpRcv(packet: Uint8Array, h: Ipv4Repr, payload: Uint8Array, traceId: number): void {
    const ic = parseIcmp(payload);
    if (!ic || !ic.checksumOk) return;
    const r = ic.repr;
    const now = this.ns.env.clock.now;
    if (r.kind === 'echo') {
      if (r.type === ICMP_ECHO_REQUEST) {
        if (this.ns.addrType(h.dst) !== 'local') return; // icmp_echo_ignore_broadcasts=1
        if (this.ns.tracing) {
          this.ns.trace('icmp', traceId, `icmp echo reply to ${formatIpv4(h.src)} id ${r.id} seq ${r.seq}`, {
            dev: '',
          });
        }
        const reply = emitIcmp({ kind: 'echo', type: ICMP_ECHO_REPLY, id: r.id, seq: r.seq, data: r.data });
        this.send(
          { tos: h.tos, df: false, ttl: this.ns.defaultTtl, protocol: IP_PROTO_ICMP, src: h.dst, dst: h.src },
          reply,
          traceId,
        );
        return;
      }
      const sock = this.pingSockets.get(r.id);
      if (sock) {
        if (this.ns.tracing) {
          this.ns.trace('deliver', traceId, `deliver to ping socket id ${r.id} icmp_seq ${r.seq}`);
        }
        sock.onReply(h.src, h.ttl, r.seq, r.data, packet.length, now, traceId);
      }
      return;
    }
    // An error: find the socket that sent the quoted packet.
    const orig = parseIpv4(r.original);
    if (!orig || r.original.length < orig.headerLen + 8) return;
    const l4 = r.original.subarray(orig.headerLen, orig.headerLen + 8);
    const info: IcmpErrorInfo = {
      from: h.src,
      type: r.type,
      code: r.code,
      mtu: r.mtu,
      original: orig.repr,
      originalL4: l4,
      ttl: h.ttl,
      at: now,
    };
    if (orig.repr.protocol === IP_PROTO_ICMP && l4[0] === ICMP_ECHO_REQUEST) {
      const id = (l4[4]! << 8) | l4[5]!;
      const seq = (l4[6]! << 8) | l4[7]!;
      this.pingSockets.get(id)?.onError(info, seq);
    } else if (orig.repr.protocol === IP_PROTO_UDP) {
      const sp = (l4[0]! << 8) | l4[1]!;
      const dp = (l4[2]! << 8) | l4[3]!;
      const hnd = this.udp.get(sp);
      if (hnd?.kind === 'socket') hnd.sock.onError?.(info, sp, dp);
    }
  }

  /** icmpv4_xrlim_allow → inet_peer_xrlim_allow: a token bucket per destination. */
  private icmpAllow(dst: number, type: number, code: number): boolean {
    if (type === ICMP_DEST_UNREACH && code === ICMP_FRAG_NEEDED) return true;
    const now = this.ns.env.clock.now;
    let p = this.icmpTokens.get(dst);
    if (!p) {
      if (this.icmpTokens.size > 4096) this.icmpTokens.clear();
      p = { tokens: 0, last: now - 60_000_000 };
      this.icmpTokens.set(dst, p);
    }
    let token = p.tokens + (now - p.last);
    p.last = now;
    if (token > ICMP_BURST * ICMP_RATE_US) token = ICMP_BURST * ICMP_RATE_US;
    const ok = token >= ICMP_RATE_US;
    if (ok) token -= ICMP_RATE_US;
    p.tokens = token;
    return ok;
  }

  /**
   * icmp_send: an error about `s` (an IPv4 packet) back to its source. Never
   * about an ICMP error, a fragment tail or a broadcast; the source is chosen
   * by routing back to the sender (the address of the device facing it).
   */
  icmpSend(s: Skb, type: number, code: number, mtu?: number, inDev?: NetDevice): void {
    const p = parseIpv4(s.data);
    if (!p) return;
    const h = p.repr;
    if ((h.fragOffset ?? 0) !== 0) return;
    if (h.protocol === IP_PROTO_ICMP) {
      const t = p.payload[0];
      if (t !== undefined && t !== 0 && t !== 8 && t !== 13 && t !== 14) return;
    }
    const ns = this.ns;
    if (ns.addrType(h.dst) === 'broadcast' || h.src === 0) return;
    let src = ns.isLocalAddress(h.dst) ? h.dst : 0;
    const back = this.routeOutput(h.src, {});
    if (back.ok && !back.value.dev.isLoopback && !this.icmpAllow(h.src, type, code)) {
      if (ns.tracing)
        ns.trace('drop', s.traceId, `icmp error to ${formatIpv4(h.src)} rate-limited`, { reason: 'icmp_ratelimit' });
      return;
    }
    if (!back.ok) {
      if (ns.tracing) {
        ns.trace('drop', s.traceId, `icmp error to ${formatIpv4(h.src)}: no route back`, {
          reason: 'no route for ICMP error',
        });
      }
      return;
    }
    if (src === 0) src = back.value.src || (inDev ? this.selectAddr(inDev, h.src, SCOPE_VALUE.link) : 0);
    const quote = s.data.subarray(0, Math.min(s.data.length, ICMP_QUOTE_MAX));
    const body =
      type === ICMP_DEST_UNREACH || type === ICMP_TIME_EXCEEDED
        ? emitIcmp({ kind: 'error', type, code, ...(mtu !== undefined ? { mtu } : {}), original: quote })
        : undefined;
    if (!body) return;
    if (ns.tracing) {
      ns.trace('icmp', s.traceId, `icmp ${icmpName(type, code)} from ${formatIpv4(src)} to ${formatIpv4(h.src)}`);
    }
    this.send(
      { tos: (h.tos & 0x1e) | 0xc0, df: false, ttl: ns.defaultTtl, protocol: IP_PROTO_ICMP, src, dst: h.src },
      body,
      s.traceId,
      back.value,
    );
  }
}

/** Linux's icmp_ratelimit (1 s) with inet_peer's burst of 6, for types in icmp_ratemask; never frag needed. */
const ICMP_RATE_US = 1_000_000;
const ICMP_BURST = 6;

/** Whether the namespace's nat table is in use (POSTROUTING must then see the final header). */
/**
 * The TTL decrement of a forwarded packet that NAT already copied: its header
 * checksum summed afresh, the bytes a decrement before the rewrite gives.
 */
function decTtlFullChecksum(p: Uint8Array): void {
  const ihl = (p[0]! & 15) * 4;
  p[8] = (p[8]! - 1) & 255;
  p[10] = 0;
  p[11] = 0;
  const c = internetChecksum(p, 0, ihl);
  p[10] = c >>> 8;
  p[11] = c & 255;
}

export function icmpName(type: number, code: number): string {
  if (type === ICMP_TIME_EXCEEDED) return 'time exceeded';
  if (type !== ICMP_DEST_UNREACH) return `type ${type} code ${code}`;
  return (
    ['net unreachable', 'host unreachable', 'protocol unreachable', 'port unreachable', 'frag needed'][code] ??
    `unreachable code ${code}`
  );
}

function describe(h: Ipv4Repr, payload: Uint8Array): string {
  let what = `proto ${h.protocol}`;
  if (h.protocol === IP_PROTO_ICMP && payload.length >= 8) {
    const t = payload[0];
    const seq = (payload[6]! << 8) | payload[7]!;
    what = t === 8 ? `ICMP echo request seq ${seq}` : t === 0 ? `ICMP echo reply seq ${seq}` : `ICMP type ${t}`;
  } else if (h.protocol === IP_PROTO_UDP && payload.length >= 4) {
    what = `UDP ${(payload[0]! << 8) | payload[1]!} > ${(payload[2]! << 8) | payload[3]!}`;
  }
  return `${formatIpv4(h.src)} > ${formatIpv4(h.dst)} ${what}`;
}
