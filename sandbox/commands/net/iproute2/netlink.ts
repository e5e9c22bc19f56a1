/**
 * KernelView over the emulator's kernel: builds the netlink-like messages the
 * printers read from a Netns, and turns requests into Netns calls. What Linux
 * reports for attributes the model does not keep (multicast snooping knobs,
 * queue counts, GSO limits) is filled in with Linux 6.x's defaults.
 */
import type { World } from '../../../world/world.js';
import type { Host } from '../../../world/host.js';
import type { Netns } from '../../../kernel/netns.js';
import type { NetDevice } from '../../../kernel/netdevice.js';
import { strerror, type KResult } from '../../../kernel/errno.js';
import { BridgeDevice } from '../../../kernel/bridge/bridge.js';
import { VxlanDevice } from '../../../kernel/vxlan/vxlan.js';
import { VethDevice } from '../../../kernel/drivers/veth.js';
import type { Route, RouteType } from '../../../kernel/ipv4/route.js';
import type { NudState } from '../../../kernel/neighbour.js';
import { protoName, protoNumber, scopeName } from './names.js';
import { IFA_F_PERMANENT, IFA_F_SECONDARY } from './addrinfo.js';
import {
  IFF_BROADCAST,
  IFF_LOOPBACK,
  IFF_LOWER_UP,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_PROMISC,
  IFF_RUNNING,
  IFF_UP,
  RTM_F_CLONED,
  RTNH_F_LINKDOWN,
  RTNH_F_ONLINK,
  RT_TABLE_MAIN,
  type AddrMsg,
  type BridgeInfo,
  type BridgePortInfo,
  type LinkMsg,
  type NeighMsg,
  type OperState,
  type RouteMsg,
} from './rtnl.js';
import type {
  AddrRequest,
  FdbEntry,
  FdbMode,
  FdbRequest,
  KernelError,
  KernelView,
  LinkAddRequest,
  LinkChange,
  MaddrEntry,
  NeighMode,
  NeighRequest,
  Reply,
  RouteGetRequest,
  RouteMode,
  RouteRequest,
} from './kernel.js';

const RTN_NAMES: RouteType[] = ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'];
const RTN_NUMBERS: Record<RouteType, number> = {
  unicast: 1,
  local: 2,
  broadcast: 3,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
};
const SCOPES: Record<string, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };
const NUD_BITS: Record<NudState, number> = {
  NONE: 0,
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
};
const NUD_VALID = 0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;
const RTCF_LOCAL = 0x80000000;
const RTCF_BROADCAST = 0x10000000;

function err<T>(r: KResult<T>): Reply<never> {
  if (r.ok) throw new Error('not an error');
  const e: KernelError = { errno: r.errno, message: strerror(r.errno) };
  if (r.extack !== undefined) e.extack = r.extack;
  return { ok: false, error: e };
}

function errno(name: Parameters<typeof strerror>[0], extack?: string): Reply<never> {
  const e: KernelError = { errno: name, message: strerror(name) };
  if (extack !== undefined) e.extack = extack;
  return { ok: false, error: e };
}

const OK: Reply = { ok: true, value: undefined };

/** ether_ntoa(): bytes without leading zeros, as br_dump_bridge_id prints them. */
function etherNtoa(mac: string): string {
  return mac
    .split(':')
    .map((h) => parseInt(h, 16).toString(16))
    .join(':');
}

function bridgeId(br: BridgeDevice): string {
  const mac = br.ports.length > 0 || br.macSet ? br.mac : '00:00:00:00:00:00';
  return `${br.config.priority.toString(16).padStart(4, '0')}.${etherNtoa(mac)}`;
}

const PORT_STATE: Record<string, number> = { disabled: 0, listening: 1, learning: 2, forwarding: 3, blocking: 4 };

export class NetlinkView implements KernelView {
  constructor(
    private readonly world: World,
    private readonly ns: Netns,
  ) {}

  private get now(): number {
    return this.world.clock.now;
  }

  private devFlags(d: NetDevice): number {
    let f = 0;
    if (d.kind === 'loopback') f |= IFF_LOOPBACK;
    else if (d.kind === 'dummy') f |= IFF_BROADCAST | IFF_NOARP;
    else f |= IFF_BROADCAST | IFF_MULTICAST;
    if (d.promiscSet) f |= IFF_PROMISC;
    if (d.adminUp) {
      f |= IFF_UP;
      if (d.carrier) f |= IFF_RUNNING | IFF_LOWER_UP;
    }
    return f;
  }

