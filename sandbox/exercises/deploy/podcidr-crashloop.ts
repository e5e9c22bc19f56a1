import type { Exercise } from '../types.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { ipInCidr, parseCidr } from '../cidr.js';
import { clearPodCidr } from '../probe/fault.js';
import { flannelNetConf, flannelPodOn, node, nodes, pods, podHealthy } from '../probe/k8s.js';
import { lastAnswer, tokensIn } from '../observed.js';
import { MANIFEST_URL } from './deploy-flannel.js';

/** The worker's podCIDR is inside flannel's Network and overlaps no other node's. */
function podCidrOk(world: World): boolean {
  const cidr = node(world, A.WORKER)?.spec.podCIDR;
  const c = cidr === undefined ? undefined : parseCidr(cidr);
  if (!cidr || !c) return false;
  const network = flannelNetConf(world)?.Network ?? A.CLUSTER_NETWORK;
  const n = parseCidr(network);
  if (!n || c.len < n.len || !ipInCidr(cidr.split('/')[0]!, network)) return false;
  return nodes(world).every((other) => {
    const o = other.metadata.name === A.WORKER ? undefined : other.spec.podCIDR;
    if (!o) return true;
    const oc = parseCidr(o)!;
    // Two prefixes overlap when the shorter one contains the other's network address.
    return c.len <= oc.len ? !ipInCidr(o.split('/')[0]!, cidr) : !ipInCidr(cidr.split('/')[0]!, o);
  });
}

/** Pods with their own network (not hostNetwork) scheduled on the worker run with an address from its podCIDR. */
function workerPodsRunning(world: World): boolean {
  const cidr = node(world, A.WORKER)?.spec.podCIDR;
  const mine = pods(world).filter((p) => p.spec.nodeName === A.WORKER && p.spec.hostNetwork !== true);
  return (
    cidr !== undefined &&
    mine.length > 0 &&
    mine.every((p) => podHealthy(p) && p.status.podIP !== undefined && ipInCidr(p.status.podIP, cidr))
  );
}

function flannelHealthyOnWorker(world: World): boolean {
  const p = flannelPodOn(world, A.WORKER);
  return p !== undefined && podHealthy(p);
}

/** The reader named what the log complains about: the missing pod CIDR. */
function namedCause(text: string): boolean {
  const t = tokensIn(text).join(' ');
  return /pod ?cidrs?\b|podcidr/.test(t) || (t.includes('cidr') && !t.includes('network'));
}

