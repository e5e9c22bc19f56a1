import type { Exercise } from '../types.js';
import type { Observation } from '../../world/observations.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { ipInCidr } from '../cidr.js';
import { captures } from '../observed.js';
import { link, route } from '../probe/kernel.js';
import { configuredBackend, flannelAnnotation, flannelPods, podHealthy } from '../probe/k8s.js';

/** The host-gw routes on both nodes: each peer subnet via the peer's eth0 address. */
function hostGwRoutes(world: World): boolean {
  const w = route(world, A.WORKER, A.CONTROL_SUBNET);
  const c = route(world, A.CONTROL, A.WORKER_SUBNET);
  return w?.gateway === A.CONTROL_IP && w.dev === 'eth0' && c?.gateway === A.WORKER_IP && c.dev === 'eth0';
}

function noFlannel1(world: World): boolean {
  return link(world, A.WORKER, 'flannel.1') === undefined && link(world, A.CONTROL, 'flannel.1') === undefined;
}

/** A capture on a node's eth0 printed pod-to-pod ICMP across nodes as plain IP, with no VXLAN at all. */
function plainOnWire(obs: readonly Observation[]): boolean {
  return captures(obs, { iface: 'eth0' }).some(
    (c) =>
      !c.sawVxlan &&
      c.frames.some(
        (f) =>
          f.vxlan === undefined &&
          f.ip !== undefined &&
          (f.icmpType === 0 || f.icmpType === 8) &&
          ((ipInCidr(f.ip.src, A.WORKER_SUBNET) && ipInCidr(f.ip.dst, A.CONTROL_SUBNET)) ||
            (ipInCidr(f.ip.src, A.CONTROL_SUBNET) && ipInCidr(f.ip.dst, A.WORKER_SUBNET))),
      ),
  );
}

/** Edit the ConfigMap the way one would without an editor: get it, change the backend, apply it back. */
const SWITCH =
  'kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml' +
  ` | sed 's/"Type": "vxlan"/"Type": "host-gw"/' | kubectl apply -f -`;

