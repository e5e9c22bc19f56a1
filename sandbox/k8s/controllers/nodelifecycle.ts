/**
 * kube-controller-manager's node lifecycle controller (TaintNodesByCondition):
 * every 5 s it puts `node.kubernetes.io/not-ready:NoSchedule` on nodes that
 * are not Ready and takes it off those that are.
 */
import { US_PER_S } from '../../world/clock.js';
import type { Cluster } from '../cluster.js';
import type { Taint } from '../objects.js';
import { rfc3339 } from '../time.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';

export class NodeLifecycleController {
  constructor(private readonly c: Cluster) {}

  start(): void {
    const clock = this.c.world.clock;
    const period = 5 * US_PER_S;
    const tick = (): void => {
      this.monitor();
      clock.after(period, tick);
    };
    clock.at(clock.now - (clock.now % period) + period, tick);
  }

  monitor(): void {
    for (const node of this.c.nodes()) {
      const ready = node.status.conditions.find((x) => x.type === 'Ready')?.status === 'True';
      const taints: Taint[] = node.spec.taints ?? [];
      const has = taints.some((t) => t.key === NOT_READY_TAINT && t.effect === 'NoSchedule');
      if (ready && has) {
        node.spec.taints = taints.filter((t) => !(t.key === NOT_READY_TAINT && t.effect === 'NoSchedule'));
        if (node.spec.taints.length === 0) delete node.spec.taints;
        this.c.store.update(node);
      } else if (!ready && !has) {
        node.spec.taints = [...taints, { key: NOT_READY_TAINT, effect: 'NoSchedule', timeAdded: rfc3339(this.c.now) }];
        this.c.store.update(node);
      }
    }
  }
}
