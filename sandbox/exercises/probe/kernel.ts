/**
 * Read-only views of a host's kernel state for graders: links, routes,
 * neighbours, FDB entries, as strings the way iproute2 prints them. One file
 * so graders never reach into the kernel's internals themselves.
 */
import type { World } from '../../world/world.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import type { Netns } from '../../kernel/netns.js';
import { RT_TABLE_MAIN } from '../../kernel/ipv4/route.js';
import { formatIpv4, parseIpv4 } from '../../net/addr.js';

export interface LinkView {
  name: string;
  kind: string;
  mtu: number;
  mac: string;
  up: boolean;
  master?: string;
}

export interface RouteView {
  /** `10.244.0.0/24`; the default route is `0.0.0.0/0`. */
  dst: string;
  gateway?: string;
  dev?: string;
  onlink: boolean;
  type: string;
}

export interface NeighView {
  ip: string;
  dev: string;
  lladdr?: string;
  state: string;
}

export interface FdbView {
  mac: string;
  dev: string;
  dst?: string;
  self: boolean;
  permanent: boolean;
}

export function netns(world: World, host: string): Netns | undefined {
  return world.host(host)?.ns;
}

export function device(world: World, host: string, name: string): NetDevice | undefined {
  return netns(world, host)?.dev(name);
}

/** A pod's (or any host's) device, for the witness's taps. */
export function podDevice(world: World, host: string, name: string): NetDevice | undefined {
  return device(world, host, name);
}

export function link(world: World, host: string, name: string): LinkView | undefined {
  const d = device(world, host, name);
  if (!d) return undefined;
  const v: LinkView = { name: d.name, kind: d.kind, mtu: d.mtu, mac: d.mac, up: d.adminUp };
  if (d.master) v.master = d.master.name;
  return v;
}

export function routes(world: World, host: string): RouteView[] {
  const ns = netns(world, host);
  if (!ns) return [];
  return ns.routes(RT_TABLE_MAIN).map((r) => {
    const v: RouteView = { dst: `${formatIpv4(r.dst)}/${r.prefixLen}`, onlink: r.onlink, type: r.type };
    if (r.gateway !== undefined) v.gateway = formatIpv4(r.gateway);
    if (r.dev) v.dev = r.dev.name;
    return v;
  });
}

export function neighbours(world: World, host: string, dev?: string): NeighView[] {
  const ns = netns(world, host);
  if (!ns) return [];
  const d = dev === undefined ? undefined : ns.dev(dev);
  if (dev !== undefined && !d) return [];
  return ns.neighbours(d).map((n) => {
    const v: NeighView = { ip: formatIpv4(n.ip), dev: n.dev.name, state: n.state };
    if (n.lladdr !== undefined) v.lladdr = n.lladdr;
    return v;
  });
}

export function fdb(world: World, host: string, dev: string): FdbView[] {
  const ns = netns(world, host);
  const d = ns?.dev(dev);
  if (!ns || !d) return [];
  return ns.fdbEntries(d).map((e) => {
    const v: FdbView = { mac: e.mac, dev: e.dev.name, self: e.self, permanent: e.state === 'permanent' };
    if (e.dst !== undefined) v.dst = formatIpv4(e.dst);
    return v;
  });
}

/** The main-table route with exactly this destination. */
export function route(world: World, host: string, dst: string): RouteView | undefined {
  return routes(world, host).find((r) => r.dst === dst);
}

export function neighbour(world: World, host: string, dev: string, ip: string): NeighView | undefined {
  return neighbours(world, host, dev).find((n) => n.ip === ip);
}

/** What `ip route get DST` would answer: the gateway (if any) and the device. */
export function routeGet(world: World, host: string, dst: string): { gateway?: string; dev: string } | undefined {
  const ns = netns(world, host);
  const ip = parseIpv4(dst);
  if (!ns || ip === undefined) return undefined;
  const r = ns.routeGet(ip);
  if (!r.ok) return undefined;
  const v: { gateway?: string; dev: string } = { dev: r.value.dev.name };
  if (r.value.gateway !== undefined) v.gateway = formatIpv4(r.value.gateway);
  return v;
}
