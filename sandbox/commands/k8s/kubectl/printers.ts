/**
 * kubectl 1.28's table columns per resource type
 * (kubectl/pkg/printers/internalversion/printers.go), computed from objects.
 */
import type {
  ContainerStatus,
  DaemonSetObject,
  DeploymentObject,
  KObject,
  LabelSelector,
  NodeObject,
  PodObject,
  ReplicaSetObject,
  PodTemplate,
} from '../../../k8s/objects.js';
import { age, parseRfc3339, humanDuration } from '../../../k8s/time.js';

export interface Printer {
  headers: string[];
  wideHeaders: string[];
  row(o: KObject, now: number, wide: boolean): string[];
}

function n(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export function podStatusReason(pod: PodObject): {
  ready: string;
  reason: string;
  restarts: string;
  lastRestart?: number;
} {
  const st = pod.status ?? { phase: 'Pending' };
  let restarts = 0;
  let lastRestart = 0;
  const total = pod.spec.containers.length;
  let readyCount = 0;
  let reason: string = (st.reason as string | undefined) || st.phase || 'Pending';
  const initStatuses: ContainerStatus[] = st.initContainerStatuses ?? [];
  const initTotal = pod.spec.initContainers?.length ?? 0;
  const noteRestart = (c: ContainerStatus): void => {
    const fin = parseRfc3339(c.lastState?.terminated?.finishedAt);
    if (fin !== undefined && fin > lastRestart) lastRestart = fin;
  };
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount;
    noteRestart(c);
    const t = c.state.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initTotal}`;
    initializing = true;
    break;
  }
  const initializedCond = st.conditions?.find((c) => c.type === 'Initialized')?.status === 'True';
  if (!initializing || initializedCond) {
    restarts = 0;
    lastRestart = 0;
    let hasRunning = false;
    const cs = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount;
      noteRestart(c);
      if (c.state.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state.terminated) reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return {
    ready: `${readyCount}/${total}`,
    reason,
    restarts: String(restarts),
    ...(restarts !== 0 && lastRestart ? { lastRestart } : {}),
  };
}

const pods: Printer = {
  headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  row(o, now, wide) {
    const p = o as PodObject;
    const s = podStatusReason(p);
    const restarts = s.lastRestart ? `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)` : s.restarts;
    const cells = [p.metadata.name, s.ready, s.reason, restarts, age(p.metadata.creationTimestamp, now)];
    if (wide) {
      cells.push(
        p.status?.podIPs?.[0]?.ip || '<none>',
        p.spec.nodeName || '<none>',
        p.status?.nominatedNodeName || '<none>',
        '<none>',
      );
    }
    return cells;
  },
};

export function nodeRoles(node: NodeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function nodeStatus(node: NodeObject): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodes: Printer = {
  headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  row(o, now, wide) {
    const node = o as NodeObject;
    const info = node.status?.nodeInfo ?? {};
    const cells = [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      age(node.metadata.creationTimestamp, now),
      info['kubeletVersion'] ?? '',
    ];
    if (wide) {
      const addr = (t: string): string => node.status?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
      cells.push(
        addr('InternalIP'),
        addr('ExternalIP'),
        info['osImage'] || '<unknown>',
        info['kernelVersion'] || '<unknown>',
        info['containerRuntimeVersion'] || '<unknown>',
      );
    }
    return cells;
  },
};

export function formatSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const parts = Object.entries(sel.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function containersAndImages(t: PodTemplate | undefined): [string, string] {
  const cs = t?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

const daemonsets: Printer = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const ds = o as DaemonSetObject;
    const s = ds.status ?? {};
    const ns = ds.spec.template?.spec?.nodeSelector;
    const cells = [
      ds.metadata.name,
      String(n(s['desiredNumberScheduled'])),
      String(n(s['currentNumberScheduled'])),
      String(n(s['numberReady'])),
      String(n(s['updatedNumberScheduled'])),
      String(n(s['numberAvailable'])),
      ns && Object.keys(ns).length
        ? Object.entries(ns)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : '<none>',
      age(ds.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(...containersAndImages(ds.spec.template), formatSelector(ds.spec.selector));
    return cells;
  },
};

const deployments: Printer = {
  headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const d = o as DeploymentObject;
    const s = d.status ?? {};
    const cells = [
      d.metadata.name,
      `${n(s['readyReplicas'])}/${d.spec.replicas ?? 1}`,
      String(n(s['updatedReplicas'])),
      String(n(s['availableReplicas'])),
      age(d.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(...containersAndImages(d.spec.template), formatSelector(d.spec.selector));
    return cells;
  },
};

const replicasets: Printer = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row(o, now, wide) {
    const r = o as ReplicaSetObject;
    const s = r.status ?? {};
    const cells = [
      r.metadata.name,
      String(r.spec.replicas ?? 1),
      String(n(s['replicas'])),
      String(n(s['readyReplicas'])),
      age(r.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(...containersAndImages(r.spec.template), formatSelector(r.spec.selector));
    return cells;
  },
};

const configmaps: Printer = {
  headers: ['NAME', 'DATA', 'AGE'],
  wideHeaders: [],
  row(o, now) {
    const data = (o['data'] ?? {}) as Record<string, unknown>;
    const bin = (o['binaryData'] ?? {}) as Record<string, unknown>;
    return [
      o.metadata.name,
      String(Object.keys(data).length + Object.keys(bin).length),
      age(o.metadata.creationTimestamp, now),
    ];
  },
};

const namespaces: Printer = {
  headers: ['NAME', 'STATUS', 'AGE'],
  wideHeaders: [],
  row(o, now) {
    const phase = ((o['status'] ?? {}) as Record<string, unknown>)['phase'];
    return [o.metadata.name, typeof phase === 'string' ? phase : 'Active', age(o.metadata.creationTimestamp, now)];
  },
};

const serviceaccounts: Printer = {
  headers: ['NAME', 'SECRETS', 'AGE'],
  wideHeaders: [],
  row(o, now) {
    const secrets = o['secrets'];
    return [
      o.metadata.name,
      String(Array.isArray(secrets) ? secrets.length : 0),
      age(o.metadata.creationTimestamp, now),
    ];
  },
};

const services: Printer = {
  headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideHeaders: ['SELECTOR'],
  row(o, now, wide) {
    const spec = (o['spec'] ?? {}) as {
      type?: string;
      clusterIP?: string;
      ports?: { port: number; protocol?: string }[];
      selector?: Record<string, string>;
    };
    const ports = (spec.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
    const cells = [
      o.metadata.name,
      spec.type ?? 'ClusterIP',
      spec.clusterIP ?? '<none>',
      '<none>',
      ports,
      age(o.metadata.creationTimestamp, now),
    ];
    if (wide) cells.push(formatSelector(spec.selector ? { matchLabels: spec.selector } : undefined));
    return cells;
  },
};

const clusterroles: Printer = {
  headers: ['NAME', 'CREATED AT'],
  wideHeaders: [],
  row(o) {
    return [o.metadata.name, o.metadata.creationTimestamp];
  },
};

const clusterrolebindings: Printer = {
  headers: ['NAME', 'ROLE', 'AGE'],
  wideHeaders: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
  row(o, now, wide) {
    const ref = (o['roleRef'] ?? {}) as { kind?: string; name?: string };
    const cells = [o.metadata.name, `${ref.kind ?? ''}/${ref.name ?? ''}`, age(o.metadata.creationTimestamp, now)];
    if (wide) {
      const subs = (o['subjects'] ?? []) as { kind?: string; name?: string; namespace?: string }[];
      cells.push(
        subs
          .filter((s) => s.kind === 'User')
          .map((s) => s.name)
          .join(', '),
        subs
          .filter((s) => s.kind === 'Group')
          .map((s) => s.name)
          .join(', '),
        subs
          .filter((s) => s.kind === 'ServiceAccount')
          .map((s) => `${s.namespace ?? ''}/${s.name}`)
          .join(', '),
      );
    }
    return cells;
  },
};

const events: Printer = {
  headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  wideHeaders: [],
  row(o, now) {
    const inv = (o['involvedObject'] ?? {}) as { kind?: string; name?: string };
    return [
      age(o['lastTimestamp'] as string | undefined, now),
      String(o['type'] ?? ''),
      String(o['reason'] ?? ''),
      `${(inv.kind ?? '').toLowerCase()}/${inv.name ?? ''}`,
      String(o['message'] ?? ''),
    ];
  },
};

export const PRINTERS: Record<string, Printer> = {
  pods,
  nodes,
  daemonsets,
  deployments,
  replicasets,
  configmaps,
  namespaces,
  serviceaccounts,
  services,
  clusterroles,
  clusterrolebindings,
  events,
};
