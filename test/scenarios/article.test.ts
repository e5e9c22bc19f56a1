/**
 * Scenario `article` against the reference recordings. The recordings' node
 * eth0 was one end of a veth (README: "differ from a real node"): there eth0 is
 * `eth0@if3 … qdisc noqueue … link-netnsid 0` and the pods' veths count
 * netnsids from 1; the emulated eth0 is a plain NIC. Those substitutions are
 * applied to the reference; everything else must match byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import { BridgeDevice } from '../../sandbox/kernel/bridge/bridge.js';

const R = new URL('../fixtures/reference/vxlan/', import.meta.url).pathname;
const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';

function asRealNode(s: string): string {
  return s
    .replace(
      '2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1452 qdisc noqueue',
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1452 qdisc fq_codel',
    )
    .replace(
      'link/ether 52:54:00:07:6f:5c brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      'link/ether 52:54:00:07:6f:5c brd ff:ff:ff:ff:ff:ff',
    )
    .replace(/link-netnsid (\d)/g, (_m, n: string) => `link-netnsid ${Number(n) - 1}`);
}

async function out(host: string, cmd: string): Promise<string> {
  const w = loadScenario('article');
  const r = await runTranscript(w, host, cmd);
  return r.text.split('\n').slice(1).join('\n');
}

describe('scenario article equals the reference', () => {
  const same: [string, string, string][] = [
    [NODE, 'ip r', 'node111-ip-r.txt'],
    [NODE, 'ip -d link show flannel.1', 'node111-ip-d-link-show-flannel.1.txt'],
    [NODE, 'brctl show', 'node111-brctl-show.txt'],
    [NODE, 'bridge fdb show dev flannel.1', 'node111-bridge-fdb-show-dev-flannel.1.txt'],
    [NODE, 'ip neigh show dev flannel.1', 'node111-ip-neigh-show-dev-flannel.1.txt'],
    [NODE, 'ip route get 10.244.0.4', 'node111-ip-route-get-10.244.0.4.txt'],
    [POD, 'ip r', 'pod-10-244-1-2-ip-r.txt'],
    [POD, 'ip addr', 'pod-10-244-1-2-ip-addr.txt'],
  ];
  for (const [host, cmd, file] of same) {
    it(`${host}: ${cmd}`, async () => {
      expect(await out(host, cmd)).toBe(readFileSync(R + file, 'utf8'));
    });
  }

  it('node ip addr / ip link (a real NIC for eth0)', async () => {
    expect(await out(NODE, 'ip addr')).toBe(asRealNode(readFileSync(R + 'node111-ip-addr.txt', 'utf8')));
    expect(await out(NODE, 'ip link')).toBe(asRealNode(readFileSync(R + 'node111-ip-link.txt', 'utf8')));
  });

  it('ip -d link show cni0 (its timers aside)', async () => {
    const mask = (s: string): string => s.replace(/gc_timer +[\d.]+/, 'gc_timer X');
    expect(mask(await out(NODE, 'ip -d link show cni0'))).toBe(
      mask(readFileSync(R + 'node111-ip-d-link-show-cni0.txt', 'utf8')),
    );
  });

  it('every value of DESIGN.md: names, ifindexes, MACs, MTUs', () => {
    const w = loadScenario('article');
    const row = (h: string): string[] =>
      w
        .host(h)!
        .ns.devices()
        .map((d) => `${d.ifindex} ${d.name} ${d.mac} ${d.mtu}`);
    expect(row('10-7-160-190')).toEqual([
      '1 lo 00:00:00:00:00:00 65536',
      '2 eth0 52:54:00:07:a0:be 1452',
      '3 flannel.1 be:1d:47:c2:90:0a 1402',
      '4 cni0 0a:58:0a:f4:00:01 1402',
      '5 vethd2a8f1e3 3e:d2:a8:f1:e3:02 1402',
      '6 veth7c05b9a2 3e:7c:05:b9:a2:03 1402',
      '7 veth4c2d9f04 3e:4c:2d:9f:04:04 1402',
    ]);
    expect(row(NODE).slice(1)).toEqual([
      '2 eth0 52:54:00:07:6f:5c 1452',
      '3 flannel.1 06:74:ad:94:9f:06 1402',
      '4 cni0 2e:f3:0b:42:6c:49 1402',
      '5 veth4891a1c9 3e:8a:3e:5c:12:02 1402',
      '6 vethc408576a 3e:b7:1d:0e:03:03 1402',
    ]);
    for (const [pod, mac] of [
      ['ubuntu-664c5f866b-2z472', '0a:58:0a:f4:00:04'],
      ['coredns-5dd5756b68-7x2kq', '0a:58:0a:f4:00:02'],
      ['coredns-5dd5756b68-bwq9c', '0a:58:0a:f4:00:03'],
      ['ubuntu-664c5f866b-ngdrj', '0a:58:0a:f4:01:03'],
    ] as const) {
      expect(row(pod)[1]).toBe(`2 eth0 ${mac} 1402`);
    }
    expect(w.host('coredns-5dd5756b68-7x2kq')!.namespace).toBe('kube-system');
    expect(w.host('gateway')!.kind).toBe('router');
    // Cold caches: only flannel's permanent neighbours, nothing learned on the bridges.
    for (const n of ['10-7-111-92', '10-7-160-190']) {
      const ns = w.host(n)!.ns;
      expect(ns.neighbours().map((e) => e.state)).toEqual(['PERMANENT']);
      expect((ns.dev('cni0') as BridgeDevice).fdb.list(w.clock.now)).toEqual([]);
    }
  });

  it('host-gw and l3 have their routes; fresh has eth0 only', async () => {
    const hg = loadScenario('host-gw');
    const r = await runTranscript(hg, NODE, 'ip r\nip -br link');
    expect(r.text).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0 \n');
    expect(r.text).not.toContain('flannel.1');
    expect(hg.host(NODE)!.ns.dev(3)).toBeUndefined();
    const ping = await runTranscript(hg, POD, 'ping -c 1 10.244.0.4');
    expect(ping.text).toContain('ttl=62');
    const l3 = loadScenario('l3');
    const p2 = await runTranscript(l3, NODE, 'ping -c 1 10.8.0.5');
    expect(p2.text).toContain('64 bytes from 10.8.0.5: icmp_seq=1 ttl=63');
    const fresh = loadScenario('fresh');
    expect(
      fresh
        .host(NODE)!
        .ns.devices()
        .map((d) => d.name),
    ).toEqual(['lo', 'eth0']);
    expect(fresh.hosts('pod')).toEqual([]);
  });
});
