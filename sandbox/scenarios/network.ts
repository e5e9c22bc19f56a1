/**
 * The building steps of a node's network, written the way the real actors
 * perform them so that flanneld and the CNI plugin (sandbox/flannel) can call
 * the same functions: a node with its NIC on the underlay, a VXLAN device, a
 * bridge, a pod attached through a veth pair, a peer's neighbour/FDB/route.
 * The kernel knows nothing of flannel; these are ordinary netlink requests.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { createHost } from '../world/hosts.js';
import type { NetDevice } from '../kernel/netdevice.js';
import type { Netns } from '../kernel/netns.js';
import type { KResult } from '../kernel/errno.js';
import { ok } from '../kernel/errno.js';
import { EtherDevice } from '../kernel/drivers/ether.js';
import { prefixMask } from '../net/addr.js';

export interface NicSpec {
  name: string;
  ip: number;
  prefixLen: number;
  mac: string;
  mtu?: number;
  /** The underlay segment (switch) the NIC is plugged into. */
  segment: string;
}

function broadcastOf(ip: number, len: number): number {
  return ((ip & prefixMask(len)) | ~prefixMask(len)) >>> 0;
}

/** Plug a NIC into a host: the device, its address (with brd as ifupdown sets it), link up. */
export function addNic(world: World, host: Host, nic: NicSpec): EtherDevice {
  const r = host.ns.linkAdd({ kind: 'ether', name: nic.name, mac: nic.mac, mtu: nic.mtu ?? 1500 });
  if (!r.ok) throw new Error(`${host.name}: cannot add ${nic.name}: ${r.errno}`);
  const dev = r.value as EtherDevice;
  world.segment(nic.segment).attach(dev);
  host.ns.setUp(dev, true);
  host.ns.addrAdd(dev, { address: nic.ip, prefixLen: nic.prefixLen, broadcast: broadcastOf(nic.ip, nic.prefixLen) });
  return dev;
}

export interface NodeSpec {
  name: string;
  eth0: Omit<NicSpec, 'name'>;
  gateway?: number;
}

/** A node as the cloud hands it over: lo, eth0 on the underlay, a default route. */
export function addNode(world: World, spec: NodeSpec): Host {
  const host = createHost(world, { name: spec.name, kind: 'node' });
  const eth0 = addNic(world, host, { name: 'eth0', ...spec.eth0 });
  if (spec.gateway !== undefined) {
    const r = host.ns.routeAdd({ dst: 0, prefixLen: 0, gateway: spec.gateway, dev: eth0 });
    if (!r.ok) throw new Error(`${spec.name}: default route: ${r.errno}`);
  }
  return host;
}

/** The underlay's router: one NIC per segment, forwarding on, no default route. */
export function addRouter(world: World, name: string, nics: NicSpec[]): Host {
  const host = createHost(world, { name, kind: 'router' });
  for (const n of nics) addNic(world, host, n);
  return host;
}

export interface VxlanDeviceSpec {
  name: string;
  vni: number;
  mac: string;
  local: number;
  /** The underlay device (`dev eth0`). */
  dev: NetDevice;
  mtu: number;
  dstport?: number;
  learning?: boolean;
  /** The node's lease network address, put on the device as a /32. */
  address: number;
}

/** `ip link add flannel.1 … type vxlan id 1 local … dev eth0 dstport 8472 nolearning`, /32 address, up. */
export function createVxlanDevice(ns: Netns, spec: VxlanDeviceSpec): KResult<NetDevice> {
  const r = ns.linkAdd({
    kind: 'vxlan',
    name: spec.name,
    mac: spec.mac,
    mtu: spec.mtu,
    id: spec.vni,
    local: spec.local,
    dev: spec.dev,
    dstport: spec.dstport ?? 8472,
    learning: spec.learning ?? false,
  });
  if (!r.ok) return r;
  const a = ns.addrAdd(r.value, { address: spec.address, prefixLen: 32 });
  if (!a.ok) return a;
  ns.setUp(r.value, true);
  return r;
}

export interface BridgeSpec {
  name: string;
  mac: string;
  mtu: number;
  address: number;
  prefixLen: number;
}

/** The CNI bridge plugin's cni0: bridge with the gateway address (brd +), up. */
export function createBridge(ns: Netns, spec: BridgeSpec): KResult<NetDevice> {
  const r = ns.linkAdd({ kind: 'bridge', name: spec.name, mac: spec.mac, mtu: spec.mtu });
  if (!r.ok) return r;
  const a = ns.addrAdd(r.value, {
    address: spec.address,
    prefixLen: spec.prefixLen,
    broadcast: broadcastOf(spec.address, spec.prefixLen),
  });
  if (!a.ok) return a;
  ns.setUp(r.value, true);
  return r;
}

