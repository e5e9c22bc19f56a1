/**
 * kubectl: verb dispatch, flag parsing and the cluster connection. Each verb
 * lives in its own module with its flags and help text.
 */
import type { Command, CommandContext } from '../../../shell/command.js';
import type { Cluster } from '../../../k8s/cluster.js';
import { adoptHosts } from '../../../k8s/adopt.js';
import { FlagError, GLOBAL_FLAGS, parseFlags, bool, str, type FlagSpec } from './flags.js';
import type { KubectlContext } from './context.js';
import { KUBECTL_HELP } from './help.js';
import { GET_FLAGS, GET_HELP, runGet } from './get.js';
import { EXEC_FLAGS, EXEC_HELP, runExec } from './exec.js';
import { APPLY_FLAGS, APPLY_HELP, runApply } from './apply.js';
import { LOGS_FLAGS, LOGS_HELP, runLogs } from './logs.js';
import { DESCRIBE_FLAGS, DESCRIBE_HELP, runDescribe } from './describe.js';
import {
  CREATE_FLAGS,
  CREATE_HELP,
  DELETE_FLAGS,
  DELETE_HELP,
  EDIT_FLAGS,
  EDIT_HELP,
  PATCH_FLAGS,
  PATCH_HELP,
  ROLLOUT_FLAGS,
  ROLLOUT_HELP,
  SCALE_FLAGS,
  SCALE_HELP,
  runCreate,
  runDelete,
  runEdit,
  runPatch,
  runRollout,
  runScale,
} from './mutate.js';

export interface Verb {
  readonly name: string;
  readonly flags: readonly FlagSpec[];
  readonly help: string;
  run(k: KubectlContext): Promise<number> | number;
}

const VERBS = new Map<string, Verb>();

export const API_LATENCY_US = 45_000;

export function registerVerb(v: Verb): void {
  VERBS.set(v.name, v);
}

registerVerb({ name: 'get', flags: GET_FLAGS, help: GET_HELP, run: runGet });
registerVerb({ name: 'exec', flags: EXEC_FLAGS, help: EXEC_HELP, run: runExec });
registerVerb({ name: 'apply', flags: APPLY_FLAGS, help: APPLY_HELP, run: runApply });
registerVerb({ name: 'logs', flags: LOGS_FLAGS, help: LOGS_HELP, run: runLogs });
registerVerb({ name: 'describe', flags: DESCRIBE_FLAGS, help: DESCRIBE_HELP, run: runDescribe });
registerVerb({ name: 'delete', flags: DELETE_FLAGS, help: DELETE_HELP, run: runDelete });
registerVerb({ name: 'patch', flags: PATCH_FLAGS, help: PATCH_HELP, run: runPatch });
registerVerb({ name: 'scale', flags: SCALE_FLAGS, help: SCALE_HELP, run: runScale });
registerVerb({ name: 'create', flags: CREATE_FLAGS, help: CREATE_HELP, run: runCreate });
registerVerb({ name: 'rollout', flags: ROLLOUT_FLAGS, help: ROLLOUT_HELP, run: runRollout });
registerVerb({ name: 'edit', flags: EDIT_FLAGS, help: EDIT_HELP, run: runEdit });
// No metrics-server in this cluster: `kubectl top` says what it says on a bare kubeadm cluster.
registerVerb({
  name: 'top',
  flags: [{ long: 'all-namespaces', short: 'A', type: 'bool' }],
  help: 'Display resource (CPU/memory) usage.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n',
  run(k) {
    k.err('error: Metrics API not available\n');
    return 1;
  },
});

registerVerb({
  name: 'version',
  flags: [
    { long: 'client', type: 'bool' },
    { long: 'output', short: 'o', type: 'string' },
  ],
  help: 'Print the client and server version information for the current context.\n\nUsage:\n  kubectl version [flags] [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
  run: (k) => {
    const server = k.cluster.nodes()[0]?.status.nodeInfo['kubeletVersion'] ?? 'v1.28.2';
    k.out(`Client Version: v1.28.2\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n`);
    if (k.flags.values.get('client') !== true) k.out(`Server Version: ${server}\n`);
    return 0;
  },
});

registerVerb({
  name: 'cluster-info',
  flags: [],
  help: 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true.\n\nUsage:\n  kubectl cluster-info [flags] [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
  run: (k) => {
    const cp = k.cluster
      .nodes()
      .find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
    const ip = cp?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1';
    k.out(
      `\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://${ip}:6443\x1b[0m\n` +
        `\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://${ip}:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\n` +
        `To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
    );
    return 0;
  },
});

/** The world's cluster; a world built host by host gets one adopted from its hosts. */
export function clusterOf(ctx: CommandContext): Cluster | undefined {
  const w = ctx.world;
  if (!w.cluster && w.hosts('node').length > 0) w.cluster = adoptHosts(w);
  return w.cluster;
}

export async function runKubectl(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  const out = (t: string): void => ctx.stdout.write(t);
  const err = (t: string): void => ctx.stderr.write(t);
  // Global flags may come before the verb (`kubectl -n kube-flannel get po`).
  let i = 0;
  const pre: string[] = [];
  while (i < args.length && args[i]!.startsWith('-')) {
    const a = args[i]!;
    pre.push(a);
    i++;
    if ((a === '-n' || a === '--namespace' || a === '--kubeconfig' || a === '--context') && i < args.length)
      pre.push(args[i++]!);
  }
  const verbName = args[i];
  if (verbName === undefined) {
    if (pre.length === 0 || pre.includes('-h') || pre.includes('--help')) {
      out(KUBECTL_HELP);
      return 0;
    }
    out(KUBECTL_HELP);
    return 0;
  }
  const verb = VERBS.get(verbName);
  if (!verb) {
    err(`error: unknown command "${verbName}" for "kubectl"\nRun 'kubectl --help' for usage.\n`);
    return 1;
  }
  let flags;
  try {
    flags = parseFlags([...pre, ...args.slice(i + 1)], [...GLOBAL_FLAGS, ...verb.flags]);
  } catch (e) {
    if (e instanceof FlagError) {
      err(`error: ${e.message}\nSee 'kubectl ${verbName} --help' for usage.\n`);
      return 1;
    }
    throw e;
  }
  if (bool(flags, 'help')) {
    out(verb.help);
    return 0;
  }
  const cluster = clusterOf(ctx);
  if (!cluster) {
    err('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
    return 1;
  }
  const k: KubectlContext = {
    ctx,
    cluster,
    flags,
    verb: verbName,
    namespace: str(flags, 'namespace') ?? 'default',
    out,
    err,
  };
  // A kubectl call is a process start plus a round trip to the API server: some tens of milliseconds.
  if (verbName !== 'exec' && !(await ctx.sleep(API_LATENCY_US))) return 130;
  try {
    return await verb.run(k);
  } catch (e) {
    // A verb must never take the shell down; report as kubectl reports an internal error.
    err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

export const kubectl: Command = {
  name: 'kubectl',
  summary: 'control the Kubernetes cluster',
  usage: 'kubectl [flags] [options]',
  complete: (_ctx, words) => (words.length <= 1 ? [...VERBS.keys()].sort() : []),
  // Installed on the nodes only: no pod image here ships kubectl.
  availableOn: (host) => host.kind !== 'pod',
  run: runKubectl,
};

/** The article types `k exec …`: the usual alias, as a command so it works in every shell. */
export const k: Command = { ...kubectl, name: 'k' };
