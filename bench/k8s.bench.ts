/**
 * Deploying flannel on a 200-node cluster: kubeadm objects, the manifest
 * applied, controllers, kubelets, 200 flanneld and the CNI path run in
 * virtual time until every node is Ready and every flannel pod runs (goal
 * under 1 s in Node), and the heap that cluster holds.
 */
import type { Bench } from './run.js';
import { World } from '../sandbox/world/world.js';
import { ARTICLE_EPOCH_US, US_PER_S } from '../sandbox/world/clock.js';
import { addNode, addRouter } from '../sandbox/scenarios/network.js';
import { applyManifest, buildCluster, CLUSTER_AGE_US } from '../sandbox/scenarios/cluster.js';
import { RT } from '../sandbox/k8s/cluster.js';
import type { NodeObject, PodObject } from '../sandbox/k8s/objects.js';

const N = 200;

function build(): World {
  const w = new World({ seed: 5, start: ARTICLE_EPOCH_US });
  addRouter(w, 'gw', [
    {
      name: 'eth0',
      ip: (10 << 24) | (9 << 16) | 0xfffe,
      prefixLen: 16,
      mac: '52:54:00:09:ff:fe',
      mtu: 1500,
      segment: 'lan',
    },
  ]);
  const names: string[] = [];
  for (let i = 0; i < N; i++) {
    const name = `node-${String(i).padStart(3, '0')}`;
    names.push(name);
    const ip = ((10 << 24) | (9 << 16) | (i + 1)) >>> 0;
    const mac = `52:54:00:09:${((i + 1) >> 8).toString(16).padStart(2, '0')}:${((i + 1) & 255).toString(16).padStart(2, '0')}`;
    addNode(w, {
      name,
      eth0: { ip, prefixLen: 16, mac, mtu: 1500, segment: 'lan' },
      gateway: ((10 << 24) | (9 << 16) | 0xfffe) >>> 0,
    });
  }
  buildCluster(w, {
    bornAt: ARTICLE_EPOCH_US - CLUSTER_AGE_US,
    nodes: names,
    podNetworkCidr: '10.244.0.0/16',
    ubuntu: false,
  });
  return w;
}

export const benches: Bench[] = [
  {
    name: 'k8s: deploy flannel on 200 nodes',
    run() {
      const w = build();
      global.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      applyManifest(w.cluster!);
      const deadline = w.clock.now + 300 * US_PER_S;
      const done = (): boolean =>
        (w.cluster!.store.list(RT.nodes) as NodeObject[]).every((n) =>
          n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
        ) &&
        (w.cluster!.pods('kube-flannel') as PodObject[]).filter((p) =>
          p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length === N;
      while (w.clock.now < deadline && !done()) w.clock.runUntil(w.clock.now + US_PER_S);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const heap = process.memoryUsage().heapUsed - heap0;
      const routes = w.host('node-000')!.ns.routes(254).length;
      return `${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU for ${((w.clock.now - (deadline - 300 * US_PER_S)) / US_PER_S).toFixed(0)} s virtual (goal < 1000 ms); ready=${done()}; node-000 has ${routes} routes; heap +${(heap / 1048576).toFixed(1)} MB`;
    },
  },
];
