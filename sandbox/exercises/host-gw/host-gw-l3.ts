import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import { applyManifest } from '../../scenarios/cluster.js';
import { KUBE_FLANNEL_YML } from '../../k8s/manifests/kube-flannel.js';
import { US_PER_S } from '../../world/clock.js';
import { lastPingAnswered } from '../items.js';
import { flannelAnnotation, node, pods } from '../probe/k8s.js';
import { route } from '../probe/kernel.js';

const NEAR = '10-7-111-92';
const FAR = '10-8-0-5';

function podCidr(world: World, n: string): string | undefined {
  return node(world, n)?.spec.podCIDR;
}

/** Pods of the lab's Deployment on a node (their names are drawn when the cluster starts). */
function ubuntuPods(world: World, n: string): string[] {
  return pods(world, 'default')
    .filter((p) => p.spec.nodeName === n)
    .map((p) => p.metadata.name);
}

function routesBothWays(world: World): boolean {
  const far = podCidr(world, FAR);
  const near = podCidr(world, NEAR);
  return far !== undefined && near !== undefined && !!route(world, NEAR, far) && !!route(world, FAR, near);
}

export const hostGwL3: Exercise = {
  id: 'host-gw-l3',
  chapter: 'host-gw',
  title: {
    zh: '跨三层网络的 host-gw：让 Pod 重新互通',
    en: 'host-gw across L3: make the pods reach each other again',
  },
  task: {
    zh: '这个集群的两个节点在不同的子网里（10.7.0.0/16 和 10.8.0.0/16，中间隔着一台路由器），有人却用 host-gw 后端部署了 flannel。两个节点上的 Pod 互相 ping 不通。从 flannel 的日志和路由表里找出原因，在不搬动节点的前提下让 Pod 重新互通，并用 ping 证明。',
    en: "The two nodes of this cluster sit in different subnets (10.7.0.0/16 and 10.8.0.0/16, with a router between them), yet flannel was deployed with the host-gw backend. Pods on the two nodes cannot ping each other. Find out why from flannel's log and the routing tables, make the pods reach each other again without moving the nodes, and prove it with a ping.",
  },
  scenario: 'l3',
  host: NEAR,
  setup(world) {
    const c = world.cluster;
    if (!c) throw new Error('host-gw-l3: scenario l3 has no cluster');
    applyManifest(c, KUBE_FLANNEL_YML.replace('"Type": "vxlan"', '"Type": "host-gw"'));
    // Let flanneld start and fail to install its routes a few times.
    world.clock.runUntil(world.clock.now + 60 * US_PER_S);
  },
  items: [
    {
      id: 'backend',
      label: {
        zh: '两个节点上的 flanneld 都换成了能跨三层的 vxlan 后端（节点注解 `backend-type: vxlan`）',
        en: 'flanneld on both nodes now runs the vxlan backend, which crosses L3 (node annotation `backend-type: vxlan`)',
      },
      check: (w) => [NEAR, FAR].every((n) => flannelAnnotation(w, n, 'backend-type') === 'vxlan'),
    },
    {
      id: 'routes',
      label: {
        zh: '每个节点都有去往对端 Pod 子网的路由',
        en: "each node has a route to the other node's pod subnet",
      },
      check: routesBothWays,
    },
    {
      id: 'ping',
      label: {
        zh: '最近一次从 `10-7-111-92` 上的 Pod ping `10-8-0-5` 上的 Pod 收到了回复',
        en: 'the latest ping from a pod on `10-7-111-92` to a pod on `10-8-0-5` got a reply',
      },
      check: (w, obs) => {
        const far = podCidr(w, FAR);
        return far !== undefined && lastPingAnswered(obs, ubuntuPods(w, NEAR), far);
      },
    },
  ],
  hints: {
    static: [
      {
        zh: '先看 flannel 的日志：`kubectl get pods -n kube-flannel -o wide` 找到 `10-7-111-92` 上的 Pod，再 `kubectl -n kube-flannel logs <Pod 名>`。',
        en: "Read flannel's log first: `kubectl get pods -n kube-flannel -o wide` to find the pod on `10-7-111-92`, then `kubectl -n kube-flannel logs <pod>`.",
      },
      {
        zh: '`Nexthop has invalid gateway`：host-gw 要把对端节点 IP 当作下一跳，而 10.8.0.5 不在本节点任何直连子网里。host-gw 要求节点之间二层互通。',
        en: "`Nexthop has invalid gateway`: host-gw uses the peer node's IP as the next hop, and 10.8.0.5 is in no subnet this node is connected to. host-gw needs layer-2 adjacency between nodes.",
      },
      {
        zh: 'vxlan 后端把 Pod 的包封装在 UDP 里发给对端节点 IP，只要节点之间 IP 可达就行。把 ConfigMap 里的后端改回 vxlan（`get -o yaml | sed ... | kubectl apply -f -`），再删掉 flannel 的 Pod 让它们重启。',
        en: "The vxlan backend wraps pod packets in UDP to the peer node's IP, so IP reachability between nodes is enough. Set the ConfigMap's backend back to vxlan (`get -o yaml | sed ... | kubectl apply -f -`), then delete the flannel pods so they restart.",
      },
    ],
    dynamic(world, obs) {
      const far = podCidr(world, FAR);
      if (![NEAR, FAR].every((n) => flannelAnnotation(world, n, 'backend-type') === 'vxlan'))
        return {
          zh: 'flanneld 还在用 host-gw（看节点注解 `flannel.alpha.coreos.com/backend-type`）。',
          en: 'flanneld still runs host-gw (see the node annotation `flannel.alpha.coreos.com/backend-type`).',
        };
      if (!routesBothWays(world))
        return {
          zh: 'vxlan 起来了，但还缺路由，再等几秒看 `ip r`。',
          en: 'vxlan is up but a route is missing: wait a few seconds and look at `ip r`.',
        };
      if (far && !lastPingAnswered(obs, ubuntuPods(world, NEAR), far))
        return {
          zh: `路由齐了。从 \`${NEAR}\` 上的 Pod ping 一个 ${far} 里的 Pod 来证明。`,
          en: `The routes are in place. Prove it: ping a pod in ${far} from a pod on \`${NEAR}\`.`,
        };
      return undefined;
    },
  },
  solution: [
    'kubectl get pods -A -o wide',
    'kubectl -n kube-flannel logs kube-flannel-ds-c6dcb --tail=2',
    'ip r',
    'kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml' +
      ` | sed 's/"Type": "host-gw"/"Type": "vxlan"/' | kubectl apply -f -`,
    'kubectl -n kube-flannel delete pod -l app=flannel',
    'sleep 30',
    'ip r',
    'kubectl exec ubuntu-94ff95b79-b45rt -- ping -c 2 10.244.1.2',
    'check',
  ],
  wrong: [
    // A host route by hand: the kernel refuses a gateway that is not on-link…
    'ip route add 10.244.1.0/24 via 10.8.0.5 dev eth0',
    // …and the router, which knows nothing of pod subnets, cannot deliver it either.
    'ip route add 10.244.1.0/24 via 10.7.0.1 dev eth0',
    'kubectl exec ubuntu-94ff95b79-b45rt -- ping -c 2 -W 1 10.244.1.2',
    'check',
  ],
};