  private operstate(d: NetDevice): OperState {
    if (!d.adminUp) return 'DOWN';
    if (d.kind === 'loopback' || d.kind === 'vxlan' || d.kind === 'dummy') return 'UNKNOWN';
    if (!d.carrier) return 'DOWN';
    return 'UP';
  }

  private bridgeInfo(br: BridgeDevice): BridgeInfo {
    const c = br.config;
    const id = bridgeId(br);
    return {
      forwardDelay: c.forwardDelayCs,
      helloTime: c.helloTimeCs,
      maxAge: c.maxAgeCs,
      ageingTime: c.ageingTimeCs,
      stpState: c.stpState,
      priority: c.priority,
      vlanFiltering: c.vlanFiltering,
      bridgeId: id,
      rootId: id,
      rootPort: 0,
      rootPathCost: 0,
      topologyChange: 0,
      topologyChangeDetected: 0,
      helloTimer: 0,
      tcnTimer: 0,
      topologyChangeTimer: 0,
      gcTimer: Math.floor(br.fdb.gcRemainingUs(this.now) / 10_000),
      groupFwdMask: c.groupFwdMask,
      groupAddr: c.groupAddress,
      mcastSnooping: c.mcastSnooping,
      noLinklocalLearn: 0,
      mcastVlanSnooping: 0,
      mcastRouter: 1,
      mcastQueryUseIfaddr: 0,
      mcastQuerier: 0,
      mcastHashElasticity: 16,
      mcastHashMax: 4096,
      mcastLastMemberCnt: 2,
      mcastStartupQueryCnt: 2,
      mcastLastMemberIntvl: 100,
      mcastMembershipIntvl: 26000,
      mcastQuerierIntvl: 25500,
      mcastQueryIntvl: 12500,
      mcastQueryResponseIntvl: 1000,
      mcastStartupQueryIntvl: 3124,
      mcastStatsEnabled: 0,
      mcastIgmpVersion: 2,
      mcastMldVersion: 1,
      nfCallIptables: 0,
      nfCallIp6tables: 0,
      nfCallArptables: 0,
    };
  }

  private portInfo(d: NetDevice, br: BridgeDevice): BridgePortInfo {
    const bp = d.brport!;
    const id = bridgeId(br);
    const portId = 0x8000 | bp.portNo;
    return {
      // br_port_carrier_check(): a port without carrier is disabled whatever STP says; so are the
      // ports of a bridge that is down (br_stp_disable_bridge) until it comes up.
      state: d.running && br.adminUp ? (PORT_STATE[bp.state] ?? 3) : 0,
      priority: bp.priority,
      cost: bp.cost,
      hairpin: bp.hairpin,
      guard: false,
      rootBlock: false,
      fastLeave: false,
      learning: bp.learning,
      flood: bp.flood,
      portId,
      portNo: bp.portNo,
      designatedPort: portId,
      designatedCost: 0,
      designatedBridge: id,
      designatedRoot: id,
      holdTimer: 0,
      messageAgeTimer: 0,
      forwardDelayTimer: 0,
      topologyChangeAck: 0,
      configPending: 0,
      proxyArp: false,
      proxyArpWifi: false,
      mcastRouter: 1,
      mcastFlood: true,
      bcastFlood: true,
      mcastToUcast: false,
      neighSuppress: false,
      groupFwdMask: 0,
      vlanTunnel: false,
      isolated: false,
      locked: false,
    };
  }

