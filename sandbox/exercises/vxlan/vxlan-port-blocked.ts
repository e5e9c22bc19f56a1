import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { appendRule, chain, verdictFor } from '../probe/iptables.js';
import { parseIpv4 } from '../../net/addr.js';
import { VXLAN_PORT_LINUX } from '../../net/vxlan.js';

const PODS = [A.POD_A, A.POD_B];

/** The filter verdict the control-plane node gives a VXLAN datagram from the worker (the ephemeral source port varies). */
function vxlanVerdict(world: World): string {
  const v = (sport: number): string =>
    verdictFor(world, A.CONTROL, 'INPUT', {
      src: parseIpv4(A.WORKER_IP)!,
      dst: parseIpv4(A.CONTROL_IP)!,
      protocol: 17,
      inIface: 'eth0',
      mark: 0,
      length: 134,
      sport,
      dport: VXLAN_PORT_LINUX,
    });
  // Every source port must pass: a rule that only opens one flow does not fix the node.
  for (const sp of [32768, 36329, 45000, 60999]) {
    const x = v(sp);
    if (x !== 'ACCEPT') return x;
  }
  return 'ACCEPT';
}

function vxlanOpen(world: World): boolean {
  return vxlanVerdict(world) === 'ACCEPT';
}

/** The INPUT rules that matched something: the reader can see the counters grow with `iptables -L INPUT -n -v`. */
function blockedCounted(world: World): number {
  return (chain(world, A.CONTROL, 'INPUT')?.rules ?? [])
    .filter((r) => r.target === 'DROP' && r.dport?.lo === VXLAN_PORT_LINUX)
    .reduce((n, r) => n + r.packets, 0);
}

export const vxlanPortBlocked: Exercise = {
  id: 'vxlan-port-blocked',
  chapter: 'vxlan',
  title: {
    zh: '防火墙挡住了 VXLAN 的 UDP 8472 端口',
    en: "A firewall blocks VXLAN's UDP port 8472",
  },
  task: {
    zh: '有人在控制平面节点 `10-7-160-190` 上装了一个「防火墙」。从 `10-7-111-92` 上的 Pod 跨节点 ping 10.244.0.4 不通了，同节点的 ping 却还正常。找出包在哪里消失、被什么挡住，修好它，让跨节点 ping 重新通。',
    en: 'Someone installed a "firewall" on the control-plane node `10-7-160-190`. A cross-node ping from a pod on `10-7-111-92` to 10.244.0.4 now fails, while same-node pings still work. Find where the packets vanish and what stops them, fix it, and make the cross-node ping work again.',
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    appendRule(world, A.CONTROL, 'INPUT', ['-p', 'udp', '--dport', String(VXLAN_PORT_LINUX), '-j', 'DROP']);
  },
  items: [
    {
      id: 'open',
      label: {
        zh: '`10-7-160-190` 的 INPUT 链放行来自 `10-7-111-92` 的 VXLAN 包（UDP 8472）',
        en: "`10-7-160-190`'s INPUT chain lets VXLAN packets (UDP 8472) from `10-7-111-92` in",
      },
      check: vxlanOpen,
    },
    pingItem(
      'ping',
      {
        zh: '最近一次从 `10-7-111-92` 上的 Pod 跨节点 ping 10.244.0.0/24 收到了回复',
        en: 'the latest cross-node ping from a pod on `10-7-111-92` to 10.244.0.0/24 got a reply',
      },
      PODS,
      A.CONTROL_SUBNET,
    ),
  ],
  hints: {
    static: [
      {
        zh: '沿着包走：ping 的同时，在 `10-7-111-92` 的 eth0 上抓包（`tcpdump -i eth0 -n udp port 8472`），再 `ssh 10-7-160-190`，分别在它的 eth0 和 flannel.1 上抓包。',
        en: "Follow the packet: while the ping runs, capture on `10-7-111-92`'s eth0 (`tcpdump -i eth0 -n udp port 8472`), then `ssh 10-7-160-190` and capture on its eth0 and on its flannel.1.",
      },
      {
        zh: 'VXLAN 包到了对端的 eth0，flannel.1 上却什么都没有：解封装之前，包要先作为发给本机的 UDP 包经过 netfilter 的 INPUT 链。`iptables -L INPUT -n -v` 看规则和计数器。',
        en: "The VXLAN packets reach the peer's eth0 but nothing shows on flannel.1: before decapsulation the packet is UDP for the host itself, and it crosses netfilter's INPUT chain first. `iptables -L INPUT -n -v` shows the rules and their counters.",
      },
      {
        zh: '计数器随着 ping 增长的那条 DROP 规则就是凶手。用 `iptables -D INPUT 规则号`（`--line-numbers` 显示规则号）删掉它，或者在它前面 `iptables -I INPUT` 插一条放行 UDP 8472 的 ACCEPT。',
        en: 'The DROP rule whose counters grow with the ping is the culprit. Delete it with `iptables -D INPUT NUM` (`--line-numbers` shows the numbers), or `iptables -I INPUT` an ACCEPT for UDP 8472 in front of it.',
      },
    ],
    dynamic(world, obs) {
      if (!vxlanOpen(world)) {
        if (blockedCounted(world) === 0)
          return {
            zh: '先从 Pod 里跨节点 ping 一次，再去 `10-7-160-190` 上看包走到了哪里。',
            en: 'Ping across nodes from a pod first, then look on `10-7-160-190` for how far the packets got.',
          };
        return {
          zh: `\`10-7-160-190\` 的 INPUT 链仍然会${vxlanVerdict(world) === 'REJECT' ? '拒绝' : '丢掉'}来自 \`10-7-111-92\` 的 UDP 8472 包。`,
          en: `\`10-7-160-190\`'s INPUT chain still ${vxlanVerdict(world) === 'REJECT' ? 'rejects' : 'drops'} UDP 8472 from \`10-7-111-92\`.`,
        };
      }
      if (!lastPingAnswered(obs, PODS, A.CONTROL_SUBNET))
        return {
          zh: 'INPUT 链放行了，再跨节点 ping 一次确认：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
          en: 'The INPUT chain lets it in now; ping across nodes again to confirm: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
        };
      return undefined;
    },
  },
  solution: [
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'ssh 10-7-160-190',
    'iptables -L INPUT -n -v --line-numbers',
    'iptables -D INPUT 1',
    'exit',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    // Opening the sender's side changes nothing: the drop is on the receiving node.
    'iptables -I OUTPUT -p udp --dport 8472 -j ACCEPT',
    'iptables -P FORWARD ACCEPT',
    A.inPod(A.POD_A, 'ping -c 2 -W 1 10.244.0.4'),
    'check',
  ],
};
