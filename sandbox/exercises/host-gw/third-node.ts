import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { createHost } from '../../world/hosts.js';
import { addNode, attachPod, createBridge, macFromIp } from '../../scenarios/network.js';
import { UNDERLAY } from '../../scenarios/article-values.js';
import { parseIpv4 } from '../../net/addr.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { route } from '../probe/kernel.js';

const NEW = '10-7-200-10';
const NEW_IP = '10.7.200.10';
const NEW_SUBNET = '10.244.2.0/24';
const WEB = 'web-0';
const WEB_IP = '10.244.2.2';

const ip = (s: string): number => parseIpv4(s)!;

/**
 * A machine plugged into the same switch: eth0, a default route, cni0 with the
 * gateway of 10.244.2.0/24 and one container, as a CNI bridge would leave it,
 * but no flanneld, so nobody tells the other nodes about its subnet.
 */
function addThirdNode(world: World): void {
  const node = addNode(world, {
    name: NEW,
    eth0: {
      ip: ip(NEW_IP),
      prefixLen: UNDERLAY.prefixLen,
      mac: '52:54:00:07:c8:0a',
      mtu: UNDERLAY.mtu,
      segment: UNDERLAY.segment,
    },
    gateway: ip(A.GATEWAY_IP),
  });
  const gw = ip('10.244.2.1');
  const br = createBridge(node.ns, { name: 'cni0', mac: macFromIp(gw), mtu: UNDERLAY.mtu, address: gw, prefixLen: 24 });
  if (!br.ok) throw new Error(`third-node: cni0: ${br.errno}`);
  const pod = createHost(world, { name: WEB, kind: 'pod', node: NEW, namespace: 'default' });
  const r = attachPod({
    pod,
    node,
    bridge: br.value,
    hostVethName: 'veth2a0b3c4d',
    hostVethMac: '3e:2a:0b:3c:4d:02',
    podMac: macFromIp(ip(WEB_IP)),
    ip: ip(WEB_IP),
    prefixLen: 24,
    mtu: UNDERLAY.mtu,
    gateway: gw,
    routes: [{ dst: ip('10.244.0.0'), prefixLen: 16 }],
  });
  if (!r.ok) throw new Error(`third-node: ${WEB}: ${r.errno}`);
}

function via(world: World, host: string, dst: string, gw: string): boolean {
  const r = route(world, host, dst);
  return r?.gateway === gw && r.dev === 'eth0';
}

