import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { predictHint, predictItems, type PredictSpec } from '../predict.js';

const SPEC: PredictSpec = { pods: [A.POD_A, A.POD_B], node: A.WORKER, dstSubnet: A.CONTROL_SUBNET };

export const predictTtl: Exercise = {
  id: 'predict-ttl',
  chapter: 'vxlan',
  title: {
    zh: '先预测，再按回车：TTL 和下一跳',
    en: 'Predict, then press Enter: TTL and next hop',
  },
  task: {
    zh: '在 Pod `ubuntu-664c5f866b-865jb` 里 ping 10.244.0.4 之前，先预测两件事：回复里的 TTL 是多少；节点 `10-7-111-92` 把去往 10.244.0.4 的包交给哪个下一跳。用 `answer ttl=N via=IP` 写下预测，然后再去 ping。',
    en: 'Before you ping 10.244.0.4 from pod `ubuntu-664c5f866b-865jb`, predict two things: the TTL the replies will show, and the next hop node `10-7-111-92` hands packets for 10.244.0.4 to. Write it down with `answer ttl=N via=IP`, then run the ping.',
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: '预测：回复的 TTL 和下一跳', en: 'your prediction: the replies’ TTL and the next hop' },
    placeholder: 'ttl=… via=…',
  },
  items: predictItems(SPEC),
  hints: {
    static: [
      {
        zh: '回复从 10.244.0.4 出发时 TTL 是 64。每经过一次路由转发（不是网桥转发）减 1。数一数回程上有几台主机在做路由。',
        en: 'The reply leaves 10.244.0.4 with TTL 64. Every routing hop (not a bridge) takes one off. Count the hosts that route it on the way back.',
      },
      {
        zh: 'VXLAN 封装不会改内层包的 TTL：外层 IP 头是另加的。',
        en: 'VXLAN encapsulation does not touch the inner TTL: the outer IP header is a new one.',
      },
      {
        zh: '下一跳看节点上的路由：`ip route get 10.244.0.4`，或者 `ip r` 里 10.244.0.0/24 那一行的 `via`。',
        en: "For the next hop, read the node's route: `ip route get 10.244.0.4`, or the `via` of the 10.244.0.0/24 line in `ip r`.",
      },
    ],
    dynamic: (world, obs) => predictHint(SPEC, world, obs),
  },
  solution: [
    'ip route get 10.244.0.4',
    'answer ttl=62 via=10.244.0.0',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
  wrong: [
    // Ping first and predict after: the prediction must come before the ping.
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'answer ttl=64 via=10.7.0.1',
    'check',
  ],
};