export interface VxlanPeerSpec {
  /** The VXLAN device (flannel.1). */
  vtep: NetDevice;
  /** The peer's subnet (10.244.0.0/24) — its network address is the peer VTEP's address. */
  subnet: number;
  prefixLen: number;
  peerVtepMac: string;
  peerPublicIp: number;
}

/** flanneld's per-peer trio, in its order: neighbour, FDB entry, onlink route. */
export function addVxlanPeer(ns: Netns, p: VxlanPeerSpec): KResult<void> {
  const n = ns.neighReplace(p.vtep, p.subnet, { lladdr: p.peerVtepMac, state: 'PERMANENT' });
  if (!n.ok) return n;
  const f = ns.fdbAppend(p.vtep, { mac: p.peerVtepMac, dst: p.peerPublicIp, self: true, state: 'permanent' });
  if (!f.ok) {
    ns.neighDel(p.vtep, p.subnet);
    return f;
  }
  const r = ns.routeAdd(
    { dst: p.subnet, prefixLen: p.prefixLen, gateway: p.subnet, dev: p.vtep, onlink: true },
    'replace',
  );
  if (!r.ok) {
    ns.fdbDel(p.vtep, { mac: p.peerVtepMac, dst: p.peerPublicIp, self: true });
    ns.neighDel(p.vtep, p.subnet);
    return r;
  }
  return ok(undefined);
}

/** Undo addVxlanPeer (flanneld on a lease's removal). */
export function removeVxlanPeer(ns: Netns, p: VxlanPeerSpec): void {
  ns.routeDel({ dst: p.subnet, prefixLen: p.prefixLen, gateway: p.subnet, dev: p.vtep });
  ns.fdbDel(p.vtep, { mac: p.peerVtepMac, dst: p.peerPublicIp, self: true });
  ns.neighDel(p.vtep, p.subnet);
}

/** host-gw: `<subnet> via <peer public ip> dev <external iface>`. */
export function addHostGwRoute(
  ns: Netns,
  subnet: number,
  prefixLen: number,
  peerIp: number,
  dev: NetDevice,
): KResult<void> {
  const r = ns.routeAdd({ dst: subnet, prefixLen, gateway: peerIp, dev }, 'replace');
  return r.ok ? ok(undefined) : r;
}

export interface PodNetSpec {
  /** The pod's host (its own namespace). */
  pod: Host;
  node: Host;
  bridge: NetDevice;
  hostVethName: string;
  hostVethMac: string;
  podMac: string;
  ip: number;
  prefixLen: number;
  mtu: number;
  gateway: number;
  /** Extra routes via the gateway (flannel's CNI adds the cluster network). */
  routes: { dst: number; prefixLen: number }[];
  hairpin?: boolean;
}

/** The CNI bridge plugin's ADD: veth pair (eth0 in the pod), port of the bridge, hairpin, address, routes. */
export function attachPod(spec: PodNetSpec): KResult<{ podEth0: NetDevice; hostVeth: NetDevice }> {
  const pns = spec.pod.ns;
  const nns = spec.node.ns;
  const v = pns.linkAdd({
    kind: 'veth',
    name: 'eth0',
    mac: spec.podMac,
    mtu: spec.mtu,
    peer: { name: spec.hostVethName, ns: nns, mac: spec.hostVethMac, mtu: spec.mtu },
  });
  if (!v.ok) return v;
  const podEth0 = v.value;
  const hostVeth = nns.dev(spec.hostVethName)!;
  let r: KResult<unknown> = nns.linkSet(hostVeth, { master: spec.bridge, up: true });
  if (!r.ok) return r;
  r = nns.linkSet(hostVeth, { hairpin: spec.hairpin ?? true });
  if (!r.ok) return r;
  pns.setUp(podEth0, true);
  r = pns.addrAdd(podEth0, {
    address: spec.ip,
    prefixLen: spec.prefixLen,
    broadcast: broadcastOf(spec.ip, spec.prefixLen),
  });
  if (!r.ok) return r;
  r = pns.routeAdd({ dst: 0, prefixLen: 0, gateway: spec.gateway, dev: podEth0 });
  if (!r.ok) return r;
  for (const rt of spec.routes) {
    r = pns.routeAdd({ dst: rt.dst, prefixLen: rt.prefixLen, gateway: spec.gateway, dev: podEth0 });
    if (!r.ok) return r;
  }
  return ok({ podEth0, hostVeth });
}

/** The CNI bridge plugin's MAC for a pod or gateway address: 0a:58 + the IPv4 bytes. */
export function macFromIp(ip: number): string {
  const b = [0x0a, 0x58, (ip >>> 24) & 255, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** The CNI plugin's DEL: the pod's eth0 goes (and with it the node's end of the pair), then the pod's namespace. */
export function detachPod(world: World, pod: Host): void {
  const eth0 = pod.ns.dev('eth0');
  if (eth0) pod.ns.linkDel(eth0);
  world.removeHost(pod.name);
}