  private linkMsg(d: NetDevice): LinkMsg {
    const lo = d.kind === 'loopback';
    const br = d.master instanceof BridgeDevice ? d.master : undefined;
    const s = d.stats;
    const msg: LinkMsg = {
      ifindex: d.ifindex,
      ifname: d.name,
      flags: this.devFlags(d),
      linkType: lo ? 'loopback' : 'ether',
      mtu: d.mtu,
      qdisc: d.qdisc,
      operstate: this.operstate(d),
      linkmode: 0,
      group: 0,
      txqlen: d.txqueuelen,
      address: lo ? '00:00:00:00:00:00' : d.mac,
      broadcast: lo ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff',
      // Joining a bridge puts a port in promiscuous and allmulti mode (br_add_if).
      promiscuity: d.promiscuity + (br ? 1 : 0),
      allmulti: br ? 1 : 0,
      minMtu: lo ? 0 : d.minMtu,
      maxMtu: lo ? 0 : d.maxMtu,
      numTxQueues: 1,
      numRxQueues: 1,
      gsoMaxSize: 65536,
      gsoMaxSegs: 65535,
      tsoMaxSize: d instanceof BridgeDevice && d.ports.length === 0 ? 65536 : 524280,
      tsoMaxSegs: 65535,
      groMaxSize: 65536,
      stats: {
        rxBytes: s.rxBytes,
        rxPackets: s.rxPackets,
        rxErrors: s.rxErrors,
        rxDropped: s.rxDropped,
        rxMissed: s.rxMissed,
        rxMcast: s.rxMulticast,
        txBytes: s.txBytes,
        txPackets: s.txPackets,
        txErrors: s.txErrors,
        txDropped: s.txDropped,
        txCarrier: s.txCarrier,
        collisions: s.txCollisions,
      },
      carrierChanges: lo ? 0 : d.everUp ? 2 : 1,
      addrGenMode: 0,
    };
    if (br) msg.master = br.ifindex;
    const iflink = this.ns.iflink(d);
    if (iflink !== undefined) msg.link = iflink;
    const nsid = this.ns.linkNetnsId(d);
    if (nsid !== undefined) msg.linkNetnsid = nsid;
    if (d instanceof BridgeDevice) msg.info = { kind: 'bridge', data: this.bridgeInfo(d) };
    else if (d instanceof VxlanDevice) {
      const c = d.config;
      msg.info = {
        kind: 'vxlan',
        data: {
          id: c.vni,
          group: c.remote ?? 0,
          local: c.local ?? 0,
          link: c.lower?.ifindex ?? 0,
          portLow: c.srcPortMin,
          portHigh: c.srcPortMax,
          port: c.dstport,
          learning: c.learning,
          proxy: c.proxy,
          rsc: false,
          l2miss: c.l2miss,
          l3miss: c.l3miss,
          tos: c.tos,
          ttl: c.ttl,
          ttlInherit: false,
          df: 0,
          label: 0,
          ageing: c.ageingS,
          limit: 0,
          udpCsum: c.udpCsum,
          udpZeroCsum6Tx: false,
          udpZeroCsum6Rx: false,
        },
      };
    } else if (d instanceof VethDevice) msg.info = { kind: 'veth' };
    else if (d.kind === 'dummy') msg.info = { kind: 'dummy' };
    if (br && d.brport) msg.slave = { kind: 'bridge', data: this.portInfo(d, br) };
    return msg;
  }

  links(): LinkMsg[] {
    return this.ns.devices().map((d) => this.linkMsg(d));
  }

  link(ifindex: number): LinkMsg | undefined {
    const d = this.ns.dev(ifindex);
    return d ? this.linkMsg(d) : undefined;
  }

  nameToIndex(name: string): number {
    return this.ns.dev(name)?.ifindex ?? 0;
  }

  indexToName(ifindex: number): string {
    return this.ns.dev(ifindex)?.name ?? `if${ifindex}`;
  }

  indexToFlags(ifindex: number): number | undefined {
    const d = this.ns.dev(ifindex);
    return d ? this.devFlags(d) : undefined;
  }

  addrs(): AddrMsg[] {
    const out: AddrMsg[] = [];
    const devs = this.ns.devices();
    for (const d of devs) {
      // __inet_insert_ifa(): primaries stay ahead of secondaries.
      const ordered = [...d.addresses.filter((a) => !a.secondary), ...d.addresses.filter((a) => a.secondary)];
      for (const a of ordered) {
        const m: AddrMsg = {
          family: 'inet',
          ifindex: d.ifindex,
          prefixlen: a.prefixLen,
          flags: IFA_F_PERMANENT | (a.secondary ? IFA_F_SECONDARY : 0),
          scope: SCOPES[a.scope] ?? 0,
          local: fmt(a.address),
          local4: a.address,
          label: a.label,
          validLft: 'forever',
          preferredLft: 'forever',
        };
        if (a.broadcast !== undefined) m.broadcast = fmt(a.broadcast);
        out.push(m);
      }
    }
    for (const d of devs) {
      for (const a of d.inet6()) {
        out.push({
          family: 'inet6',
          ifindex: d.ifindex,
          prefixlen: a.prefixLen,
          flags: IFA_F_PERMANENT,
          scope: SCOPES[a.scope] ?? 0,
          local: a.address,
          local4: 0,
          validLft: 'forever',
          preferredLft: 'forever',
        });
      }
    }
    return out;
  }

