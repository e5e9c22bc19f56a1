/** kubectl logs [-f] [-p] [-c C] [--tail N] POD | TYPE/NAME: a container's log as its kubelet kept it. */
import type { PodObject } from '../../../k8s/objects.js';
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
];

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

    -p, --previous=false:
	If true, print the logs for the previous instance of the container in a pod if it exists.

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

export async function runLogs(k: KubectlContext): Promise<number> {
  const pos = k.flags.positional;
  if (pos.length === 0)
    return fail(
      k,
      "expected POD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  const found = findPod(k, pos[0]!);
  if (typeof found === 'string') return fail(k, found);
  const pod = found;
  const cname = str(k.flags, 'container') ?? pos[1];
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (cname !== undefined && !all.some((c) => c.name === cname)) {
    return fail(k, `Error from server (BadRequest): container ${cname} is not valid for pod ${pod.metadata.name}`);
  }
  const container = cname ?? pod.spec.containers[0]!.name;
  if (cname === undefined && all.length > 1) k.err(defaultedContainerNote(pod));
  const kubelet = pod.spec.nodeName ? k.cluster.kubelets.get(pod.spec.nodeName) : undefined;
  const previous = bool(k.flags, 'previous');
  const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find(
    (c) => c.name === container,
  );
  const lines = kubelet?.logs(pod.metadata.namespace!, pod.metadata.name, container, previous);
  if (previous && (!lines || lines.length === 0)) {
    return fail(
      k,
      `Error from server (BadRequest): previous terminated container "${container}" in pod "${pod.metadata.name}" not found`,
    );
  }
  if (!lines || (!previous && st?.state.waiting && lines.length === 0 && (st?.restartCount ?? 0) === 0)) {
    const reason = st?.state.waiting?.reason ?? 'ContainerCreating';
    return fail(
      k,
      `Error from server (BadRequest): container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`,
    );
  }
  const tailS = str(k.flags, 'tail');
  const tail = tailS === undefined ? -1 : Number(tailS);
  const shown = tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
  for (const l of shown) k.out(l.text + '\n');
  if (!bool(k.flags, 'follow')) return 0;
  if (!kubelet) return 0;
  const listener = (ns: string, name: string, c: string, line: { text: string }): void => {
    if (ns === pod.metadata.namespace && name === pod.metadata.name && c === container) k.out(line.text + '\n');
  };
  kubelet.logListeners.add(listener);
  try {
    await k.ctx.signalled;
  } finally {
    kubelet.logListeners.delete(listener);
  }
  return 130;
}
