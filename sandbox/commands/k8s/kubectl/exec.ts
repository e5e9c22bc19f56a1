/** kubectl exec [-it] POD [-c C] -- CMD: run CMD on the pod's host, or open a shell there. */
import type { Host } from '../../../world/host.js';
import type { PodObject } from '../../../k8s/objects.js';
import { bool, str, type FlagSpec } from './flags.js';
import { fail, notFound, type KubectlContext } from './context.js';

export const EXEC_FLAGS: readonly FlagSpec[] = [
  { long: 'stdin', short: 'i', type: 'bool' },
  { long: 'tty', short: 't', type: 'bool' },
  { long: 'container', short: 'c', type: 'string' },
  { long: 'quiet', short: 'q', type: 'bool' },
];

export const EXEC_HELP = `Execute a command in a container.

Examples:
  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il

Options:
    -c, --container='':
	Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the
	container to be attached or the first container in the pod will be chosen

    -q, --quiet=false:
	Only print output from the remote session

    -i, --stdin=false:
	Pass stdin to the container

    -t, --tty=false:
	Stdin is a TTY

Usage:
  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const SHELLS = new Set(['bash', 'sh', '/bin/bash', '/bin/sh', 'ash', 'zsh']);

/** The pod's host, for kubectl exec and logs: its sandbox if the CNI made one, else a host of that name. */
export function hostOfPod(k: KubectlContext, pod: PodObject): Host | undefined {
  return (
    k.cluster.podHost(pod.metadata.namespace ?? 'default', pod.metadata.name) ?? k.ctx.world.host(pod.metadata.name)
  );
}

export function defaultedContainerNote(pod: PodObject): string {
  const names = [
    ...pod.spec.containers.map((c) => c.name),
    ...(pod.spec.initContainers ?? []).map((c) => `${c.name} (init)`),
  ];
  return `Defaulted container "${pod.spec.containers[0]!.name}" out of: ${names.join(', ')}\n`;
}

export async function runExec(k: KubectlContext): Promise<number> {
  const { flags } = k;
  const pos = flags.positional;
  if (pos.length === 0) {
    return fail(k, 'pod, type/name or --filename must be specified');
  }
  if (pos.length > 1 || !flags.dashArgs) {
    if (!flags.dashArgs && pos.length === 1) return fail(k, 'you must specify at least one command for the container');
    return fail(
      k,
      "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
    );
  }
  if (flags.dashArgs.length === 0) return fail(k, 'you must specify at least one command for the container');
  let name = pos[0]!;
  if (name.startsWith('pod/') || name.startsWith('pods/') || name.startsWith('po/'))
    name = name.slice(name.indexOf('/') + 1);
  const pod = k.cluster.pod(k.namespace, name);
  if (!pod) return fail(k, notFound('pods', name));
  const cname = str(flags, 'container');
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  if (cname !== undefined && !all.some((c) => c.name === cname)) {
    return fail(k, `Error from server (BadRequest): container ${cname} is not valid for pod ${name}`);
  }
  const container = cname ?? pod.spec.containers[0]!.name;
  if (cname === undefined && all.length > 1 && !bool(flags, 'quiet')) k.err(defaultedContainerNote(pod));
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
    return fail(k, `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  }
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  const host = hostOfPod(k, pod);
  if (!host || !st?.state.running) {
    return fail(k, `unable to upgrade connection: container not found ("${container}")`);
  }
  const argv = flags.dashArgs;
  if (bool(flags, 'stdin') && bool(flags, 'tty') && argv.length === 1 && SHELLS.has(argv[0]!)) {
    k.ctx.shell.enter(host, { cwd: '/' });
    return 0;
  }
  if (!argv[0]!.includes('/') && !k.ctx.shell.commandNames(host).includes(argv[0]!)) {
    // containerd 1.6's CRI fails the exec itself; the API server wraps runc's message.
    return fail(
      k,
      `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${k.cluster.rng.hex(64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    );
  }
  const code = await k.ctx.shell.exec(host, [...argv]);
  if (code !== 0 && !bool(flags, 'quiet')) k.err(`command terminated with exit code ${code}\n`);
  return code;
}