export const switchHostGw: Exercise = {
  id: 'switch-host-gw',
  chapter: 'host-gw',
  title: {
    zh: '切换到 host-gw，并证明包不再被封装',
    en: 'Switch to host-gw and prove packets are no longer encapsulated',
  },
  task: {
    zh: '两个节点在同一个二层网络里，用不着 VXLAN。把 flannel 的后端换成 host-gw：改 ConfigMap、重启 flanneld、删掉两个节点上遗留的 flannel.1。然后在 eth0 上抓包，证明跨节点的 Pod 流量是普通 IP 包，不再有 VXLAN 封装。',
    en: 'The two nodes share one layer-2 network, so VXLAN is not needed. Switch flannel to the host-gw backend: edit the ConfigMap, restart flanneld, delete the stale flannel.1 on both nodes. Then capture on eth0 and prove that cross-node pod traffic is plain IP, with no VXLAN encapsulation.',
  },
  scenario: 'article',
  host: A.CONTROL,
  items: [
    {
      id: 'config',
      label: {
        zh: 'ConfigMap `kube-flannel-cfg` 的后端是 host-gw',
        en: 'the ConfigMap `kube-flannel-cfg` asks for the host-gw backend',
      },
      check: (w) => configuredBackend(w) === 'host-gw',
    },
    {
      id: 'flanneld',
      label: {
        zh: '两个节点上的 flanneld 都以 host-gw 后端重新拿了租约（节点注解 `backend-type: host-gw`）',
        en: 'flanneld on both nodes took its lease again with the host-gw backend (node annotation `backend-type: host-gw`)',
      },
      check: (w) =>
        [A.WORKER, A.CONTROL].every((n) => flannelAnnotation(w, n, 'backend-type') === 'host-gw') &&
        flannelPods(w)
          .filter((p) => p.metadata.deletionTimestamp === undefined)
          .every(podHealthy),
    },
    {
      id: 'routes',
      label: {
        zh: '两个节点都经 eth0 把对端子网路由给对端节点 IP',
        en: "both nodes route the peer's subnet via the peer node's IP on eth0",
      },
      check: hostGwRoutes,
    },
    {
      id: 'stale',
      label: { zh: '两个节点上都没有遗留的 flannel.1', en: 'no stale flannel.1 on either node' },
      check: noFlannel1,
    },
    {
      id: 'plain',
      label: {
        zh: '在 eth0 上抓到了跨节点 Pod 之间的普通 ICMP 包，没有任何 VXLAN 包',
        en: 'a capture on eth0 printed plain ICMP between pods on different nodes and no VXLAN at all',
      },
      check: (_w, obs) => plainOnWire(obs),
    },
  ],
  hints: {
    static: [
      {
        zh: '后端写在 `kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml` 的 `net-conf.json` 里：把 `"Type": "vxlan"` 改成 `"host-gw"`。没有编辑器也行：把 YAML 经 `sed` 改好，再交给 `kubectl apply -f -`。',
        en: 'The backend is in `net-conf.json` of `kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml`: change `"Type": "vxlan"` to `"host-gw"`. No editor needed: pipe the YAML through `sed` and into `kubectl apply -f -`.',
      },
      {
        zh: 'flanneld 只在启动时读配置：删掉 flannel 的 Pod（`kubectl -n kube-flannel delete pod -l app=flannel`），DaemonSet 会用新配置重建它们。',
        en: 'flanneld reads its config only at start: delete the flannel pods (`kubectl -n kube-flannel delete pod -l app=flannel`) and the DaemonSet recreates them with the new config.',
      },
      {
        zh: 'host-gw 后端不会删掉 vxlan 留下的 flannel.1，要在每个节点上手动 `ip link del flannel.1`（`ssh` 到另一个节点）。',
        en: "The host-gw backend leaves vxlan's flannel.1 behind: run `ip link del flannel.1` on each node yourself (`ssh` to the other one).",
      },
      {
        zh: '证明：`tcpdump -i eth0 -n -c 2 icmp &`，再从 Pod 里 ping 另一个节点上的 Pod。',
        en: 'The proof: `tcpdump -i eth0 -n -c 2 icmp &`, then ping a pod on the other node from a pod.',
      },
    ],
    dynamic(world, obs) {
      if (configuredBackend(world) !== 'host-gw')
        return { zh: 'ConfigMap 里的后端还不是 host-gw。', en: 'The ConfigMap does not ask for host-gw yet.' };
      if (!hostGwRoutes(world))
        return {
          zh: '配置改了，但路由还是旧的：flanneld 重启了吗？看看 `ip r`。',
          en: 'The config changed but the routes did not: did flanneld restart? Look at `ip r`.',
        };
      if (!noFlannel1(world)) {
        const where = link(world, A.WORKER, 'flannel.1') ? A.WORKER : A.CONTROL;
        return {
          zh: `\`${where}\` 上还留着 flannel.1。`,
          en: `\`${where}\` still has a flannel.1.`,
        };
      }
      if (!plainOnWire(obs))
        return {
          zh: '路由已经是 host-gw 的了。现在去 eth0 上抓包证明它。',
          en: 'The routes are host-gw ones now. Go and prove it with a capture on eth0.',
        };
      return undefined;
    },
  },
  solution: [
    'kubectl -n kube-flannel get configmap kube-flannel-cfg -o yaml',
    SWITCH,
    'kubectl -n kube-flannel delete pod -l app=flannel',
    'sleep 30',
    'ip r',
    'ip link del flannel.1',
    'ssh 10-7-111-92',
    'ip link del flannel.1',
    'ip r',
    'tcpdump -i eth0 -n -c 2 icmp &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    'exit',
    'check',
  ],
  wrong: [
    // The ConfigMap alone: the running flanneld never rereads it.
    SWITCH,
    'sleep 30',
    'tcpdump -i eth0 -n -c 2 &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    'check',
  ],
};
