/**
 * kubectl logs [-f] [-p] [-c C] [--tail N] [--prefix] (POD | TYPE/NAME | -l SELECTOR): a container's log as
 * its kubelet kept it. With a selector every matching pod is read in turn (at most 10 lines each unless --tail
 * says otherwise), as kubectl 1.28's sequential consumer does; -f follows all of them at once.
 */
import type { PodObject } from '../../../k8s/objects.js';
import { matchesSelector, parseSelector, SelectorError } from '../../../k8s/labels.js';
import { RT } from '../../../k8s/cluster.js';
import { ownedBy } from '../../../k8s/controllers/pods.js';
import { bool, str, type FlagSpec } from './flags.js';
import { fail, notFound, type KubectlContext } from './context.js';
import { defaultedContainerNote } from './exec.js';
import { resolveResource } from '../../../k8s/resources.js';

export const LOGS_FLAGS: readonly FlagSpec[] = [
  { long: 'follow', short: 'f', type: 'bool' },
  { long: 'previous', short: 'p', type: 'bool' },
  { long: 'container', short: 'c', type: 'string' },
  { long: 'tail', type: 'int' },
  { long: 'timestamps', type: 'bool' },
  { long: 'all-containers', type: 'bool' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'prefix', type: 'bool' },
  { long: 'max-log-requests', type: 'int' },
];

/** kubectl's default --tail when pods are chosen by a selector. */
const SELECTOR_TAIL = 10;

export const LOGS_HELP = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is
optional.

Examples:
  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx

Options:
    -c, --container='':
	Print the logs of this container

    -f, --follow=false:
	Specify if the logs should be streamed.

    -l, --selector='':
	Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching
	objects must satisfy all of the specified label constraints.

    --max-log-requests=5:
	Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.

    -p, --previous=false:
	If true, print the logs for the previous instance of the container in a pod if it exists.

    --prefix=false:
	Prefix each log line with the log source (pod name and container name)

    --tail=-1:
	Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a
	selector is provided.

Usage:
  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function findPod(k: KubectlContext, arg: string): PodObject | string {
  const slash = arg.indexOf('/');
  if (slash < 0) return k.cluster.pod(k.namespace, arg) ?? notFound('pods', arg);
  const rt = resolveResource(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (!rt) return `error: the server doesn't have a resource type "${arg.slice(0, slash)}"`;
  if (rt === RT.pods) return k.cluster.pod(k.namespace, name) ?? notFound('pods', name);
  const owner = k.cluster.get(rt, k.namespace, name);
  if (!owner) return notFound(rt.group ? `${rt.resource}.${rt.group}` : rt.resource, name);
  let pods = k.cluster.pods(k.namespace).filter((p) => ownedBy(p, owner));
  if (rt === RT.deployments) {
    const rss = k.cluster.store.list(RT.replicasets, k.namespace).filter((r) => ownedBy(r, owner));
    pods = k.cluster.pods(k.namespace).filter((p) => rss.some((r) => ownedBy(p, r)));
  }
  if (pods.length === 0) return `error: timed out waiting for the condition`;
  if (pods.length > 1) k.err(`Found ${pods.length} pods, using pod/${pods[0]!.metadata.name}\n`);
  return pods[0]!;
}

interface Stream {
  pod: PodObject;
  container: string;
  prefix: string;
}

/** The container a pod's log comes from (kubectl's defaulting and its note), or the error kubectl prints. */
function streamOf(k: KubectlContext, pod: PodObject, cname: string | undefined): Stream | string {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (cname !== undefined && !all.some((c) => c.name === cname)) {
    return `Error from server (BadRequest): container ${cname} is not valid for pod ${pod.metadata.name}`;
  }
  const container = cname ?? pod.spec.containers[0]!.name;
  if (cname === undefined && all.length > 1) k.err(defaultedContainerNote(pod));
  const prefix = bool(k.flags, 'prefix') ? `[pod/${pod.metadata.name}/${container}] ` : '';
  return { pod, container, prefix };
}

/** Print one stream's snapshot; a string is the error that ends kubectl. */
function printSnapshot(k: KubectlContext, s: Stream, tail: number): string | undefined {
  const { pod, container } = s;
  const kubelet = pod.spec.nodeName ? k.cluster.kubelets.get(pod.spec.nodeName) : undefined;
  const previous = bool(k.flags, 'previous');
  const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
    (c) => c.name === container,
  );
  const lines = kubelet?.logs(pod.metadata.namespace!, pod.metadata.name, container, previous);
  if (previous && (!lines || lines.length === 0)) {
    return `Error from server (BadRequest): previous terminated container "${container}" in pod "${pod.metadata.name}" not found`;
  }
  if (!lines || (!previous && st?.state.waiting && lines.length === 0 && (st?.restartCount ?? 0) === 0)) {
    const reason = st?.state.waiting?.reason ?? 'ContainerCreating';
    return `Error from server (BadRequest): container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`;
  }
  const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  for (const l of shown) k.out(s.prefix + l.text + '\n');
  return undefined;
}

