/** kubectl delete, patch, scale, create deployment, rollout restart|status, edit. */
import type { DaemonSetObject, DeploymentObject, KObject } from '../../../k8s/objects.js';
import { clone, isObject } from '../../../k8s/objects.js';
import { RT } from '../../../k8s/cluster.js';
import { qualifiedSingular, resolveResource, type ResourceType } from '../../../k8s/resources.js';
import { parseSelector, matchesSelector, SelectorError } from '../../../k8s/labels.js';
import { parseDocuments } from '../../../k8s/yamlerrors.js';
import { stableJson } from '../../../k8s/hash.js';
import { LAST_APPLIED } from '../../../k8s/apply.js';
import { rfc3339 } from '../../../k8s/time.js';
import { ownedBy, podReady } from '../../../k8s/controllers/pods.js';
import { LOCAL_TZ_OFFSET_US } from '../../../world/clock.js';
import { bool, str, strs, type FlagSpec } from './flags.js';
import { fail, notFound, type KubectlContext } from './context.js';
import { resolveArgs, ResolveError, type ResourceRequest } from './resolve.js';
import { loadObjects } from './apply.js';
import { jsonPatch, mergePatch, PatchError, strategicPatch } from './patch.js';
import { toYaml } from './output.js';

const SPEC_KINDS = new Set(['deployments', 'daemonsets', 'replicasets']);

function resName(rt: ResourceType): string {
  return rt.group ? `${rt.resource}.${rt.group}` : rt.resource;
}

/** Store a changed object the way the API server does: generation bumps on spec changes. */
function commit(k: KubectlContext, rt: ResourceType, before: string, o: KObject): boolean {
  const after = stableJson({
    ...o,
    status: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined },
  });
  if (after === before) return false;
  if (
    SPEC_KINDS.has(rt.resource) &&
    stableJson(o['spec']) !== stableJson((JSON.parse(before) as Record<string, unknown>)['spec'])
  ) {
    o.metadata.generation = (o.metadata.generation ?? 1) + 1;
  }
  k.cluster.store.update(o);
  return true;
}

function snapshot(o: KObject): string {
  return stableJson({
    ...o,
    status: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined },
  });
}

// ---------------------------------------------------------------- delete

export const DELETE_FLAGS: readonly FlagSpec[] = [
  { long: 'filename', short: 'f', type: 'strings' },
  { long: 'selector', short: 'l', type: 'string' },
  { long: 'all', type: 'bool' },
  { long: 'grace-period', type: 'int' },
  { long: 'force', type: 'bool' },
  { long: 'now', type: 'bool' },
  { long: 'wait', type: 'string' },
  { long: 'all-namespaces', short: 'A', type: 'bool' },
];

