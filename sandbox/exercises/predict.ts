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
import type { ExerciseItem } from './types.js';

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
