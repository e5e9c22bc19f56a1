import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { deleteNeighbour } from '../probe/fault.js';
import { neighbour } from '../probe/kernel.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { fdbOk, neighbourOk, peerVtepMac } from './vtep.js';

const WORKER_PODS = [A.POD_A, A.POD_B];

export const restoreNeighbour: Exercise = {
  id: 'restore-neighbour',
  chapter: 'vxlan',
  title: {
    zh: '找回被删掉的邻居表项',
    en: 'Bring back the deleted neighbour entry',
  },
  task: {
    zh: '节点 `10-7-111-92` 上 flannel.1 的邻居表（ARP 表）少了一条永久表项，跨节点 ping 不通了。把它按 flanneld 的样子加回去，再用 ping 证明恢复了。',
    en: "A permanent entry is missing from flannel.1's neighbour (ARP) table on node `10-7-111-92`, and cross-node pings fail. Put it back the way flanneld writes it, then prove it with a ping.",
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    deleteNeighbour(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_IP);
  },
  items: [
    {
      id: 'neigh',
      label: {
        zh: 'flannel.1 上有邻居表项 `10.244.0.0 lladdr be:1d:47:c2:90:0a PERMANENT`',
        en: 'flannel.1 has the neighbour entry `10.244.0.0 lladdr be:1d:47:c2:90:0a PERMANENT`',
      },
      check: neighbourOk,
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
        zh: '路由 `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink` 还在。内核要把包发给网关 10.244.0.0，就得知道它的 MAC：看 `ip neigh show dev flannel.1`。',
        en: 'The route `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink` is still there. To send to the gateway 10.244.0.0 the kernel needs its MAC: look at `ip neigh show dev flannel.1`.',
      },
      {
        zh: 'flannel.1 是 nolearning 的，没有人回答它的 ARP 请求，所以 flanneld 直接写永久表项。10.244.0.0 是对端节点 flannel.1 的地址，它的 MAC 就是对端 flannel.1 的 MAC（`bridge fdb show dev flannel.1` 里也能看到）。',
        en: "flannel.1 is nolearning and nobody answers its ARP requests, so flanneld writes permanent entries. 10.244.0.0 is the peer node's flannel.1 address; its MAC is the peer's flannel.1 MAC (you can also see it in `bridge fdb show dev flannel.1`).",
      },
      {
        zh: '永久邻居表项用 `ip neigh replace <IP> lladdr <MAC> dev flannel.1 nud permanent` 写入。',
        en: 'Write a permanent neighbour entry with `ip neigh replace <IP> lladdr <MAC> dev flannel.1 nud permanent`.',
      },
    ],
    dynamic(world, obs) {
      const mac = peerVtepMac(world) ?? A.CONTROL_VTEP_MAC;
      const n = neighbour(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_IP);
      if (!n || n.lladdr === undefined)
        return {
          zh: `10.244.0.0 在 flannel.1 上还没有带 MAC 的邻居表项，它应该指向 \`${mac}\`。`,
          en: `10.244.0.0 still has no neighbour entry with a MAC on flannel.1; it should point to \`${mac}\`.`,
        };
      if (n.lladdr !== mac)
        return {
          zh: `10.244.0.0 的表项指向 \`${n.lladdr}\`，但对端 flannel.1 的 MAC 是 \`${mac}\`（FDB 里只有这个 MAC 知道发往哪个节点）。`,
          en: `The entry for 10.244.0.0 points to \`${n.lladdr}\`, but the peer's flannel.1 MAC is \`${mac}\` (the only MAC the FDB knows a node for).`,
        };
      if (n.state !== 'PERMANENT')
        return {
          zh: `MAC 对了，但状态是 ${n.state}，不是 PERMANENT：它会过期，而 flannel.1 上没有人回答 ARP。加上 \`nud permanent\`。`,
          en: `The MAC is right but the state is ${n.state}, not PERMANENT: it will expire, and nobody answers ARP on flannel.1. Add \`nud permanent\`.`,
        };
      if (!fdbOk(world))
        return {
          zh: '邻居表项对了，但 FDB 表项不对了，看看 `bridge fdb show dev flannel.1`。',
          en: 'The neighbour entry is right, but the FDB entry is not: look at `bridge fdb show dev flannel.1`.',
        };
      if (!lastPingAnswered(obs, WORKER_PODS, A.CONTROL_SUBNET))
        return {
          zh: '邻居表项已经对了。现在证明它：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
          en: 'The neighbour entry is right. Now prove it: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
        };
      return undefined;
    },
  },
  solution: [
    'ip neigh show dev flannel.1',
    'bridge fdb show dev flannel.1',
    'ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    // The peer's eth0 MAC: plausible, but the FDB knows no node for it.
    'ip neigh replace 10.244.0.0 lladdr 52:54:00:07:a0:be dev flannel.1 nud permanent',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'check',
  ],
};
