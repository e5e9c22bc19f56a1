import type { Exercise } from '../types.js';
import type { Observation } from '../../world/observations.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { answerValue, lastAnswer } from '../observed.js';
import { envFile, SUBNET_ENV } from '../probe/files.js';

type Key = 'subnet' | 'mtu' | 'ipmasq';
const FILE_KEY: Record<Key, string> = { subnet: 'FLANNEL_SUBNET', mtu: 'FLANNEL_MTU', ipmasq: 'FLANNEL_IPMASQ' };

/** The answer's field equals what flanneld wrote on the worker. */
function right(world: World, obs: readonly Observation[], key: Key): boolean {
  const want = envFile(world, A.WORKER, SUBNET_ENV)?.get(FILE_KEY[key]);
  const a = lastAnswer(obs);
  const got = a === undefined ? undefined : answerValue(a.text, key);
  return want !== undefined && got !== undefined && got === want.toLowerCase();
}

export const subnetEnv: Exercise = {
  id: 'subnet-env',
  chapter: 'deploy',
  title: {
    zh: 'flanneld 写给 CNI 的那张纸条',
    en: 'The note flanneld leaves for the CNI plugin',
  },
  task: {
    zh: 'flanneld 把节点分到的子网、MTU 和是否做地址伪装写进一个文件，CNI 插件每次创建 Pod 都会读它。在节点 `10-7-111-92` 上找到这个文件，用 `answer subnet=… mtu=… ipmasq=…` 回答里面的三个值。',
    en: 'flanneld writes the subnet its node got, the MTU and whether it masquerades into a file that the CNI plugin reads on every pod creation. Find that file on node `10-7-111-92` and answer its three values with `answer subnet=… mtu=… ipmasq=…`.',
  },
  scenario: 'article',
  host: A.WORKER,
  answer: {
    prompt: { zh: 'subnet、mtu 和 ipmasq 的值', en: 'the values of subnet, mtu and ipmasq' },
    placeholder: 'subnet=… mtu=… ipmasq=…',
  },
  items: [
    {
      id: 'subnet',
      label: {
        zh: 'subnet 与文件里的 `FLANNEL_SUBNET` 一致',
        en: 'subnet matches `FLANNEL_SUBNET` in the file',
      },
      check: (w, obs) => right(w, obs, 'subnet'),
    },
    {
      id: 'mtu',
      label: { zh: 'mtu 与文件里的 `FLANNEL_MTU` 一致', en: 'mtu matches `FLANNEL_MTU` in the file' },
      check: (w, obs) => right(w, obs, 'mtu'),
    },
    {
      id: 'ipmasq',
      label: { zh: 'ipmasq 与文件里的 `FLANNEL_IPMASQ` 一致', en: 'ipmasq matches `FLANNEL_IPMASQ` in the file' },
      check: (w, obs) => right(w, obs, 'ipmasq'),
    },
  ],
  hints: {
    static: [
      {
        zh: '这个文件在 `/run/flannel/` 下面，DaemonSet 把它挂载进了 flannel 的容器。',
        en: 'The file lives under `/run/flannel/`; the DaemonSet mounts that directory into the flannel container.',
      },
      {
        zh: '`cat /run/flannel/subnet.env`。注意 `FLANNEL_SUBNET` 不是租约的网络地址，而是它的第一个可用地址，也就是 cni0 的地址。',
        en: "`cat /run/flannel/subnet.env`. Note that `FLANNEL_SUBNET` is not the lease's network address but its first usable address, the one cni0 gets.",
      },
    ],
    dynamic(world, obs) {
      const env = envFile(world, A.WORKER, SUBNET_ENV);
      const a = lastAnswer(obs);
      if (!env) return undefined;
      if (!a)
        return {
          zh: '找到文件、读出三个值之后，用 `answer subnet=… mtu=… ipmasq=…` 回答。',
          en: 'Once you have found the file and read the three values, answer with `answer subnet=… mtu=… ipmasq=…`.',
        };
      const subnet = answerValue(a.text, 'subnet');
      const mtu = answerValue(a.text, 'mtu');
      if (subnet !== undefined && subnet !== env.get('FLANNEL_SUBNET') && subnet.endsWith('.0/24'))
        return {
          zh: `\`${subnet}\` 是租约的网络地址；文件里写的是它加一之后的地址。`,
          en: `\`${subnet}\` is the lease's network address; the file holds the address after it.`,
        };
      if (mtu !== undefined && mtu !== env.get('FLANNEL_MTU'))
        return {
          zh: `${mtu} 不对：flanneld 写的是后端的 MTU，VXLAN 要从网卡 MTU 里扣掉 50 字节。`,
          en: `${mtu} is not it: flanneld writes the backend's MTU, and VXLAN takes 50 bytes off the NIC's.`,
        };
      return undefined;
    },
  },
  solution: [
    'ls /run/flannel',
    'cat /run/flannel/subnet.env',
    'answer subnet=10.244.1.1/24 mtu=1402 ipmasq=true',
    'check',
  ],
  wrong: [
    // The lease (as the node's podCIDR reads) and the NIC's MTU, without opening the file.
    'answer subnet=10.244.1.0/24 mtu=1452 ipmasq=true',
    'check',
  ],
};
