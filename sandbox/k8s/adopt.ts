/**
 * A cluster for a world whose hosts were built directly (no kubeadm
 * history): every node host becomes a Ready Node and every pod host a
 * Running Pod, so kubectl works on hand-built topologies too.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { Cluster, RT } from './cluster.js';
import { rfc3339 } from './time.js';

/** The first global IPv4 address on the host's eth0, if the kernel model exposes one. */
export function hostEth0Ip(h: Host): string | undefined {
  const ns = h.ns as unknown as {
    dev?: (n: string) => { addresses?: { address: number; scope?: string }[] } | undefined;
  };
  const dev = typeof ns.dev === 'function' ? ns.dev('eth0') : undefined;
  const a = dev?.addresses?.[0]?.address;
  if (a === undefined) return undefined;
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

export function adoptHosts(world: World): Cluster {
  const c = new Cluster(world);
  const t = rfc3339(world.clock.now);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    c.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  for (const h of world.hosts('node')) {
    const ip = hostEth0Ip(h) ?? '';
    c.store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: h.name, labels: { 'kubernetes.io/hostname': h.name, 'kubernetes.io/os': 'linux' } },
      spec: {},
      status: {
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: h.name },
        ],
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: t,
            lastTransitionTime: t,
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.28.2',
          osImage: 'Ubuntu 22.04.2 LTS',
          kernelVersion: '5.15.0-71-generic',
          containerRuntimeVersion: 'containerd://1.6.21',
        },
      },
    });
  }
  for (const h of world.hosts('pod')) {
    const ip = hostEth0Ip(h);
    const ns = h.namespace ?? 'default';
    c.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: h.name, namespace: ns },
      spec: { nodeName: h.node, containers: [{ name: 'ubuntu', image: 'ubuntu:22.04' }] },
      status: {
        phase: 'Running',
        ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
        containerStatuses: [
          {
            name: 'ubuntu',
            image: 'docker.io/library/ubuntu:22.04',
            imageID: '',
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: t } },
            lastState: {},
          },
        ],
      },
    });
    c.setPodHost(ns, h.name, h);
  }
  void RT;
  return c;
}
