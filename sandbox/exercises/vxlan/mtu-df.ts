import type { Exercise } from '../types.js';
import type { Observation } from '../../world/observations.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { answerValue, lastAnswer, packets } from '../observed.js';
import { link } from '../probe/kernel.js';

const ICMP_IP_OVERHEAD = 28;

function podMtu(world: World): number | undefined {
  return link(world, A.POD_A, 'eth0')?.mtu;
}

function answered(obs: readonly Observation[], key: string, index: number): number | undefined {
  const a = lastAnswer(obs);
  const v = a === undefined ? undefined : answerValue(a.text, key, index);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A DF echo request exactly as large as the MTU left the pod, and a reply came back after it. */
function fullSizeProof(world: World, obs: readonly Observation[]): boolean {
  const mtu = podMtu(world);
  const seen = packets(obs, A.POD_A);
  const i = seen.findIndex(
    (p) =>
      p.dir === 'out' &&
      p.frame.icmpType === 8 &&
      p.frame.ip?.df === true &&
      p.frame.ip.totalLength === mtu &&
      p.frame.ip.dst === A.POD_C_IP,
  );
  return (
    i >= 0 && seen.slice(i + 1).some((p) => p.dir === 'in' && p.frame.icmpType === 0 && p.frame.ip?.src === A.POD_C_IP)
  );
}

export const mtuDf: Exercise = {
  id: 'mtu-df',
  chapter: 'vxlan',
  title: {
    zh: 'MTU：为什么 1430 字节的 DF ping 失败',
    en: 'MTU: why a 1430-byte ping with DF fails',
  },
  task: {
    zh: '在 Pod `ubuntu-664c5f866b-865jb` 里运行 `ping -M do -s 1430 -c 1 10.244.0.4` 会失败。找出 Pod 这条路径上的 MTU（最大传输单元），算出带 DF 时 `-s` 最大能取多少，用一次正好这么大的 ping 收到回复来证明，最后 `answer mtu=N size=N`。',
    en: "In pod `ubuntu-664c5f866b-865jb`, `ping -M do -s 1430 -c 1 10.244.0.4` fails. Find the MTU on the pod's path, work out the largest `-s` that passes with DF set, prove it with a ping of exactly that size that gets a reply, then `answer mtu=N size=N`.",
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: 'MTU 和 DF 下最大的 -s', en: 'the MTU and the largest -s with DF' },
    placeholder: 'mtu=… size=…',
  },
  items: [
    {
      id: 'mtu',
      label: { zh: '回答的 MTU 是 Pod eth0 的 MTU', en: "the MTU answered is the pod eth0's MTU" },
      check: (world, obs) => {
        const mtu = podMtu(world);
        return mtu !== undefined && answered(obs, 'mtu', 0) === mtu;
      },
    },
    {
      id: 'size',
      label: {
        zh: '回答的 `-s` 是 MTU 减去 IP 头和 ICMP 头（28 字节）',
        en: 'the `-s` answered is the MTU minus the IP and ICMP headers (28 bytes)',
      },
      check: (world, obs) => {
        const mtu = podMtu(world);
        return mtu !== undefined && answered(obs, 'size', 1) === mtu - ICMP_IP_OVERHEAD;
      },
    },
    {
      id: 'proof',
      label: {
        zh: '一个正好等于 MTU 的 DF 包从 Pod 发往 10.244.0.4，并收到了回复',
        en: 'a DF packet exactly the MTU in size went from the pod to 10.244.0.4 and got a reply',
      },
      check: fullSizeProof,
    },
  ],
  hints: {
    static: [
      {
        zh: '先看报错：`kubectl exec ubuntu-664c5f866b-865jb -- ping -M do -s 1430 -c 1 10.244.0.4`。`-M do` 就是设置 DF（不许分片）。',
        en: 'Read the error first: `kubectl exec ubuntu-664c5f866b-865jb -- ping -M do -s 1430 -c 1 10.244.0.4`. `-M do` sets DF (do not fragment).',
      },
      {
        zh: '`kubectl exec ubuntu-664c5f866b-865jb -- ip link show eth0` 显示 Pod 网卡的 MTU。它比节点 eth0 的 MTU 小 50：这 50 字节留给 VXLAN 封装（外层 IP 20 + UDP 8 + VXLAN 8 + 内层以太网头 14）。',
        en: "`kubectl exec ubuntu-664c5f866b-865jb -- ip link show eth0` shows the pod NIC's MTU. It is 50 less than the node's eth0: those 50 bytes are kept for VXLAN (outer IP 20 + UDP 8 + VXLAN 8 + inner Ethernet 14).",
      },
      {
        zh: '`-s` 只是 ICMP 数据的长度，整个 IP 包还要再加 20 字节 IP 头和 8 字节 ICMP 头。',
        en: '`-s` is only the ICMP payload; the IP packet adds a 20-byte IP header and an 8-byte ICMP header.',
      },
    ],
    dynamic(world, obs) {
      const mtu = podMtu(world);
      if (mtu === undefined) return undefined;
      if (!fullSizeProof(world, obs))
        return {
          zh: `还需要一次正好 ${mtu} 字节、带 DF 的 ping 收到回复。`,
          en: `Still needed: a DF ping of exactly ${mtu} bytes of IP that gets a reply.`,
        };
      return undefined;
    },
  },
  solution: [
    A.inPod(A.POD_A, 'ping -M do -s 1430 -c 1 10.244.0.4'),
    A.inPod(A.POD_A, 'ip link show eth0'),
    A.inPod(A.POD_A, 'ping -M do -s 1374 -c 1 10.244.0.4'),
    'answer mtu=1402 size=1374',
    'check',
  ],
  wrong: [
    // The node's eth0 MTU: it forgets the 50 bytes VXLAN needs.
    'ip link show eth0',
    A.inPod(A.POD_A, 'ping -M do -s 1424 -c 1 10.244.0.4'),
    'answer mtu=1452 size=1424',
    'check',
  ],
};