export const DELETE_HELP = `Delete resources by file names, stdin, resources and names, or by resources and label selector.

Examples:
  # Delete a pod with minimal delay
  kubectl delete pod foo --now

  # Delete pods and services with label name=myLabel
  kubectl delete pods,services -l name=myLabel

Usage:
  kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export async function runDelete(k: KubectlContext): Promise<number> {
  const targets: { rt: ResourceType; ns: string | undefined; name: string }[] = [];
  let status = 0;
  const files = strs(k.flags, 'filename');
  if (files.length) {
    const loaded = await loadObjects(k, files);
    if (!loaded.ok) {
      k.err(loaded.error);
      return 1;
    }
    for (const { v } of loaded.items) targets.push({ rt: v.rt, ns: v.ns, name: v.name });
  } else {
    let reqs: ResourceRequest[];
    try {
      reqs = resolveArgs(k.flags.positional);
    } catch (e) {
      if (e instanceof ResolveError) return fail(k, e.message);
      throw e;
    }
    if (reqs.length === 0) {
      k.err(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
      );
      return 1;
    }
    const sel = str(k.flags, 'selector');
    let reqsSel;
    try {
      reqsSel = sel !== undefined ? parseSelector(sel) : undefined;
    } catch (e) {
      if (e instanceof SelectorError) return fail(k, e.message);
      throw e;
    }
    for (const r of reqs) {
      const ns = r.rt.namespaced ? k.namespace : undefined;
      if (r.names.length) for (const name of r.names) targets.push({ rt: r.rt, ns, name });
      else if (reqsSel || bool(k.flags, 'all')) {
        for (const o of k.cluster.store.list(r.rt, ns)) {
          if (!reqsSel || matchesSelector(reqsSel, o.metadata.labels))
            targets.push({ rt: r.rt, ns, name: o.metadata.name });
        }
      } else {
        return fail(k, 'resource(s) were provided, but no name was specified');
      }
    }
    if (targets.length === 0) {
      k.err(`No resources found\n`);
      return 0;
    }
  }
  const force = bool(k.flags, 'force');
  const graceS = str(k.flags, 'grace-period');
  const grace = bool(k.flags, 'now') ? 1 : graceS !== undefined && Number(graceS) >= 0 ? Number(graceS) : undefined;
  if (force && grace === 0) {
    k.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  const waitFor: { rt: ResourceType; ns: string | undefined; name: string; uid: string }[] = [];
  for (const t of targets) {
    const o = k.cluster.get(t.rt, t.ns, t.name);
    if (!o) {
      k.err(notFound(resName(t.rt), t.name) + '\n');
      status = 1;
      continue;
    }
    if (t.rt === RT.namespaces) k.cluster.deleteNamespace(t.name);
    else k.cluster.deleteObject(t.rt, t.ns, t.name, force && grace === 0 ? 0 : grace);
    k.out(`${qualifiedSingular(t.rt)} "${t.name}" deleted\n`);
    waitFor.push({ ...t, uid: o.metadata.uid });
  }
  if (str(k.flags, 'wait') === 'false') return status;
  for (;;) {
    const left = waitFor.filter((t) => k.cluster.get(t.rt, t.ns, t.name)?.metadata.uid === t.uid);
    if (left.length === 0) break;
    if (!(await k.ctx.sleep(200_000))) return 130;
  }
  return status;
}

// ---------------------------------------------------------------- patch

export const PATCH_FLAGS: readonly FlagSpec[] = [
  { long: 'patch', short: 'p', type: 'string' },
  { long: 'type', type: 'string' },
  { long: 'output', short: 'o', type: 'string' },
];

export const PATCH_HELP = `Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

Examples:
  # Partially update a node using a strategic merge patch, specifying the patch as JSON
  kubectl patch node k8s-node-1 -p '{"spec":{"unschedulable":true}}'

  # Update a container's image using a JSON patch with positional arrays
  kubectl patch pod valid-pod --type='json' -p='[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]'

Options:
    -p, --patch='':
	The patch to be applied to the resource JSON file.

    --type='strategic':
	The type of patch being provided; one of [json merge strategic]

Usage:
  kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function target(k: KubectlContext): { rt: ResourceType; name: string } | string {
  let reqs: ResourceRequest[];
  try {
    reqs = resolveArgs(k.flags.positional);
  } catch (e) {
    if (e instanceof ResolveError) return e.message;
    throw e;
  }
  const r = reqs[0];
  if (!r || r.names.length !== 1) return `resource(s) were provided, but no name was specified`;
  return { rt: r.rt, name: r.names[0]! };
}

export function runPatch(k: KubectlContext): number {
  const t = target(k);
  if (typeof t === 'string') return fail(k, t);
  const p = str(k.flags, 'patch');
  if (p === undefined) return fail(k, 'must specify -p to patch');
  const type = str(k.flags, 'type') ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(type))
    return fail(k, `--type must be one of [json merge strategic], not "${type}"`);
  const parsed = parseDocuments(p);
  if (!parsed.ok || parsed.docs.length !== 1) {
    return fail(
      k,
      `unable to parse "${p}": ${parsed.ok ? 'yaml: did not find expected node content' : parsed.error.replace('error converting YAML to JSON: ', '')}`,
    );
  }
  const ns = t.rt.namespaced ? k.namespace : undefined;
  const live = k.cluster.get(t.rt, ns, t.name);
  if (!live) return fail(k, notFound(resName(t.rt), t.name));
  const before = snapshot(live);
  let next: unknown;
  try {
    const doc = clone(live) as unknown;
    next =
      type === 'json'
        ? jsonPatch(doc, parsed.docs[0]!.value)
        : type === 'merge'
          ? mergePatch(doc, parsed.docs[0]!.value)
          : strategicPatch(doc, parsed.docs[0]!.value);
  } catch (e) {
    if (e instanceof PatchError) return fail(k, `Error from server (UnprocessableEntity): ${e.message}`);
    throw e;
  }
  if (!isObject(next) || !isObject(next['metadata']))
    return fail(k, 'Error from server (BadRequest): the patch changed the object into something else');
  const n = next as KObject;
  n.metadata = {
    ...n.metadata,
    name: live.metadata.name,
    uid: live.metadata.uid,
    creationTimestamp: live.metadata.creationTimestamp,
  };
  if (t.rt === RT.nodes) {
    const oldCidr = (live['spec'] as { podCIDR?: string }).podCIDR;
    const newCidr = (n['spec'] as { podCIDR?: string } | undefined)?.podCIDR;
    if (oldCidr && newCidr !== oldCidr) {
      return fail(
        k,
        `The Node "${t.name}" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`,
      );
    }
    if (newCidr && !(n['spec'] as { podCIDRs?: string[] }).podCIDRs)
      (n['spec'] as { podCIDRs?: string[] }).podCIDRs = [newCidr];
  }
  for (const key of Object.keys(live)) delete live[key];
  Object.assign(live, n);
  const changed = commit(k, t.rt, before, live);
  k.out(`${qualifiedSingular(t.rt)}/${t.name} patched${changed ? '' : ' (no change)'}\n`);
  return 0;
}

