/** What the workload controllers share: making a pod from a template, and readiness. */
import type { Cluster } from '../cluster.js';
import { RT } from '../cluster.js';
import type { KObject, PodObject, PodTemplate, NewObject, Toleration } from '../objects.js';
import { clone } from '../objects.js';

export const PRIORITY: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export function podFromTemplate(
  c: Cluster,
  owner: KObject,
  name: string,
  template: PodTemplate,
  extraLabels: Record<string, string>,
): KObject {
  const spec = clone(template.spec);
  if (spec.priorityClassName && PRIORITY[spec.priorityClassName] !== undefined)
    spec.priority = PRIORITY[spec.priorityClassName];
  spec.priority ??= 0;
  spec.restartPolicy ??= 'Always';
  spec['schedulerName'] ??= 'default-scheduler';
  spec['dnsPolicy'] ??= 'ClusterFirst';
  spec['terminationGracePeriodSeconds'] ??= 30;
  spec.serviceAccountName ??= 'default';
  addDefaultTolerations(spec);
  const obj: NewObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: name.slice(0, name.lastIndexOf('-') + 1),
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec,
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
  return c.store.create(obj);
}

export function ownedBy(p: KObject, owner: KObject): boolean {
  return (p.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid && r.controller);
}

export function podReady(p: PodObject): boolean {
  return (
    !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

export function podsOf(c: Cluster, owner: KObject): PodObject[] {
  return (c.store.list(RT.pods, owner.metadata.namespace) as PodObject[]).filter((p) => ownedBy(p, owner));
}

/** A name not yet taken in the namespace: base + 5-char suffix from the cluster's entropy. */
export function freshName(c: Cluster, owner: KObject, base: string): string {
  const key = `${owner.metadata.namespace ?? ''}/${base}`;
  for (let i = 0; i < 100; i++) {
    const name = `${base}-${c.entropy.podSuffix(key)}`;
    if (!c.pod(owner.metadata.namespace ?? 'default', name)) return name;
  }
  return `${base}-${c.rng.k8sSuffix(5)}`;
}

/** The DefaultTolerationSeconds admission plugin: 300 s for not-ready and unreachable, unless the pod says otherwise. */
export function addDefaultTolerations(spec: { tolerations?: Toleration[] }): void {
  const tols = spec.tolerations ?? [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (
      tols.some(
        (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
      )
    )
      continue;
    tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tols;
}
