/**
 * The article's network built step by step, as kubeadm, flanneld and the CNI
 * plugin would leave it. Each scenario is a composition of these stages.
 */
import { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { createHost } from '../world/hosts.js';
import { BridgeDevice } from '../kernel/bridge/bridge.js';
import { parseIpv4 } from '../net/addr.js';
import {
  addNode,
  addRouter,
  attachPod,
  createBridge,
  createVxlanDevice,
  addVxlanPeer,
  addHostGwRoute,
  macFromIp,
} from './network.js';
import {
  CLUSTER_CIDR,
  GATEWAY,
  NODES,
  UNDERLAY,
  VXLAN,
  L3_NODE,
  L3_ROUTER_B,
  type NodeValues,
} from './article-values.js';

const ip = (s: string): number => parseIpv4(s)!;

function must<T>(r: { ok: true; value: T } | { ok: false; errno: string; extack?: string }, what: string): T {
  if (!r.ok) throw new Error(`scenario: ${what}: ${r.errno}${r.extack ? ` (${r.extack})` : ''}`);
  return r.value;
}

/** The underlay: the router (10.7.0.1) and the two nodes with eth0 and a default route. */
export function buildUnderlay(world: World): void {
  addRouter(world, GATEWAY.name, [
    {
      name: 'eth0',
      ip: ip(GATEWAY.ip),
      prefixLen: UNDERLAY.prefixLen,
      mac: GATEWAY.mac,
      mtu: UNDERLAY.mtu,
      segment: UNDERLAY.segment,
    },
  ]);
  for (const n of NODES) {
    addNode(world, {
      name: n.name,
      eth0: { ip: ip(n.ip), prefixLen: UNDERLAY.prefixLen, mac: n.mac, mtu: UNDERLAY.mtu, segment: UNDERLAY.segment },
      gateway: ip(GATEWAY.ip),
    });
  }
}

/** flanneld's vxlan backend on every node: flannel.1, then the peers' entries. */
export function buildVxlan(world: World): void {
  for (const n of NODES) {
    const h = world.host(n.name)!;
    must(
      createVxlanDevice(h.ns, {
        name: VXLAN.name,
        vni: VXLAN.vni,
        mac: n.vtepMac,
        local: ip(n.ip),
        dev: h.ns.dev('eth0')!,
        mtu: VXLAN.mtu,
        dstport: VXLAN.port,
        learning: false,
        address: ip(n.subnet),
      }),
      `${n.name} flannel.1`,
    );
  }
}

export function buildVxlanPeers(world: World): void {
  for (const n of NODES) {
    const h = world.host(n.name)!;
    for (const peer of NODES) {
      if (peer === n) continue;
      must(
        addVxlanPeer(h.ns, {
          vtep: h.ns.dev(VXLAN.name)!,
          subnet: ip(peer.subnet),
          prefixLen: 24,
          peerVtepMac: peer.vtepMac,
          peerPublicIp: ip(peer.ip),
        }),
        `${n.name} peer ${peer.name}`,
      );
    }
  }
}

/** The CNI plugin's first ADD creates cni0; every pod gets a veth into it. */
export function buildPods(world: World, nodes: NodeValues[] = NODES): void {
  for (const n of nodes) {
    const node = world.host(n.name)!;
    const gw = (ip(n.subnet) + 1) >>> 0;
    const br = must(
      createBridge(node.ns, { name: 'cni0', mac: n.cni0Mac, mtu: VXLAN.mtu, address: gw, prefixLen: 24 }),
      `${n.name} cni0`,
    );
    // cni0 came up when the first pod was scheduled, long before the scenario's "now":
    // its FDB garbage collector has been running since, which is what gc_timer shows.
    if (br instanceof BridgeDevice) br.fdb.start(world.clock.now - 46 * 3600_000_000 - world.rng.int(0, 3600_000_000));
    for (const p of n.pods) {
      const pod: Host = createHost(world, { name: p.name, kind: 'pod', node: n.name, namespace: p.namespace });
      must(
        attachPod({
          pod,
          node,
          bridge: br,
          hostVethName: p.veth,
          hostVethMac: p.vethMac,
          podMac: macFromIp(ip(p.ip)),
          ip: ip(p.ip),
          prefixLen: 24,
          mtu: VXLAN.mtu,
          gateway: gw,
          routes: [{ dst: ip(CLUSTER_CIDR.net), prefixLen: CLUSTER_CIDR.prefixLen }],
        }),
        `${p.name} network`,
      );
    }
  }
}

/** host-gw after the switch: flannel.1 deleted by hand, routes via the peers' eth0. */
export function buildHostGw(world: World): void {
  for (const n of NODES) {
    const h = world.host(n.name)!;
    const vx = h.ns.dev(VXLAN.name);
    if (vx) must(h.ns.linkDel(vx), `${n.name} delete flannel.1`);
    for (const peer of NODES) {
      if (peer === n) continue;
      must(addHostGwRoute(h.ns, ip(peer.subnet), 24, ip(peer.ip), h.ns.dev('eth0')!), `${n.name} host-gw route`);
    }
  }
}

/** Scenario l3: 10-7-111-92 and 10-8-0-5 in two subnets joined by the router. */
export function buildL3(world: World): void {
  const n1 = NODES.find((n) => n.name === '10-7-111-92')!;
  addRouter(world, GATEWAY.name, [
    { name: 'eth0', ip: ip(GATEWAY.ip), prefixLen: 16, mac: GATEWAY.mac, mtu: UNDERLAY.mtu, segment: UNDERLAY.segment },
    {
      name: 'eth1',
      ip: ip(L3_ROUTER_B.ip),
      prefixLen: 16,
      mac: L3_ROUTER_B.mac,
      mtu: UNDERLAY.mtu,
      segment: L3_ROUTER_B.segment,
    },
  ]);
  addNode(world, {
    name: n1.name,
    eth0: { ip: ip(n1.ip), prefixLen: 16, mac: n1.mac, mtu: UNDERLAY.mtu, segment: UNDERLAY.segment },
    gateway: ip(GATEWAY.ip),
  });
  addNode(world, {
    name: L3_NODE.name,
    eth0: { ip: ip(L3_NODE.ip), prefixLen: 16, mac: L3_NODE.mac, mtu: UNDERLAY.mtu, segment: L3_ROUTER_B.segment },
    gateway: ip(L3_NODE.gateway),
  });
}