// ---------------------------------------------------------------- scale

export const SCALE_FLAGS: readonly FlagSpec[] = [{ long: 'replicas', type: 'int' }];
export const SCALE_HELP = `Set a new size for a deployment, replica set, replication controller, or stateful set.

Usage:
  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)
[options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export function runScale(k: KubectlContext): number {
  const r = str(k.flags, 'replicas');
  if (r === undefined) return fail(k, 'required flag(s) "replicas" not set');
  const t = target(k);
  if (typeof t === 'string') return fail(k, t);
  if (t.rt !== RT.deployments && t.rt !== RT.replicasets) return fail(k, `cannot scale ${t.rt.resource}`);
  const live = k.cluster.get(t.rt, k.namespace, t.name) as DeploymentObject | undefined;
  if (!live) return fail(k, notFound(resName(t.rt), t.name));
  const before = snapshot(live);
  live.spec.replicas = Number(r);
  commit(k, t.rt, before, live);
  k.out(`${qualifiedSingular(t.rt)}/${t.name} scaled\n`);
  return 0;
}

// ---------------------------------------------------------------- create deployment

export const CREATE_FLAGS: readonly FlagSpec[] = [
  { long: 'image', type: 'strings' },
  { long: 'replicas', short: 'r', type: 'int' },
  { long: 'port', type: 'int' },
  { long: 'filename', short: 'f', type: 'strings' },
];
export const CREATE_HELP = `Create a resource from a file or from stdin.

Available Commands:
  deployment            Create a deployment with the specified name
  namespace             Create a namespace with the specified name

Usage:
  kubectl create -f FILENAME [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export function runCreate(k: KubectlContext): number {
  const [what, name] = k.flags.positional;
  if (what === 'namespace' || what === 'ns') {
    if (!name) return fail(k, 'exactly one NAME is required, got 0');
    if (k.cluster.get(RT.namespaces, undefined, name))
      return fail(k, `Error from server (AlreadyExists): namespaces "${name}" already exists`);
    k.cluster.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    k.out(`namespace/${name} created\n`);
    return 0;
  }
  if (what !== 'deployment' && what !== 'deploy') {
    return fail(k, what ? `unknown command "${what}" for "kubectl create"` : 'must specify one of -f and -k');
  }
  if (!name) return fail(k, 'exactly one NAME is required, got 0');
  const images = strs(k.flags, 'image');
  if (images.length === 0) return fail(k, 'required flag(s) "image" not set');
  if (k.cluster.get(RT.deployments, k.namespace, name)) {
    return fail(k, `Error from server (AlreadyExists): deployments.apps "${name}" already exists`);
  }
  const cmd = k.flags.dashArgs;
  const containers = images.map((img, i) => {
    const base = img
      .slice(img.lastIndexOf('/') + 1)
      .replace(/[:@].*$/, '')
      .replace(/[^a-z0-9-]/g, '-');
    return {
      name: images.length === 1 ? base : `${base}`.concat(i ? `-${i}` : ''),
      image: img,
      ...(cmd?.length && i === 0 ? { command: cmd } : {}),
      imagePullPolicy: img.includes(':') && !img.endsWith(':latest') ? 'IfNotPresent' : 'Always',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    };
  });
  k.cluster.store.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: k.namespace, labels: { app: name } },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: Number(str(k.flags, 'replicas') ?? 1),
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: name } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers,
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
  k.out(`deployment.apps/${name} created\n`);
  return 0;
}

// ---------------------------------------------------------------- rollout