export const podcidrCrashloop: Exercise = {
  id: 'podcidr-crashloop',
  chapter: 'deploy',
  title: {
    zh: '没有 podCIDR 的节点：flanneld 反复崩溃',
    en: 'A node without a podCIDR: flanneld crash-looping',
  },
  task: {
    zh: '部署 flannel 之后，节点 `10-7-111-92` 上的 flannel Pod 一直在重启（CrashLoopBackOff），那个节点上的 Pod 一直停在 ContainerCreating。读 flannel 的日志，用 `answer` 写下日志说的原因，然后修好，直到 flannel 和那个节点上的 Pod 都跑起来。',
    en: "After flannel is deployed, the flannel pod on node `10-7-111-92` keeps restarting (CrashLoopBackOff) and the pods on that node stay in ContainerCreating. Read flannel's log, write down the cause it gives with `answer`, then fix it until flannel and the pods on that node run.",
  },
  scenario: 'fresh',
  host: A.CONTROL,
  setup(world) {
    clearPodCidr(world, A.WORKER);
  },
  answer: {
    prompt: { zh: '日志里说的原因', en: 'the cause the log gives' },
    placeholder: 'pod cidr …',
  },
  items: [
    {
      id: 'cause',
      label: { zh: '回答指出了日志里的原因', en: 'the answer names the cause from the log' },
      check: (_w, obs) => {
        const a = lastAnswer(obs);
        return a !== undefined && namedCause(a.text);
      },
    },
    {
      id: 'podcidr',
      label: {
        zh: '`10-7-111-92` 有了 podCIDR：在 10.244.0.0/16 之内，且不和别的节点重叠',
        en: '`10-7-111-92` has a podCIDR inside 10.244.0.0/16 that overlaps no other node',
      },
      check: podCidrOk,
    },
    {
      id: 'flannel',
      label: {
        zh: '`10-7-111-92` 上的 flannel Pod 运行并就绪',
        en: 'the flannel pod on `10-7-111-92` runs and is ready',
      },
      check: flannelHealthyOnWorker,
    },
    {
      id: 'pods',
      label: {
        zh: '`10-7-111-92` 上的 Pod 都在运行，地址在它的 podCIDR 里',
        en: 'the pods on `10-7-111-92` run with addresses in its podCIDR',
      },
      check: workerPodsRunning,
    },
  ],
  hints: {
    static: [
      {
        zh: `还没部署的话先部署：\`kubectl apply -f ${MANIFEST_URL}\`。然后 \`kubectl get pods -n kube-flannel -o wide\`，找到 \`10-7-111-92\` 上那个。`,
        en: `Deploy it first if you have not: \`kubectl apply -f ${MANIFEST_URL}\`. Then \`kubectl get pods -n kube-flannel -o wide\` and find the one on \`10-7-111-92\`.`,
      },
      {
        zh: '`kubectl -n kube-flannel logs <Pod 名>` 读日志（崩溃后读上一次的用 `--previous`）。最后一行 E 开头的就是原因。',
        en: 'Read the log with `kubectl -n kube-flannel logs <pod>` (`--previous` for the run that crashed). The last line starting with E is the cause.',
      },
      {
        zh: 'kube 子网管理模式下，flannel 不自己分子网，而是用节点的 `spec.podCIDR`。对比 `kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR`。',
        en: "In kube subnet manager mode flannel does not allocate subnets; it uses the node's `spec.podCIDR`. Compare `kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR`.",
      },
      {
        zh: '给节点补上：`kubectl patch node 10-7-111-92 -p \'{"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]}}\'`，再删掉那个 flannel Pod，让 DaemonSet 立刻重建它，不用等退避。',
        en: 'Give the node one: `kubectl patch node 10-7-111-92 -p \'{"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]}}\'`, then delete that flannel pod so the DaemonSet recreates it at once instead of after the back-off.',
      },
    ],
    dynamic(world, obs) {
      const p = flannelPodOn(world, A.WORKER);
      if (!p)
        return {
          zh: '`10-7-111-92` 上还没有 flannel 的 Pod：先部署 flannel。',
          en: 'There is no flannel pod on `10-7-111-92` yet: deploy flannel first.',
        };
      if (!lastAnswer(obs) || !namedCause(lastAnswer(obs)!.text))
        return {
          zh: `读 \`kubectl -n kube-flannel logs ${p.metadata.name}\`，把原因用 \`answer\` 写下来。`,
          en: `Read \`kubectl -n kube-flannel logs ${p.metadata.name}\` and write the cause down with \`answer\`.`,
        };
      if (!podCidrOk(world)) {
        const cidr = node(world, A.WORKER)?.spec.podCIDR;
        return cidr
          ? {
              zh: `\`10-7-111-92\` 的 podCIDR 是 ${cidr}，它不在 10.244.0.0/16 里，或者和另一个节点重叠了。`,
              en: `\`10-7-111-92\` has podCIDR ${cidr}, which is outside 10.244.0.0/16 or overlaps another node.`,
            }
          : { zh: '`10-7-111-92` 还是没有 podCIDR。', en: '`10-7-111-92` still has no podCIDR.' };
      }
      if (!podHealthy(p))
        return {
          zh: `podCIDR 有了，但 ${p.metadata.name} 还在退避等待中：删掉它（\`kubectl -n kube-flannel delete pod ${p.metadata.name}\`），DaemonSet 会马上重建。`,
          en: `The podCIDR is there, but ${p.metadata.name} is still backing off: delete it (\`kubectl -n kube-flannel delete pod ${p.metadata.name}\`) and the DaemonSet recreates it at once.`,
        };
      return undefined;
    },
  },
  solution: [
    `kubectl apply -f ${MANIFEST_URL}`,
    'sleep 30',
    'kubectl get pods -n kube-flannel -o wide',
    'kubectl -n kube-flannel logs -l app=flannel --tail=1',
    'answer node "10-7-111-92" pod cidr not assigned',
    `kubectl patch node 10-7-111-92 -p '{"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]}}'`,
    'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=10-7-111-92',
    'sleep 30',
    'kubectl get nodes',
    'check',
  ],
  wrong: [
    `kubectl apply -f ${MANIFEST_URL}`,
    'sleep 30',
    'answer pod cidr not assigned',
    // Outside the cluster's Network: flanneld refuses it.
    `kubectl patch node 10-7-111-92 -p '{"spec":{"podCIDR":"10.245.1.0/24","podCIDRs":["10.245.1.0/24"]}}'`,
    'kubectl -n kube-flannel delete pod -l app=flannel --field-selector spec.nodeName=10-7-111-92',
    'sleep 30',
    'check',
  ],
};
