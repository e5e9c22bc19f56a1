import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { firstHost } from '../cidr.js';
import { envFile, SUBNET_ENV } from '../probe/files.js';
import { allNodesReady, daemonSetExists, flannelPodOn, nodes, pods, podHealthy } from '../probe/k8s.js';

export const MANIFEST_URL = 'https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml';

function flannelEverywhere(world: World): boolean {
  const ns = nodes(world);
  return (
    ns.length > 0 &&
    ns.every((n) => {
      const p = flannelPodOn(world, n.metadata.name);
      return p !== undefined && podHealthy(p);
    })
  );
}

/** Every node's subnet.env names the first address of that node's podCIDR. */
function subnetFiles(world: World): boolean {
  const ns = nodes(world);
  return (
    ns.length > 0 &&
    ns.every((n) => {
      const cidr = n.spec.podCIDR;
      const env = envFile(world, n.metadata.name, SUBNET_ENV);
      return (
        cidr !== undefined &&
        env !== undefined &&
        env.get('FLANNEL_SUBNET') === `${firstHost(cidr)}/${cidr.split('/')[1]}`
      );
    })
  );
}

function corednsRunning(world: World): boolean {
  const dns = pods(world, 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
  return dns.length > 0 && dns.every((p) => podHealthy(p) && p.status.podIP !== undefined);
}

export const deployFlannel: Exercise = {
  id: 'deploy-flannel',
  chapter: 'deploy',
  title: {
    zh: '部署 flannel，直到每个节点都 Ready',
    en: 'Deploy flannel until every node is Ready',
  },
  task: {
    zh: '这个集群刚用 `kubeadm init --pod-network-cidr=10.244.0.0/16` 建好，还没有网络插件：两个节点都是 NotReady，coredns 一直 Pending。部署 flannel，直到每个节点都 Ready、coredns 跑起来。',
    en: 'This cluster was just built with `kubeadm init --pod-network-cidr=10.244.0.0/16` and has no network plugin yet: both nodes are NotReady and coredns stays Pending. Deploy flannel until every node is Ready and coredns runs.',
  },
  scenario: 'fresh',
  host: A.CONTROL,
  items: [
    {
      id: 'daemonset',
      label: {
        zh: 'DaemonSet `kube-flannel/kube-flannel-ds` 存在',
        en: 'the DaemonSet `kube-flannel/kube-flannel-ds` exists',
      },
      check: (w) => daemonSetExists(w, 'kube-flannel', 'kube-flannel-ds'),
    },
    {
      id: 'flannel-pods',
      label: { zh: '每个节点上都有一个 Running 且就绪的 flannel Pod', en: 'every node runs a ready flannel pod' },
      check: flannelEverywhere,
    },
    {
      id: 'subnet-env',
      label: {
        zh: '每个节点都有 `/run/flannel/subnet.env`，写着自己的子网',
        en: 'every node has `/run/flannel/subnet.env` naming its own subnet',
      },
      check: subnetFiles,
    },
    {
      id: 'nodes-ready',
      label: { zh: '所有节点都是 Ready', en: 'every node is Ready' },
      check: allNodesReady,
    },
    {
      id: 'coredns',
      label: { zh: 'coredns 的 Pod 拿到了 IP 并在运行', en: 'the coredns pods got an IP and run' },
      check: corednsRunning,
    },
  ],
  hints: {
    static: [
      {
        zh: '先看现状：`kubectl get nodes`，`kubectl get pods -A -o wide`。节点 NotReady 的原因写在 `kubectl describe node` 的 Conditions 里。',
        en: 'See where you are: `kubectl get nodes`, `kubectl get pods -A -o wide`. Why a node is NotReady is in the Conditions of `kubectl describe node`.',
      },
      {
        zh: `flannel 的清单在它的 release 里：\`kubectl apply -f ${MANIFEST_URL}\`。`,
        en: `flannel's manifest comes with its releases: \`kubectl apply -f ${MANIFEST_URL}\`.`,
      },
      {
        zh: '拉镜像、初始化容器、写 `subnet.env` 都要时间。用 `kubectl get pods -n kube-flannel -w` 看着它们起来（Ctrl-C 退出），或者 `sleep 30` 再看。',
        en: 'Pulling images, init containers and writing `subnet.env` take a while. Watch them come up with `kubectl get pods -n kube-flannel -w` (Ctrl-C to stop), or `sleep 30` and look again.',
      },
    ],
    dynamic(world) {
      if (!daemonSetExists(world, 'kube-flannel', 'kube-flannel-ds'))
        return {
          zh: 'flannel 的 DaemonSet 还不存在：清单还没有 apply。',
          en: "flannel's DaemonSet does not exist yet: the manifest has not been applied.",
        };
      for (const n of nodes(world)) {
        const p = flannelPodOn(world, n.metadata.name);
        if (!p)
          return {
            zh: `节点 ${n.metadata.name} 上还没有 flannel Pod。`,
            en: `Node ${n.metadata.name} has no flannel pod yet.`,
          };
        if (!podHealthy(p))
          return {
            zh: `${p.metadata.name}（在 ${n.metadata.name} 上）还没有就绪：看看 \`kubectl -n kube-flannel logs ${p.metadata.name}\`。`,
            en: `${p.metadata.name} (on ${n.metadata.name}) is not ready yet: look at \`kubectl -n kube-flannel logs ${p.metadata.name}\`.`,
          };
      }
      if (!allNodesReady(world))
        return {
          zh: 'flannel 都起来了，节点马上就会变 Ready，再等几秒。',
          en: 'flannel is up everywhere; the nodes turn Ready in a few seconds.',
        };
      return undefined;
    },
  },
  solution: ['kubectl get nodes', `kubectl apply -f ${MANIFEST_URL}`, 'sleep 60', 'kubectl get nodes', 'check'],
  wrong: [
    // Only the namespace: nothing runs flanneld.
    'kubectl create namespace kube-flannel',
    'sleep 60',
    'kubectl get nodes',
    'check',
  ],
};