export const thirdNode: Exercise = {
  id: 'third-node',
  chapter: 'host-gw',
  title: {
    zh: '第三个节点：手写 host-gw 路由',
    en: 'A third node: host-gw routes by hand',
  },
  task: {
    zh: '一台新机器 `10-7-200-10`（10.7.200.10）接到了同一个二层网络上。它的 cni0 上已经有 Pod 子网 10.244.2.0/24 和一个容器 `web-0`（10.244.2.2），但它没有运行 flanneld，所以谁也不知道它的子网。像 host-gw 后端那样手写路由，让 `web-0` 和另外两个节点上的 Pod 互相 ping 通。',
    en: 'A new machine, `10-7-200-10` (10.7.200.10), is plugged into the same layer-2 network. Its cni0 already holds the pod subnet 10.244.2.0/24 and one container, `web-0` (10.244.2.2), but it runs no flanneld, so nobody knows about its subnet. Write the routes by hand, the way the host-gw backend would, so that `web-0` and the pods on the other two nodes can ping each other.',
  },
  scenario: 'host-gw',
  host: A.CONTROL,
  setup: addThirdNode,
  items: [
    {
      id: 'new-node',
      label: {
        zh: '`10-7-200-10` 有去 10.244.0.0/24 和 10.244.1.0/24 的路由，下一跳是对应节点的 eth0 地址',
        en: "`10-7-200-10` routes 10.244.0.0/24 and 10.244.1.0/24 via the owning nodes' eth0 addresses",
      },
      check: (w) => via(w, NEW, A.CONTROL_SUBNET, A.CONTROL_IP) && via(w, NEW, A.WORKER_SUBNET, A.WORKER_IP),
    },
    {
      id: 'old-nodes',
      label: {
        zh: '`10-7-111-92` 和 `10-7-160-190` 都有 `10.244.2.0/24 via 10.7.200.10 dev eth0`',
        en: '`10-7-111-92` and `10-7-160-190` both have `10.244.2.0/24 via 10.7.200.10 dev eth0`',
      },
      check: (w) => via(w, A.WORKER, NEW_SUBNET, NEW_IP) && via(w, A.CONTROL, NEW_SUBNET, NEW_IP),
    },
    pingItem(
      'ping-worker',
      {
        zh: '最近一次从 `10-7-111-92` 上的 Pod ping 10.244.2.2 收到了回复',
        en: 'the latest ping from a pod on `10-7-111-92` to 10.244.2.2 got a reply',
      },
      [A.POD_A, A.POD_B],
      `${WEB_IP}/32`,
    ),
    pingItem(
      'ping-control',
      {
        zh: '最近一次从 `10-7-160-190` 上的 Pod ping 10.244.2.2 收到了回复',
        en: 'the latest ping from a pod on `10-7-160-190` to 10.244.2.2 got a reply',
      },
      [A.POD_C],
      `${WEB_IP}/32`,
    ),
  ],
  hints: {
    static: [
      {
        zh: 'host-gw 的路由长这样：`<对端 Pod 子网> via <对端节点 IP> dev eth0`。先在现有节点上 `ip r` 看一条现成的。',
        en: 'A host-gw route reads `<peer pod subnet> via <peer node IP> dev eth0`. Look at one on an existing node first: `ip r`.',
      },
      {
        zh: '路由要双向：新节点要知道去 10.244.0.0/24 和 10.244.1.0/24 怎么走，另外两个节点也要知道回 10.244.2.0/24 怎么走，否则回复会顺着默认路由去了网关。',
        en: 'Routes go both ways: the new node must know how to reach 10.244.0.0/24 and 10.244.1.0/24, and the other two must know the way back to 10.244.2.0/24, or the replies follow the default route to the gateway.',
      },
      {
        zh: '用 `ssh 10-7-200-10`、`ssh 10-7-111-92` 登录各个节点加路由，`exit` 回来。',
        en: 'Log in to each node with `ssh 10-7-200-10` and `ssh 10-7-111-92` to add the routes, and `exit` to come back.',
      },
    ],
    dynamic(world, obs) {
      const missing: string[] = [];
      if (!via(world, NEW, A.CONTROL_SUBNET, A.CONTROL_IP)) missing.push(`${NEW}: 10.244.0.0/24 via 10.7.160.190`);
      if (!via(world, NEW, A.WORKER_SUBNET, A.WORKER_IP)) missing.push(`${NEW}: 10.244.1.0/24 via 10.7.111.92`);
      if (!via(world, A.WORKER, NEW_SUBNET, NEW_IP)) missing.push(`${A.WORKER}: 10.244.2.0/24 via 10.7.200.10`);
      if (!via(world, A.CONTROL, NEW_SUBNET, NEW_IP)) missing.push(`${A.CONTROL}: 10.244.2.0/24 via 10.7.200.10`);
      if (missing.length > 0)
        return {
          zh: `还缺这些路由：${missing.map((m) => `\`${m}\``).join('、')}。`,
          en: `These routes are still missing: ${missing.map((m) => `\`${m}\``).join(', ')}.`,
        };
      const dst = `${WEB_IP}/32`;
      if (lastPingAnswered(obs, [A.POD_A, A.POD_B], dst) && lastPingAnswered(obs, [A.POD_C], dst)) return undefined;
      return {
        zh: '路由齐了。从两个节点上的 Pod 各 ping 一次 10.244.2.2 来证明。',
        en: 'All routes are in place. Prove it: ping 10.244.2.2 from a pod on each of the two nodes.',
      };
    },
  },
  solution: [
    'ip route add 10.244.2.0/24 via 10.7.200.10 dev eth0',
    'ssh 10-7-111-92',
    'ip route add 10.244.2.0/24 via 10.7.200.10 dev eth0',
    'exit',
    'ssh 10-7-200-10',
    'ip route add 10.244.0.0/24 via 10.7.160.190 dev eth0',
    'ip route add 10.244.1.0/24 via 10.7.111.92 dev eth0',
    'exit',
    A.inPod(A.POD_A, 'ping -c 2 10.244.2.2'),
    A.inPod(A.POD_C, 'ping -c 2 10.244.2.2'),
    'check',
  ],
  wrong: [
    // Only the new node's routes: the requests arrive, the replies go to the gateway.
    'ssh 10-7-200-10',
    'ip route add 10.244.0.0/24 via 10.7.160.190 dev eth0',
    'ip route add 10.244.1.0/24 via 10.7.111.92 dev eth0',
    'exit',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.2.2'),
    A.inPod(A.POD_C, 'ping -c 2 -W 1 10.244.2.2'),
    'check',
  ],
};
