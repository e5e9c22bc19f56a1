/**
 * One Linux network namespace: its devices (ifindex numbering is per
 * namespace), IPv4 addresses and the routes the kernel derives from them,
 * the FIB (local 255 + main 254), the neighbour cache, sockets, and the
 * netlink-like API `ip`, `bridge`, flanneld and the CNI plugin use. Every
 * mutation returns a KResult carrying Linux's errno and extended ack.
 */
import type { KernelEnv } from './env.js';
import { NetDevice, randomMac, type AddrScope, type IfAddr } from './netdevice.js';
import { LoopbackDevice } from './drivers/loopback.js';
import { EtherDevice } from './drivers/ether.js';
import { VethDevice } from './drivers/veth.js';
import { DummyDevice } from './drivers/dummy.js';
import { BridgeDevice } from './bridge/bridge.js';
import { VxlanDevice, VXLAN_DEFAULT_PORT, type VxlanConfig } from './vxlan/vxlan.js';
import { ALL_ZEROS_MAC, type VxlanFdbState } from './vxlan/fdb.js';
import { fail, ok, type KResult, type KError } from './errno.js';
import { FibTable, type FibFlow } from './ipv4/fib.js';
import {
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
  SCOPE_VALUE,
  formatRouteRow,
  type Route,
  type RouteMatch,
  type RouteMode,
  type RouteSpec,
  type RouteType,
} from './ipv4/route.js';
import { NeighTable, NUD_VALID, type NeighEntry, type NudState } from './neighbour.js';
import { prefixMask, inSubnet, formatIpv4, parseMac } from '../net/addr.js';
import type { Skb } from './skb.js';
import type { Decision, PacketEvent } from './trace.js';
import { Ipv4Stack, type OutputRoute, type SendHeader } from './ipv4/stack.js';
import type { Ipv4Repr } from '../net/ipv4.js';

export interface LinkSpecBase {
  name: string;
  mac?: string;
  mtu?: number;
  /** Ask for this ifindex (ip link add … index N). */
  ifindex?: number;
  txqueuelen?: number;
  up?: boolean;
}

export interface VethSpec extends LinkSpecBase {
  kind: 'veth';
  peer: { name: string; ns?: Netns; mac?: string; mtu?: number; ifindex?: number };
}

export interface BridgeSpec extends LinkSpecBase {
  kind: 'bridge';
  /** In centiseconds, as iproute2 passes it (30000 = 300 s). */
  ageingTimeCs?: number;
}

export interface VxlanSpec extends LinkSpecBase {
  kind: 'vxlan';
  id: number;
  local?: number;
  remote?: number;
  dev?: NetDevice;
  /** Undefined = the kernel default, 8472. */
  dstport?: number;
  srcPortMin?: number;
  srcPortMax?: number;
  learning?: boolean;
  ttl?: number;
  tos?: number;
  ageingS?: number;
  udpCsum?: boolean;
  l2miss?: boolean;
  l3miss?: boolean;
  proxy?: boolean;
  gbp?: boolean;
}

export interface DummySpec extends LinkSpecBase {
  kind: 'dummy';
}

/** A physical NIC (scenarios create these; `ip link add` cannot). */
export interface EtherSpec extends LinkSpecBase {
  kind: 'ether';
}

export type LinkSpec = VethSpec | BridgeSpec | VxlanSpec | DummySpec | EtherSpec;

export interface LinkChange {
  up?: boolean;
  mtu?: number;
  /** A bridge to enslave to; null = nomaster. */
  master?: NetDevice | null;
  address?: string;
  name?: string;
  hairpin?: boolean;
  learning?: boolean;
  flood?: boolean;
  promisc?: boolean;
  txqueuelen?: number;
}

export interface AddrSpec {
  address: number;
  prefixLen: number;
  broadcast?: number;
  scope?: AddrScope;
  label?: string;
}

export interface NeighSpec {
  lladdr?: string;
  state: NudState;
  router?: boolean;
}

export type FdbState = 'permanent' | 'static' | 'dynamic';

export interface FdbSpec {
  mac: string;
  /** Remote VTEP (vxlan self entries). */
  dst?: number;
  port?: number;
  vni?: number;
  /** Entry on the device itself (vxlan); default when neither self nor master is given. */
  self?: boolean;
  /** Entry in the bridge the device is a port of. */
  master?: boolean;
  state?: FdbState;
}

/** One line of `bridge fdb show`. */
export interface FdbRow {
  mac: string;
  dev: NetDevice;
  master: NetDevice | undefined;
  self: boolean;
  vlan: number | undefined;
  dst: number | undefined;
  port: number | undefined;
  vni: number | undefined;
  state: FdbState | 'reachable' | 'stale';
  /** The bridge's own MAC or a port's (brctl's "is local?"). */
  isLocal: boolean;
  /** µs since the entry was last updated / used (for -s and brctl showmacs). */
  updatedAgoUs: number;
  usedAgoUs: number;
}

/** What `ip route get` reports. */
export interface RouteGetResult {
  type: RouteType;
  dst: number;
  gateway: number | undefined;
  dev: NetDevice;
  src: number;
  table: number;
  route: Route;
}

export interface RouteLookupOpts {
  src?: number;
  oif?: number;
  tos?: number;
  /** RT_SCOPE value: only routes at least this narrow. */
  scope?: number;
}

export class Netns {
  private devs = new Map<number, NetDevice>();
  private byName = new Map<string, NetDevice>();
  private nextIfindex = 1;
  private netnsIds = new Map<Netns, number>();
  readonly tables = new Map<number, FibTable>();
  readonly neigh: NeighTable;
  readonly ip: Ipv4Stack;
  /** net.ipv4.ip_forward */
  ipForward = false;
  /** net.ipv4.ip_default_ttl */
  defaultTtl = 64;
  /** net.ipv4.conf.all.rp_filter */
  rpFilter = 0;
  /** The per-boot hash seed (flow hashing, VXLAN source ports). */
  readonly hashSeed: number;

  constructor(
    readonly name: string,
    readonly env: KernelEnv,
  ) {
    this.hashSeed = hashSeedFor(env);
    this.tables.set(RT_TABLE_LOCAL, new FibTable(RT_TABLE_LOCAL));
    this.tables.set(RT_TABLE_MAIN, new FibTable(RT_TABLE_MAIN));
    this.ip = new Ipv4Stack(this);
    this.neigh = new NeighTable(env, this.ip.neighOps());
    const lo = new LoopbackDevice(this, this.nextIfindex++);
    this.register(lo);
  }

  // ---------------------------------------------------------------- devices

