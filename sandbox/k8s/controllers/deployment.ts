/**
 * The Deployment controller: one ReplicaSet per pod template (named by its
 * pod-template-hash), RollingUpdate with maxSurge/maxUnavailable 25%, the
 * revision annotation, and the status `kubectl get deploy` and
 * `kubectl rollout status` read.
 */
import type { Cluster } from '../cluster.js';
import { RT } from '../cluster.js';
import type { DeploymentObject, ReplicaSetObject } from '../objects.js';
import { clone } from '../objects.js';
import { ownedBy } from './pods.js';
import { templateHash } from '../hash.js';
import { recordEvent } from '../events.js';
import { rfc3339 } from '../time.js';

export const REVISION = 'deployment.kubernetes.io/revision';

export class DeploymentController {
  private queued = new Set<string>();

  constructor(private readonly c: Cluster) {}

  start(): void {
    this.c.store.watch(
      (type, o, rt) => {
        if (rt === RT.deployments && type !== 'DELETED') this.enqueue(o as DeploymentObject);
        else if (rt === RT.replicasets) {
          for (const ref of o.metadata.ownerReferences ?? []) {
            if (ref.kind !== 'Deployment') continue;
            const d = this.c.get(RT.deployments, o.metadata.namespace, ref.name) as DeploymentObject | undefined;
            if (d) this.enqueue(d);
          }
        }
      },
      [RT.deployments, RT.replicasets],
    );
    for (const d of this.c.store.list(RT.deployments) as DeploymentObject[]) this.enqueue(d);
  }

  private enqueue(d: DeploymentObject): void {
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.c.world.clock.after(1_000, () => {
      this.queued.delete(key);
      const live = this.c.get(RT.deployments, d.metadata.namespace, d.metadata.name) as DeploymentObject | undefined;
      if (live) this.sync(live);
    });
  }

  private hashFor(d: DeploymentObject): string {
    const pinned = this.c.entropy.table.templateHashes?.[`${d.metadata.namespace}/${d.metadata.name}`];
    const rss = this.c.store.list(RT.replicasets, d.metadata.namespace) as ReplicaSetObject[];
    // A pinned hash names the first template only; later templates hash as Kubernetes does.
    if (pinned && !rss.some((r) => ownedBy(r, d) && r.metadata.labels?.['pod-template-hash'] !== pinned)) {
      const first = rss.find((r) => ownedBy(r, d));
      if (!first || JSON.stringify(first.spec.template) === JSON.stringify(this.templateWithHash(d, pinned)))
        return pinned;
    }
    return templateHash(d.spec.template);
  }

