import type { Exercise } from '../types.js';
import type { FrameSummary, Observation } from '../../world/observations.js';
import * as A from '../article.js';
import { answerValue, captures, lastAnswer } from '../observed.js';

/** VXLAN frames printed by captures on eth0 of either node. */
function vxlanFrames(obs: readonly Observation[]): FrameSummary[] {
  return captures(obs, { iface: 'eth0' }).flatMap((c) => c.frames.filter((f) => f.vxlan !== undefined));
}

function answered(obs: readonly Observation[], key: 'port' | 'vni', index: number): number | undefined {
  const a = lastAnswer(obs);
  const v = a === undefined ? undefined : answerValue(a.text, key, index);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The answer matches what the captured VXLAN packets carried (the VTEPs' port, not the hashed source port). */
function portRight(obs: readonly Observation[]): boolean {
  const port = answered(obs, 'port', 0);
  const frames = vxlanFrames(obs);
  return port !== undefined && frames.length > 0 && frames.every((f) => f.udp?.dstPort === port);
}

function vniRight(obs: readonly Observation[]): boolean {
  const vni = answered(obs, 'vni', 1);
  const frames = vxlanFrames(obs);
  return vni !== undefined && frames.length > 0 && frames.every((f) => f.vxlan?.vni === vni);
}

export const vxlanPortVni: Exercise = {
  id: 'vxlan-port-vni',
  chapter: 'vxlan',
  title: {
    zh: '抓一个 VXLAN 包：端口和 VNI',
    en: 'Catch a VXLAN packet: its port and VNI',
  },
  task: {
    zh: '在节点的 eth0 上抓一个跨节点 Pod 流量的 VXLAN 包，读出它的 UDP 目的端口和 VXLAN 网络标识（VNI），用 `answer port=端口 vni=VNI` 回答。',
    en: "Capture a VXLAN packet of cross-node pod traffic on a node's eth0, read its UDP destination port and its VXLAN network identifier (VNI), and answer with `answer port=PORT vni=VNI`.",
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: 'UDP 目的端口和 VNI', en: 'the UDP destination port and the VNI' },
    placeholder: 'port=… vni=…',
  },
  items: [
    {
      id: 'capture',
      label: {
        zh: '在 eth0 上抓到了至少一个 VXLAN 包',
        en: 'a capture on eth0 printed at least one VXLAN packet',
      },
      check: (_w, obs) => vxlanFrames(obs).length > 0,
    },
    {
      id: 'port',
      label: {
        zh: '回答的端口和抓到的包的 UDP 目的端口一致',
        en: 'the port answered is the captured packets’ UDP destination port',
      },
      check: (_w, obs) => portRight(obs),
    },
    {
      id: 'vni',
      label: {
        zh: '回答的 VNI 和抓到的包一致',
        en: 'the VNI answered is the captured packets’ VNI',
      },
      check: (_w, obs) => vniRight(obs),
    },
  ],
  hints: {
    static: [
      {
        zh: '先让跨节点流量跑起来：`kubectl exec ubuntu-664c5f866b-865jb -- ping -c 3 10.244.0.4`，同时在后台抓 eth0：`tcpdump -i eth0 -n -v -c 2 udp &`。',
        en: 'Get cross-node traffic going: `kubectl exec ubuntu-664c5f866b-865jb -- ping -c 3 10.244.0.4`, while capturing eth0 in the background: `tcpdump -i eth0 -n -v -c 2 udp &`.',
      },
      {
        zh: '外层是 `10.7.111.92.<源端口> > 10.7.160.190.<目的端口>`。源端口是内层流的哈希，每条流都不同；目的端口才是 VXLAN 隧道端点（VTEP）监听的端口。',
        en: 'The outer line reads `10.7.111.92.<src port> > 10.7.160.190.<dst port>`. The source port is a hash of the inner flow and changes per flow; the destination port is the one the VTEPs listen on.',
      },
      {
        zh: 'tcpdump 把 VXLAN 头显示为 `OTV, flags [I] (0x08), overlay 0, instance N`，instance 就是 VNI。`ip -d link show flannel.1` 里的 `vxlan id` 和 `dstport` 可以拿来对照。',
        en: 'tcpdump shows the VXLAN header as `OTV, flags [I] (0x08), overlay 0, instance N`; the instance is the VNI. Compare with `vxlan id` and `dstport` in `ip -d link show flannel.1`.',
      },
    ],
    dynamic(_w, obs) {
      if (vxlanFrames(obs).length === 0)
        return {
          zh: '还没有在 eth0 上抓到 VXLAN 包：抓包要和跨节点 ping 同时进行。',
          en: 'No VXLAN packet captured on eth0 yet: the capture must run while a cross-node ping does.',
        };
      if (!lastAnswer(obs))
        return {
          zh: '包已经抓到了，读出端口和 VNI，用 `answer` 回答。',
          en: 'You have the packets; read the port and the VNI and `answer`.',
        };
      if (!portRight(obs))
        return {
          zh: '端口不对：是不是读成了源端口？VTEP 监听的是目的端口。',
          en: 'The port is wrong: did you read the source port? The VTEP listens on the destination port.',
        };
      if (!vniRight(obs))
        return {
          zh: 'VNI 不对：看 `instance` 后面的数。',
          en: 'The VNI is wrong: look at the number after `instance`.',
        };
      return undefined;
    },
  },
  solution: [
    'tcpdump -i eth0 -n -v -c 2 udp &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    'answer port=8472 vni=1',
    'check',
  ],
  wrong: [
    'tcpdump -i eth0 -n -v -c 2 udp &',
    A.inPod(A.POD_A, 'ping -c 2 10.244.0.4'),
    'wait',
    // The IANA port, from memory rather than from the capture.
    'answer port=4789 vni=1',
    'check',
  ],
};
