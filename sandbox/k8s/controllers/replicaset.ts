/**
 * The ReplicaSet controller: keep spec.replicas pods; on scale-down delete
 * unscheduled, then not-ready, then the newest pods first (as
 * controller.ActivePods sorts them).
 */
import type { Cluster } from '../cluster.js';
import { RT } from '../cluster.js';
import type { PodObject, ReplicaSetObject } from '../objects.js';
import { freshName, podFromTemplate, podReady, podsOf } from './pods.js';
import { recordEvent } from '../events.js';

export class ReplicaSetController {
  private queued = new Set<string>();

  constructor(private readonly c: Cluster) {}

  start(): void {
    this.c.store.watch(
      (type, o, rt) => {
        if (rt === RT.replicasets && type !== 'DELETED') this.enqueue(o as ReplicaSetObject);
        else if (rt === RT.pods) {
          for (const ref of o.metadata.ownerReferences ?? []) {
            if (ref.kind !== 'ReplicaSet') continue;
            const rs = this.c.get(RT.replicasets, o.metadata.namespace, ref.name) as ReplicaSetObject | undefined;
            if (rs) this.enqueue(rs);
          }
        }
      },
      [RT.replicasets, RT.pods],
    );
    for (const rs of this.c.store.list(RT.replicasets) as ReplicaSetObject[]) this.enqueue(rs);
  }

  private enqueue(rs: ReplicaSetObject): void {
    const key = `${rs.metadata.namespace}/${rs.metadata.name}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.c.world.clock.after(1_000, () => {
      this.queued.delete(key);
      const live = this.c.get(RT.replicasets, rs.metadata.namespace, rs.metadata.name) as ReplicaSetObject | undefined;
      if (live) this.sync(live);
    });
  }

  sync(rs: ReplicaSetObject): void {
    const want = rs.spec.replicas ?? 1;
    const pods = podsOf(this.c, rs).filter((p) => !p.metadata.deletionTimestamp);
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++) {
        const name = freshName(this.c, rs, rs.metadata.name);
        const hash = rs.metadata.labels?.['pod-template-hash'];
        podFromTemplate(this.c, rs, name, rs.spec.template, hash ? { 'pod-template-hash': hash } : {});
        recordEvent(this.c, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, {
          component: 'replicaset-controller',
        });
      }
    } else if (pods.length > want) {
      const rank = (p: PodObject): number => (!p.spec.nodeName ? 0 : !podReady(p) ? 1 : 2);
      const victims = [...pods]
        .sort((a, b) => rank(a) - rank(b) || (a.metadata.creationTimestamp > b.metadata.creationTimestamp ? -1 : 1))
        .slice(0, pods.length - want);
      for (const v of victims) {
        this.c.deletePod(v.metadata.namespace!, v.metadata.name);
        recordEvent(this.c, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${v.metadata.name}`, {
          component: 'replicaset-controller',
        });
      }
    }
    const all = podsOf(this.c, rs);
    const status = {
      replicas: all.filter((p) => !p.metadata.deletionTimestamp).length,
      fullyLabeledReplicas: all.filter((p) => !p.metadata.deletionTimestamp).length,
      readyReplicas: all.filter(podReady).length,
      availableReplicas: all.filter(podReady).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const s: Record<string, number> = { ...status };
    for (const k of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas']) if (s[k] === 0) delete s[k];
    if (JSON.stringify(s) !== JSON.stringify(rs.status ?? {})) {
      rs.status = s;
      this.c.store.update(rs);
    }
  }
}
