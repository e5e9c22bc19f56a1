import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { route, routes } from '../probe/kernel.js';
import { deleteRoute } from '../probe/fault.js';
import { lastPingAnswered, pingItem } from '../items.js';
import type { World } from '../../world/world.js';

const WORKER_PODS = [A.POD_A, A.POD_B];

/** flannel's route: 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink. */
function flannelRoute(world: World): boolean {
  const r = route(world, A.WORKER, A.CONTROL_SUBNET);
  return (
    r !== undefined && r.gateway === A.CONTROL_VTEP_IP && r.dev === 'flannel.1' && r.onlink && r.type === 'unicast'
  );
}

export const restoreOnlinkRoute: Exercise = {
  id: 'restore-onlink-route',
  chapter: 'vxlan',
  title: {
    zh: '找回被删掉的 onlink 路由',
    en: 'Bring back the deleted onlink route',
  },
  task: {
    zh: '有人在节点 `10-7-111-92` 上删掉了一条路由，Pod `ubuntu-664c5f866b-865jb`（10.244.1.2）从此 ping 不通另一个节点上的 10.244.0.4。找出缺的是哪条路由，按 flanneld 的方式把它加回去，再用 ping 证明跨节点通信恢复了。',
    en: 'Someone deleted a route on node `10-7-111-92`, and pod `ubuntu-664c5f866b-865jb` (10.244.1.2) can no longer ping 10.244.0.4 on the other node. Find which route is missing, put it back the way flanneld installs it, then prove with a ping that cross-node traffic works again.',
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    deleteRoute(world, A.WORKER, A.CONTROL_SUBNET);
  },
  items: [
    {
      id: 'route',
      label: {
        zh: '`10-7-111-92` 上有路由 `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`',
        en: '`10-7-111-92` has the route `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`',
      },
      check: flannelRoute,
    },
    pingItem(
      'ping',
      {
        zh: '最近一次从 `10-7-111-92` 上的 Pod 跨节点 ping 10.244.0.0/24 收到了回复',
        en: 'the latest cross-node ping from a pod on `10-7-111-92` to 10.244.0.0/24 got a reply',
      },
      WORKER_PODS,
      A.CONTROL_SUBNET,
    ),
  ],
  hints: {
    static: [
      {
        zh: '先看路由表：在节点上运行 `ip r`，和 VXLAN 一章里的路由表对比，少了哪一行？',
        en: 'Start with the routing table: run `ip r` on the node and compare it with the one in the VXLAN chapter. Which line is missing?',
      },
      {
        zh: '`ip route get 10.244.0.4` 会告诉你内核现在把这个包交给谁：没有 flannel 的路由时，它走默认路由去了网关 10.7.0.1。',
        en: "`ip route get 10.244.0.4` tells you where the kernel sends the packet now: without flannel's route it follows the default route to the gateway 10.7.0.1.",
      },
      {
        zh: 'flanneld 安装的路由以对端的 flannel.1 地址为网关。这个网关不在任何已有子网里，所以要加上 `onlink`，否则内核会报 `Nexthop has invalid gateway`。',
        en: "flanneld's route uses the peer's flannel.1 address as its gateway. That gateway is in no connected subnet, so the route needs `onlink`, or the kernel answers `Nexthop has invalid gateway`.",
      },
    ],
    dynamic(world, obs) {
      const r = route(world, A.WORKER, A.CONTROL_SUBNET);
      if (!r) {
        const other = routes(world, A.WORKER).find((x) => x.dst.startsWith('10.244.0.'));
        if (other)
          return {
            zh: `现在有一条 \`${other.dst}\`，但去 10.244.0.0/24 的路由还是缺的。`,
            en: `There is a route for \`${other.dst}\` now, but the one for 10.244.0.0/24 is still missing.`,
          };
        return {
          zh: '去 10.244.0.0/24 的路由还没有加回来：`ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`。',
          en: 'The route to 10.244.0.0/24 is still missing: `ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink`.',
        };
      }
      if (r.gateway === undefined)
        return {
          zh: '路由回来了，但它没有网关：内核会直接在 flannel.1 上为 10.244.0.4 发 ARP，而 flannel.1 没有人回答（nolearning，没有对应的邻居表项）。删掉它，用 `via 10.244.0.0 ... onlink` 重加。',
          en: 'The route is back but has no gateway: the kernel ARPs for 10.244.0.4 itself on flannel.1, where nobody answers (nolearning, no neighbour entry for it). Delete it and add it again with `via 10.244.0.0 ... onlink`.',
        };
      if (r.dev !== 'flannel.1' || r.gateway !== A.CONTROL_VTEP_IP)
        return {
          zh: `路由回来了，但它经过 \`${r.dev ?? '?'}\` 去 \`${r.gateway}\`，不是 flanneld 的 \`via 10.244.0.0 dev flannel.1 onlink\`。`,
          en: `The route is back but goes via \`${r.gateway}\` on \`${r.dev ?? '?'}\`, not flanneld's \`via 10.244.0.0 dev flannel.1 onlink\`.`,
        };
      if (!lastPingAnswered(obs, WORKER_PODS, A.CONTROL_SUBNET))
        return {
          zh: '路由已经对了。现在证明它：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
          en: 'The route is right. Now prove it: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
        };
      return undefined;
    },
  },
  solution: [
    'ip r',
    'ip route get 10.244.0.4',
    'ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    'ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1',
    'ip route add 10.244.0.0/24 dev flannel.1',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'check',
  ],
};