  /** Devices in ifindex order. */
  devices(): NetDevice[] {
    return [...this.devs.values()].sort((a, b) => a.ifindex - b.ifindex);
  }

  dev(ifindexOrName: number | string): NetDevice | undefined {
    return typeof ifindexOrName === 'number' ? this.devs.get(ifindexOrName) : this.byName.get(ifindexOrName);
  }

  get lo(): NetDevice {
    return this.devs.get(1)!;
  }

  /** The id under which this namespace knows another (link-netnsid), allocated on first use. */
  netnsId(other: Netns): number {
    let id = this.netnsIds.get(other);
    if (id === undefined) {
      id = this.netnsIds.size;
      this.netnsIds.set(other, id);
    }
    return id;
  }

  /** link-netnsid for a device whose other end lives in another namespace. */
  linkNetnsId(dev: NetDevice): number | undefined {
    if (dev instanceof VethDevice && dev.peer && dev.peer.ns !== this) return this.netnsId(dev.peer.ns);
    return undefined;
  }

  /** IFLA_LINK: the peer's ifindex for a veth (what iproute2 prints as `@ifN`). */
  iflink(dev: NetDevice): number | undefined {
    if (dev instanceof VethDevice && dev.peer) return dev.peer.ifindex;
    return undefined;
  }

  private register(d: NetDevice): void {
    this.devs.set(d.ifindex, d);
    this.byName.set(d.name, d);
    if (d.ifindex >= this.nextIfindex) this.nextIfindex = d.ifindex + 1;
  }

  private allocIndex(want: number | undefined): KResult<number> {
    if (want !== undefined && want > 0) {
      if (this.devs.has(want)) return fail('EBUSY');
      return ok(want);
    }
    while (this.devs.has(this.nextIfindex)) this.nextIfindex++;
    return ok(this.nextIfindex);
  }

  private newMac(): string {
    return randomMac(() => this.env.rng.next());
  }

  private checkName(name: string, ns: Netns = this): KError | undefined {
    if (name.length === 0 || name.length > 15 || /[\s/:]/.test(name) || name === '.' || name === '..') {
      return fail('EINVAL');
    }
    if (ns.byName.has(name)) return fail('EEXIST');
    return undefined;
  }

  linkAdd(spec: LinkSpec): KResult<NetDevice> {
    const bad = this.checkName(spec.name);
    if (bad) return bad;
    if (spec.mac !== undefined && parseMac(spec.mac) === undefined) return fail('EINVAL');
    // dev_validate_mtu, before anything is created (a refused request leaves no half of a veth pair behind).
    const maxMtu = spec.kind === 'ether' ? 9000 : 65535;
    for (const m of [spec.mtu, spec.kind === 'veth' ? spec.peer.mtu : undefined]) {
      if (m === undefined) continue;
      if (m < 68) return fail('EINVAL', 'mtu less than device minimum');
      if (m > maxMtu) return fail('EINVAL', 'mtu greater than device maximum');
    }
    const mac = spec.mac !== undefined ? parseMac(spec.mac)! : this.newMac();
    let dev: NetDevice;
    switch (spec.kind) {
      case 'veth': {
        const peerNs = spec.peer.ns ?? this;
        if (spec.peer.name === spec.name && peerNs === this) return fail('EEXIST');
        const pbad = this.checkName(spec.peer.name, peerNs);
        if (pbad) return pbad;
        const pmac = spec.peer.mac !== undefined ? parseMac(spec.peer.mac) : undefined;
        if (spec.peer.mac !== undefined && pmac === undefined) return fail('EINVAL');
        // veth_newlink registers the peer first: in one namespace it gets the lower ifindex.
        const pidx = peerNs.allocIndex(spec.peer.ifindex);
        if (!pidx.ok) return pidx;
        const b = new VethDevice(
          peerNs,
          pidx.value,
          spec.peer.name,
          pmac ?? peerNs.newMac(),
          spec.peer.mtu ?? spec.mtu ?? 1500,
        );
        peerNs.register(b);
        const idx = this.allocIndex(spec.ifindex);
        if (!idx.ok) {
          peerNs.unregister(b);
          return idx;
        }
        const a = new VethDevice(this, idx.value, spec.name, mac, spec.mtu ?? 1500);
        this.register(a);
        a.peer = b;
        b.peer = a;
        a.macSet = spec.mac !== undefined;
        b.macSet = spec.peer.mac !== undefined;
        if (peerNs !== this) {
          this.netnsId(peerNs);
          peerNs.netnsId(this);
        }
        dev = a;
        break;
      }
      case 'bridge': {
        const idx = this.allocIndex(spec.ifindex);
        if (!idx.ok) return idx;
        const br = new BridgeDevice(this, idx.value, spec.name, mac, spec.mtu ?? 1500, spec.ageingTimeCs ?? 30000);
        br.mtuSetByUser = spec.mtu !== undefined;
        dev = br;
        this.register(dev);
        break;
      }
      case 'vxlan': {
        if (!Number.isInteger(spec.id) || spec.id < 0 || spec.id > 0xffffff) return fail('ERANGE');
        const dstport = spec.dstport ?? VXLAN_DEFAULT_PORT;
        for (const d of this.devs.values()) {
          if (d instanceof VxlanDevice && d.config.vni === spec.id && d.config.dstport === dstport) {
            return fail('EEXIST', 'A VXLAN device with the specified VNI already exists');
          }
        }
        const lower = spec.dev ?? null;
        const headroom = 50;
        let mtu = spec.mtu ?? (lower ? lower.mtu - headroom : 1500);
        if (lower && mtu > lower.mtu - headroom) return fail('EINVAL');
        if (mtu < 68) mtu = 68;
        const cfg: VxlanConfig = {
          vni: spec.id,
          local: spec.local,
          remote: spec.remote,
          lower,
          dstport,
          srcPortMin: spec.srcPortMin ?? 0,
          srcPortMax: spec.srcPortMax ?? 0,
          learning: spec.learning ?? true,
          ttl: spec.ttl ?? 0,
          tos: spec.tos ?? 0,
          ageingS: spec.ageingS ?? 300,
          udpCsum: spec.udpCsum ?? true,
          l2miss: spec.l2miss ?? false,
          l3miss: spec.l3miss ?? false,
          proxy: spec.proxy ?? false,
          gbp: spec.gbp ?? false,
          dstportGiven: spec.dstport !== undefined,
        };
        const idx = this.allocIndex(spec.ifindex);
        if (!idx.ok) return idx;
        const vx = new VxlanDevice(this, idx.value, spec.name, mac, mtu, cfg);
        if (spec.remote !== undefined) {
          vx.fdb.set({
            mac: ALL_ZEROS_MAC,
            remotes: [{ ip: spec.remote, port: 0, vni: 0, ifindex: 0 }],
            state: 'permanent',
            updatedAt: this.env.clock.now,
            usedAt: this.env.clock.now,
          });
        }
        dev = vx;
        this.register(dev);
        break;
      }
      case 'dummy': {
        const idx = this.allocIndex(spec.ifindex);
        if (!idx.ok) return idx;
        dev = new DummyDevice(this, idx.value, spec.name, mac, spec.mtu ?? 1500);
        this.register(dev);
        break;
      }
      case 'ether': {
        const idx = this.allocIndex(spec.ifindex);
        if (!idx.ok) return idx;
        dev = new EtherDevice(this, idx.value, spec.name, mac, spec.mtu ?? 1500);
        this.register(dev);
        break;
      }
    }
    dev.macSet = spec.mac !== undefined;
    if (spec.txqueuelen !== undefined) dev.txqueuelen = spec.txqueuelen;
    if (spec.up) this.setUp(dev, true);
    this.notify('link', `add ${dev.name}`);
    return ok(dev);
  }

