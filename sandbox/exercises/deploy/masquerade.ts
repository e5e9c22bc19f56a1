import type { Exercise } from '../types.js';
import type { FrameSummary, Observation } from '../../world/observations.js';
import * as A from '../article.js';
import { ipInCidr } from '../cidr.js';
import { answerValue, captures, lastAnswer } from '../observed.js';

/** Echo requests to the gateway that a capture on the worker's eth0 printed. */
function toGateway(obs: readonly Observation[]): FrameSummary[] {
  return captures(obs, { host: A.WORKER, iface: 'eth0' }).flatMap((c) =>
    c.frames.filter((f) => f.vxlan === undefined && f.icmpType === 8 && f.ip?.dst === A.GATEWAY_IP),
  );
}

/** Tunnelled echo requests from a worker pod to a pod on the other node, as printed on the worker's eth0. */
function toPod(obs: readonly Observation[]): FrameSummary[] {
  return captures(obs, { host: A.WORKER, iface: 'eth0' }).flatMap((c) =>
    c.frames.filter(
      (f) =>
        f.inner !== undefined &&
        f.inner.icmpType === 8 &&
        ipInCidr(f.inner.src, A.WORKER_SUBNET) &&
        ipInCidr(f.inner.dst, A.CONTROL_SUBNET),
    ),
  );
}

function answered(obs: readonly Observation[], key: 'gateway' | 'pod'): string | undefined {
  const a = lastAnswer(obs);
  return a === undefined ? undefined : answerValue(a.text, key, key === 'gateway' ? 0 : 1);
}

export const masquerade: Exercise = {
  id: 'masquerade',
  chapter: 'deploy',
  title: {
    zh: '谁被地址伪装了：Pod 访问集群外和集群内',
    en: 'Who gets masqueraded: pods talking outside and inside the cluster',
  },
  task: {
    zh: 'flanneld 以 `--ip-masq` 启动。让 Pod `ubuntu-664c5f866b-865jb`（10.244.1.2）分别 ping 网关 10.7.0.1（集群外）和 Pod 10.244.0.4（集群内），同时在节点 `10-7-111-92` 的 eth0 上抓包。网关看到的源地址是什么？10.244.0.4 看到的源地址又是什么？用 `answer gateway=IP pod=IP` 回答。',
    en: 'flanneld runs with `--ip-masq`. Have pod `ubuntu-664c5f866b-865jb` (10.244.1.2) ping the gateway 10.7.0.1 (outside the cluster) and the pod 10.244.0.4 (inside it), capturing on eth0 of node `10-7-111-92` meanwhile. Which source address does the gateway see? Which one does 10.244.0.4 see? Answer with `answer gateway=IP pod=IP`.',
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: '网关和 Pod 各自看到的源地址', en: 'the source address the gateway and the pod each see' },
    placeholder: 'gateway=… pod=…',
  },
  items: [
    {
      id: 'outside',
      label: {
        zh: '在 `10-7-111-92` 的 eth0 上抓到了发往 10.7.0.1 的 ICMP 请求',
        en: 'a capture on eth0 of `10-7-111-92` printed an ICMP request to 10.7.0.1',
      },
      check: (_w, obs) => toGateway(obs).length > 0,
    },
    {
      id: 'inside',
      label: {
        zh: '在 `10-7-111-92` 的 eth0 上抓到了从 Pod 发往 10.244.0.0/24 的 VXLAN 包',
        en: 'a capture on eth0 of `10-7-111-92` printed a VXLAN packet from a pod to 10.244.0.0/24',
      },
      check: (_w, obs) => toPod(obs).length > 0,
    },
    {
      id: 'answer',
      label: {
        zh: '回答的两个源地址和抓到的包一致',
        en: 'both source addresses answered match the captured packets',
      },
      check: (_w, obs) => {
        const gw = answered(obs, 'gateway');
        const pod = answered(obs, 'pod');
        return (
          gw !== undefined &&
          pod !== undefined &&
          toGateway(obs).some((f) => f.ip?.src === gw) &&
          toPod(obs).some((f) => f.inner?.src === pod)
        );
      },
    },
  ],
  hints: {
    static: [
      {
        zh: "把抓包放到后台：`tcpdump -i eth0 -n -c 4 'icmp or udp port 8472' &`，再 `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.7.0.1` 和 `... ping -c 1 10.244.0.4`。去往 10.244.0.4 的包是 VXLAN 封装的，加 `-v` 可以看到里面。",
        en: "Put the capture in the background: `tcpdump -i eth0 -n -c 4 'icmp or udp port 8472' &`, then `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.7.0.1` and `... ping -c 1 10.244.0.4`. The packets to 10.244.0.4 are VXLAN; add `-v` to see inside.",
      },
      {
        zh: '地址伪装（MASQUERADE）的规则在 nat 表的 `FLANNEL-POSTRTG` 链里：`iptables -t nat -S FLANNEL-POSTRTG`。看哪些源和目的组合会 `RETURN`（不做伪装）。',
        en: "The masquerade rules live in the nat table's `FLANNEL-POSTRTG` chain: `iptables -t nat -S FLANNEL-POSTRTG`. See which source and destination pairs `RETURN` (are left alone).",
      },
    ],
    dynamic(_w, obs) {
      if (toGateway(obs).length === 0)
        return {
          zh: '还没有在 eth0 上抓到发往 10.7.0.1 的包。',
          en: 'No packet to 10.7.0.1 has been captured on eth0 yet.',
        };
      if (toPod(obs).length === 0)
        return {
          zh: '还没有在 eth0 上抓到发往 10.244.0.4 的 VXLAN 包。',
          en: 'No VXLAN packet to 10.244.0.4 has been captured on eth0 yet.',
        };
      if (!lastAnswer(obs))
        return {
          zh: '两种包都抓到了，读出各自的源地址，用 `answer` 回答。',
          en: 'You have both; read each source address and `answer`.',
        };
      const gw = answered(obs, 'gateway');
      const pod = answered(obs, 'pod');
      const gwOk = toGateway(obs).some((f) => f.ip?.src === gw);
      if (gwOk && toPod(obs).some((f) => f.inner?.src === pod)) return undefined;
      if (!gwOk)
        return {
          zh: '网关那一项不对：看抓到的发往 10.7.0.1 的那一行，`>` 左边是谁？',
          en: 'The gateway one is off: in the line to 10.7.0.1, who is left of the `>`?',
        };
      return {
        zh: 'Pod 那一项不对：看 VXLAN 包里面那一层（`-v`）的源地址。',
        en: 'The pod one is off: read the source of the inner packet of the VXLAN line (`-v`).',
      };
    },
  },
  solution: [
    "tcpdump -i eth0 -n -v -c 4 'icmp or udp port 8472' &",
    A.inPod(A.POD_A, 'ping -c 1 10.7.0.1'),
    A.inPod(A.POD_A, 'ping -c 1 10.244.0.4'),
    'wait',
    'iptables -t nat -S FLANNEL-POSTRTG',
    'answer gateway=10.7.111.92 pod=10.244.1.2',
    'check',
  ],
  wrong: [
    "tcpdump -i eth0 -n -v -c 4 'icmp or udp port 8472' &",
    A.inPod(A.POD_A, 'ping -c 1 10.7.0.1'),
    A.inPod(A.POD_A, 'ping -c 1 10.244.0.4'),
    'wait',
    // No NAT anywhere: what one expects without reading the capture.
    'answer gateway=10.244.1.2 pod=10.244.1.2',
    'check',
  ],
};
