/**
 * The network model's figures: ping round trips through the whole VXLAN path
 * with captures on three devices, building a large flat world, `ip r` on a
 * node with 200 routes, and FIB lookups among thousands of routes.
 */
import type { Bench } from './run.js';
import { buildNetwork, loadScenario } from '../sandbox/scenarios/index.js';
import { World } from '../sandbox/world/world.js';
import { createHost } from '../sandbox/world/hosts.js';
import {
  addNode,
  addRouter,
  createVxlanDevice,
  createBridge,
  addVxlanPeer,
  attachPod,
  macFromIp,
} from '../sandbox/scenarios/network.js';
import { emitIcmp } from '../sandbox/net/icmp.js';
import { parseIpv4 } from '../sandbox/net/addr.js';
import { FibTable } from '../sandbox/kernel/ipv4/fib.js';
import type { Route } from '../sandbox/kernel/ipv4/route.js';
import { commandRegistry } from '../sandbox/commands/registry.js';
import type { CommandContext, ShellControl } from '../sandbox/shell/command.js';
import type { Host } from '../sandbox/world/host.js';

const ip = (s: string): number => parseIpv4(s)!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function pingRoundTrips(n: number, withCluster: boolean): { perSec: number; perCpuSec: number; captured: number } {
  let w: World;
  if (withCluster) w = loadScenario('article');
  else {
    w = new World({ seed: 1 });
    buildNetwork(w, 'article');
  }
  const node = w.host('10-7-111-92')!;
  let captured = 0;
  for (const d of ['cni0', 'flannel.1', 'eth0']) {
    // What a capture costs the datapath: a copy of each frame, as libpcap's ring would take.
    node.ns.dev(d)!.addTap((f) => {
      captured += f.slice().length > 0 ? 1 : 0;
    });
  }
  const pod = w.host('ubuntu-664c5f866b-865jb')!;
  const src = ip('10.244.1.2');
  const dst = ip('10.244.0.4');
  const id = 4321;
  let replies = 0;
  const data = new Uint8Array(56);
  const send = (seq: number): void => {
    pod.ns.ipSend(
      { tos: 0, df: true, ttl: 64, protocol: 1, src, dst },
      emitIcmp({ kind: 'echo', type: 8, id, seq: seq & 0xffff, data }),
      0,
    );
  };
  pod.ns.ip.pingBind(id, {
    onReply: () => {
      replies++;
      if (replies < n) send(replies);
    },
    onError: () => {},
  });
  // Warm the caches (ARP on every hop) before timing.
  send(0);
  while (replies < 1 && w.clock.step());
  replies = 0;
  captured = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  send(0);
  while (replies < n && w.clock.step());
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { perSec: replies / secs, perCpuSec: replies / ((cpu.user + cpu.system) / 1e6), captured };
}

function flatWorld(nodes: number, podsPerNode: number): { ms: number; routes: number } {
  const t0 = performance.now();
  const w = new World({ seed: 3 });
  addRouter(w, 'gateway', [
    { name: 'eth0', ip: ip('10.0.0.1'), prefixLen: 16, mac: '52:54:00:00:00:01', segment: 'u' },
  ]);
  const hosts = [];
  for (let i = 0; i < nodes; i++) {
    const nip = (ip('10.0.1.0') + i) >>> 0;
    const h = addNode(w, {
      name: `node-${i}`,
      eth0: { ip: nip, prefixLen: 16, mac: macFromIp(nip), mtu: 1500, segment: 'u' },
      gateway: ip('10.0.0.1'),
    });
    const subnet = (ip('10.244.0.0') + i * 256) >>> 0;
    createVxlanDevice(h.ns, {
      name: 'flannel.1',
      vni: 1,
      mac: macFromIp(subnet).replace('0a:58', '0e:00'),
      local: nip,
      dev: h.ns.dev('eth0')!,
      mtu: 1450,
      address: subnet,
    });
    hosts.push({ h, nip, subnet });
  }
  for (const a of hosts) {
    const vtep = a.h.ns.dev('flannel.1')!;
    for (const b of hosts) {
      if (a === b) continue;
      addVxlanPeer(a.h.ns, {
        vtep,
        subnet: b.subnet,
        prefixLen: 24,
        peerVtepMac: macFromIp(b.subnet).replace('0a:58', '0e:00'),
        peerPublicIp: b.nip,
      });
    }
    const gw = (a.subnet + 1) >>> 0;
    const br = createBridge(a.h.ns, { name: 'cni0', mac: macFromIp(gw), mtu: 1450, address: gw, prefixLen: 24 });
    if (!br.ok) throw new Error('bridge');
    for (let p = 0; p < podsPerNode; p++) {
      const pip = (a.subnet + 2 + p) >>> 0;
      const pod = createHost(w, { name: `${a.h.name}-pod-${p}`, kind: 'pod', node: a.h.name, namespace: 'default' });
      const r = attachPod({
        pod,
        node: a.h,
        bridge: br.value,
        hostVethName: `veth${(pip >>> 0).toString(16).padStart(8, '0')}`,
        hostVethMac: macFromIp(pip).replace('0a:58', '3e:00'),
        podMac: macFromIp(pip),
        ip: pip,
        prefixLen: 24,
        mtu: 1450,
        gateway: gw,
        routes: [{ dst: ip('10.244.0.0'), prefixLen: 16 }],
      });
      if (!r.ok) throw new Error(`pod ${r.errno}`);
    }
  }
  const ms = performance.now() - t0;
  return { ms, routes: hosts[0]!.h.ns.routes(254).length };
}