  private unregister(d: NetDevice): void {
    this.devs.delete(d.ifindex);
    if (this.byName.get(d.name) === d) this.byName.delete(d.name);
  }

  linkDel(dev: NetDevice): KResult<void> {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (dev.isLoopback) return fail('EOPNOTSUPP');
    if (dev instanceof EtherDevice) return fail('EOPNOTSUPP');
    this.destroy(dev);
    if (dev instanceof VethDevice && dev.peer) {
      const p = dev.peer;
      dev.peer = null;
      p.peer = null;
      p.ns.destroy(p);
    }
    return ok(undefined);
  }

  /** unregister_netdevice: down, out of its bridge, addresses and routes gone. */
  private destroy(dev: NetDevice, unplug = true): void {
    if (dev.adminUp) this.setUp(dev, false);
    if (dev.master instanceof BridgeDevice) dev.master.removePort(dev);
    if (dev instanceof BridgeDevice) for (const p of [...dev.ports]) dev.removePort(p);
    for (const d of [...this.devs.values()]) {
      if (d instanceof VxlanDevice && d.config.lower === dev) this.destroy(d);
    }
    dev.addresses.splice(0);
    for (const t of this.tables.values()) t.removeWhere((r) => r.dev === dev);
    this.neigh.flushDev(dev, false);
    if (unplug) dev.onDelete();
    this.unregister(dev);
    this.notify('link', `del ${dev.name}`);
  }

  linkSet(dev: NetDevice, change: LinkChange): KResult<void> {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    // Validate everything first so that a refused request changes nothing.
    if (change.name !== undefined && change.name !== dev.name) {
      const bad = this.checkName(change.name);
      // Linux 6.18 renames a device that is up (dev_change_name no longer refuses IFF_UP).
      if (bad) return bad;
    }
    if (change.address !== undefined && parseMac(change.address) === undefined) return fail('EINVAL');
    if (change.mtu !== undefined) {
      if (change.mtu < dev.minMtu) return fail('EINVAL', 'mtu less than device minimum');
      if (dev.maxMtu > 0 && change.mtu > dev.maxMtu) return fail('EINVAL', 'mtu greater than device maximum');
      if (dev instanceof VxlanDevice && dev.config.lower && change.mtu > dev.config.lower.mtu - 50) {
        return fail('EINVAL');
      }
    }
    const masterErr = change.master ? this.enslaveCheck(dev, change.master) : undefined;
    if (masterErr) {
      // do_set_master: the old master lets go (ndo_del_slave) before the new one is asked (ndo_add_slave).
      if (dev.master instanceof BridgeDevice && dev.master !== change.master) dev.master.removePort(dev);
      return masterErr;
    }
    if ((change.hairpin !== undefined || change.learning !== undefined || change.flood !== undefined) && !dev.brport) {
      return fail('EOPNOTSUPP');
    }
    if (change.name !== undefined && change.name !== dev.name) {
      this.byName.delete(dev.name);
      // inetdev_changename: address labels follow the device name, keeping any `:alias` suffix.
      for (const a of dev.addresses) {
        if (a.label === dev.name || a.label.startsWith(`${dev.name}:`))
          a.label = change.name + a.label.slice(dev.name.length);
      }
      dev.name = change.name;
      this.byName.set(dev.name, dev);
    }
    if (change.address !== undefined) {
      dev.mac = parseMac(change.address)!;
      dev.macSet = true;
    }
    if (change.txqueuelen !== undefined) dev.txqueuelen = change.txqueuelen;
    if (change.promisc !== undefined) dev.promiscSet = change.promisc;
    if (change.mtu !== undefined) {
      dev.mtu = change.mtu;
      if (dev instanceof BridgeDevice) dev.mtuSetByUser = true;
      if (dev.master instanceof BridgeDevice) dev.master.autoMtu();
    }
    if (change.master !== undefined) {
      if (dev.master instanceof BridgeDevice && dev.master !== change.master) dev.master.removePort(dev);
      if (change.master instanceof BridgeDevice && dev.master !== change.master) change.master.addPort(dev);
    }
    if (dev.brport) {
      if (change.hairpin !== undefined) dev.brport.hairpin = change.hairpin;
      if (change.learning !== undefined) dev.brport.learning = change.learning;
      if (change.flood !== undefined) dev.brport.flood = change.flood;
    }
    if (change.up !== undefined) this.setUp(dev, change.up);
    this.notify('link', `set ${dev.name}`);
    return ok(undefined);
  }

  /** What ndo_add_slave refuses: only bridges take ports here (br_add_if's checks). */
  private enslaveCheck(dev: NetDevice, master: NetDevice): KError | undefined {
    if (!(master instanceof BridgeDevice)) return fail('EOPNOTSUPP');
    // br_add_if: a loopback (non-Ethernet-like) device is a bare EINVAL; the loopback extack is VRF's.
    if (dev.isLoopback) return fail('EINVAL');
    if (dev instanceof BridgeDevice) return fail('ELOOP', 'Can not enslave a bridge to a bridge');
    if (master.ns !== this) return fail('ENODEV');
    return undefined;
  }