export const ROLLOUT_FLAGS: readonly FlagSpec[] = [
  { long: 'watch', short: 'w', type: 'string' },
  { long: 'timeout', type: 'string' },
];
export const ROLLOUT_HELP = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function rolloutTarget(k: KubectlContext, args: string[]): { rt: ResourceType; obj: KObject } | string {
  let reqs: ResourceRequest[];
  try {
    reqs = resolveArgs(args);
  } catch (e) {
    if (e instanceof ResolveError) return e.message;
    throw e;
  }
  const r = reqs[0];
  if (!r || r.names.length !== 1) return 'required resource not specified';
  if (r.rt !== RT.deployments && r.rt !== RT.daemonsets) return `no rollout support for ${r.rt.resource}`;
  const obj = k.cluster.get(r.rt, k.namespace, r.names[0]!);
  if (!obj) return notFound(resName(r.rt), r.names[0]!);
  return { rt: r.rt, obj };
}

function dsProgress(k: KubectlContext, ds: DaemonSetObject): { done: boolean; msg: string } {
  const s = ds.status ?? {};
  const gen = ds.metadata.generation ?? 1;
  const desired = s['desiredNumberScheduled'] ?? 0;
  const updated = s['updatedNumberScheduled'] ?? 0;
  const avail = s['numberAvailable'] ?? 0;
  const pods = k.cluster.pods(ds.metadata.namespace).filter((p) => ownedBy(p, ds) && !p.metadata.deletionTimestamp);
  const updatedReady = pods.filter(
    (p) => p.metadata.labels?.['pod-template-generation'] === String(gen) && podReady(p),
  ).length;
  if ((s['observedGeneration'] ?? 0) < gen)
    return { done: false, msg: 'Waiting for daemon set spec update to be observed...' };
  if (updated < desired)
    return {
      done: false,
      msg: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    };
  if (avail < desired || updatedReady < desired) {
    return {
      done: false,
      msg: `Waiting for daemon set "${ds.metadata.name}" rollout to finish: ${Math.min(avail, updatedReady)} of ${desired} updated pods are available...`,
    };
  }
  return { done: true, msg: `daemon set "${ds.metadata.name}" successfully rolled out` };
}

