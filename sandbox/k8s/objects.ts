/**
 * Kubernetes API objects as the API server stores them: plain JSON-shaped
 * records. Objects arrive from `kubectl apply` in any shape the reader types,
 * so the store keeps them generic; controllers read them through the typed
 * views below, which only name the fields this cluster acts on.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface NodeObject extends KObject {
  kind: 'Node';
  spec: { podCIDR?: string; podCIDRs?: string[]; taints?: Taint[]; unschedulable?: boolean };
  status: {
    addresses: { type: string; address: string }[];
    conditions: Condition[];
    nodeInfo: Record<string, string>;
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    images?: { names: string[]; sizeBytes: number }[];
  };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number; protocol?: string; hostPort?: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  [field: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; message?: string };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodSpec {
  nodeName?: string;
  hostNetwork?: boolean;
  containers: Container[];
  initContainers?: Container[];
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: JsonObject;
  topologySpreadConstraints?: JsonObject[];
  priorityClassName?: string;
  priority?: number;
  serviceAccountName?: string;
  restartPolicy?: string;
  [field: string]: unknown;
}

export interface PodObject extends KObject {
  kind: 'Pod';
  spec: PodSpec;
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    conditions?: Condition[];
    hostIP?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
    qosClass?: string;
    nominatedNodeName?: string;
    [field: string]: unknown;
  };
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface DaemonSetObject extends KObject {
  kind: 'DaemonSet';
  spec: { selector: LabelSelector; template: PodTemplate; [field: string]: unknown };
  status?: Record<string, number>;
}

export interface DeploymentObject extends KObject {
  kind: 'Deployment';
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplate; [field: string]: unknown };
  status?: Record<string, unknown>;
}

export interface ReplicaSetObject extends KObject {
  kind: 'ReplicaSet';
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplate; [field: string]: unknown };
  status?: Record<string, unknown>;
}

export interface ConfigMapObject extends KObject {
  kind: 'ConfigMap';
  data?: Record<string, string>;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of a JSON-shaped value (objects leave the store only as copies). */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Same labels as a LabelSelector requires. */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const val = l[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** An object as a client submits it: the server fills uid, resourceVersion and creationTimestamp. */
export interface NewObject {
  apiVersion: string;
  kind: string;
  metadata: Partial<ObjectMeta> & { name: string };
  [field: string]: unknown;
}
