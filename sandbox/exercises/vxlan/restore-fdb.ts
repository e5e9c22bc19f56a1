import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { deleteFdb } from '../probe/fault.js';
import { fdb } from '../probe/kernel.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { fdbOk, neighbourOk, peerVtepMac } from './vtep.js';

const WORKER_PODS = [A.POD_A, A.POD_B];

export const restoreFdb: Exercise = {
  id: 'restore-fdb',
  chapter: 'vxlan',
  title: {
    zh: '找回被删掉的 FDB 表项',
    en: 'Bring back the deleted FDB entry',
  },
  task: {
    zh: '节点 `10-7-111-92` 上 flannel.1 的转发表（FDB）少了一条表项，Pod 之间的跨节点 ping 又不通了，而路由和邻居表看起来都没问题。找到缺的那条，把它加回去，再用 ping 证明恢复了。',
    en: "One entry is missing from flannel.1's forwarding database (FDB) on node `10-7-111-92`. Cross-node pod pings fail again, yet the routes and the neighbour table look fine. Find the missing entry, put it back, then prove it with a ping.",
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    deleteFdb(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_MAC);
  },
  items: [
    {
      id: 'fdb',
      label: {
        zh: 'flannel.1 的 FDB 里有 `be:1d:47:c2:90:0a dst 10.7.160.190 self permanent`',
        en: "flannel.1's FDB has `be:1d:47:c2:90:0a dst 10.7.160.190 self permanent`",
      },
      check: fdbOk,
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
        zh: 'flanneld 给每个对端准备三样东西：邻居表项、FDB 表项、路由。分别用 `ip neigh show dev flannel.1`、`bridge fdb show dev flannel.1`、`ip r` 看一看。',
        en: 'For every peer flanneld keeps three things: a neighbour entry, an FDB entry and a route. Look at each: `ip neigh show dev flannel.1`, `bridge fdb show dev flannel.1`, `ip r`.',
      },
      {
        zh: '邻居表告诉内核 10.244.0.0 的 MAC（对端 VXLAN 隧道端点（VTEP）的 MAC）；FDB 告诉 flannel.1 这个 MAC 在哪个节点 IP 后面，也就是外层 UDP 包发给谁。',
        en: "The neighbour entry gives the kernel 10.244.0.0's MAC (the peer VTEP's MAC); the FDB tells flannel.1 which node IP that MAC lives behind, i.e. where the outer UDP packet goes.",
      },
      {
        zh: 'FDB 表项用 `bridge fdb append <MAC> dev flannel.1 dst <对端节点 IP> self permanent` 添加。',
        en: 'Add an FDB entry with `bridge fdb append <MAC> dev flannel.1 dst <peer node IP> self permanent`.',
      },
    ],
    dynamic(world, obs) {
      const mac = peerVtepMac(world) ?? A.CONTROL_VTEP_MAC;
      const entry = fdb(world, A.WORKER, 'flannel.1').find((e) => e.mac === mac);
      if (!entry)
        return {
          zh: `路由和邻居表项都在，但 \`bridge fdb show dev flannel.1\` 里还没有 \`${mac}\`（邻居表项 10.244.0.0 指向的 VTEP MAC）。`,
          en: `The route and the neighbour entry are fine, but \`bridge fdb show dev flannel.1\` still has no entry for \`${mac}\` (the VTEP MAC the neighbour entry for 10.244.0.0 points to).`,
        };
      if (entry.dst !== A.CONTROL_IP)
        return {
          zh: `\`${mac}\` 的表项把包发往 \`${entry.dst ?? '（无）'}\`，可这个 VTEP 在 10-7-160-190（10.7.160.190）上。`,
          en: `The entry for \`${mac}\` sends packets to \`${entry.dst ?? '(none)'}\`, but that VTEP lives on 10-7-160-190 (10.7.160.190).`,
        };
      if (!neighbourOk(world))
        return {
          zh: 'FDB 对了，但 10.244.0.0 的邻居表项不对了，看看 `ip neigh show dev flannel.1`。',
          en: 'The FDB is right, but the neighbour entry for 10.244.0.0 is not any more: look at `ip neigh show dev flannel.1`.',
        };
      if (!lastPingAnswered(obs, WORKER_PODS, A.CONTROL_SUBNET))
        return {
          zh: 'FDB 已经对了。现在证明它：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
          en: 'The FDB is right. Now prove it: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
        };
      return undefined;
    },
  },
  solution: [
    'ip neigh show dev flannel.1',
    'bridge fdb show dev flannel.1',
    'bridge fdb append be:1d:47:c2:90:0a dev flannel.1 dst 10.7.160.190 self permanent',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    // The node's own IP: the packet is encapsulated and sent to itself.
    'bridge fdb append be:1d:47:c2:90:0a dev flannel.1 dst 10.7.111.92 self permanent',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'check',
  ],
};