function deployProgress(d: DeploymentObject): { done: boolean; msg: string } {
  const s = (d.status ?? {}) as Record<string, number>;
  const want = d.spec.replicas ?? 1;
  const name = d.metadata.name;
  if ((s['observedGeneration'] ?? 0) < (d.metadata.generation ?? 1))
    return { done: false, msg: 'Waiting for deployment spec update to be observed...' };
  const updated = s['updatedReplicas'] ?? 0;
  const replicas = s['replicas'] ?? 0;
  const available = s['availableReplicas'] ?? 0;
  if (updated < want)
    return {
      done: false,
      msg: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`,
    };
  if (replicas > updated)
    return {
      done: false,
      msg: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`,
    };
  if (available < updated)
    return {
      done: false,
      msg: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  return { done: true, msg: `deployment "${name}" successfully rolled out` };
}

export async function runRollout(k: KubectlContext): Promise<number> {
  const [sub, ...rest] = k.flags.positional;
  if (!sub) {
    k.out(ROLLOUT_HELP);
    return 0;
  }
  const t = rolloutTarget(k, rest);
  if (typeof t === 'string') return fail(k, t);
  const label = `${qualifiedSingular(t.rt)}/${t.obj.metadata.name}`;
  if (sub === 'restart') {
    const o = t.obj as DeploymentObject | DaemonSetObject;
    const before = snapshot(o);
    const tpl = o.spec.template;
    const local = rfc3339(k.cluster.now + LOCAL_TZ_OFFSET_US).replace('Z', '+08:00');
    tpl.metadata = {
      ...(tpl.metadata ?? {}),
      annotations: { ...(tpl.metadata?.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': local },
    };
    commit(k, t.rt, before, o);
    k.out(`${label} restarted\n`);
    return 0;
  }
  if (sub === 'status') {
    let last = '';
    for (;;) {
      const live = k.cluster.get(t.rt, k.namespace, t.obj.metadata.name);
      if (!live) return fail(k, notFound(resName(t.rt), t.obj.metadata.name));
      const p =
        t.rt === RT.daemonsets ? dsProgress(k, live as DaemonSetObject) : deployProgress(live as DeploymentObject);
      if (p.msg !== last) {
        k.out(p.msg + '\n');
        last = p.msg;
      }
      if (p.done) return 0;
      if (str(k.flags, 'watch') === 'false') return 0;
      if (!(await k.ctx.sleep(1_000_000))) return 130;
    }
  }
  return fail(k, `unknown command "${sub}" for "kubectl rollout"`);
}

// ---------------------------------------------------------------- edit

export const EDIT_FLAGS: readonly FlagSpec[] = [{ long: 'output', short: 'o', type: 'string' }];
export const EDIT_HELP = `Edit a resource from the default editor.

 The edit command allows you to directly edit any API resource you can retrieve via the command-line tools. It will open
the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back to 'vi' for Linux or 'notepad'
for Windows.

Usage:
  kubectl edit (RESOURCE/NAME | -f FILENAME) [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

const EDIT_HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Go's %q for the strings kubectl quotes (printable text: backslash and double quote escaped). */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Run the editor on `file` as kubectl's editor.Launch does: a one-word editor is executed directly; one
 * with a space is handed to `$SHELL -c 'EDITOR "FILE"'` so its own quoting and backslashes are the
 * shell's to read. Returns kubectl's error, or undefined when the editor exited 0.
 */
async function launchEditor(k: KubectlContext, editor: string, file: string): Promise<string | undefined> {
  const { ctx } = k;
  if (!editor.includes(' ')) {
    const code = await ctx.shell.exec(ctx.host, [editor, file], { cwd: ctx.cwd });
    if (code === 127) return `unable to launch the editor ${goQuote(editor)}`;
    return code === 0 ? undefined : `there was a problem with the editor ${goQuote(editor)}`;
  }
  const shell = ctx.env.get('SHELL') || '/bin/bash';
  const code = await ctx.shell.execLine(ctx.host, `${editor} ${goQuote(file)}`, { cwd: ctx.cwd });
  return code === 0 ? undefined : `there was a problem with the editor ${goQuote(`${shell} -c ${editor}`)}`;
}

export async function runEdit(k: KubectlContext): Promise<number> {
  const t = target(k);
  if (typeof t === 'string') return fail(k, t);
  const ns = t.rt.namespaced ? k.namespace : undefined;
  const live = k.cluster.get(t.rt, ns, t.name);
  if (!live) return fail(k, notFound(resName(t.rt), t.name));
  const shown = clone(live);
  const original = EDIT_HEADER + toYaml(shown);
  let edited: string | undefined;
  const editor = k.ctx.env.get('KUBE_EDITOR') ?? k.ctx.env.get('EDITOR');
  if (k.ctx.shell.editor && !editor) {
    edited = await k.ctx.shell.editor.edit({
      title: `${qualifiedSingular(t.rt)}/${t.name}`,
      text: original,
      language: 'yaml',
    });
  } else {
    const cmd = editor ?? 'vi';
    const file = `/tmp/kubectl-edit-${k.cluster.rng.int(100000000, 4294967295)}.yaml`;
    k.ctx.host.fs.mkdirp('/tmp');
    k.ctx.host.fs.write(file, original);
    const problem = await launchEditor(k, cmd, file);
    if (problem !== undefined) {
      k.ctx.host.fs.remove(file);
      return fail(k, problem);
    }
    edited = k.ctx.host.fs.readText(file);
    k.ctx.host.fs.remove(file);
  }
  if (edited === undefined || edited === original) {
    k.out('Edit cancelled, no changes made.\n');
    return 0;
  }
  const body = edited
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  if (body.trim() === '') {
    k.out('Edit cancelled, saved file was empty.\n');
    return 0;
  }
  const parsed = parseDocuments(body);
  if (!parsed.ok || parsed.docs.length !== 1 || !isObject(parsed.docs[0]!.value)) {
    return fail(k, `error: ${parsed.ok ? 'the edited file had a syntax error' : parsed.error}`);
  }
  const next = parsed.docs[0]!.value as KObject;
  if (next.kind !== live.kind || next.metadata?.name !== live.metadata.name) {
    return fail(k, `At least one of apiVersion, kind and name was changed`);
  }
  const before = snapshot(live);
  const keep = {
    uid: live.metadata.uid,
    creationTimestamp: live.metadata.creationTimestamp,
    resourceVersion: live.metadata.resourceVersion,
  };
  for (const key of Object.keys(live)) delete live[key];
  Object.assign(live, next, { metadata: { ...next.metadata, ...keep } });
  if (live.metadata.annotations?.[LAST_APPLIED] === undefined) void 0;
  const changed = commit(k, t.rt, before, live);
  k.out(changed ? `${qualifiedSingular(t.rt)}/${t.name} edited\n` : 'Edit cancelled, no changes made.\n');
  return 0;
}

export { resolveResource };
