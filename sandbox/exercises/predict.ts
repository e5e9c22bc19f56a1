/**
 * "Predict, then run": the reader writes the TTL the replies will show and the
 * next hop the node will use, then pings. The prediction only counts if a ping
 * ran after it, and it is compared with what that ping's replies carried and
 * with the route the node really has.
 */
import type { Observation, AnswerObservation } from '../world/observations.js';
import type { World } from '../world/world.js';
import { repliesAt } from './items.js';
import { answerValue, answers } from './observed.js';
import { route } from './probe/kernel.js';
import type { ExerciseItem, Localized } from './types.js';

export interface PredictSpec {
  /** Pods the ping may be sent from, and the node whose route is asked about. */
  pods: string[];
  node: string;
  /** The destination subnet (the route's dst) and a pod address in it. */
  dstSubnet: string;
}

/** The latest answer that predicts a TTL. */
function prediction(obs: readonly Observation[]): AnswerObservation | undefined {
  const withTtl = answers(obs).filter((a) => answerValue(a.text, 'ttl') !== undefined);
  return withTtl[withTtl.length - 1];
}

function firstReplyAfter(obs: readonly Observation[], spec: PredictSpec, at: number) {
  return repliesAt(obs, spec.pods, spec.dstSubnet).find((p) => p.at > at);
}

export function predictItems(spec: PredictSpec): ExerciseItem[] {
  return [
    {
      id: 'ran',
      label: {
        zh: '写下预测之后，跨节点 ping 收到了回复',
        en: 'after the prediction was written, a cross-node ping got replies',
      },
      check: (_w, obs) => {
        const p = prediction(obs);
        return p !== undefined && firstReplyAfter(obs, spec, p.at) !== undefined;
      },
    },
    {
      id: 'ttl',
      label: {
        zh: '预测的 TTL 和回复里的 TTL 一致',
        en: 'the predicted TTL is the one the replies carried',
      },
      check: (_w, obs) => {
        const p = prediction(obs);
        const reply = p && firstReplyAfter(obs, spec, p.at);
        return p !== undefined && reply !== undefined && Number(answerValue(p.text, 'ttl')) === reply.frame.ip?.ttl;
      },
    },
    {
      id: 'via',
      label: {
        zh: '预测的下一跳就是节点路由表里的网关',
        en: "the predicted next hop is the gateway in the node's routing table",
      },
      check: (world: World, obs) => {
        const p = prediction(obs);
        const r = route(world, spec.node, spec.dstSubnet);
        const via = p && (answerValue(p.text, 'via') ?? answerValue(p.text, 'nexthop'));
        return via !== undefined && r?.gateway !== undefined && via === r.gateway;
      },
    },
  ];
}

/** Where the reader is in "predict, then run", for the hint after the static ones. */
export function predictHint(spec: PredictSpec, world: World, obs: readonly Observation[]): Localized | undefined {
  const p = prediction(obs);
  if (!p)
    return {
      zh: '先写下预测：`answer ttl=N via=IP`，再去 ping。',
      en: 'Write your prediction down first, `answer ttl=N via=IP`, then ping.',
    };
  if (answerValue(p.text, 'via') === undefined && answerValue(p.text, 'nexthop') === undefined)
    return {
      zh: '预测里还缺下一跳：`answer ttl=N via=IP`。',
      en: 'Your prediction lacks the next hop: `answer ttl=N via=IP`.',
    };
  const reply = firstReplyAfter(obs, spec, p.at);
  if (!reply)
    return {
      zh: '预测写好了，现在按回车：从 Pod 里 ping 另一个节点上的 Pod。',
      en: 'The prediction is down; now press Enter: ping a pod on the other node from a pod.',
    };
  const r = route(world, spec.node, spec.dstSubnet);
  const wrong: string[] = [];
  if (Number(answerValue(p.text, 'ttl')) !== reply.frame.ip?.ttl) wrong.push(`TTL ${reply.frame.ip?.ttl ?? '?'}`);
  const via = answerValue(p.text, 'via') ?? answerValue(p.text, 'nexthop');
  if (r?.gateway !== undefined && via !== r.gateway) wrong.push(`via ${r.gateway}`);
  if (wrong.length === 0) return undefined;
  return {
    zh: `实际是 ${wrong.join('、')}。想想为什么，再写一次预测、再 ping 一次。`,
    en: `It was ${wrong.join(', ')}. Work out why, then predict again and ping again.`,
  };
}
