/**
 * kubectl describe for nodes, pods and DaemonSets (and a generic form for
 * the rest), laid out as kubectl 1.28's describers do: a PrefixWriter into
 * a tabwriter (minwidth 0, padding 2), times as `Mon, 15 May 2023 18:00:00 +0800`.
 */
import type { DaemonSetObject, KObject, NodeObject, PodObject } from '../../../k8s/objects.js';
import { RT } from '../../../k8s/cluster.js';
import { eventsFor } from '../../../k8s/events.js';
import { ownedBy } from '../../../k8s/controllers/pods.js';
import { humanDuration, parseRfc3339 } from '../../../k8s/time.js';
import { LOCAL_TZ_OFFSET_US } from '../../../world/clock.js';
import type { FlagSpec } from './flags.js';
import { fail, notFound, type KubectlContext } from './context.js';
import { goTabwrite, DESCRIBE_TABS } from './tabwriter.js';
import { resolveArgs, ResolveError } from './resolve.js';
import { nodeRoles, podStatusReason, formatSelector } from './printers.js';

export const DESCRIBE_FLAGS: readonly FlagSpec[] = [
  { long: 'all-namespaces', short: 'A', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'show-events', type: 'string' },
];

export const DESCRIBE_HELP = `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You
may select a single object by name, all objects of that type, provide a name prefix, or label selector.

Examples:
  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubectl describe pods/nginx

Usage:
  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 1123 with numeric zone in the node's local time, as describe prints times. */
export function describeTime(ts: string | undefined): string {
  const us = parseRfc3339(ts);
  if (us === undefined) return '<unset>';
  const d = new Date((us + LOCAL_TZ_OFFSET_US) / 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0800`;
}

class Out {
  text = '';
  line(level: number, ...cells: string[]): void {
    this.text += '  '.repeat(level) + cells.join('\t') + '\n';
  }
  map(level: number, title: string, m: Record<string, string> | undefined, sep: string): void {
    // describe never shows the last-applied configuration (printAnnotationsMultiline skips it).
    const keys = Object.keys(m ?? {})
      .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
      .sort();
    if (keys.length === 0) {
      this.line(level, `${title}:`, '<none>');
      return;
    }
    keys.forEach((k, i) => this.line(level, i === 0 ? `${title}:` : '', `${k}${sep}${m![k]}`));
  }
  done(): string {
    return goTabwrite(this.text, DESCRIBE_TABS);
  }
}