  /**
   * dev_change_net_namespace (`ip link set DEV netns NS`): the device goes down,
   * leaves its bridge and loses its addresses, routes and neighbours here, and
   * reappears in `target`, keeping its ifindex when that is free there.
   * Loopback, bridges and VXLAN devices are netns-local, as in Linux.
   */
  linkSetNetns(dev: NetDevice, target: Netns): KResult<void> {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (target === this) return ok(undefined);
    if (dev.isLoopback || dev instanceof BridgeDevice || dev instanceof VxlanDevice) return fail('EINVAL');
    if (target.byName.has(dev.name)) return fail('EEXIST');
    this.destroy(dev, false);
    const idx = target.allocIndex(target.devs.has(dev.ifindex) ? undefined : dev.ifindex);
    if (!idx.ok) return idx;
    dev.ns = target;
    dev.ifindex = idx.value;
    dev.everUp = false;
    target.register(dev);
    if (dev instanceof VethDevice && dev.peer) {
      target.netnsId(dev.peer.ns);
      dev.peer.ns.netnsId(target);
    }
    target.notify('link', `add ${dev.name}`);
    return ok(undefined);
  }

  /** dev_open / dev_close and the NETDEV_UP / NETDEV_DOWN work that follows. */
  setUp(dev: NetDevice, up: boolean): void {
    if (dev.adminUp === up) return;
    const carrierBefore = this.carrierSnapshot(dev);
    dev.adminUp = up;
    if (up) {
      dev.everUp = true;
      if (dev instanceof BridgeDevice) dev.fdb.start(this.env.clock.now);
      if (dev instanceof VxlanDevice) this.ip.udpBind(dev.config.dstport, dev);
      for (const a of dev.addresses) this.addIfaddrRoutes(dev, a);
    } else {
      if (dev instanceof VxlanDevice) {
        this.ip.udpUnbind(dev.config.dstport, dev);
        for (const e of dev.fdb.list()) if (e.state !== 'permanent' && e.state !== 'static') dev.fdb.delete(e.mac);
      }
      dev.onDown();
      // fib_sync_down_dev: every route through the device goes, except host-scope (local) ones.
      for (const t of this.tables.values()) t.removeWhere((r) => r.dev === dev && r.nhScope !== 'nowhere');
      this.neigh.flushDev(dev, false);
      if (dev.master instanceof BridgeDevice) dev.master.fdb.flushPort(dev, true);
    }
    this.carrierChanged(carrierBefore);
    this.notify('link', `${dev.name} ${up ? 'up' : 'down'}`);
  }

  /** Devices whose carrier may follow this one's state: the veth peer and a bridge above. */
  private carrierSnapshot(dev: NetDevice): [NetDevice, boolean][] {
    const out: [NetDevice, boolean][] = [];
    if (dev instanceof VethDevice && dev.peer) {
      out.push([dev.peer, dev.peer.carrier]);
      if (dev.peer.master) out.push([dev.peer.master, dev.peer.master.carrier]);
    }
    if (dev.master) out.push([dev.master, dev.master.carrier]);
    return out;
  }

  /** NETDEV_CHANGE on carrier loss: the neighbours of a device that lost carrier go (neigh_carrier_down). */
  private carrierChanged(before: [NetDevice, boolean][]): void {
    for (const [d, was] of before) {
      if (was && !d.carrier) {
        d.ns.neigh.flushDev(d, true);
        if (d.master instanceof BridgeDevice) d.master.fdb.flushPort(d, true);
      }
    }
  }

  // -------------------------------------------------------------- addresses

  addrAdd(dev: NetDevice, spec: AddrSpec): KResult<IfAddr> {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (!Number.isInteger(spec.prefixLen) || spec.prefixLen < 0 || spec.prefixLen > 32) return fail('EINVAL');
    const addr = spec.address >>> 0;
    let secondary = false;
    for (const a of dev.addresses) {
      if (a.prefixLen === spec.prefixLen && inSubnet(addr, a.address, a.prefixLen)) {
        if (a.address === addr) return fail('EEXIST', 'ipv4: Address already assigned');
        secondary = true;
      }
    }
    const ifa: IfAddr = {
      address: addr,
      prefixLen: spec.prefixLen,
      broadcast: spec.broadcast === undefined ? undefined : spec.broadcast >>> 0,
      scope: spec.scope ?? (dev.isLoopback && addr >>> 24 === 127 ? 'host' : 'global'),
      label: spec.label ?? dev.name,
      secondary,
    };
    dev.addresses.push(ifa);
    this.addIfaddrRoutes(dev, ifa);
    this.notify('addr', `add ${formatIpv4(addr)}/${spec.prefixLen} dev ${dev.name}`);
    return ok(ifa);
  }

  addrDel(dev: NetDevice, spec: { address: number; prefixLen?: number }): KResult<void> {
    const addr = spec.address >>> 0;
    const i = dev.addresses.findIndex(
      (a) => a.address === addr && (spec.prefixLen === undefined || a.prefixLen === spec.prefixLen),
    );
    if (i < 0) return fail('EADDRNOTAVAIL', 'ipv4: Address not found');
    const [ifa] = dev.addresses.splice(i, 1);
    const gone = [ifa!];
    if (!ifa!.secondary) {
      // Without promote_secondaries the secondaries of the subnet go with their primary.
      for (let j = dev.addresses.length - 1; j >= 0; j--) {
        const a = dev.addresses[j]!;
        if (a.secondary && a.prefixLen === ifa!.prefixLen && inSubnet(a.address, ifa!.address, a.prefixLen)) {
          gone.push(...dev.addresses.splice(j, 1));
        }
      }
    }
    for (const g of gone) this.delIfaddrRoutes(dev, g);
    this.notify('addr', `del ${formatIpv4(addr)} dev ${dev.name}`);
    return ok(undefined);
  }

  /** All IPv4 addresses in the namespace, in device order. */
  addresses(): { dev: NetDevice; addr: IfAddr }[] {
    const out: { dev: NetDevice; addr: IfAddr }[] = [];
    for (const d of this.devices()) for (const a of d.addresses) out.push({ dev: d, addr: a });
    return out;
  }

  /** Is this one of our addresses (a local route)? */
  isLocalAddress(ip: number): NetDevice | undefined {
    const c = this.localCache();
    const hit = c.local.get(ip >>> 0);
    if (hit !== undefined) return hit;
    if (!this.inWide(c, ip)) return undefined;
    const r = this.tables.get(RT_TABLE_LOCAL)!.lookup({ dst: ip });
    if (r && 'route' in r && r.route.type === 'local') return r.route.dev;
    return undefined;
  }

  private localCacheState: LocalCache | undefined;

  private inWide(c: LocalCache, ip: number): boolean {
    for (const [net, len] of c.wide) if (inSubnet(ip, net, len)) return true;
    return false;
  }

