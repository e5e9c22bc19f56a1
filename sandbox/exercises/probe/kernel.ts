/**
 * Read-only views of a host's kernel state for graders: links, routes,
 * neighbours, FDB entries, as strings the way iproute2 prints them. One file
 * so graders never reach into the kernel's internals themselves.
 */
import type { World } from '../../world/world.js';
import type { NetDevice } from '../../kernel/netdevice.js';

export interface LinkView {
  name: string;
  kind: string;
  mtu: number;
  mac: string;
  up: boolean;
  master?: string;
}

export interface RouteView {
  /** `10.244.0.0/24`, `default` as 0.0.0.0/0. */
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

export function podDevice(world: World, host: string, name: string): NetDevice | undefined {
  void world;
  void host;
  void name;
  return undefined;
}

export function link(world: World, host: string, name: string): LinkView | undefined {
  void world;
  void host;
  void name;
  return undefined;
}

export function routes(world: World, host: string): RouteView[] {
  void world;
  void host;
  return [];
}

export function neighbours(world: World, host: string, dev?: string): NeighView[] {
  void world;
  void host;
  void dev;
  return [];
}

export function fdb(world: World, host: string, dev: string): FdbView[] {
  void world;
  void host;
  void dev;
  return [];
}

/** The main-table route with exactly this destination. */
export function route(world: World, host: string, dst: string): RouteView | undefined {
  return routes(world, host).find((r) => r.dst === dst);
}

export function neighbour(world: World, host: string, dev: string, ip: string): NeighView | undefined {
  return neighbours(world, host, dev).find((n) => n.ip === ip);
}
