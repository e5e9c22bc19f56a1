/**
 * History for a scenario: a Deployment with its ReplicaSet and pods created
 * at a past time, as its controllers would have made them, so the cluster
 * starts with the right names and ages.
 */
import type { Cluster } from './cluster.js';
import type { DeploymentObject, PodTemplate } from './objects.js';
import { clone } from './objects.js';
import { freshName, podFromTemplate } from './controllers/pods.js';
import { templateHash } from './hash.js';
import { REVISION } from './controllers/deployment.js';

export interface SeedDeployment {
  name: string;
  namespace: string;
  replicas: number;
  labels: Record<string, string>;
  template: PodTemplate;
  /** Deployment creation time (µs); its pods follow a second later. */
  at: number;
  extraSpec?: Record<string, unknown>;
}

export function seedDeployment(c: Cluster, s: SeedDeployment): DeploymentObject {
  const d = c.store.create(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: s.name, namespace: s.namespace, labels: s.labels, annotations: { [REVISION]: '1' } },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: s.replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { ...(s.template.metadata?.labels ?? {}) } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: clone(s.template),
        ...(s.extraSpec ?? {}),
      },
    },
    s.at,
  ) as DeploymentObject;
  const hash = c.entropy.table.templateHashes?.[`${s.namespace}/${s.name}`] ?? templateHash(s.template);
  const tpl = clone(s.template);
  tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), 'pod-template-hash': hash } };
  const rs = c.store.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${s.name}-${hash}`,
        namespace: s.namespace,
        labels: { ...(s.template.metadata?.labels ?? {}), 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(s.replicas),
          'deployment.kubernetes.io/max-replicas': String(s.replicas + Math.ceil(s.replicas * 0.25)),
          [REVISION]: '1',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: s.name,
            uid: d.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: s.replicas,
        selector: { matchLabels: { ...(s.template.metadata?.labels ?? {}), 'pod-template-hash': hash } },
        template: tpl,
      },
    },
    s.at + 500_000,
  );
  for (let i = 0; i < s.replicas; i++) {
    const name = freshName(c, rs, rs.metadata.name);
    const pod = podFromTemplate(c, rs, name, tpl, { 'pod-template-hash': hash });
    pod.metadata.creationTimestamp = new Date(Math.floor((s.at + 1_000_000) / 1e6) * 1000)
      .toISOString()
      .replace('.000Z', 'Z');
  }
  return d;
}