  private routeMsg(r: Route): RouteMsg {
    let flags = 0;
    if (r.onlink) flags |= RTNH_F_ONLINK;
    if (r.dev && r.dev.adminUp && !r.dev.carrier && r.type === 'unicast') flags |= RTNH_F_LINKDOWN;
    const m: RouteMsg = {
      family: 'inet',
      dstLen: r.prefixLen,
      tos: r.tos,
      table: r.table,
      protocol: protoNumber(r.proto) ?? 0,
      scope: SCOPES[r.scope] ?? 0,
      type: RTN_NUMBERS[r.type],
      flags,
    };
    if (r.prefixLen > 0) m.dst = r.dst;
    if (r.gateway !== undefined) m.gateway = r.gateway;
    if (r.dev) m.oif = r.dev.ifindex;
    if (r.prefsrc !== undefined) m.prefsrc = r.prefsrc;
    if (r.metric) m.priority = r.metric;
    return m;
  }

  routes(table: number | undefined): RouteMsg[] {
    if (table !== undefined) return this.ns.routes(table).map((r) => this.routeMsg(r));
    // A full dump walks fib_table_hash: bucket id & 255, so table 100 comes before main (254) and local (255).
    const ids = [...this.ns.tables.keys()].sort((a, b) => (a & 255) - (b & 255) || b - a);
    return ids.flatMap((id) => this.ns.routes(id).map((r) => this.routeMsg(r)));
  }

  tableExists(table: number): boolean {
    return this.ns.tables.has(table);
  }

  routes6(table: number | undefined): RouteMsg[] {
    // addrconf adds a device's routes when it gets carrier; a bridge gets it from its first port.
    const carrierOrder = (d: NetDevice): number =>
      d instanceof BridgeDevice && d.ports.length > 0 ? Math.min(...d.ports.map((p) => p.ifindex)) + 0.5 : d.ifindex;
    const devs = this.ns
      .devices()
      .filter((d) => d.inet6().length > 0)
      .sort((a, b) => carrierOrder(a) - carrierOrder(b));
    const out: RouteMsg[] = [];
    const base = { family: 'inet6' as const, tos: 0, scope: 0, flags: 0, protocol: 2, pref: 0 };
    if (table === undefined || table === RT_TABLE_MAIN) {
      for (const d of devs) {
        if (d.kind === 'loopback') continue;
        out.push({ ...base, table: RT_TABLE_MAIN, type: 1, dst6: 'fe80::', dstLen: 64, oif: d.ifindex, priority: 256 });
      }
    }
    if (table === undefined || table === 255) {
      const locals = devs.flatMap((d) => d.inet6().map((a) => ({ d, a: a.address })));
      locals.sort((x, y) => cmp6(x.a, y.a));
      for (const { d, a } of locals)
        out.push({ ...base, table: 255, type: 2, dst6: a, dstLen: 128, oif: d.ifindex, priority: 0 });
      for (const d of devs) {
        if (d.kind === 'loopback') continue;
        out.push({ ...base, table: 255, type: 5, dst6: 'ff00::', dstLen: 8, oif: d.ifindex, priority: 256 });
      }
    }
    return out;
  }

  neighs(): NeighMsg[] {
    const now = this.now;
    return this.ns.neighbours().map((e) => {
      const state = NUD_BITS[e.state];
      const m: NeighMsg = {
        family: 'inet',
        ifindex: e.dev.ifindex,
        state,
        flags: 0,
        dst: e.ip,
        router: e.router,
        probes: e.probes,
        used: Math.floor((now - e.usedAt) / 1e6),
        confirmed: Math.floor((now - e.confirmedAt) / 1e6),
        updated: Math.floor((now - e.updatedAt) / 1e6),
      };
      if (e.lladdr !== undefined && state & NUD_VALID) m.lladdr = e.lladdr;
      return m;
    });
  }

