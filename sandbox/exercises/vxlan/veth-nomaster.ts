import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { setNoMaster } from '../probe/fault.js';
import { link } from '../probe/kernel.js';
import { lastPingAnswered, pingItem } from '../items.js';

/** The host end of POD_A's veth pair on the worker (DESIGN.md). */
const VETH_A = 'veth4891a1c9';

export const vethNomaster: Exercise = {
  id: 'veth-nomaster',
  chapter: 'vxlan',
  title: {
    zh: '掉出网桥的 veth',
    en: 'A veth that fell off the bridge',
  },
  task: {
    zh: 'Pod `ubuntu-664c5f866b-865jb`（10.244.1.2）连同一节点上的 10.244.1.3 都 ping 不通了，而 `ubuntu-664c5f866b-ngdrj` 一切正常。在节点 `10-7-111-92` 上找出原因并修好，再用 ping 证明。',
    en: 'Pod `ubuntu-664c5f866b-865jb` (10.244.1.2) cannot even ping 10.244.1.3 on its own node, while `ubuntu-664c5f866b-ngdrj` is fine. Find out why on node `10-7-111-92`, fix it, and prove it with a ping.',
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    setNoMaster(world, A.WORKER, VETH_A);
  },
  items: [
    {
      id: 'port',
      label: { zh: '`veth4891a1c9` 是网桥 cni0 的端口', en: '`veth4891a1c9` is a port of the bridge cni0' },
      check: (world) => link(world, A.WORKER, VETH_A)?.master === 'cni0',
    },
    pingItem(
      'ping',
      {
        zh: '最近一次从 10.244.1.2 到 10.244.1.3 的 ping 收到了回复',
        en: 'the latest ping from 10.244.1.2 to 10.244.1.3 got a reply',
      },
      [A.POD_A],
      `${A.POD_B_IP}/32`,
    ),
  ],
  hints: {
    static: [
      {
        zh: '同节点的 Pod 之间靠网桥 cni0 通信。`brctl show` 列出 cni0 的端口，和 VXLAN 一章里的输出比一比。',
        en: 'Pods on one node talk through the bridge cni0. `brctl show` lists its ports; compare with the output in the VXLAN chapter.',
      },
      {
        zh: '`ip link` 里，网桥端口的那一行带着 `master cni0`。',
        en: "In `ip link`, a bridge port's line carries `master cni0`.",
      },
      {
        zh: '把网卡接回网桥：`ip link set <veth> master cni0`。CNI 的 bridge 插件还会打开发夹模式（hairpin）：`ip link set <veth> type bridge_slave hairpin on`。',
        en: 'Attach an interface to the bridge with `ip link set <veth> master cni0`. The CNI bridge plugin also turns hairpin mode on: `ip link set <veth> type bridge_slave hairpin on`.',
      },
    ],
    dynamic(world, obs) {
      const v = link(world, A.WORKER, VETH_A);
      if (!v) return undefined;
      if (v.master !== 'cni0')
        return {
          zh: `\`${VETH_A}\`（10.244.1.2 那一端）现在${v.master ? `挂在 \`${v.master}\` 上` : '不属于任何网桥'}，cni0 收不到它的帧。`,
          en: `\`${VETH_A}\` (the 10.244.1.2 end) is ${v.master ? `attached to \`${v.master}\`` : 'on no bridge'} now, so cni0 never sees its frames.`,
        };
      if (!v.up) return { zh: `\`${VETH_A}\` 是 DOWN 的。`, en: `\`${VETH_A}\` is DOWN.` };
      if (!lastPingAnswered(obs, [A.POD_A], `${A.POD_B_IP}/32`))
        return {
          zh: '端口接回去了。现在证明它：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.1.3`。',
          en: 'The port is back. Now prove it: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.1.3`.',
        };
      return undefined;
    },
  },
  solution: [
    'brctl show',
    'ip link set veth4891a1c9 master cni0',
    'ip link set veth4891a1c9 type bridge_slave hairpin on',
    A.inPod(A.POD_A, 'ping -c 2 10.244.1.3'),
    'check',
  ],
  wrong: [
    // Bringing the link up again does not put it back on the bridge.
    'ip link set veth4891a1c9 up',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.1.3'),
    'check',
  ],
};
