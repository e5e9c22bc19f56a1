/**
 * kube-scheduler, reduced to the plugins this cluster's pods exercise:
 * filters NodeUnschedulable, TaintToleration, NodeAffinity/nodeSelector and
 * PodTopologySpread (DoNotSchedule); scores InterPodAffinity (preferred
 * anti-affinity), PodTopologySpread and NodeResourcesFit (least allocated).
 * Pods are taken by priority, then age, one at a time, so each binding
 * counts for the next. Unschedulable pods wait for the next node change.
 */
import type { Cluster } from './cluster.js';
import { RT } from './cluster.js';
import type { JsonObject, NodeObject, PodObject, Taint, Toleration } from './objects.js';
import { selectorMatches, type LabelSelector } from './objects.js';
import { recordEvent } from './events.js';

export function tolerates(tols: readonly Toleration[] | undefined, t: Taint): boolean {
  return (tols ?? []).some(
    (tol) =>
      (!tol.effect || tol.effect === t.effect) &&
      (tol.operator === 'Exists'
        ? !tol.key || tol.key === t.key
        : tol.key === t.key && (tol.value ?? '') === (t.value ?? '')),
  );
}

interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

function termMatches(term: NodeSelectorTerm, node: NodeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const e of term.matchExpressions ?? []) {
    if (!selectorMatches({ matchExpressions: [e] }, labels)) return false;
  }
  for (const f of term.matchFields ?? []) {
    if (
      f.key === 'metadata.name' &&
      !selectorMatches({ matchExpressions: [{ ...f, key: 'n' }] }, { n: node.metadata.name })
    )
      return false;
  }
  return true;
}

export function nodeAffinityMatches(pod: PodObject, node: NodeObject): boolean {
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (node.metadata.labels?.[k] !== v) return false;
  const req = (pod.spec.affinity?.['nodeAffinity'] as JsonObject | undefined)?.[
    'requiredDuringSchedulingIgnoredDuringExecution'
  ] as { nodeSelectorTerms?: NodeSelectorTerm[] } | undefined;
  if (req?.nodeSelectorTerms?.length) return req.nodeSelectorTerms.some((t) => termMatches(t, node));
  return true;
}

function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  if (q.endsWith('m')) return Number(q.slice(0, -1)) || 0;
  return (Number(q) || 0) * 1000;
}

function requestedCpu(pod: PodObject): number {
  return pod.spec.containers.reduce((s, c) => s + cpuMillis(c.resources?.requests?.['cpu']), 0);
}

interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector;
}

export class Scheduler {
  private pending = false;

  constructor(private readonly c: Cluster) {}

  start(): void {
    this.c.store.watch(
      (type, o, rt) => {
        if (rt === RT.nodes && type !== 'DELETED') this.kick();
        if (rt === RT.pods && type === 'ADDED' && !(o as PodObject).spec.nodeName) this.kick();
        if (rt === RT.pods && type === 'DELETED') this.kick();
      },
      [RT.nodes, RT.pods],
    );
    this.kick();
  }

  /** Coalesce triggers: one scheduling pass per instant. */
  kick(): void {
    if (this.pending) return;
    this.pending = true;
    this.c.world.clock.after(5_000, () => {
      this.pending = false;
      this.pass();
    });
  }

  private pass(): void {
    const queue = this.c
      .pods()
      .filter(
        (p) =>
          !p.spec.nodeName &&
          !p.metadata.deletionTimestamp &&
          (p.spec['schedulerName'] ?? 'default-scheduler') === 'default-scheduler',
      )
      .sort(
        (a, b) =>
          (b.spec.priority ?? 0) - (a.spec.priority ?? 0) ||
          (a.metadata.creationTimestamp < b.metadata.creationTimestamp
            ? -1
            : a.metadata.creationTimestamp > b.metadata.creationTimestamp
              ? 1
              : 0) ||
          (a.metadata.name < b.metadata.name ? -1 : 1),
      );
    const nodes = this.c.nodes();
    for (const pod of queue) {
      const all = this.c.pods();
      const feasible = nodes.filter((n) => this.fits(pod, n, nodes, all));
      if (feasible.length === 0) {
        this.unschedulable(pod, nodes, all);
        continue;
      }
      const scored = feasible
        .map((n) => ({ n, s: this.score(pod, n, all) }))
        .sort((a, b) => b.s - a.s || (a.n.metadata.name < b.n.metadata.name ? -1 : 1));
      this.bind(pod, scored[0]!.n);
    }
  }

