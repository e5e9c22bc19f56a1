/**
 * Assessment items several exercises share. Each reads state through the
 * probes and observations through observed.ts; none mutates anything.
 */
import type { Observation, PacketObservation } from '../world/observations.js';
import type { World } from '../world/world.js';
import { ipInCidr } from './cidr.js';
import { packets } from './observed.js';
import type { ExerciseItem, Localized } from './types.js';

function echo(p: PacketObservation, type: 0 | 8): boolean {
  return p.frame.ip !== undefined && p.frame.icmpType === type;
}

/**
 * The most recent echo request a pod sent towards `dstCidr` was answered: a
 * reply from that destination reached the pod afterwards. "Most recent" makes
 * a ping that worked before the fault, or before a later break, not count.
 */
export function lastPingAnswered(obs: readonly Observation[], pods: readonly string[], dstCidr: string): boolean {
  for (const pod of pods) {
    const seen = packets(obs, pod);
    let lastReq = -1;
    for (let i = 0; i < seen.length; i++) {
      const p = seen[i]!;
      if (p.dir === 'out' && echo(p, 8) && ipInCidr(p.frame.ip!.dst, dstCidr)) lastReq = i;
    }
    if (lastReq < 0) continue;
    const req = seen[lastReq]!;
    for (let i = lastReq + 1; i < seen.length; i++) {
      const p = seen[i]!;
      if (p.dir === 'in' && echo(p, 0) && p.frame.ip!.src === req.frame.ip!.dst) return true;
    }
  }
  return false;
}

/** Echo replies from `dstCidr` that reached one of the pods, oldest first. */
export function repliesAt(obs: readonly Observation[], pods: readonly string[], dstCidr: string): PacketObservation[] {
  return obs.filter(
    (o): o is PacketObservation =>
      o.kind === 'packet' &&
      pods.includes(o.host) &&
      o.dir === 'in' &&
      echo(o, 0) &&
      ipInCidr(o.frame.ip!.src, dstCidr),
  );
}

export function pingItem(id: string, label: Localized, pods: readonly string[], dstCidr: string): ExerciseItem {
  return { id, label, check: (_w: World, obs) => lastPingAnswered(obs, pods, dstCidr) };
}
