import type { Exercise } from '../types.js';
import * as A from '../article.js';
import { predictHint, predictItems, type PredictSpec } from '../predict.js';

const SPEC: PredictSpec = { pods: [A.POD_A, A.POD_B], node: A.WORKER, dstSubnet: A.CONTROL_SUBNET };

export const predictHostGw: Exercise = {
  id: 'predict-host-gw',
  chapter: 'host-gw',
  title: {
    zh: 'host-gw 下先预测：TTL 和下一跳',
    en: 'host-gw, predicted: TTL and next hop',
  },
  task: {
    zh: '集群已经换成 host-gw 后端。在 Pod `ubuntu-664c5f866b-865jb` 里 ping 10.244.0.4 之前，先预测回复的 TTL 和节点 `10-7-111-92` 使用的下一跳，用 `answer ttl=N via=IP` 写下，再去 ping。和 VXLAN 时相比，哪个变了，哪个没变？',
    en: "The cluster now runs the host-gw backend. Before you ping 10.244.0.4 from pod `ubuntu-664c5f866b-865jb`, predict the replies' TTL and the next hop node `10-7-111-92` uses; write it down with `answer ttl=N via=IP`, then ping. Compared with VXLAN, what changed and what did not?",
  },
  scenario: 'host-gw',
  host: A.WORKER,
  answer: {
    prompt: { zh: '预测：回复的 TTL 和下一跳', en: 'your prediction: the replies’ TTL and the next hop' },
    placeholder: 'ttl=… via=…',
  },
  items: predictItems(SPEC),
  hints: {
    static: [
      {
        zh: 'host-gw 没有隧道：节点把 Pod 的包直接路由给对端节点。看 `ip r` 里 10.244.0.0/24 那一行。',
        en: 'host-gw has no tunnel: the node routes pod packets straight to the peer node. Look at the 10.244.0.0/24 line of `ip r`.',
      },
      {
        zh: '数一数回程上做路由转发的主机：对端节点一次，本节点一次。网桥转发不减 TTL。',
        en: 'Count the hosts that route the reply on its way back: the peer node once, this node once. Bridging does not lower the TTL.',
      },
    ],
    dynamic: (world, obs) => predictHint(SPEC, world, obs),
  },
  solution: ['ip r', 'answer ttl=62 via=10.7.160.190', A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'), 'check'],
  wrong: [
    // The VXLAN answer, carried over without looking at the routes.
    'answer ttl=62 via=10.244.0.0',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'check',
  ],
};