  /** The local table's /32 local and broadcast entries, rebuilt only when the table changes. */
  private localCache(): LocalCache {
    const t = this.tables.get(RT_TABLE_LOCAL)!;
    let c = this.localCacheState;
    if (c && c.version === t.version) return c;
    c = { version: t.version, local: new Map(), broadcast: new Set(), wide: [] };
    for (const r of t.list()) {
      if (r.type === 'local' && r.prefixLen === 32 && r.dev && !c.local.has(r.dst)) c.local.set(r.dst, r.dev);
      else if (r.type === 'broadcast' && r.prefixLen === 32) c.broadcast.add(r.dst);
      else c.wide.push([r.dst, r.prefixLen]);
    }
    this.localCacheState = c;
    return c;
  }

  private kernelRoute(table: number, type: RouteType, dst: number, len: number, dev: NetDevice, src: number): Route {
    const scope = type === 'local' ? 'host' : 'link';
    return {
      table,
      type,
      dst,
      prefixLen: len,
      tos: 0,
      metric: 0,
      proto: 'kernel',
      scope,
      prefsrc: src,
      gateway: undefined,
      dev,
      onlink: false,
      nhScope: type === 'local' ? 'nowhere' : 'link',
    };
  }

  private addKernelRoute(r: Route): void {
    const t = this.tables.get(r.table)!;
    const existing = t.aliases(r.dst, r.prefixLen);
    if (
      existing?.some((x) => x.type === r.type && x.dev === r.dev && x.prefsrc === r.prefsrc && x.metric === r.metric)
    ) {
      return;
    }
    t.insert(r, 'append', () => false);
  }

  /** fib_add_ifaddr. */
  private addIfaddrRoutes(dev: NetDevice, ifa: IfAddr): void {
    const addr = ifa.address;
    const mask = prefixMask(ifa.prefixLen);
    const prefix = (addr & mask) >>> 0;
    this.addKernelRoute(this.kernelRoute(RT_TABLE_LOCAL, 'local', addr, 32, dev, addr));
    if (!dev.adminUp) return;
    if (ifa.broadcast !== undefined && ifa.broadcast !== 0 && ifa.broadcast !== 0xffffffff) {
      this.addKernelRoute(this.kernelRoute(RT_TABLE_LOCAL, 'broadcast', ifa.broadcast, 32, dev, addr));
    }
    if (prefix !== 0 && !ifa.secondary && (prefix !== addr || ifa.prefixLen < 32)) {
      if (dev.isLoopback)
        this.addKernelRoute(this.kernelRoute(RT_TABLE_LOCAL, 'local', prefix, ifa.prefixLen, dev, addr));
      else this.addKernelRoute(this.kernelRoute(RT_TABLE_MAIN, 'unicast', prefix, ifa.prefixLen, dev, addr));
      if (ifa.prefixLen < 31) {
        this.addKernelRoute(this.kernelRoute(RT_TABLE_LOCAL, 'broadcast', (prefix | ~mask) >>> 0, 32, dev, addr));
      }
    }
  }

  /** fib_del_ifaddr (simplified: an address's routes go unless another address still needs them). */
  private delIfaddrRoutes(dev: NetDevice, ifa: IfAddr): void {
    const addr = ifa.address;
    const mask = prefixMask(ifa.prefixLen);
    const prefix = (addr & mask) >>> 0;
    const brd = (prefix | ~mask) >>> 0;
    const stillLocal = this.addresses().some((x) => x.addr.address === addr);
    const local = this.tables.get(RT_TABLE_LOCAL)!;
    const main = this.tables.get(RT_TABLE_MAIN)!;
    local.removeWhere(
      (r) =>
        r.proto === 'kernel' &&
        r.prefsrc === addr &&
        r.dev === dev &&
        ((r.type === 'local' && r.dst === addr && r.prefixLen === 32 && !stillLocal) ||
          (r.type === 'broadcast' && (r.dst === brd || r.dst === ifa.broadcast)) ||
          (r.type === 'local' && r.dst === prefix && r.prefixLen === ifa.prefixLen && dev.isLoopback)),
    );
    main.removeWhere(
      (r) =>
        r.proto === 'kernel' &&
        r.dev === dev &&
        r.prefsrc === addr &&
        r.dst === prefix &&
        r.prefixLen === ifa.prefixLen,
    );
  }

  // ----------------------------------------------------------------- routes

  table(id: number): FibTable {
    let t = this.tables.get(id);
    if (!t) {
      t = new FibTable(id);
      this.tables.set(id, t);
    }
    return t;
  }

  /** Routes of one table in dump order; undefined = every table (main first, then others, local last). */
  routes(table?: number): Route[] {
    if (table !== undefined) return this.tables.get(table)?.list() ?? [];
    const ids = [...this.tables.keys()].sort((a, b) => {
      const rank = (x: number): number => (x === RT_TABLE_MAIN ? -1 : x === RT_TABLE_LOCAL ? 1e9 : x);
      return rank(a) - rank(b);
    });
    return ids.flatMap((id) => this.tables.get(id)!.list());
  }

