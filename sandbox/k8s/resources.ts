/**
 * The resource types this API server serves, with the names kubectl accepts
 * for them (plural, singular, short names) and the group kubectl prints in
 * `kind.group/name` (e.g. `clusterrole.rbac.authorization.k8s.io/flannel`).
 */
export interface ResourceType {
  /** Plural resource name: the store key. */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'] },
  {
    resource: 'nodes',
    singular: 'node',
    kind: 'Node',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['no'],
  },
  {
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    resource: 'serviceaccounts',
    singular: 'serviceaccount',
    kind: 'ServiceAccount',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    resource: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    resource: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    resource: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    resource: 'clusterroles',
    singular: 'clusterrole',
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: [],
  },
  {
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    namespaced: false,
    shortNames: [],
  },
];

/** Resolve what the reader typed (`po`, `pods`, `deployment.apps`, `ds`) to a type. */
export function resolveResource(word: string): ResourceType | undefined {
  const w = word.toLowerCase();
  const dot = w.indexOf('.');
  const name = dot >= 0 ? w.slice(0, dot) : w;
  const group = dot >= 0 ? w.slice(dot + 1) : undefined;
  return RESOURCE_TYPES.find(
    (t) =>
      (t.resource === name || t.singular === name || t.shortNames.includes(name) || t.kind.toLowerCase() === name) &&
      (group === undefined || t.group === group || `${t.version}.${t.group}` === group),
  );
}

export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return RESOURCE_TYPES.find((t) => t.kind === kind && t.group === group && t.version === version);
}

/** `pod`, `daemonset.apps`, `clusterrole.rbac.authorization.k8s.io` — kubectl's prefix for `TYPE/name`. */
export function qualifiedSingular(t: ResourceType): string {
  return t.group ? `${t.singular}.${t.group}` : t.singular;
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}