  /**
   * rtnl_fdb_dump(): device by device in ifindex order. A bridge port shows
   * the bridge's entries for it (newest first, so learned before its own
   * MAC), then its multicast list; the bridge shows its multicast list, then
   * its own MAC; a vxlan device shows its own FDB; any other device its
   * multicast list (ndo_dflt_fdb_dump).
   */
  fdb(): FdbEntry[] {
    const rows = this.ns.fdbEntries();
    const out: FdbEntry[] = [];
    const toEntry = (r: (typeof rows)[number]): FdbEntry => {
      const e: FdbEntry = {
        mac: r.mac,
        ifindex: r.dev.ifindex,
        self: r.self,
        state: r.state === 'permanent' ? 'permanent' : r.state === 'static' ? 'static' : 'dynamic',
        used: Math.floor(r.usedAgoUs / 1e6),
        updated: Math.floor(r.updatedAgoUs / 1e6),
        isLocal: r.isLocal,
        ageingTimer: r.isLocal || r.state !== 'dynamic' ? 0 : r.updatedAgoUs / 1e6,
      };
      if (r.master) e.master = r.master.ifindex;
      if (r.vlan !== undefined) e.vlan = r.vlan;
      if (r.dst !== undefined) e.dst = r.dst;
      return e;
    };
    for (const d of this.ns.devices()) {
      const mine = rows.filter(
        (r) =>
          r.dev === d &&
          !(r.vlan !== undefined && r.master instanceof BridgeDevice && r.master.config.vlanFiltering === 0),
      );
      const mc = this.mcList(d).map((mac): FdbEntry => ({
        mac,
        ifindex: d.ifindex,
        self: true,
        state: 'permanent',
        isLocal: false,
        used: 0,
        updated: 0,
      }));
      if (d instanceof VxlanDevice) {
        // The vxlan FDB is dumped newest entry first; an entry's remotes keep their order.
        const macs = [...new Set(mine.map((r) => r.mac))].reverse();
        for (const m of macs) out.push(...mine.filter((r) => r.mac === m).map(toEntry));
      } else if (d instanceof BridgeDevice) out.push(...mc, ...mine.map(toEntry));
      else if (d.master instanceof BridgeDevice) {
        const learned = mine.filter((r) => !r.isLocal).sort((x, y) => x.updatedAgoUs - y.updatedAgoUs);
        const local = mine.filter((r) => r.isLocal);
        out.push(...learned.map(toEntry), ...local.map(toEntry), ...mc);
      } else out.push(...mine.map(toEntry), ...mc);
    }
    return out;
  }

  maddrs(): MaddrEntry[] {
    const out: MaddrEntry[] = [];
    for (const d of this.ns.devices()) {
      if (!d.adminUp) continue;
      const snoop = d instanceof BridgeDevice && d.config.mcastSnooping !== 0;
      const ll = d.inet6().find((a) => a.scope === 'link');
      const inet6: string[] = [];
      if (ll) {
        const b = d.mac.split(':').map((h) => parseInt(h, 16));
        inet6.push(`ff02::1:ff${b[3]!.toString(16).padStart(2, '0')}:${((b[4]! << 8) | b[5]!).toString(16)}`);
      }
      if (snoop) inet6.push('ff02::6a');
      inet6.push('ff02::1', 'ff01::1');
      out.push({
        ifindex: d.ifindex,
        name: d.name,
        link: this.mcList(d),
        inet: snoop ? ['224.0.0.1', '224.0.0.106'] : ['224.0.0.1'],
        inet6,
      });
    }
    return out;
  }

  forwarding(): boolean {
    return this.ns.ipForward;
  }

  /** The link-layer multicast addresses a device has joined while up (all-nodes, all-hosts, solicited-node). */
  private mcList(d: NetDevice): string[] {
    if (d.kind === 'loopback' || !d.adminUp) return [];
    const sol = d.running ? [`33:33:ff:${d.mac.slice(9)}`] : [];
    if (d instanceof BridgeDevice && d.config.mcastSnooping) {
      return ['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01', ...sol];
    }
    return ['33:33:00:00:00:01', '01:00:5e:00:00:01', ...sol];
  }

  private autoName(prefix: string): string {
    for (let i = 0; ; i++) if (!this.ns.dev(`${prefix}${i}`)) return `${prefix}${i}`;
  }

  private resolveNetns(name: string): Netns | undefined {
    const h: Host | undefined = this.world.host(name);
    return h?.ns;
  }

