/**
 * The DaemonSet controller: one pod per eligible node (node affinity and
 * NoSchedule/NoExecute taints against the template's tolerations plus the
 * ones the controller adds), rolling updates one node at a time
 * (maxUnavailable 1) when the template changes, and the status counters
 * `kubectl get ds` prints.
 */
import type { Cluster } from '../cluster.js';
import { RT } from '../cluster.js';
import type { DaemonSetObject, NodeObject, PodObject, PodTemplate, Toleration } from '../objects.js';
import { clone } from '../objects.js';
import { nodeAffinityMatches, tolerates } from '../scheduler.js';
import { freshName, ownedBy, podFromTemplate, podReady } from './pods.js';
import { templateHash } from '../hash.js';
import { recordEvent } from '../events.js';

/** Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(t: PodTemplate): Toleration[] {
  const add: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (t.spec.hostNetwork)
    add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return [...(t.spec.tolerations ?? []), ...add];
}

export class DaemonSetController {
  private queued = new Set<string>();
  /** Per DaemonSet generation: the template hash and, per node version, whether a pod belongs there. */
  private readonly memo = new Map<
    string,
    { gen: number; hash: string; tols: Toleration[]; fit: Map<string, { rv: string; ok: boolean }> }
  >();

  constructor(private readonly c: Cluster) {}

  start(): void {
    this.c.store.watch(
      (type, o, rt) => {
        if (rt === RT.daemonsets && type !== 'DELETED') this.enqueue(o as DaemonSetObject);
        else if (rt === RT.nodes) for (const ds of this.all()) this.enqueue(ds);
        else if (rt === RT.pods) {
          for (const ref of o.metadata.ownerReferences ?? []) {
            if (ref.kind !== 'DaemonSet') continue;
            const ds = this.c.get(RT.daemonsets, o.metadata.namespace, ref.name) as DaemonSetObject | undefined;
            if (ds) this.enqueue(ds);
          }
        }
      },
      [RT.daemonsets, RT.nodes, RT.pods],
    );
    for (const ds of this.all()) this.enqueue(ds);
  }

  private all(): DaemonSetObject[] {
    return this.c.store.list(RT.daemonsets) as DaemonSetObject[];
  }

  private enqueue(ds: DaemonSetObject): void {
    const key = `${ds.metadata.namespace}/${ds.metadata.name}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.c.world.clock.after(1_000, () => {
      this.queued.delete(key);
      const live = this.c.get(RT.daemonsets, ds.metadata.namespace, ds.metadata.name) as DaemonSetObject | undefined;
      if (live) this.sync(live);
    });
  }

  private shouldRun(ds: DaemonSetObject, node: NodeObject, tols: Toleration[]): boolean {
    const probe = { spec: { ...ds.spec.template.spec, tolerations: tols } } as PodObject;
    if (!nodeAffinityMatches(probe, node)) return false;
    for (const t of node.spec.taints ?? []) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tols, t)) return false;
    }
    return true;
  }

  sync(ds: DaemonSetObject): void {
    const gen = ds.metadata.generation ?? 1;
    const key = ds.metadata.uid;
    let m = this.memo.get(key);
    if (!m || m.gen !== gen) {
      m = {
        gen,
        hash: templateHash(ds.spec.template).slice(0, 10),
        tols: daemonTolerations(ds.spec.template),
        fit: new Map(),
      };
      this.memo.set(key, m);
    }
    const memo = m;
    const { hash, tols } = memo;
    const fits = (node: NodeObject): boolean => {
      const f = memo.fit.get(node.metadata.name);
      if (f && f.rv === node.metadata.resourceVersion) return f.ok;
      const ok = this.shouldRun(ds, node, tols);
      memo.fit.set(node.metadata.name, { rv: node.metadata.resourceVersion, ok });
      return ok;
    };
    const pods = (this.c.store.list(RT.pods, ds.metadata.namespace) as PodObject[]).filter((p) => ownedBy(p, ds));
    const nodes = this.c.nodes();
    const isCurrent = (p: PodObject): boolean => p.metadata.labels?.['pod-template-generation'] === String(gen);
    const nodeOf = (p: PodObject): string | undefined => {
      const terms = (ds.spec.template && p.spec.affinity?.['nodeAffinity']) as
        | {
            requiredDuringSchedulingIgnoredDuringExecution?: {
              nodeSelectorTerms?: { matchFields?: { values?: string[] }[] }[];
            };
          }
        | undefined;
      return (
        p.spec.nodeName ??
        terms?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0]
      );
    };
    let desired = 0;
    const byNode = new Map<string, number>();
    for (const p of pods) {
      const n = nodeOf(p);
      if (n) byNode.set(n, (byNode.get(n) ?? 0) + 1);
    }
    for (const node of nodes) {
      if (!fits(node)) continue;
      desired++;
      if (!byNode.get(node.metadata.name)) this.createPod(ds, node, tols, gen, hash);
    }
    // Rolling update: replace one out-of-date pod at a time, only while every other pod is available.
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    const unavailable = pods.filter((p) => !podReady(p)).length + Math.max(0, desired - pods.length);
    const old = live.filter((p) => !isCurrent(p)).sort((a, b) => ((nodeOf(a) ?? '') < (nodeOf(b) ?? '') ? -1 : 1));
    if (old.length && unavailable === 0) this.c.deletePod(old[0]!.metadata.namespace!, old[0]!.metadata.name);
    // Status.
    const cur = (this.c.store.list(RT.pods, ds.metadata.namespace) as PodObject[]).filter((p) => ownedBy(p, ds));
    const scheduled = cur.filter((p) => p.spec.nodeName);
    const status = {
      currentNumberScheduled: scheduled.length,
      desiredNumberScheduled: desired,
      numberAvailable: cur.filter(podReady).length,
      numberMisscheduled: 0,
      numberReady: cur.filter(podReady).length,
      observedGeneration: gen,
      updatedNumberScheduled: scheduled.filter(isCurrent).length,
    };
    const prev = JSON.stringify(ds.status ?? {});
    const next: Record<string, number> = { ...status };
    if (next['numberAvailable'] === 0) delete next['numberAvailable'];
    if (next['numberUnavailable'] === undefined && desired - status.numberAvailable > 0)
      next['numberUnavailable'] = desired - status.numberAvailable;
    if (JSON.stringify(next) !== prev) {
      ds.status = next;
      this.c.store.update(ds);
    }
  }

  private createPod(ds: DaemonSetObject, node: NodeObject, tols: Toleration[], gen: number, hash: string): void {
    const template = clone(ds.spec.template);
    template.spec.tolerations = tols;
    template.spec.affinity = {
      ...(template.spec.affinity ?? {}),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] },
          ],
        },
      },
    };
    const name = freshName(this.c, ds, ds.metadata.name);
    const pod = podFromTemplate(this.c, ds, name, template, {
      'controller-revision-hash': hash,
      'pod-template-generation': String(gen),
    });
    recordEvent(this.c, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, {
      component: 'daemonset-controller',
    });
  }
}
