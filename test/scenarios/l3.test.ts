/**
 * Scenario l3: two nodes in different subnets behind the router. host-gw's
 * route to the other node's pod subnet is refused (the peer is not on-link),
 * while VXLAN works: the outer packets are routed by the router like any
 * other UDP traffic.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import {
  addHostGwRoute,
  addVxlanPeer,
  attachPod,
  createBridge,
  createVxlanDevice,
  detachPod,
  macFromIp,
} from '../../sandbox/scenarios/network.js';
import { createHost } from '../../sandbox/world/hosts.js';
import { parseIpv4 } from '../../sandbox/net/addr.js';
import { iproute2Message } from '../../sandbox/kernel/errno.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import type { World } from '../../sandbox/world/world.js';

const ip = (s: string): number => parseIpv4(s)!;
const NODES = [
  { name: '10-7-111-92', ip: '10.7.111.92', subnet: '10.244.1.0', vtep: '06:74:ad:94:9f:06' },
  { name: '10-8-0-5', ip: '10.8.0.5', subnet: '10.244.2.0', vtep: '06:00:00:00:02:00' },
];

function withPods(w: World): void {
  for (const n of NODES) {
    const h = w.host(n.name)!;
    const gw = (ip(n.subnet) + 1) >>> 0;
    const br = createBridge(h.ns, { name: 'cni0', mac: macFromIp(gw), mtu: 1402, address: gw, prefixLen: 24 });
    if (!br.ok) throw new Error(br.errno);
    const pip = (ip(n.subnet) + 2) >>> 0;
    const pod = createHost(w, { name: `pod-${n.name}`, kind: 'pod', node: n.name, namespace: 'default' });
    const r = attachPod({
      pod,
      node: h,
      bridge: br.value,
      hostVethName: `veth${n.name.replace(/-/g, '')}`,
      hostVethMac: macFromIp(pip).replace('0a:58', '3e:00'),
      podMac: macFromIp(pip),
      ip: pip,
      prefixLen: 24,
      mtu: 1402,
      gateway: gw,
      routes: [{ dst: ip('10.244.0.0'), prefixLen: 16 }],
    });
    if (!r.ok) throw new Error(r.errno);
  }
}

describe('scenario l3', () => {
  it('host-gw cannot route to a peer behind the router', () => {
    const w = loadScenario('l3');
    const ns = w.host('10-7-111-92')!.ns;
    const r = addHostGwRoute(ns, ip('10.244.2.0'), 24, ip('10.8.0.5'), ns.dev('eth0')!);
    expect(r.ok ? '' : iproute2Message(r)).toBe('Error: Nexthop has invalid gateway.');
  });

  it('VXLAN across the router: pods reach each other, TTL 62', async () => {
    const w = loadScenario('l3');
    for (const n of NODES) {
      const h = w.host(n.name)!;
      const r = createVxlanDevice(h.ns, {
        name: 'flannel.1',
        vni: 1,
        mac: n.vtep,
        local: ip(n.ip),
        dev: h.ns.dev('eth0')!,
        mtu: 1402,
        address: ip(n.subnet),
      });
      expect(r.ok).toBe(true);
    }
    for (const n of NODES) {
      const h = w.host(n.name)!;
      for (const p of NODES) {
        if (p === n) continue;
        const r = addVxlanPeer(h.ns, {
          vtep: h.ns.dev('flannel.1')!,
          subnet: ip(p.subnet),
          prefixLen: 24,
          peerVtepMac: p.vtep,
          peerPublicIp: ip(p.ip),
        });
        expect(r.ok).toBe(true);
      }
    }
    withPods(w);
    const t = await runTranscript(w, 'pod-10-7-111-92', 'ping -c 2 10.244.2.2');
    expect(t.text).toContain('64 bytes from 10.244.2.2: icmp_seq=2 ttl=62');
    // The router forwarded the outer UDP packets (and decremented their TTL): the peer sees TTL 63 outside.
    const gw = w.host('gateway')!.ns;
    expect(gw.dev('eth0')!.stats.rxPackets).toBeGreaterThan(0);
    expect(gw.dev('eth1')!.stats.txPackets).toBeGreaterThan(0);
    const tr = await runTranscript(w, 'pod-10-7-111-92', 'traceroute -n 10.244.2.2');
    expect(tr.text.replace(/\d+\.\d{3} ms/g, 'X ms')).toContain(
      ' 1  10.244.1.1  X ms  X ms  X ms\n 2  10.244.2.0  X ms  X ms  X ms\n 3  10.244.2.2  X ms  X ms  X ms',
    );
  });

  it('a pod leaving takes its veth with it', () => {
    const w = loadScenario('l3');
    withPods(w);
    const node = w.host('10-7-111-92')!;
    expect(node.ns.dev('veth10711192')).toBeDefined();
    detachPod(w, w.host('pod-10-7-111-92')!);
    expect(w.host('pod-10-7-111-92')).toBeUndefined();
    expect(node.ns.devices().map((d) => d.name)).toEqual(['lo', 'eth0', 'cni0']);
    expect(node.ns.dev('cni0')!.flagNames()).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
  });
});