  linkAdd(req: LinkAddRequest): Reply {
    const name =
      req.name ??
      this.autoName(
        req.kind === 'vxlan' ? 'vxlan' : req.kind === 'bridge' ? 'bridge' : req.kind === 'veth' ? 'veth' : 'dummy',
      );
    const base = {
      name,
      ...(req.address !== undefined ? { mac: req.address } : {}),
      ...(req.mtu !== undefined ? { mtu: req.mtu } : {}),
      ...(req.txqlen !== undefined ? { txqueuelen: req.txqlen } : {}),
    };
    let r: KResult<NetDevice>;
    if (req.kind === 'veth') {
      const p = req.peer ?? {};
      let peerNs: Netns | undefined = this.ns;
      if (p.netns !== undefined) {
        peerNs = this.resolveNetns(p.netns);
        if (!peerNs) return errno('EINVAL', 'Invalid netns');
      }
      const peerName = p.name ?? this.autoName('veth');
      r = this.ns.linkAdd({
        ...base,
        kind: 'veth',
        peer: {
          name: peerName,
          ns: peerNs,
          ...(p.address !== undefined ? { mac: p.address } : {}),
          ...(p.mtu !== undefined ? { mtu: p.mtu } : {}),
        },
      });
    } else if (req.kind === 'bridge') {
      const b = req.bridge ?? {};
      r = this.ns.linkAdd({
        ...base,
        kind: 'bridge',
        ...(b.ageingTime !== undefined ? { ageingTimeCs: b.ageingTime } : {}),
      });
    } else if (req.kind === 'vxlan') {
      const v = req.vxlan ?? {};
      const lower = v.link !== undefined ? this.ns.dev(v.link) : undefined;
      r = this.ns.linkAdd({
        ...base,
        kind: 'vxlan',
        id: v.id ?? 0,
        ...(v.local !== undefined ? { local: v.local } : {}),
        ...(v.remote !== undefined ? { remote: v.remote } : v.group !== undefined ? { remote: v.group } : {}),
        ...(lower ? { dev: lower } : {}),
        ...(v.dstport !== undefined && v.dstport !== 0 ? { dstport: v.dstport } : {}),
        ...(v.srcportLow !== undefined ? { srcPortMin: v.srcportLow, srcPortMax: v.srcportHigh ?? 0 } : {}),
        ...(v.learning !== undefined ? { learning: v.learning } : {}),
        ...(v.ttl !== undefined ? { ttl: v.ttl } : {}),
        ...(v.tos !== undefined ? { tos: v.tos } : {}),
        ...(v.ageing !== undefined ? { ageingS: v.ageing } : {}),
        ...(v.udpCsum !== undefined ? { udpCsum: v.udpCsum } : {}),
        ...(v.l2miss !== undefined ? { l2miss: v.l2miss } : {}),
        ...(v.l3miss !== undefined ? { l3miss: v.l3miss } : {}),
        ...(v.proxy !== undefined ? { proxy: v.proxy } : {}),
      });
    } else if (req.kind === 'dummy') {
      r = this.ns.linkAdd({ ...base, kind: 'dummy' });
    } else return errno('EOPNOTSUPP', 'Unknown device type');
    if (!r.ok) return err(r);
    const dev = r.value;
    if (req.master !== undefined || req.up) {
      const change: Parameters<Netns['linkSet']>[1] = {};
      if (req.master) {
        const m = this.ns.dev(req.master);
        if (m) change.master = m;
      }
      if (req.up) change.up = true;
      const s = this.ns.linkSet(dev, change);
      if (!s.ok) {
        this.ns.linkDel(dev);
        return err(s);
      }
    }
    return OK;
  }

  linkSet(ifindex: number, change: LinkChange): Reply {
    const d = this.ns.dev(ifindex);
    if (!d) return errno('ENODEV');
    if (change.netns !== undefined) {
      const target = this.resolveNetns(change.netns);
      if (!target) return errno('EINVAL', 'Invalid netns');
      const moved = this.ns.linkSetNetns(d, target);
      return moved.ok ? OK : err(moved);
    }
    const c: Parameters<Netns['linkSet']>[1] = {};
    if (change.up !== undefined) c.up = change.up;
    if (change.mtu !== undefined) c.mtu = change.mtu;
    if (change.address !== undefined) c.address = change.address;
    if (change.name !== undefined) c.name = change.name;
    if (change.txqlen !== undefined) c.txqueuelen = change.txqlen;
    if (change.promisc !== undefined) c.promisc = change.promisc;
    if (change.hairpin !== undefined) c.hairpin = change.hairpin;
    if (change.learning !== undefined) c.learning = change.learning;
    if (change.flood !== undefined) c.flood = change.flood;
    if (change.master !== undefined) {
      if (change.master === 0) c.master = null;
      else {
        const m = this.ns.dev(change.master);
        if (!m) return errno('ENODEV');
        c.master = m;
      }
    }
    if (change.bridgeAgeingTime !== undefined && !(d instanceof BridgeDevice)) return errno('EOPNOTSUPP');
    const r = this.ns.linkSet(d, c);
    if (r.ok && change.bridgeAgeingTime !== undefined && d instanceof BridgeDevice)
      d.setAgeing(change.bridgeAgeingTime);
    return r.ok ? OK : err(r);
  }

