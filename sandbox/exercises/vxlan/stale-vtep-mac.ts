import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { appendFdb, deleteFdb, replaceNeighbour } from '../probe/fault.js';
import { neighbour } from '../probe/kernel.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { fdbEntryFor, fdbOk, neighbourOk, peerVtepMac } from './vtep.js';

const WORKER_PODS = [A.POD_A, A.POD_B];
/** The MAC flannel.1 on 10-7-160-190 had before "the reboot" (the value from flannel issue #1795). */
const OLD_MAC = 'e6:7c:02:8e:e8:7e';

export const staleVtepMac: Exercise = {
  id: 'stale-vtep-mac',
  chapter: 'vxlan',
  title: {
    zh: '节点重启后 VTEP MAC 变了',
    en: 'A new VTEP MAC after a reboot',
  },
  task: {
    zh: '节点 `10-7-160-190` 重启后，它的 flannel.1 换了一个 MAC，而 `10-7-111-92` 上还留着旧 MAC 的永久表项（flannel 的 issue #1795 就是这样）。从 `10-7-111-92` 上的 Pod 再也 ping 不通 10.244.0.4。找出对端真正的 VTEP MAC，修好 `10-7-111-92` 上的表项，再用 ping 证明恢复了。',
    en: "After node `10-7-160-190` rebooted, its flannel.1 came back with a new MAC, while `10-7-111-92` still holds permanent entries for the old one (as in flannel issue #1795). Pods on `10-7-111-92` can no longer ping 10.244.0.4. Find the peer's real VTEP MAC, fix the entries on `10-7-111-92`, then prove it with a ping.",
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    replaceNeighbour(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_IP, OLD_MAC);
    deleteFdb(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_MAC);
    appendFdb(world, A.WORKER, 'flannel.1', OLD_MAC, A.CONTROL_IP);
  },
  items: [
    {
      id: 'neigh',
      label: {
        zh: '10.244.0.0 的邻居表项指向对端 flannel.1 现在的 MAC（PERMANENT）',
        en: "the neighbour entry for 10.244.0.0 points to the peer flannel.1's current MAC (PERMANENT)",
      },
      check: neighbourOk,
    },
    {
      id: 'fdb',
      label: {
        zh: 'FDB 里对端现在的 VTEP MAC 指向 10.7.160.190',
        en: "the FDB maps the peer's current VTEP MAC to 10.7.160.190",
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
        zh: '对比两边：在 `10-7-111-92` 上看 `ip neigh show dev flannel.1` 和 `bridge fdb show dev flannel.1`，再 `ssh 10-7-160-190` 看 `ip link show flannel.1`。',
        en: 'Compare both sides: on `10-7-111-92` look at `ip neigh show dev flannel.1` and `bridge fdb show dev flannel.1`, then `ssh 10-7-160-190` and look at `ip link show flannel.1`.',
      },
      {
        zh: '节点的注解里也记着它的 VTEP MAC：`kubectl get node 10-7-160-190 -o yaml` 里的 `flannel.alpha.coreos.com/backend-data`。',
        en: 'The node annotation records its VTEP MAC too: `flannel.alpha.coreos.com/backend-data` in `kubectl get node 10-7-160-190 -o yaml`.',
      },
      {
        zh: '两处都要改：邻居表项（`ip neigh replace ... nud permanent`）和 FDB 表项（`bridge fdb append ... self permanent`）。',
        en: 'Both places need the new MAC: the neighbour entry (`ip neigh replace ... nud permanent`) and the FDB entry (`bridge fdb append ... self permanent`).',
      },
    ],
    dynamic(world, obs) {
      const mac = peerVtepMac(world) ?? A.CONTROL_VTEP_MAC;
      const n = neighbour(world, A.WORKER, 'flannel.1', A.CONTROL_VTEP_IP);
      if (!neighbourOk(world))
        return {
          zh: `10.244.0.0 的邻居表项现在是 \`${n?.lladdr ?? '（无）'}\`，对端 flannel.1 的 MAC 是 \`${mac}\`。`,
          en: `The neighbour entry for 10.244.0.0 reads \`${n?.lladdr ?? '(none)'}\`; the peer's flannel.1 MAC is \`${mac}\`.`,
        };
      if (!fdbOk(world)) {
        const dst = fdbEntryFor(world, mac);
        return dst === undefined
          ? {
              zh: `邻居表项对了，但 FDB 里还没有 \`${mac}\`，flannel.1 不知道把封装后的包发给谁。`,
              en: `The neighbour entry is right, but the FDB still has no entry for \`${mac}\`: flannel.1 does not know where to send the encapsulated packet.`,
            }
          : {
              zh: `FDB 把 \`${mac}\` 指向了 \`${dst}\`，应该是 10.7.160.190。`,
              en: `The FDB sends \`${mac}\` to \`${dst}\`; it should be 10.7.160.190.`,
            };
      }
      if (!lastPingAnswered(obs, WORKER_PODS, A.CONTROL_SUBNET))
        return {
          zh: '表项都对了。现在证明它：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
          en: 'Both entries are right. Now prove it: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
        };
      return undefined;
    },
  },
  solution: [
    'ip neigh show dev flannel.1',
    'bridge fdb show dev flannel.1',
    'ssh 10-7-160-190',
    'ip link show flannel.1',
    'exit',
    'ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent',
    'bridge fdb append be:1d:47:c2:90:0a dev flannel.1 dst 10.7.160.190 self permanent',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    // Only the neighbour entry: the FDB still knows only the old MAC.
    'ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'check',
  ],
};
