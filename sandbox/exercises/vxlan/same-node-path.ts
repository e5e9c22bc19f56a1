import type { Exercise } from '../types.js';
import type { Observation } from '../../world/observations.js';
import * as A from '../article.js';
import { captures, isEchoBetween, lastAnswer, packets, tokensIn } from '../observed.js';

/** A capture on cni0 of the worker printed the same-node echo between .2 and .3. */
function sawOnCni0(obs: readonly Observation[]): boolean {
  return captures(obs, { host: A.WORKER, iface: 'cni0' }).some((c) =>
    c.frames.some((f) => isEchoBetween(f, A.POD_A_IP, A.POD_B_IP)),
  );
}

/**
 * A capture on flannel.1 of the worker ran while same-node echo traffic
 * passed (the pods sent or got echoes meanwhile) and printed none of it.
 */
function silentOnFlannel(obs: readonly Observation[]): boolean {
  const traffic = packets(obs).filter(
    (p) => (p.host === A.POD_A || p.host === A.POD_B) && isEchoBetween(p.frame, A.POD_A_IP, A.POD_B_IP),
  );
  return captures(obs, { host: A.WORKER, iface: 'flannel.1' }).some(
    (c) =>
      traffic.some((p) => p.at >= c.at && p.at <= c.end) &&
      !c.frames.some((f) => isEchoBetween(f, A.POD_A_IP, A.POD_B_IP)),
  );
}

function answeredCni0(obs: readonly Observation[]): boolean {
  const a = lastAnswer(obs);
  if (!a) return false;
  const t = tokensIn(a.text);
  return t.includes('cni0') && !t.includes('flannel.1') && !t.includes('eth0');
}

export const sameNodePath: Exercise = {
  id: 'same-node-path',
  chapter: 'vxlan',
  title: {
    zh: '同节点的流量走哪块网卡',
    en: 'Which interface carries same-node traffic',
  },
  task: {
    zh: 'Pod `ubuntu-664c5f866b-865jb`（10.244.1.2）和 `ubuntu-664c5f866b-ngdrj`（10.244.1.3）在同一个节点 `10-7-111-92` 上。它们之间的流量经过 cni0 还是 flannel.1？在 ping 的同时分别在两块网卡上抓包，用抓到的结果说话，然后用 `answer 网卡名` 回答。',
    en: 'Pods `ubuntu-664c5f866b-865jb` (10.244.1.2) and `ubuntu-664c5f866b-ngdrj` (10.244.1.3) run on the same node, `10-7-111-92`. Does their traffic cross cni0 or flannel.1? Capture on both interfaces while a ping runs, let the captures decide, then answer with `answer IFACE`.',
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: '承载同节点流量的网卡', en: 'the interface that carries same-node traffic' },
    placeholder: 'cni0 / flannel.1',
  },
  items: [
    {
      id: 'cni0',
      label: {
        zh: '在 `10-7-111-92` 的 cni0 上抓到了 10.244.1.2 和 10.244.1.3 之间的 ICMP',
        en: 'a capture on cni0 of `10-7-111-92` printed ICMP between 10.244.1.2 and 10.244.1.3',
      },
      check: (_w, obs) => sawOnCni0(obs),
    },
    {
      id: 'flannel',
      label: {
        zh: '同节点 ping 进行时，在 `10-7-111-92` 的 flannel.1 上抓包，什么也没抓到',
        en: 'a capture on flannel.1 of `10-7-111-92` ran during a same-node ping and printed none of it',
      },
      check: (_w, obs) => silentOnFlannel(obs),
    },
    {
      id: 'answer',
      label: {
        zh: '回答了 cni0，并且有 cni0 上的抓包为证',
        en: 'answered cni0, backed by a capture on cni0',
      },
      check: (_w, obs) => answeredCni0(obs) && sawOnCni0(obs),
    },
  ],
  hints: {
    static: [
      {
        zh: '抓包和 ping 要同时进行：把 tcpdump 放到后台，比如 `timeout 5 tcpdump -i flannel.1 -n &`，再 ping。',
        en: 'The capture must run while the ping does: put tcpdump in the background, e.g. `timeout 5 tcpdump -i flannel.1 -n &`, then ping.',
      },
      {
        zh: '从节点上进入 Pod 发 ping：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.1.3`。',
        en: 'Ping from inside the pod: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.1.3`.',
      },
      {
        zh: '看路由表：`10.244.1.0/24 dev cni0` 是直连路由，同一子网内的包根本不需要 flannel.1。',
        en: 'Look at the routing table: `10.244.1.0/24 dev cni0` is a connected route, so packets within that subnet never need flannel.1.',
      },
    ],
    dynamic(_w, obs) {
      if (!silentOnFlannel(obs))
        return {
          zh: '还缺 flannel.1 上的证据：在同节点 ping 进行时在 flannel.1 上抓包。',
          en: 'Evidence from flannel.1 is still missing: capture on flannel.1 while a same-node ping runs.',
        };
      if (!sawOnCni0(obs))
        return {
          zh: '还缺 cni0 上的证据：在同节点 ping 进行时在 cni0 上抓包。',
          en: 'Evidence from cni0 is still missing: capture on cni0 while a same-node ping runs.',
        };
      if (!answeredCni0(obs))
        return {
          zh: '两次抓包都有了，它们说明了什么？用 `answer` 写下网卡名。',
          en: 'You have both captures. What do they say? Write the interface name with `answer`.',
        };
      return undefined;
    },
  },
  solution: [
    'timeout 4 tcpdump -i flannel.1 -n &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.1.3'),
    'wait',
    'tcpdump -i cni0 -n -c 4 &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.1.3'),
    'wait',
    'answer cni0',
    'check',
  ],
  wrong: [
    // A capture on flannel.1 alone, with no traffic, and the wrong conclusion.
    'timeout 2 tcpdump -i flannel.1 -n',
    'answer flannel.1',
    'check',
  ],
};