/** Just enough of a CommandContext to run one command outside a shell. */
function benchContext(world: World, host: Host, argv: string[], write: (t: string) => void): CommandContext {
  const never = new Promise<never>(() => {});
  return {
    world,
    host,
    argv,
    stdin: { readAll: async () => '', isTerminal: true },
    stdout: { write },
    stderr: { write },
    env: new Map(),
    cwd: '/root',
    cols: 80,
    pid: 1,
    shell: {} as ShellControl,
    sleep: async () => true,
    signal: undefined,
    signalled: never,
  } as CommandContext;
}

export const benches: Bench[] = [
  {
    name: 'cross-node ping round trips/s (taps on cni0, flannel.1, eth0), kernel only',
    run() {
      pingRoundTrips(2000, false);
      const r = pingRoundTrips(50_000, false);
      return `${fmt(r.perSec)} /s wall clock, ${fmt(r.perCpuSec)} /s of CPU time (goal ≥ 50,000; ${fmt(r.captured)} frames captured)`;
    },
  },
  {
    name: "cross-node ping round trips/s, scenario article (flannel's iptables rules in FORWARD/POSTROUTING)",
    run() {
      pingRoundTrips(2000, true);
      const r = pingRoundTrips(50_000, true);
      return `${fmt(r.perSec)} /s wall clock, ${fmt(r.perCpuSec)} /s of CPU time`;
    },
  },
  {
    name: 'build a flat VXLAN world of 200 nodes and 2,000 pods',
    run() {
      const r = flatWorld(200, 10);
      return `${fmt(r.ms)} ms (${r.routes} routes in each node's main table)`;
    },
  },
  {
    name: '`ip r` on a node holding 200 routes',
    async run() {
      const w = loadScenario('fresh');
      const ns = w.host('10-7-111-92')!.ns;
      for (let i = 0; i < 200; i++) {
        const r = ns.routeAdd({ dst: (ip('10.100.0.0') + i * 256) >>> 0, prefixLen: 24, gateway: ip('10.7.160.190') });
        if (!r.ok) throw new Error(r.errno);
      }
      const ipCmd = commandRegistry().get('ip');
      if (!ipCmd) return 'skipped (no ip command registered)';
      let bytes = 0;
      const ctx = benchContext(w, w.host('10-7-111-92')!, ['ip', 'r'], (t) => (bytes += t.length));
      await ipCmd.run(ctx);
      const n = 200;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await ipCmd.run(ctx);
      const per = (performance.now() - t0) / n;
      return `${per.toFixed(3)} ms per run through the registry (goal < 5 ms; ${ns.routes(254).length} routes, ${Math.round(bytes / (n + 1))} bytes printed)`;
    },
  },
  {
    name: 'FIB lookups among 10,000 routes',
    run() {
      const t = new FibTable(254);
      for (let i = 0; i < 10_000; i++) {
        const r: Route = {
          table: 254,
          type: 'unicast',
          dst: ((10 << 24) | (i << 8)) >>> 0,
          prefixLen: 24,
          tos: 0,
          metric: 0,
          proto: 'boot',
          scope: 'global',
          prefsrc: undefined,
          gateway: i,
          dev: undefined,
          onlink: false,
          nhScope: 'link',
        };
        t.insert(r, 'add', () => false);
      }
      const n = 1_000_000;
      let hits = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) if (t.lookup({ dst: ((10 << 24) | ((i % 10_000) << 8) | 9) >>> 0 })) hits++;
      const secs = (performance.now() - t0) / 1000;
      return `${fmt(n / secs)} lookups/s (${hits === n ? 'all hit' : `${hits} hits`}; per-prefix-length hash maps, no scan)`;
    },
  },
];
