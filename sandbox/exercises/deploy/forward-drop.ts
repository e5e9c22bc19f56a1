import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { lastPingAnswered, pingItem } from '../items.js';
import { lastAnswer, tokensIn } from '../observed.js';
import { chain, policy, setPolicy } from '../probe/iptables.js';

const NODES = [A.WORKER, A.CONTROL];

function dropKept(world: World): boolean {
  return NODES.every((n) => policy(world, n, 'FORWARD') === 'DROP');
}

/** The FLANNEL-FWD rules let something through on both nodes (their counters moved). */
function flannelFwdUsed(world: World): boolean {
  return NODES.every((n) =>
    (chain(world, n, 'FLANNEL-FWD')?.rules ?? []).some((r) => r.target === 'ACCEPT' && r.packets > 0),
  );
}

export const forwardDrop: Exercise = {
  id: 'forward-drop',
  chapter: 'deploy',
  title: {
    zh: 'FORWARD 链默认 DROP，Pod 为什么还通',
    en: 'FORWARD policy DROP, and yet the pods talk',
  },
  task: {
    zh: 'Docker（1.13 起）会把 FORWARD 链的默认策略设成 DROP，这个集群的两个节点上都已经是这样了。跨节点的 Pod 之间还能 ping 通吗？试一试，再找出是哪条链放行了 Pod 的包，用 `answer 链名` 回答。不许把默认策略改回 ACCEPT。',
    en: "Docker (since 1.13) sets the FORWARD chain's policy to DROP, and both nodes of this cluster already have it. Can pods still ping each other across nodes? Try it, then find which chain lets the pods' packets through and answer with `answer CHAIN`. Do not set the policy back to ACCEPT.",
  },
  scenario: 'article',
  host: A.WORKER,
  setup(world) {
    for (const n of NODES) setPolicy(world, n, 'FORWARD', 'DROP');
  },
  answer: {
    prompt: { zh: '放行 Pod 流量的链', en: "the chain that lets the pods' traffic through" },
    placeholder: 'CHAIN',
  },
  items: [
    {
      id: 'policy',
      label: { zh: '两个节点的 FORWARD 默认策略仍是 DROP', en: "both nodes' FORWARD policy is still DROP" },
      check: dropKept,
    },
    pingItem(
      'ping',
      {
        zh: '最近一次从 `10-7-111-92` 上的 Pod 跨节点 ping 10.244.0.0/24 收到了回复',
        en: 'the latest cross-node ping from a pod on `10-7-111-92` to 10.244.0.0/24 got a reply',
      },
      [A.POD_A, A.POD_B],
      A.CONTROL_SUBNET,
    ),
    {
      id: 'answer',
      label: {
        zh: '回答了放行的链，并且两个节点上它的 ACCEPT 规则计数都在增长',
        en: "named the chain, and its ACCEPT rules' counters moved on both nodes",
      },
      check: (w, obs) => {
        const a = lastAnswer(obs);
        return a !== undefined && tokensIn(a.text).includes('flannel-fwd') && flannelFwdUsed(w);
      },
    },
  ],
  hints: {
    static: [
      {
        zh: '先 ping 一下：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`。',
        en: 'Ping first: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4`.',
      },
      {
        zh: '`iptables -L FORWARD -n -v` 列出 FORWARD 链的规则和计数器。默认策略只管没有规则匹配上的包。',
        en: '`iptables -L FORWARD -n -v` lists the FORWARD rules with their counters. The policy only applies to packets no rule matched.',
      },
      {
        zh: 'flanneld 默认（`--iptables-forward-rules=true`）会加一条跳转到自己链的规则，里面放行源或目的在集群网段的包。`iptables -S` 看全部规则。',
        en: 'By default (`--iptables-forward-rules=true`) flanneld adds a jump to its own chain, which accepts packets from or to the cluster network. `iptables -S` shows every rule.',
      },
    ],
    dynamic(world, obs) {
      if (!dropKept(world))
        return {
          zh: '有节点的 FORWARD 策略被改回了 ACCEPT：这样当然通，但这不是要找的答案。改回 DROP 再试。',
          en: "A node's FORWARD policy is back to ACCEPT: that works, but it is not the answer. Set it to DROP again and retry.",
        };
      if (!lastPingAnswered(obs, [A.POD_A, A.POD_B], A.CONTROL_SUBNET))
        return { zh: '先从 Pod 里跨节点 ping 一次。', en: 'Ping across nodes from a pod first.' };
      if (!flannelFwdUsed(world))
        return {
          zh: '看看 `iptables -L -n -v` 里哪条链的计数器在涨。',
          en: "See which chain's counters grow in `iptables -L -n -v`.",
        };
      const a = lastAnswer(obs);
      if (a && tokensIn(a.text).includes('flannel-fwd')) return undefined;
      return { zh: '用 `answer` 写下那条链的名字。', en: "Write that chain's name with `answer`." };
    },
  },
  solution: [
    'iptables -L FORWARD -n',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'iptables -L FORWARD -n -v',
    'iptables -S FLANNEL-FWD',
    'answer FLANNEL-FWD',
    'check',
  ],
  wrong: [
    // Opening the policy makes the ping work and hides the answer.
    'iptables -P FORWARD ACCEPT',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'answer FORWARD',
    'check',
  ],
};
