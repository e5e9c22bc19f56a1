/**
 * The Kubernetes side of the scenarios: a kubeadm cluster on the nodes the
 * network stages built (`fresh`), and flannel deployed on it by applying
 * the real manifest and letting the controllers, kubelets, flanneld and the
 * CNI plugin run in virtual time (`article`). The article's fixed names and
 * MACs come in through the cluster's entropy table, keyed by what they name.
 */
import type { World } from '../world/world.js';
import type { Cluster } from '../k8s/cluster.js';
import type { EntropyTable } from '../k8s/entropy.js';
import { kubeadmInit, startControlPlane } from '../k8s/kubeadm.js';
import { seedDeployment } from '../k8s/seed.js';
import { installFlannelSupport } from '../flannel/index.js';
import { KUBE_FLANNEL_YML } from '../k8s/manifests/kube-flannel.js';
import { parseDocuments } from '../k8s/yamlerrors.js';
import { applyObject, validateDoc } from '../k8s/apply.js';
import { US_PER_S } from '../world/clock.js';
import { RT } from '../k8s/cluster.js';
import type { DaemonSetObject } from '../k8s/objects.js';
import { rfc3339 } from '../k8s/time.js';
import { NODES, VXLAN } from './article-values.js';

const HOUR = 3600 * US_PER_S;

/** Every value DESIGN.md fixes, as entropy the cluster draws from. */
export function articleEntropy(): EntropyTable {
  const t: Required<EntropyTable> = {
    podSuffixes: {
      'kube-system/coredns-5dd5756b68': ['7x2kq', 'bwq9c'],
      'default/ubuntu-664c5f866b': ['2z472', '865jb', 'ngdrj'],
    },
    templateHashes: { 'kube-system/coredns': '5dd5756b68', 'default/ubuntu': '664c5f866b' },
    vethNames: {},
    macs: {},
  };
  for (const n of NODES) {
    t.macs[`${n.name}/${VXLAN.name}`] = n.vtepMac;
    t.macs[`${n.name}/cni0`] = n.cni0Mac;
    for (const p of n.pods) {
      t.vethNames[`${p.namespace}/${p.name}`] = p.veth;
      t.macs[`${n.name}/${p.veth}`] = p.vethMac;
    }
  }
  return t;
}

export interface ClusterOptions {
  /** When the control plane was set up (µs). */
  bornAt: number;
  entropy?: EntropyTable;
  podNetworkCidr?: string;
  /** Node names in join order; the first is the control plane. */
  nodes: string[];
  /** The lab's `ubuntu` Deployment (3 replicas spread over the nodes). */
  ubuntu?: boolean;
}

/** kubeadm init + join on the world's node hosts, nothing networked yet. */
export function buildCluster(world: World, o: ClusterOptions): Cluster {
  const c = kubeadmInit(world, {
    nodes: o.nodes.map((name, i) => ({
      host: world.host(name)!,
      controlPlane: i === 0,
      // The worker joined a few minutes after the control plane; the offsets also set each kubelet's status phase.
      joinedAt: o.bornAt + i * (4 * 60 * US_PER_S + 5 * US_PER_S),
    })),
    podNetworkCidr: o.podNetworkCidr ?? '10.244.0.0/16',
    untaintControlPlane: true,
    entropy: o.entropy ?? {},
  });
  installFlannelSupport(c);
  if (o.ubuntu ?? true) {
    seedDeployment(c, {
      name: 'ubuntu',
      namespace: 'default',
      replicas: 3,
      labels: { app: 'ubuntu' },
      at: o.bornAt + 9 * 60 * US_PER_S,
      template: {
        metadata: { labels: { app: 'ubuntu' } },
        spec: {
          containers: [{ name: 'ubuntu', image: 'ubuntu:22.04', command: ['sleep', 'infinity'] }],
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'ubuntu' } },
            },
          ],
        },
      },
    });
  }
  startControlPlane(c);
  return c;
}

/** `kubectl apply -f kube-flannel.yml`, as the reader would type it. */
export function applyManifest(c: Cluster, text: string = KUBE_FLANNEL_YML): void {
  const parsed = parseDocuments(text);
  if (!parsed.ok) throw new Error(parsed.error);
  for (const d of parsed.docs) {
    const v = validateDoc(c, d.value, 'STDIN', 'default');
    if (!v.ok) throw new Error(v.error);
    applyObject(c, v.v);
  }
}

/** Run the world's clock until `t`, letting everything that is due happen. */
export function runUntil(world: World, t: number): void {
  world.clock.runUntil(t);
}

export const CLUSTER_AGE_US = 47 * HOUR + 10 * 60 * US_PER_S;

/**
 * Change net-conf.json's Backend.Type and restart the DaemonSet, as
 * `kubectl edit cm kube-flannel-cfg` + `kubectl rollout restart ds/kube-flannel-ds` do.
 */
export function switchBackend(c: Cluster, type: string, extra: Record<string, unknown> = {}): void {
  const cm = c.get(RT.configmaps, 'kube-flannel', 'kube-flannel-cfg');
  const data = (cm?.['data'] ?? {}) as Record<string, string>;
  const conf = JSON.parse(data['net-conf.json'] ?? '{}') as Record<string, unknown>;
  conf['Backend'] = { Type: type, ...extra };
  data['net-conf.json'] = JSON.stringify(conf, null, 2) + '\n';
  c.store.update(cm!);
  const ds = c.get(RT.daemonsets, 'kube-flannel', 'kube-flannel-ds') as DaemonSetObject;
  const tpl = ds.spec.template;
  tpl.metadata = {
    ...(tpl.metadata ?? {}),
    annotations: {
      ...(tpl.metadata?.annotations ?? {}),
      'kubectl.kubernetes.io/restartedAt': rfc3339(c.now + 8 * 3600 * US_PER_S).replace('Z', '+08:00'),
    },
  };
  ds.metadata.generation = (ds.metadata.generation ?? 1) + 1;
  c.store.update(ds);
}
