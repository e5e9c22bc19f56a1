/**
 * The requests the iproute2 front-ends send and the dumps they read, as one
 * interface over a network namespace. netlink.ts implements it over the
 * emulator's kernel; the commands never touch kernel objects directly.
 */
import type { AddrMsg, LinkMsg, NeighMsg, RouteMsg } from './rtnl.js';

/** A refused request: errno name, strerror text and the extended ack if the kernel gives one. */
export interface KernelError {
  errno: string;
  message: string;
  extack?: string;
}

export type Reply<T = void> = { ok: true; value: T } | { ok: false; error: KernelError };

export interface LinkAddRequest {
  name: string | undefined;
  kind: 'veth' | 'bridge' | 'vxlan' | 'dummy' | string;
  mtu?: number;
  address?: string;
  txqlen?: number;
  up?: boolean;
  master?: number;
  /** veth */
  peer?: { name?: string; netns?: string; address?: string; mtu?: number };
  /** vxlan */
  vxlan?: {
    id?: number;
    local?: number;
    remote?: number;
    group?: number;
    link?: number;
    dstport?: number;
    srcportLow?: number;
    srcportHigh?: number;
    learning?: boolean;
    ttl?: number;
    tos?: number;
    ageing?: number;
    udpCsum?: boolean;
    l2miss?: boolean;
    l3miss?: boolean;
    proxy?: boolean;
  };
  /** bridge */
  bridge?: { ageingTime?: number; forwardDelay?: number; stpState?: number; priority?: number; vlanFiltering?: number };
}

export interface LinkChange {
  up?: boolean;
  mtu?: number;
  /** 0 = nomaster. */
  master?: number;
  address?: string;
  name?: string;
  txqlen?: number;
  promisc?: boolean;
  netns?: string;
  /** `ip link set DEV type bridge ageing_time N` (centiseconds). */
  bridgeAgeingTime?: number;
  /** bridge_slave / `bridge link set` */
  hairpin?: boolean;
  learning?: boolean;
  flood?: boolean;
}

export interface AddrRequest {
  ifindex: number;
  local: number;
  prefixlen: number;
  broadcast?: number;
  scope: number;
  label?: string;
  /** `ip addr del` without /len: any prefix length matches. */
  anyPrefix?: boolean;
}

export interface RouteRequest {
  table: number;
  dst: number;
  dstLen: number;
  type: number;
  protocol: number;
  scope: number | undefined;
  gateway?: number;
  oif?: number;
  onlink: boolean;
  prefsrc?: number;
  priority?: number;
  tos?: number;
}

export type RouteMode = 'add' | 'replace' | 'change' | 'append' | 'prepend' | 'test';

export interface RouteGetRequest {
  dst: number;
  src?: number;
  oif?: number;
  iif?: number;
  tos?: number;
}

export interface NeighRequest {
  ifindex: number;
  dst: number;
  lladdr?: string;
  state: number;
  router?: boolean;
}

export type NeighMode = 'add' | 'replace' | 'change';

/** Per bridge FDB line as `bridge fdb show` needs it. */
export interface FdbEntry {
  mac: string;
  /** The device the entry lives on (port or vxlan). */
  ifindex: number;
  /** The bridge, for `master` entries. */
  master?: number;
  self: boolean;
  vlan?: number;
  dst?: number;
  state: 'permanent' | 'static' | 'dynamic';
  /** Seconds since last used / updated, for -s. */
  used?: number;
  updated?: number;
  /** For brctl showmacs. */
  isLocal?: boolean;
  ageingTimer?: number;
}

export interface FdbRequest {
  ifindex: number;
  mac: string;
  dst?: number;
  self: boolean;
  master: boolean;
  state: 'permanent' | 'static' | 'dynamic';
  vlan?: number;
}

export type FdbMode = 'add' | 'append' | 'replace';

export interface MaddrEntry {
  ifindex: number;
  name: string;
  link: string[];
  inet: string[];
  inet6: string[];
}

export interface KernelView {
  links(): LinkMsg[];
  link(ifindex: number): LinkMsg | undefined;
  /** ll_name_to_index(): 0 when there is no such device. */
  nameToIndex(name: string): number;
  /** ll_index_to_name(): `if%d` for unknown indexes. */
  indexToName(ifindex: number): string;
  indexToFlags(ifindex: number): number | undefined;
  addrs(): AddrMsg[];
  /** Dump of one table (or every table when undefined), in the kernel's dump order. */
  routes(table: number | undefined): RouteMsg[];
  /** Whether a routing table exists (main and local always do; others once a route was added). */
  tableExists(table: number): boolean;
  /** The IPv6 routes Linux derives from link-local addresses (no IPv6 routing is modelled). */
  routes6(table: number | undefined): RouteMsg[];
  neighs(): NeighMsg[];
  /** Multicast memberships per device, as /proc/net/dev_mcast, igmp and igmp6 list them. */
  maddrs(): MaddrEntry[];
  /** Whether this namespace forwards IPv4 (net.ipv4.ip_forward). */
  forwarding(): boolean;
  fdb(): FdbEntry[];

  linkAdd(req: LinkAddRequest): Reply;
  linkSet(ifindex: number, change: LinkChange): Reply;
  linkDel(ifindex: number): Reply;
  addrAdd(req: AddrRequest, replace: boolean): Reply;
  addrDel(req: AddrRequest): Reply;
  routeAdd(req: RouteRequest, mode: RouteMode): Reply;
  /** Deletes the first route matching every given field. */
  routeDel(req: Partial<RouteRequest> & { table: number; dst: number; dstLen: number }): Reply;
  routeGet(req: RouteGetRequest): Reply<RouteMsg>;
  neighSet(req: NeighRequest, mode: NeighMode): Reply;
  neighDel(ifindex: number, dst: number): Reply;
  fdbAdd(req: FdbRequest, mode: FdbMode): Reply;
  fdbDel(req: FdbRequest): Reply;
}