  private fits(pod: PodObject, node: NodeObject, nodes: NodeObject[], all: PodObject[]): boolean {
    if (
      node.spec.unschedulable &&
      !tolerates(pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })
    )
      return false;
    for (const t of node.spec.taints ?? []) {
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t)) return false;
    }
    if (!nodeAffinityMatches(pod, node)) return false;
    for (const tsc of (pod.spec.topologySpreadConstraints ?? []) as unknown as SpreadConstraint[]) {
      if (tsc.whenUnsatisfiable !== 'DoNotSchedule') continue;
      const counts = this.domainCounts(pod, tsc, nodes, all);
      const dom = node.metadata.labels?.[tsc.topologyKey];
      if (dom === undefined) return false;
      const min = Math.min(...counts.values());
      if ((counts.get(dom) ?? 0) + 1 - min > tsc.maxSkew) return false;
    }
    return true;
  }

  /** Matching pods per topology domain, over the nodes the pod's node affinity allows (taints ignored). */
  private domainCounts(
    pod: PodObject,
    tsc: SpreadConstraint,
    nodes: NodeObject[],
    all: PodObject[],
  ): Map<string, number> {
    const counts = new Map<string, number>();
    const byName = new Map<string, string>();
    for (const n of nodes) {
      const d = n.metadata.labels?.[tsc.topologyKey];
      if (d === undefined || !nodeAffinityMatches(pod, n)) continue;
      counts.set(d, counts.get(d) ?? 0);
      byName.set(n.metadata.name, d);
    }
    for (const p of all) {
      // Terminating pods do not count toward spreading (kubernetes#87621).
      if (!p.spec.nodeName || p.metadata.deletionTimestamp || p.metadata.namespace !== pod.metadata.namespace) continue;
      if (!selectorMatches(tsc.labelSelector, p.metadata.labels)) continue;
      const d = byName.get(p.spec.nodeName);
      if (d !== undefined) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return counts;
  }

  private score(pod: PodObject, node: NodeObject, all: PodObject[]): number {
    let s = 0;
    const onNode = all.filter((p) => p.spec.nodeName === node.metadata.name);
    const anti = (pod.spec.affinity?.['podAntiAffinity'] as JsonObject | undefined)?.[
      'preferredDuringSchedulingIgnoredDuringExecution'
    ] as { weight: number; podAffinityTerm: { labelSelector?: LabelSelector; topologyKey: string } }[] | undefined;
    for (const a of anti ?? []) {
      if (onNode.some((p) => selectorMatches(a.podAffinityTerm.labelSelector, p.metadata.labels))) s -= a.weight * 100;
    }
    for (const tsc of (pod.spec.topologySpreadConstraints ?? []) as unknown as SpreadConstraint[]) {
      s -=
        onNode.filter((p) => !p.metadata.deletionTimestamp && selectorMatches(tsc.labelSelector, p.metadata.labels))
          .length * 100;
    }
    const cap = cpuMillis(node.status.allocatable?.['cpu'] ?? '2');
    const used = onNode.reduce((t, p) => t + requestedCpu(p), 0) + requestedCpu(pod);
    s += cap > 0 ? Math.round(((cap - Math.min(used, cap)) / cap) * 100) : 0;
    return s;
  }

  private bind(pod: PodObject, node: NodeObject): void {
    pod.spec.nodeName = node.metadata.name;
    pod.status = {
      ...pod.status,
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: new Date(Math.floor(this.c.now / 1e6) * 1000).toISOString().replace('.000Z', 'Z'),
        },
      ],
    };
    this.c.store.update(pod);
    recordEvent(
      this.c,
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
      {
        component: 'default-scheduler',
      },
    );
  }

  private unschedulable(pod: PodObject, nodes: NodeObject[], all: PodObject[]): void {
    const reasons = new Map<string, number>();
    const add = (r: string): void => void reasons.set(r, (reasons.get(r) ?? 0) + 1);
    for (const n of nodes) {
      const taint = (n.spec.taints ?? []).find(
        (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec.tolerations, t),
      );
      if (taint) add(`${nodes.length > 0 ? '' : ''}node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
      else if (!nodeAffinityMatches(pod, n)) add("node(s) didn't match Pod's node affinity/selector");
      else add("node(s) didn't match pod topology spread constraints");
    }
    void all;
    const parts = [...reasons.entries()].map(([r, k]) => `${k} ${r}`).sort();
    const msg = `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling..`;
    const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (cond?.message === msg) return;
    pod.status = {
      ...pod.status,
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: new Date(Math.floor(this.c.now / 1e6) * 1000).toISOString().replace('.000Z', 'Z'),
          reason: 'Unschedulable',
          message: msg,
        },
      ],
    };
    this.c.store.update(pod);
    recordEvent(this.c, pod, 'Warning', 'FailedScheduling', msg, { component: 'default-scheduler' });
  }
}