  linkDel(ifindex: number): Reply {
    const d = this.ns.dev(ifindex);
    if (!d) return errno('ENODEV');
    const r = this.ns.linkDel(d);
    return r.ok ? OK : err(r);
  }

  addrAdd(req: AddrRequest, replace: boolean): Reply {
    const d = this.ns.dev(req.ifindex);
    if (!d) return errno('ENODEV');
    const spec = {
      address: req.local,
      prefixLen: req.prefixlen,
      scope: scopeName(req.scope) as 'global',
      ...(req.broadcast !== undefined ? { broadcast: req.broadcast } : {}),
      ...(req.label !== undefined ? { label: req.label } : {}),
    };
    let r = this.ns.addrAdd(d, spec);
    if (!r.ok && r.errno === 'EEXIST' && replace) {
      this.ns.addrDel(d, { address: req.local, prefixLen: req.prefixlen });
      r = this.ns.addrAdd(d, spec);
    }
    return r.ok ? OK : err(r);
  }

  addrDel(req: AddrRequest): Reply {
    const d = this.ns.dev(req.ifindex);
    if (!d) return errno('ENODEV');
    const r = this.ns.addrDel(
      d,
      req.anyPrefix ? { address: req.local } : { address: req.local, prefixLen: req.prefixlen },
    );
    return r.ok ? OK : err(r);
  }

  routeAdd(req: RouteRequest, mode: RouteMode): Reply {
    const dev = req.oif !== undefined ? this.ns.dev(req.oif) : undefined;
    const type = RTN_NAMES.find((t) => RTN_NUMBERS[t] === req.type);
    if (!type) return errno('EINVAL');
    const exists = this.ns
      .routes(req.table)
      .some((r) => r.dst === req.dst && r.prefixLen === req.dstLen && r.tos === (req.tos ?? 0));
    if (mode === 'change' && !exists) return errno('ENOENT');
    if (mode === 'test') return exists ? errno('EEXIST') : errno('ENOENT');
    const spec = {
      dst: req.dst,
      prefixLen: req.dstLen,
      table: req.table,
      type,
      proto: protoName(req.protocol),
      onlink: req.onlink,
      ...(req.scope !== undefined ? { scope: scopeName(req.scope) as 'global' } : {}),
      ...(req.gateway !== undefined ? { gateway: req.gateway } : {}),
      ...(dev ? { dev } : {}),
      ...(req.prefsrc !== undefined ? { src: req.prefsrc } : {}),
      ...(req.priority !== undefined ? { metric: req.priority } : {}),
      ...(req.tos !== undefined ? { tos: req.tos } : {}),
    };
    const r = this.ns.routeAdd(spec, mode === 'change' ? 'replace' : mode);
    return r.ok ? OK : err(r);
  }

  routeDel(req: Partial<RouteRequest> & { table: number; dst: number; dstLen: number }): Reply {
    const dev = req.oif !== undefined ? this.ns.dev(req.oif) : undefined;
    const type = req.type ? RTN_NAMES.find((t) => RTN_NUMBERS[t] === req.type) : undefined;
    const match = {
      dst: req.dst,
      prefixLen: req.dstLen,
      table: req.table,
      ...(type ? { type } : {}),
      ...(req.gateway !== undefined ? { gateway: req.gateway } : {}),
      ...(dev ? { dev } : {}),
      ...(req.scope !== undefined ? { scope: scopeName(req.scope) as 'global' } : {}),
      ...(req.protocol ? { proto: protoName(req.protocol) } : {}),
      ...(req.prefsrc !== undefined ? { src: req.prefsrc } : {}),
      ...(req.priority !== undefined ? { metric: req.priority } : {}),
      ...(req.tos !== undefined ? { tos: req.tos } : {}),
    };
    const r = this.ns.routeDel(match);
    return r.ok ? OK : err(r);
  }