  /** RTM_NEWROUTE with fib_create_info's checks and their extended acks. */
  routeAdd(spec: RouteSpec, mode: RouteMode = 'add'): KResult<Route> {
    if (!Number.isInteger(spec.prefixLen) || spec.prefixLen < 0 || spec.prefixLen > 32) return fail('EINVAL');
    const dst = spec.dst >>> 0;
    if ((dst & ~prefixMask(spec.prefixLen)) >>> 0 !== 0)
      return fail('EINVAL', 'Invalid prefix for given prefix length');
    const type = spec.type ?? 'unicast';
    const tableId = spec.table ?? (type === 'local' || type === 'broadcast' ? RT_TABLE_LOCAL : RT_TABLE_MAIN);
    const scope =
      spec.scope ??
      (type === 'local'
        ? 'host'
        : type === 'broadcast' || (spec.gateway === undefined && type === 'unicast')
          ? 'link'
          : 'global');
    if (SCOPE_VALUE[scope] > SCOPE_VALUE.host) return fail('EINVAL', 'Invalid scope');
    let dev = spec.dev;
    let nhScope: Route['scope'] = 'link';
    const gw = spec.gateway === undefined ? undefined : spec.gateway >>> 0;
    const onlink = spec.onlink ?? false;
    if (dev && this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (type === 'blackhole' || type === 'unreachable' || type === 'prohibit' || type === 'throw') {
      if (gw !== undefined || dev) return fail('EINVAL', 'Invalid nexthop configuration');
      nhScope = 'nowhere';
    } else if (scope === 'host') {
      if (gw !== undefined) return fail('EINVAL', 'Route with host scope can not have a gateway');
      if (onlink) return fail('EINVAL', 'Nexthop flag onlink is invalid with a host scope route');
      if (!dev) return fail('ENODEV');
      nhScope = 'nowhere';
    } else if (gw !== undefined && gw !== 0) {
      if (onlink) {
        if (SCOPE_VALUE[scope] >= SCOPE_VALUE.link) return fail('EINVAL', 'Nexthop has invalid scope');
        if (!dev) return fail('ENODEV', 'Nexthop device required for onlink');
        if (!dev.adminUp) return fail('ENETDOWN', 'Nexthop device is not up');
        if (this.addrType(gw, dev) !== 'unicast') return fail('EINVAL', 'Nexthop has invalid gateway');
        nhScope = 'link';
      } else {
        // fib_check_nh_v4_gw: the gateway must be reachable through a link-scope (connected) route.
        const flowScope = Math.max(SCOPE_VALUE[scope] + 1, SCOPE_VALUE.link);
        const flow: FibFlow = { dst: gw, scope: flowScope, ...(dev ? { oif: dev.ifindex } : {}) };
        let res = tableId !== RT_TABLE_MAIN ? this.tables.get(tableId)?.lookup(flow) : undefined;
        if (!res || !('route' in res)) res = this.fibLookup(flow);
        if (!res || !('route' in res)) return fail('EINVAL', 'Nexthop has invalid gateway');
        const r = res.route;
        if (r.type !== 'unicast' && r.type !== 'local') return fail('EINVAL', 'Nexthop has invalid gateway');
        nhScope = r.scope;
        dev = r.type === 'local' ? (dev ?? r.dev) : r.dev;
        if (!dev) return fail('EINVAL', 'No egress device for nexthop gateway');
        if (!dev.adminUp) return fail('ENETDOWN');
      }
    } else {
      if (onlink) return fail('EINVAL', 'Invalid flags for nexthop - PERVASIVE and ONLINK can not be set');
      // fib_check_nh_nongw: no device is a bare ENODEV (inetdev_by_index finds nothing), no extack.
      if (!dev) return fail('ENODEV');
      if (!dev.adminUp) return fail('ENETDOWN', 'Device for nexthop is not up');
      nhScope = 'host';
    }
    if (spec.src !== undefined && spec.src !== 0 && type !== 'local' && !this.isLocalAddress(spec.src)) {
      return fail('EINVAL', 'Invalid prefsrc address');
    }
    const route: Route = {
      table: tableId,
      type,
      dst,
      prefixLen: spec.prefixLen,
      tos: spec.tos ?? 0,
      metric: spec.metric ?? 0,
      proto: spec.proto ?? 'boot',
      scope,
      prefsrc: spec.src,
      gateway: gw === 0 ? undefined : gw,
      dev,
      onlink,
      nhScope,
    };
    const res = this.table(tableId).insert(route, mode, sameNexthop);
    if (res.error) return fail(res.error);
    this.notify('route', `${mode} ${formatRouteRow(route)}`);
    return ok(route);
  }

  /** RTM_DELROUTE: the first route matching every field given. */
  routeDel(match: RouteMatch): KResult<Route> {
    const t = this.tables.get(match.table ?? RT_TABLE_MAIN);
    const r = t?.remove(match);
    if (!r) return fail('ESRCH');
    this.notify('route', `del ${formatRouteRow(r)}`);
    return ok(r);
  }

  /** inet_addr_type_dev_table: what kind of address this is, seen from a device. */
  addrType(ip: number, dev?: NetDevice): RouteType {
    if (dev === undefined) {
      const c = this.localCache();
      if (c.local.has(ip >>> 0)) return 'local';
      if (c.broadcast.has(ip >>> 0)) return 'broadcast';
      if (ip >>> 0 === 0xffffffff) return 'broadcast';
      if (!this.inWide(c, ip)) return 'unicast';
    }
    const r = this.tables.get(RT_TABLE_LOCAL)!.lookup({ dst: ip, ...(dev ? { oif: dev.ifindex } : {}) });
    if (r && 'route' in r && (r.route.type === 'local' || r.route.type === 'broadcast')) return r.route.type;
    if (ip >>> 0 === 0xffffffff) return 'broadcast';
    return 'unicast';
  }

  /** fib_lookup with the default rules: local table, then main. */
  fibLookup(flow: FibFlow): { route: Route } | { error: import('./errno.js').Errno } | undefined {
    const local = this.tables.get(RT_TABLE_LOCAL)!.lookup(flow);
    if (local && !('error' in local && local.error === 'EAGAIN')) return local;
    // The default rules after local: main (then default, which nothing here fills).
    const r = this.tables.get(RT_TABLE_MAIN)!.lookup(flow);
    if (r && !('error' in r && r.error === 'EAGAIN')) return r;
    return undefined;
  }

  /** The route a packet to `dst` takes (ENETUNREACH when none). */
  routeLookup(dst: number, opts: RouteLookupOpts = {}): KResult<Route> {
    const r = this.fibLookup({
      dst: dst >>> 0,
      ...(opts.tos !== undefined ? { tos: opts.tos } : {}),
      ...(opts.oif !== undefined ? { oif: opts.oif } : {}),
      ...(opts.scope !== undefined ? { scope: opts.scope } : {}),
    });
    if (!r) return fail('ENETUNREACH');
    if ('error' in r) return fail(r.error);
    return ok(r.route);
  }

  /** Output route resolution (ip_route_output_key): route, device, next hop, source address. */
  routeOutput(dst: number, opts: RouteLookupOpts = {}): KResult<OutputRoute> {
    return this.ip.routeOutput(dst >>> 0, opts);
  }

  /** What `ip route get` prints. */
  routeGet(dst: number, opts: RouteLookupOpts = {}): KResult<RouteGetResult> {
    const r = this.routeOutput(dst, opts);
    if (!r.ok) return r;
    const o = r.value;
    return ok({
      type: o.route.type,
      dst: dst >>> 0,
      gateway: o.route.gateway,
      dev: o.dev,
      src: o.src,
      table: o.route.table,
      route: o.route,
    });
  }

  // ------------------------------------------------------------- neighbours

  neighbours(dev?: NetDevice): NeighEntry[] {
    return this.neigh.list(dev);
  }

  private neighCheck(dev: NetDevice, spec: NeighSpec): KError | undefined {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (spec.lladdr !== undefined && parseMac(spec.lladdr) === undefined) return fail('EINVAL');
    if (dev.noarp && dev.isLoopback) return fail('EINVAL');
    return undefined;
  }

  /**
   * __neigh_update: a valid state needs a link-layer address on a device that
   * has one; without lladdr the entry's own is kept only if it already is valid.
   */
  private neighLladdrCheck(spec: NeighSpec, e: NeighEntry | undefined): KError | undefined {
    if (spec.lladdr !== undefined || !NUD_VALID.has(spec.state)) return undefined;
    if (e && NUD_VALID.has(e.state)) return undefined;
    return fail('EINVAL', 'No link layer address given');
  }

  neighAdd(dev: NetDevice, ip: number, spec: NeighSpec): KResult<NeighEntry> {
    const bad = this.neighCheck(dev, spec);
    if (bad) return bad;
    if (this.neigh.get(dev, ip)) return fail('EEXIST');
    const noLl = this.neighLladdrCheck(spec, undefined);
    if (noLl) return noLl;
    const e = this.neigh.create(dev, ip);
    this.neigh.adminSet(e, spec.lladdr && parseMac(spec.lladdr), spec.state);
    if (spec.router) e.router = true;
    this.notify('neigh', `add ${formatIpv4(ip)} dev ${dev.name}`);
    return ok(e);
  }

  neighReplace(dev: NetDevice, ip: number, spec: NeighSpec): KResult<NeighEntry> {
    const bad = this.neighCheck(dev, spec);
    if (bad) return bad;
    const noLl = this.neighLladdrCheck(spec, this.neigh.get(dev, ip));
    if (noLl) return noLl;
    const e = this.neigh.get(dev, ip) ?? this.neigh.create(dev, ip);
    this.neigh.adminSet(e, spec.lladdr && parseMac(spec.lladdr), spec.state);
    e.router = spec.router ?? false;
    this.notify('neigh', `replace ${formatIpv4(ip)} dev ${dev.name}`);
    return ok(e);
  }

  neighChange(dev: NetDevice, ip: number, spec: NeighSpec): KResult<NeighEntry> {
    const bad = this.neighCheck(dev, spec);
    if (bad) return bad;
    const e = this.neigh.get(dev, ip);
    if (!e) return fail('ENOENT');
    const noLl = this.neighLladdrCheck(spec, e);
    if (noLl) return noLl;
    this.neigh.adminSet(e, spec.lladdr && parseMac(spec.lladdr), spec.state);
    this.notify('neigh', `change ${formatIpv4(ip)} dev ${dev.name}`);
    return ok(e);
  }

  neighDel(dev: NetDevice, ip: number): KResult<void> {
    const e = this.neigh.get(dev, ip);
    if (!e) return fail('ENOENT');
    this.neigh.delete(e);
    this.notify('neigh', `del ${formatIpv4(ip)} dev ${dev.name}`);
    return ok(undefined);
  }

  /** `ip neigh flush`: drops dynamic entries (permanent ones only when asked). Returns how many went. */
  neighFlush(dev?: NetDevice, includePermanent = false): number {
    let n = 0;
    for (const e of this.neigh.list(dev)) {
      if (!includePermanent && (e.state === 'PERMANENT' || e.state === 'NOARP')) continue;
      this.neigh.delete(e);
      n++;
    }
    if (n > 0) this.notify('neigh', `flush ${dev?.name ?? ''}`);
    return n;
  }

  // -------------------------------------------------------------------- FDB

  private fdbTarget(dev: NetDevice, spec: FdbSpec): KResult<'vxlan' | 'bridge'> {
    if (this.devs.get(dev.ifindex) !== dev) return fail('ENODEV');
    if (parseMac(spec.mac) === undefined) return fail('EINVAL');
    if (spec.master) {
      if (dev instanceof BridgeDevice) return ok('bridge');
      if (!(dev.master instanceof BridgeDevice)) return fail('EOPNOTSUPP');
      return ok('bridge');
    }
    if (dev instanceof VxlanDevice) return ok('vxlan');
    // The bridge's own ndo_fdb_add (br_fdb_add) takes `self` entries on the bridge device: local ones.
    if (dev instanceof BridgeDevice) {
      if (spec.state !== undefined && spec.state !== 'permanent') return fail('EINVAL');
      return ok('bridge');
    }
    return fail('EOPNOTSUPP');
  }

  /** A successful FDB edit is announced (bridge monitor fdb, the page's view). */
  private fdbNotify(dev: NetDevice, spec: FdbSpec, r: KResult<void>): KResult<void> {
    if (r.ok) this.notify('fdb', `${spec.mac} dev ${dev.name}`);
    return r;
  }

  private fdbWrite(dev: NetDevice, spec: FdbSpec, mode: 'add' | 'append' | 'replace'): KResult<void> {
    const t = this.fdbTarget(dev, spec);
    if (!t.ok) return t;
    const mac = parseMac(spec.mac)!;
    const now = this.env.clock.now;
    const state: FdbState = spec.state ?? 'static';
    if (t.value === 'vxlan') {
      const vx = dev as VxlanDevice;
      const remote = { ip: (spec.dst ?? 0) >>> 0, port: spec.port ?? 0, vni: spec.vni ?? 0, ifindex: 0 };
      const vstate: VxlanFdbState = state === 'dynamic' ? 'reachable' : state;
      const f = vx.fdb.get(mac);
      const multi = mac === ALL_ZEROS_MAC || (parseInt(mac.slice(0, 2), 16) & 1) === 1;
      if (f) {
        if (mode === 'add') return fail('EEXIST');
        if (mode === 'replace') {
          if (multi) return fail('EOPNOTSUPP', 'Cannot replace an existing entry');
          f.remotes = [remote];
          f.state = vstate;
          f.updatedAt = now;
        }
        if (mode === 'append' && multi) {
          if (!f.remotes.some((r) => r.ip === remote.ip && r.port === remote.port && r.vni === remote.vni)) {
            f.remotes.push(remote);
          }
        }
        return ok(undefined);
      }
      vx.fdb.set({ mac, remotes: [remote], state: vstate, updatedAt: now, usedAt: now });
      return ok(undefined);
    }
    const br = dev instanceof BridgeDevice ? dev : (dev.master as BridgeDevice);
    const port = dev instanceof BridgeDevice ? null : dev;
    const existing = br.fdb.get(mac, now);
    if (existing && mode === 'add') return fail('EEXIST');
    if (existing && mode === 'append') return fail('EEXIST');
    br.fdb.set({ mac, port, addedByUser: true, state, updatedAt: now, usedAt: now });
    return ok(undefined);
  }

  fdbAdd(dev: NetDevice, spec: FdbSpec): KResult<void> {
    return this.fdbNotify(dev, spec, this.fdbWrite(dev, spec, 'add'));
  }

  fdbAppend(dev: NetDevice, spec: FdbSpec): KResult<void> {
    return this.fdbNotify(dev, spec, this.fdbWrite(dev, spec, 'append'));
  }

  fdbReplace(dev: NetDevice, spec: FdbSpec): KResult<void> {
    return this.fdbNotify(dev, spec, this.fdbWrite(dev, spec, 'replace'));
  }

  fdbDel(dev: NetDevice, spec: FdbSpec): KResult<void> {
    return this.fdbNotify(dev, spec, this.fdbRemove(dev, spec));
  }

  private fdbRemove(dev: NetDevice, spec: FdbSpec): KResult<void> {
    const t = this.fdbTarget(dev, spec);
    if (!t.ok) return t;
    const mac = parseMac(spec.mac)!;
    if (t.value === 'vxlan') {
      const vx = dev as VxlanDevice;
      const f = vx.fdb.get(mac);
      if (!f) return fail('ENOENT');
      if (spec.dst !== undefined) {
        const i = f.remotes.findIndex((r) => r.ip === spec.dst! >>> 0);
        if (i < 0) return fail('ENOENT');
        f.remotes.splice(i, 1);
        if (f.remotes.length === 0) vx.fdb.delete(mac);
      } else {
        vx.fdb.delete(mac);
      }
      return ok(undefined);
    }
    const br = dev instanceof BridgeDevice ? dev : (dev.master as BridgeDevice);
    const e = br.fdb.get(mac, this.env.clock.now);
    if (!e) return fail('ENOENT');
    br.fdb.delete(mac);
    return ok(undefined);
  }

  /** Every FDB line, device by device in ifindex order (bridge entries under their port). */
  fdbEntries(dev?: NetDevice): FdbRow[] {
    const now = this.env.clock.now;
    const rows: FdbRow[] = [];
    const base = {
      dst: undefined,
      port: undefined,
      vni: undefined,
      vlan: undefined,
      isLocal: false,
      updatedAgoUs: 0,
      usedAgoUs: 0,
    };
    for (const d of this.devices()) {
      if (dev && d !== dev) continue;
      const br = d instanceof BridgeDevice ? d : d.master instanceof BridgeDevice ? d.master : undefined;
      if (br && !d.isLoopback) {
        const here = d === br ? null : d;
        const own: FdbRow[] = [];
        // Local (permanent) entries for the device's own MAC: with vlan_filtering also one in vlan 1 (default pvid).
        if (br.config.vlanFiltering !== 0) {
          own.push({
            ...base,
            mac: d.mac,
            dev: d,
            master: br,
            self: false,
            vlan: 1,
            state: 'permanent',
            isLocal: true,
          });
        }
        own.push({ ...base, mac: d.mac, dev: d, master: br, self: false, state: 'permanent', isLocal: true });
        const added: FdbRow[] = [];
        for (const e of br.fdb.list(now)) {
          if (e.port !== here) continue;
          added.push({
            ...base,
            mac: e.mac,
            dev: d,
            master: br,
            self: false,
            state: e.state,
            // Entries without a port live on the bridge itself: permanent ones are local (BR_FDB_LOCAL).
            isLocal: here === null && e.state === 'permanent',
            updatedAgoUs: now - e.updatedAt,
            usedAgoUs: now - e.usedAt,
          });
        }
        // The bridge's fdb_list is newest first: entries added on the bridge precede its own MAC's.
        if (here === null) rows.push(...added.reverse(), ...own);
        else rows.push(...own, ...added);
      }
      if (d instanceof VxlanDevice) {
        d.fdb.expire(now, d.config.ageingS * 1_000_000);
        for (const e of d.fdb.list()) {
          for (const r of e.remotes) {
            rows.push({
              ...base,
              mac: e.mac,
              dev: d,
              master: undefined,
              self: true,
              dst: r.ip,
              port: r.port || undefined,
              vni: r.vni || undefined,
              state: e.state,
              updatedAgoUs: now - e.updatedAt,
              usedAgoUs: now - e.usedAt,
            });
          }
        }
      }
    }
    return rows;
  }

  // --------------------------------------------------------------- datapath

  /** A frame handed up by a device (after its taps and any bridge): ARP or IPv4. */
  netifReceive(dev: NetDevice, s: Skb): void {
    this.ip.receive(dev, s);
  }

  /** Send an IPv4 packet built by a local user (VXLAN, ICMP, UDP sockets). */
  ipSend(hdr: SendHeader, payload: Uint8Array, traceId: number, rt?: OutputRoute): KResult<void> {
    return this.ip.send(hdr, payload, traceId, rt);
  }

  /** Report a packet decision when anyone listens. */
  trace(
    decision: Decision,
    traceId: number,
    row: string,
    extra: { dev?: string; reason?: string; packet?: string } = {},
  ): void {
    const ev = this.env.events;
    if (ev.size === 0) return;
    const e: PacketEvent = {
      type: 'kernel.packet',
      at: this.env.clock.now,
      ns: this.name,
      decision,
      row,
      traceId,
      ...extra,
    };
    ev.emit(e);
  }

  get tracing(): boolean {
    return this.env.events.size > 0;
  }

  /** Report a configuration change (for the page's live view). */
  notify(what: 'link' | 'addr' | 'route' | 'neigh' | 'fdb', detail: string): void {
    const ev = this.env.events;
    if (ev.size === 0) return;
    ev.emit({
      type: `kernel.${what}`,
      at: this.env.clock.now,
      ns: this.name,
      detail,
    } as import('../world/events.js').WorldEventBase);
  }
}

/** The local table's exact entries, and the wider local/broadcast prefixes (127.0.0.0/8) that need a lookup. */
interface LocalCache {
  version: number;
  local: Map<number, NetDevice>;
  broadcast: Set<number>;
  wide: [number, number][];
}

const hashSeeds = new WeakMap<KernelEnv, number>();

/**
 * The flow-hash seed. Linux draws one per boot; we draw one per world, so both
 * directions of a flow get the same VXLAN source port on every node, as in the
 * reference recording.
 */
function hashSeedFor(env: KernelEnv): number {
  let s = hashSeeds.get(env);
  if (s === undefined) {
    s = Math.floor(env.rng.next() * 4294967296) >>> 0;
    hashSeeds.set(env, s);
  }
  return s;
}

function sameNexthop(a: Route, b: Route): boolean {
  return (
    a.type === b.type && a.gateway === b.gateway && a.dev === b.dev && a.scope === b.scope && a.prefsrc === b.prefsrc
  );
}

export type { Ipv4Repr };