export async function runLogs(k: KubectlContext): Promise<number> {
  const pos = k.flags.positional;
  const selectorText = str(k.flags, 'selector');
  const bySelector = selectorText !== undefined && selectorText !== '';
  const usage = (msg: string): number => fail(k, `${msg}\nSee 'kubectl logs -h' for help and examples`);
  if (pos.length === 0 && !bySelector)
    return usage('expected POD or TYPE/NAME is a required argument for the logs command');
  if (pos.length > 0 && bySelector) return usage('only a selector (-l) or a POD name is allowed');
  let pods: PodObject[];
  if (bySelector) {
    try {
      const sel = parseSelector(selectorText);
      pods = k.cluster.pods(k.namespace).filter((p) => matchesSelector(sel, p.metadata.labels));
    } catch (e) {
      if (e instanceof SelectorError) return fail(k, e.message);
      throw e;
    }
    if (pods.length === 0) {
      k.err(`No resources found in ${k.namespace} namespace.\n`);
      return 0;
    }
  } else {
    const found = findPod(k, pos[0]!);
    if (typeof found === 'string') return fail(k, found);
    pods = [found];
  }
  const follow = bool(k.flags, 'follow');
  const maxRequests = Number(str(k.flags, 'max-log-requests') ?? '5');
  const tailS = str(k.flags, 'tail');
  const tail = tailS === undefined ? (bySelector ? SELECTOR_TAIL : -1) : Number(tailS);
  const cname = str(k.flags, 'container') ?? (bySelector ? undefined : pos[1]);
  const streams: Stream[] = [];
  for (const pod of pods) {
    const s = streamOf(k, pod, cname);
    if (typeof s === 'string') return fail(k, s);
    // Without -f kubectl reads the pods one after another: each note comes just before its pod's log.
    if (!follow) {
      const e = printSnapshot(k, s, tail);
      if (e !== undefined) return fail(k, e);
    }
    streams.push(s);
  }
  if (!follow) return 0;
  // kubectl builds every request (printing each note) before it counts them.
  if (pods.length > maxRequests) {
    return fail(
      k,
      `you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`,
    );
  }
  for (const s of streams) {
    const e = printSnapshot(k, s, tail);
    if (e !== undefined) return fail(k, e);
  }
  const listeners: { kubelet: NonNullable<ReturnType<typeof k.cluster.kubelets.get>>; fn: LogListener }[] = [];
  for (const s of streams) {
    const kubelet = s.pod.spec.nodeName ? k.cluster.kubelets.get(s.pod.spec.nodeName) : undefined;
    if (!kubelet) continue;
    const fn: LogListener = (ns, name, c, line) => {
      if (ns === s.pod.metadata.namespace && name === s.pod.metadata.name && c === s.container)
        k.out(s.prefix + line.text + '\n');
    };
    kubelet.logListeners.add(fn);
    listeners.push({ kubelet, fn });
  }
  if (listeners.length === 0) return 0;
  try {
    await k.ctx.signalled;
  } finally {
    for (const l of listeners) l.kubelet.logListeners.delete(l.fn);
  }
  return 130;
}

type LogListener = (ns: string, name: string, c: string, line: { text: string }) => void;