function events(k: KubectlContext, o: Out, obj: KObject): void {
  const evs = eventsFor(k.cluster, obj);
  if (evs.length === 0) {
    o.line(0, 'Events:', '<none>');
    return;
  }
  o.line(0, 'Events:');
  o.line(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  o.line(1, '----', '------', '----', '----', '-------');
  for (const e of evs) {
    const first = parseRfc3339(e['firstTimestamp'] as string) ?? 0;
    const last = parseRfc3339(e['lastTimestamp'] as string) ?? 0;
    const count = Number(e['count'] ?? 1);
    const now = k.cluster.now;
    const age =
      count > 1
        ? `${humanDuration(now - last)} (x${count} over ${humanDuration(now - first)})`
        : humanDuration(now - first);
    const src = e['source'] as { component?: string; host?: string } | undefined;
    o.line(1, String(e['type']), String(e['reason']), age, src?.component ?? '', String(e['message']));
  }
}

function describeNode(k: KubectlContext, n: NodeObject): string {
  const o = new Out();
  o.line(0, 'Name:', n.metadata.name);
  o.line(0, 'Roles:', nodeRoles(n).join(',') || '<none>');
  o.map(0, 'Labels', n.metadata.labels, '=');
  o.map(0, 'Annotations', n.metadata.annotations, ': ');
  o.line(0, 'CreationTimestamp:', describeTime(n.metadata.creationTimestamp));
  const taints = n.spec.taints ?? [];
  if (taints.length === 0) o.line(0, 'Taints:', '<none>');
  taints.forEach((t, i) => o.line(0, i === 0 ? 'Taints:' : '', `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  o.line(0, 'Unschedulable:', String(!!n.spec.unschedulable));
  o.line(0, 'Lease:');
  o.line(1, 'HolderIdentity:', n.metadata.name);
  o.line(1, 'AcquireTime:', '<unset>');
  o.line(
    1,
    'RenewTime:',
    describeTime(new Date(Math.floor(k.cluster.now / 1e6 / 10) * 10_000).toISOString().replace('.000Z', 'Z')),
  );
  o.line(0, 'Conditions:');
  o.line(1, 'Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message');
  o.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
  for (const c of n.status.conditions) {
    o.line(
      1,
      c.type,
      c.status,
      describeTime(c.lastHeartbeatTime),
      describeTime(c.lastTransitionTime),
      c.reason ?? '',
      c.message ?? '',
    );
  }
  o.line(0, 'Addresses:');
  for (const a of n.status.addresses) o.line(1, `${a.type}:`, a.address);
  for (const [title, res] of [
    ['Capacity', n.status.capacity],
    ['Allocatable', n.status.allocatable],
  ] as const) {
    o.line(0, `${title}:`);
    for (const key of Object.keys(res ?? {}).sort()) o.line(1, `${key}:`, res![key]!);
  }
  const info = n.status.nodeInfo;
  o.line(0, 'System Info:');
  for (const [label, key] of [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ] as const) {
    o.line(1, `${label}:`, info[key] ?? '');
  }
  if (n.spec.podCIDR) {
    o.line(0, 'PodCIDR:', n.spec.podCIDR);
    o.line(0, 'PodCIDRs:', (n.spec.podCIDRs ?? [n.spec.podCIDR]).join(','));
  }
  const pods = k.cluster
    .pods()
    .filter(
      (p) => p.spec.nodeName === n.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
    );
  o.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  o.line(1, 'Namespace', 'Name', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  o.line(1, '---------', '----', '------------', '----------', '---------------', '-------------', '---');
  const cpuCap = Number(n.status.allocatable?.['cpu'] ?? 2) * 1000;
  let cpuTotal = 0;
  for (const p of pods) {
    const cpu = p.spec.containers.reduce((s, c) => {
      const q = c.resources?.requests?.['cpu'];
      return s + (q ? (q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000) : 0);
    }, 0);
    cpuTotal += cpu;
    const pct = (v: number): string => `${v ? `${v}m` : '0'} (${Math.floor((v * 100) / cpuCap)}%)`;
    o.line(
      1,
      p.metadata.namespace ?? '',
      p.metadata.name,
      pct(cpu),
      '0 (0%)',
      '0 (0%)',
      '0 (0%)',
      humanDuration(k.cluster.now - (parseRfc3339(p.metadata.creationTimestamp) ?? 0)),
    );
  }
  o.line(0, 'Allocated resources:');
  o.line(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  o.line(1, 'Resource', 'Requests', 'Limits');
  o.line(1, '--------', '--------', '------');
  o.line(1, 'cpu', `${cpuTotal ? `${cpuTotal}m` : '0'} (${Math.floor((cpuTotal * 100) / cpuCap)}%)`, '0 (0%)');
  o.line(1, 'memory', '0 (0%)', '0 (0%)');
  o.line(1, 'ephemeral-storage', '0 (0%)', '0 (0%)');
  events(k, o, n);
  return o.done();
}

function controlledBy(o: KObject): string | undefined {
  const r = (o.metadata.ownerReferences ?? []).find((x) => x.controller);
  return r ? `${r.kind}/${r.name}` : undefined;
}

function describePod(k: KubectlContext, p: PodObject): string {
  const o = new Out();
  const st = p.status ?? { phase: 'Pending' };
  o.line(0, 'Name:', p.metadata.name);
  o.line(0, 'Namespace:', p.metadata.namespace ?? '');
  o.line(0, 'Priority:', String(p.spec.priority ?? 0));
  if (p.spec.priorityClassName) o.line(0, 'Priority Class Name:', p.spec.priorityClassName);
  o.line(0, 'Service Account:', p.spec.serviceAccountName ?? 'default');
  o.line(0, 'Node:', p.spec.nodeName ? `${p.spec.nodeName}/${st.hostIP ?? ''}` : '<none>');
  if (st.startTime) o.line(0, 'Start Time:', describeTime(st.startTime));
  o.map(0, 'Labels', p.metadata.labels, '=');
  o.map(0, 'Annotations', p.metadata.annotations, ': ');
  if (p.metadata.deletionTimestamp)
    o.line(
      0,
      'Status:',
      `Terminating (lasts ${humanDuration((parseRfc3339(p.metadata.deletionTimestamp) ?? 0) - k.cluster.now)})`,
    );
  else o.line(0, 'Status:', st.phase);
  o.line(0, 'IP:', st.podIP ?? '');
  if (st.podIPs?.length) o.line(0, 'IPs:');
  else o.line(0, 'IPs:', '<none>');
  for (const ip of st.podIPs ?? []) o.line(1, 'IP:', ip.ip);
  const cb = controlledBy(p);
  if (cb) o.line(0, 'Controlled By:', cb);
  const containers = (title: string, list: typeof p.spec.containers, statuses: typeof st.containerStatuses): void => {
    if (!list.length) return;
    o.line(0, `${title}:`);
    for (const c of list) {
      const s = statuses?.find((x) => x.name === c.name);
      o.line(1, `${c.name}:`);
      if (s?.containerID) o.line(2, 'Container ID:', s.containerID);
      o.line(2, 'Image:', c.image);
      o.line(2, 'Image ID:', s?.imageID ?? '');
      const port = c.ports?.[0];
      o.line(2, 'Port:', port ? `${port.containerPort}/${port.protocol ?? 'TCP'}` : '<none>');
      o.line(2, 'Host Port:', port ? `${port.hostPort ?? 0}/${port.protocol ?? 'TCP'}` : '<none>');
      if (c.command?.length) {
        o.line(2, 'Command:');
        for (const a of c.command) o.line(3, a);
      }
      if (c.args?.length) {
        o.line(2, 'Args:');
        for (const a of c.args) o.line(3, a);
      }
      const state = s?.state ?? { waiting: { reason: 'ContainerCreating' } };
      if (state.running) {
        o.line(2, 'State:', 'Running');
        o.line(3, 'Started:', describeTime(state.running.startedAt));
      } else if (state.waiting) {
        o.line(2, 'State:', 'Waiting');
        o.line(3, 'Reason:', state.waiting.reason);
      } else if (state.terminated) {
        o.line(2, 'State:', 'Terminated');
        o.line(3, 'Reason:', state.terminated.reason);
        o.line(3, 'Exit Code:', String(state.terminated.exitCode));
        o.line(3, 'Started:', describeTime(state.terminated.startedAt));
        o.line(3, 'Finished:', describeTime(state.terminated.finishedAt));
      }
      const last = s?.lastState?.terminated;
      if (last) {
        o.line(2, 'Last State:', 'Terminated');
        o.line(3, 'Reason:', last.reason);
        o.line(3, 'Exit Code:', String(last.exitCode));
        o.line(3, 'Started:', describeTime(last.startedAt));
        o.line(3, 'Finished:', describeTime(last.finishedAt));
      }
      o.line(2, 'Ready:', s?.ready ? 'True' : 'False');
      o.line(2, 'Restart Count:', String(s?.restartCount ?? 0));
      const env = c.env ?? [];
      if (!env.length) o.line(2, 'Environment:', '<none>');
      else {
        o.line(2, 'Environment:');
        for (const e of env) {
          o.line(3, `${e.name}:`, e.value ?? (e.valueFrom?.fieldRef ? ` (v1:${e.valueFrom.fieldRef.fieldPath})` : ''));
        }
      }
      o.line(2, 'Mounts:');
      const mounts = c.volumeMounts ?? [];
      if (!mounts.length) o.line(3, '<none>');
      for (const m of mounts) o.line(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
    }
  };
  containers('Init Containers', p.spec.initContainers ?? [], st.initContainerStatuses);
  containers('Containers', p.spec.containers, st.containerStatuses);
  o.line(0, 'Conditions:');
  o.line(1, 'Type', 'Status');
  for (const c of st.conditions ?? []) o.line(1, c.type, `${c.status} `);
  o.line(0, 'QoS Class:', String(st.qosClass ?? 'BestEffort'));
  const sel = p.spec.nodeSelector;
  o.line(
    0,
    'Node-Selectors:',
    sel && Object.keys(sel).length
      ? Object.entries(sel)
          .map(([a, b]) => `${a}=${b}`)
          .join('\n')
      : '<none>',
  );
  const tols = p.spec.tolerations ?? [];
  if (!tols.length) o.line(0, 'Tolerations:', '<none>');
  tols.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists') s += s ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    o.line(0, i === 0 ? 'Tolerations:' : '', s);
  });
  events(k, o, p);
  void podStatusReason;
  return o.done();
}

function describeDs(k: KubectlContext, ds: DaemonSetObject): string {
  const o = new Out();
  const s = ds.status ?? {};
  const pods = k.cluster.pods(ds.metadata.namespace).filter((p) => ownedBy(p, ds));
  o.line(0, 'Name:', ds.metadata.name);
  o.line(0, 'Selector:', formatSelector(ds.spec.selector));
  o.line(0, 'Node-Selector:', '<none>');
  o.map(0, 'Labels', ds.metadata.labels, '=');
  o.map(0, 'Annotations', ds.metadata.annotations, ': ');
  // These five are written without a tab in kubectl's DaemonSet describer.
  o.text += `Desired Number of Nodes Scheduled: ${s['desiredNumberScheduled'] ?? 0}\n`;
  o.text += `Current Number of Nodes Scheduled: ${s['currentNumberScheduled'] ?? 0}\n`;
  o.text += `Number of Nodes Scheduled with Up-to-date Pods: ${s['updatedNumberScheduled'] ?? 0}\n`;
  o.text += `Number of Nodes Scheduled with Available Pods: ${s['numberAvailable'] ?? 0}\n`;
  o.text += `Number of Nodes Misscheduled: ${s['numberMisscheduled'] ?? 0}\n`;
  const count = (ph: string): number => pods.filter((p) => p.status?.phase === ph).length;
  o.line(
    0,
    'Pods Status:',
    `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`,
  );
  o.line(0, 'Pod Template:');
  o.map(1, 'Labels', ds.spec.template.metadata?.labels, '=');
  o.line(1, 'Service Account:', ds.spec.template.spec.serviceAccountName ?? 'default');
  const cs = ds.spec.template.spec;
  for (const [title, list] of [
    ['Init Containers', cs.initContainers ?? []],
    ['Containers', cs.containers],
  ] as const) {
    if (!list.length) continue;
    o.line(1, `${title}:`);
    for (const c of list) {
      o.line(2, `${c.name}:`);
      o.line(3, 'Image:', c.image);
      const port = c.ports?.[0];
      o.line(3, 'Port:', port ? `${port.containerPort}/${port.protocol ?? 'TCP'}` : '<none>');
      o.line(3, 'Host Port:', port ? `${port.containerPort}/${port.protocol ?? 'TCP'}` : '<none>');
      if (c.command?.length) {
        o.line(3, 'Command:');
        for (const a of c.command) o.line(4, a);
      }
      if (c.args?.length) {
        o.line(3, 'Args:');
        for (const a of c.args) o.line(4, a);
      }
      o.line(3, 'Environment:', c.env?.length ? '' : '<none>');
      for (const e of c.env ?? [])
        o.line(4, `${e.name}:`, e.value ?? (e.valueFrom?.fieldRef ? ` (v1:${e.valueFrom.fieldRef.fieldPath})` : ''));
      o.line(3, 'Mounts:');
      if (!c.volumeMounts?.length) o.line(4, '<none>');
      for (const m of c.volumeMounts ?? []) o.line(4, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
    }
  }
  events(k, o, ds);
  return o.done();
}

function describeGeneric(k: KubectlContext, obj: KObject): string {
  const o = new Out();
  o.line(0, 'Name:', obj.metadata.name);
  if (obj.metadata.namespace) o.line(0, 'Namespace:', obj.metadata.namespace);
  o.map(0, 'Labels', obj.metadata.labels, '=');
  o.map(0, 'Annotations', obj.metadata.annotations, ': ');
  const data = obj['data'] as Record<string, string> | undefined;
  if (obj.kind === 'ConfigMap') {
    o.text += '\nData\n====\n';
    for (const key of Object.keys(data ?? {}).sort()) o.text += `${key}:\n----\n${data![key]}\n`;
    o.text += '\nBinaryData\n====\n\n';
  }
  events(k, o, obj);
  return o.done();
}

export function runDescribe(k: KubectlContext): number {
  let reqs;
  try {
    reqs = resolveArgs(k.flags.positional);
  } catch (e) {
    if (e instanceof ResolveError) return fail(k, e.message);
    throw e;
  }
  if (reqs.length === 0) {
    k.err(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
    );
    return 1;
  }
  const chunks: string[] = [];
  let status = 0;
  for (const r of reqs) {
    const ns = r.rt.namespaced ? k.namespace : undefined;
    const objs = r.names.length ? r.names.map((n) => k.cluster.get(r.rt, ns, n) ?? n) : k.cluster.store.list(r.rt, ns);
    for (const o of objs) {
      if (typeof o === 'string') {
        k.err(notFound(r.rt.group ? `${r.rt.resource}.${r.rt.group}` : r.rt.resource, o) + '\n');
        status = 1;
        continue;
      }
      if (r.rt === RT.nodes) chunks.push(describeNode(k, o as NodeObject));
      else if (r.rt === RT.pods) chunks.push(describePod(k, o as PodObject));
      else if (r.rt === RT.daemonsets) chunks.push(describeDs(k, o as DaemonSetObject));
      else chunks.push(describeGeneric(k, o));
    }
  }
  if (chunks.length === 0 && status === 0) k.err(`No resources found in ${k.namespace} namespace.\n`);
  k.out(chunks.join('\n\n'));
  return status;
}