  private templateWithHash(d: DeploymentObject, hash: string): DeploymentObject['spec']['template'] {
    const t = clone(d.spec.template);
    t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), 'pod-template-hash': hash } };
    return t;
  }

  sync(d: DeploymentObject): void {
    const ns = d.metadata.namespace!;
    const replicas = d.spec.replicas ?? 1;
    const hash = this.hashFor(d);
    const rsName = `${d.metadata.name}-${hash}`;
    const owned = (this.c.store.list(RT.replicasets, ns) as ReplicaSetObject[]).filter((r) => ownedBy(r, d));
    let cur = owned.find((r) => r.metadata.name === rsName);
    const olds = owned.filter((r) => r !== cur);
    const maxRev = owned.reduce((m, r) => Math.max(m, Number(r.metadata.annotations?.[REVISION] ?? 0)), 0);
    if (!cur) {
      const created = this.c.store.create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          labels: { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(replicas),
            'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
            [REVISION]: String(maxRev + 1),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: d.metadata.name,
              uid: d.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas: olds.length ? 0 : replicas,
          selector: { matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: this.templateWithHash(d, hash),
        },
      }) as ReplicaSetObject;
      cur = created;
      recordEvent(
        this.c,
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${rsName} to ${created.spec.replicas}`,
        {
          component: 'deployment-controller',
        },
      );
    }
    const avail = (r: ReplicaSetObject): number => Number((r.status ?? {})['availableReplicas'] ?? 0);
    const count = (r: ReplicaSetObject): number => r.spec.replicas ?? 0;
    const maxSurge = Math.ceil(replicas * 0.25);
    const maxUnavailable = Math.floor(replicas * 0.25);
    const oldTotal = olds.reduce((s, r) => s + count(r), 0);
    // Scale up the new ReplicaSet within the surge budget.
    const upTo = Math.min(replicas, Math.max(count(cur), replicas + maxSurge - oldTotal));
    if (upTo !== count(cur) && (olds.length > 0 || count(cur) !== replicas)) {
      const dir = upTo > count(cur) ? 'up' : 'down';
      cur.spec.replicas = olds.length ? upTo : replicas;
      this.c.store.update(cur);
      recordEvent(
        this.c,
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${dir} replica set ${cur.metadata.name} to ${cur.spec.replicas}`,
        {
          component: 'deployment-controller',
        },
      );
    } else if (!olds.length && count(cur) !== replicas) {
      cur.spec.replicas = replicas;
      this.c.store.update(cur);
    }
    // Scale down old ReplicaSets as far as availability allows.
    const totalAvail = owned.reduce((s, r) => s + avail(r), 0) + (owned.includes(cur) ? 0 : avail(cur));
    let canRemove = totalAvail - (replicas - maxUnavailable);
    for (const r of olds) {
      if (count(r) === 0 || canRemove <= 0) continue;
      const n = Math.min(count(r), canRemove);
      r.spec.replicas = count(r) - n;
      canRemove -= n;
      this.c.store.update(r);
      recordEvent(
        this.c,
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled down replica set ${r.metadata.name} to ${r.spec.replicas}`,
        {
          component: 'deployment-controller',
        },
      );
    }
    // Status.
    const all = (this.c.store.list(RT.replicasets, ns) as ReplicaSetObject[]).filter((r) => ownedBy(r, d));
    const sum = (k: string): number => all.reduce((s, r) => s + Number((r.status ?? {})[k] ?? 0), 0);
    const available = sum('availableReplicas');
    const now = rfc3339(this.c.now);
    const st = (d.status ?? {}) as Record<string, unknown>;
    const next: Record<string, unknown> = {
      availableReplicas: available,
      observedGeneration: d.metadata.generation ?? 1,
      readyReplicas: sum('readyReplicas'),
      replicas: sum('replicas'),
      updatedReplicas: Number((cur.status ?? {})['replicas'] ?? 0),
    };
    if (available < replicas) next['unavailableReplicas'] = replicas - available;
    for (const k of ['availableReplicas', 'readyReplicas', 'updatedReplicas', 'replicas'])
      if (next[k] === 0) delete next[k];
    const availCond = available >= replicas - maxUnavailable;
    const prevConds = (st['conditions'] ?? []) as { type: string; status: string; lastTransitionTime?: string }[];
    const cond = (type: string, ok: boolean, reason: string, message: string): Record<string, unknown> => {
      const prev = prevConds.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      return {
        lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now,
        lastUpdateTime: now,
        message,
        reason,
        status,
        type,
      };
    };
    next['conditions'] = [
      cond(
        'Available',
        availCond,
        availCond ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        availCond ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      ),
      cond(
        'Progressing',
        true,
        available === replicas && !olds.some((r) => count(r) > 0) ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        available === replicas && !olds.some((r) => count(r) > 0)
          ? `ReplicaSet "${cur.metadata.name}" has successfully progressed.`
          : `ReplicaSet "${cur.metadata.name}" is progressing.`,
      ),
    ];
    const strip = (o: Record<string, unknown>): string =>
      JSON.stringify({
        ...o,
        conditions: ((o['conditions'] ?? []) as Record<string, unknown>[]).map((c) => ({
          ...c,
          lastUpdateTime: 0,
          lastTransitionTime: 0,
        })),
      });
    if (strip(next) !== strip(st)) {
      d.status = next;
      this.c.store.update(d);
    }
  }
}