  routeGet(req: RouteGetRequest): Reply<RouteMsg> {
    if (req.dst === 0 && req.src === undefined && req.oif === undefined) {
      // ip_route_output_key: no destination means this host, through the loopback.
      return {
        ok: true,
        value: {
          family: 'inet',
          dstLen: 32,
          tos: 0,
          table: RT_TABLE_MAIN,
          protocol: 0,
          scope: 0,
          type: 2,
          flags: RTM_F_CLONED,
          dst: 0,
          oif: this.ns.lo.ifindex,
          prefsrc: 0x7f000001,
          uid: 0,
          cacheFlags: RTCF_LOCAL,
        },
      };
    }
    const r = this.ns.routeGet(req.dst, {
      ...(req.src !== undefined ? { src: req.src } : {}),
      ...(req.oif !== undefined ? { oif: req.oif } : {}),
      ...(req.tos !== undefined ? { tos: req.tos } : {}),
    });
    if (!r.ok) return err(r);
    const g = r.value;
    const m: RouteMsg = {
      family: 'inet',
      dstLen: 32,
      tos: req.tos ?? 0,
      table: RT_TABLE_MAIN,
      protocol: 0,
      scope: 0,
      type: RTN_NUMBERS[g.type],
      flags: RTM_F_CLONED,
      dst: g.dst,
      oif: g.dev.ifindex,
      uid: 0,
      cacheFlags: g.type === 'local' ? RTCF_LOCAL : g.type === 'broadcast' ? (RTCF_BROADCAST | RTCF_LOCAL) >>> 0 : 0,
    };
    if (g.gateway !== undefined) m.gateway = g.gateway;
    // rt_fill_info(): the source is RTA_SRC when the caller gave one, else the chosen RTA_PREFSRC.
    if (req.src !== undefined) m.src = req.src;
    else m.prefsrc = g.src;
    return { ok: true, value: m };
  }

  neighSet(req: NeighRequest, mode: NeighMode): Reply {
    const d = this.ns.dev(req.ifindex);
    if (!d) return errno('ENODEV');
    const state = (Object.keys(NUD_BITS) as NudState[]).find((k) => NUD_BITS[k] === req.state) ?? 'PERMANENT';
    const spec = {
      state,
      ...(req.lladdr !== undefined ? { lladdr: req.lladdr } : {}),
      ...(req.router ? { router: true } : {}),
    };
    const r =
      mode === 'add'
        ? this.ns.neighAdd(d, req.dst, spec)
        : mode === 'replace'
          ? this.ns.neighReplace(d, req.dst, spec)
          : this.ns.neighChange(d, req.dst, spec);
    return r.ok ? OK : err(r);
  }

  neighDel(ifindex: number, dst: number): Reply {
    const d = this.ns.dev(ifindex);
    if (!d) return errno('ENODEV');
    const r = this.ns.neighDel(d, dst);
    return r.ok ? OK : err(r);
  }

  fdbAdd(req: FdbRequest, mode: FdbMode): Reply {
    const d = this.ns.dev(req.ifindex);
    if (!d) return errno('ENODEV');
    const spec = {
      mac: req.mac,
      self: req.self,
      master: req.master,
      state: req.state,
      ...(req.dst !== undefined ? { dst: req.dst } : {}),
    };
    const r =
      mode === 'add'
        ? this.ns.fdbAdd(d, spec)
        : mode === 'append'
          ? this.ns.fdbAppend(d, spec)
          : this.ns.fdbReplace(d, spec);
    return r.ok ? OK : err(r);
  }

  fdbDel(req: FdbRequest): Reply {
    const d = this.ns.dev(req.ifindex);
    if (!d) return errno('ENODEV');
    const r = this.ns.fdbDel(d, {
      mac: req.mac,
      self: req.self,
      master: req.master,
      ...(req.dst !== undefined ? { dst: req.dst } : {}),
    });
    return r.ok ? OK : err(r);
  }
}

/** Orders IPv6 addresses as the FIB trie walks them: by their 128-bit value. */
function cmp6(a: string, b: string): number {
  const x = expand6(a);
  const y = expand6(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function expand6(a: string): string {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => g.padStart(4, '0')).join('');
}

function fmt(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function netlinkFor(world: World, host: Host): KernelView {
  return new NetlinkView(world, host.ns);
}
