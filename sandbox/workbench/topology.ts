/**
 * The workbench's diagram, computed from the world: every node and router with
 * its devices, the pods on each node with the veth that links them. The page
 * draws it; packet events name (ns, dev) pairs that are keys into it.
 */
import type { World } from '../world/world.js';
import type { NetDevice } from '../kernel/netdevice.js';
import { formatIpv4 } from '../net/addr.js';

export interface TopoDevice {
  readonly name: string;
  readonly kind: string;
  readonly ifindex: number;
  readonly mac: string;
  readonly mtu: number;
  readonly up: boolean;
  readonly addrs: readonly string[];
  readonly master?: string;
  /** veth: the host and device at the other end. */
  readonly peer?: { host: string; dev: string };
}

export interface TopoHost {
  readonly name: string;
  readonly kind: 'node' | 'pod' | 'router';
  /** For a pod: its node. */
  readonly node?: string;
  readonly devices: readonly TopoDevice[];
}

export interface Topology {
  readonly hosts: readonly TopoHost[];
}

function device(d: NetDevice): TopoDevice {
  const peer = (d as NetDevice & { peer?: NetDevice | null }).peer;
  return {
    name: d.name,
    kind: d.kind,
    ifindex: d.ifindex,
    mac: d.mac,
    mtu: d.mtu,
    up: d.running,
    addrs: d.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefixLen}`),
    ...(d.master ? { master: d.master.name } : {}),
    ...(d.kind === 'veth' && peer ? { peer: { host: peer.ns.name, dev: peer.name } } : {}),
  };
}

export function topology(world: World): Topology {
  const hosts: TopoHost[] = [];
  for (const h of world.hosts()) {
    // A bare host (no network namespace yet) has nothing to draw.
    if (typeof h.ns?.devices !== 'function') continue;
    hosts.push({
      name: h.name,
      kind: h.kind,
      ...(h.node ? { node: h.node } : {}),
      devices: h.ns
        .devices()
        .filter((d) => d.kind !== 'loopback')
        .map(device),
    });
  }
  return { hosts };
}
