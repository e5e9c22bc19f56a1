/**
 * The Kubernetes side of a world: the API store plus the control loops that
 * act on it (scheduler, DaemonSet/Deployment/ReplicaSet controllers, node
 * lifecycle, one kubelet per node). Loops run on the world's virtual clock.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { ApiStore, type WatchFn } from './store.js';
import { resolveResource, type ResourceType } from './resources.js';
import type { KObject, NodeObject, PodObject } from './objects.js';
import type { Kubelet, PodNetwork } from './kubelet.js';
import type { ContainerProgram } from './runtime.js';
import { Entropy, type EntropyTable } from './entropy.js';
import { rfc3339 } from './time.js';
import { Rng } from '../world/rng.js';

export const RT = {
  pods: resolveResource('pods')!,
  nodes: resolveResource('nodes')!,
  namespaces: resolveResource('namespaces')!,
  configmaps: resolveResource('configmaps')!,
  serviceaccounts: resolveResource('serviceaccounts')!,
  services: resolveResource('services')!,
  events: resolveResource('events')!,
  daemonsets: resolveResource('daemonsets')!,
  deployments: resolveResource('deployments')!,
  replicasets: resolveResource('replicasets')!,
  clusterroles: resolveResource('clusterroles')!,
  clusterrolebindings: resolveResource('clusterrolebindings')!,
} satisfies Record<string, ResourceType>;

/** Something that reacts to the cluster's objects; started once the cluster is built. */
export interface Controller {
  start(): void;
}

export class Cluster {
  readonly store: ApiStore;
  /** Hosts that run a pod's processes (its netns for exec), by `namespace/name`. */
  private readonly podHostMap = new Map<string, Host>();
  readonly controllers: Controller[] = [];
  readonly kubelets = new Map<string, Kubelet>();
  /** Programs containers can run, by command name (flanneld, install-conf…). */
  readonly programs = new Map<string, ContainerProgram>();
  /** The container runtime's pod network: the CNI plugins, set by the layer that provides them. */
  network: PodNetwork | undefined;
  readonly entropy: Entropy;
  readonly rng: Rng;

  constructor(
    readonly world: World,
    entropy: EntropyTable = {},
  ) {
    // The cluster draws from its own stream, so deploying flannel leaves the kernel's random choices
    // (hash seeds, jitter) exactly as in a world built without a cluster.
    this.rng = new Rng((world.rng.seed ^ 0x6b386573) >>> 0 || 1);
    this.store = new ApiStore(world, this.rng);
    this.entropy = new Entropy(this.rng, entropy);
  }

  get now(): number {
    return this.world.clock.now;
  }

  nodes(): NodeObject[] {
    return this.store.list(RT.nodes) as NodeObject[];
  }

  node(name: string): NodeObject | undefined {
    return this.store.getLive(RT.nodes, undefined, name) as NodeObject | undefined;
  }

  pods(ns?: string): PodObject[] {
    return this.store.list(RT.pods, ns) as PodObject[];
  }

  pod(ns: string, name: string): PodObject | undefined {
    return this.store.getLive(RT.pods, ns, name) as PodObject | undefined;
  }

  get(rt: ResourceType, ns: string | undefined, name: string): KObject | undefined {
    return this.store.getLive(rt, ns, name);
  }

  setPodHost(ns: string, name: string, host: Host | undefined): void {
    if (host) this.podHostMap.set(`${ns}/${name}`, host);
    else this.podHostMap.delete(`${ns}/${name}`);
  }

  /** Where `kubectl exec` runs for this pod, if its sandbox exists. */
  podHost(ns: string, name: string): Host | undefined {
    return this.podHostMap.get(`${ns}/${name}`);
  }

  private readonly podWatchers = new Map<string, WatchFn>();
  private podDispatch: (() => void) | undefined;

  /** Pod changes for one node only (one kubelet each), dispatched from a single store watch. */
  onNodePods(node: string, fn: WatchFn): void {
    this.podWatchers.set(node, fn);
    this.podDispatch ??= this.store.watch(
      (type, o, rt) => {
        const n = (o as PodObject).spec?.nodeName;
        if (n) this.podWatchers.get(n)?.(type, o, rt);
      },
      [RT.pods],
    );
  }

  addController(c: Controller): void {
    this.controllers.push(c);
  }

  /**
   * Delete as the API server does: a pod bound to a node is only marked
   * (deletionTimestamp) and its kubelet finishes the job after stopping it;
   * anything else goes at once, and the garbage collector then deletes what
   * it owned (background propagation).
   */
  deleteObject(
    rt: ResourceType,
    ns: string | undefined,
    name: string,
    gracePeriodSeconds?: number,
  ): KObject | undefined {
    const o = this.store.getLive(rt, ns, name);
    if (!o) return undefined;
    if (rt === RT.pods) {
      const pod = o as PodObject;
      const grace = gracePeriodSeconds ?? (pod.spec['terminationGracePeriodSeconds'] as number | undefined) ?? 30;
      if (pod.spec.nodeName && this.kubelets.has(pod.spec.nodeName) && grace > 0) {
        if (!pod.metadata.deletionTimestamp) {
          pod.metadata.deletionTimestamp = rfc3339(this.now + grace * 1_000_000);
          pod.metadata.deletionGracePeriodSeconds = grace;
          this.store.update(pod);
        }
        return pod;
      }
    }
    this.store.delete(rt, ns, name);
    this.collectGarbage(o);
    return o;
  }

  /**
   * A namespace first turns Terminating; the namespace controller then
   * deletes what is inside and removes the namespace once its pods are gone.
   */
  deleteNamespace(name: string): KObject | undefined {
    const ns = this.store.getLive(RT.namespaces, undefined, name);
    if (!ns) return undefined;
    if (ns.metadata.deletionTimestamp) return ns;
    ns.metadata.deletionTimestamp = rfc3339(this.now);
    ns['status'] = { phase: 'Terminating' };
    this.store.update(ns);
    const clock = this.world.clock;
    clock.after(300_000, () => {
      for (const rt of [
        RT.daemonsets,
        RT.deployments,
        RT.replicasets,
        RT.pods,
        RT.configmaps,
        RT.serviceaccounts,
        RT.services,
        RT.events,
      ]) {
        for (const x of this.store.list(rt, name)) this.deleteObject(rt, name, x.metadata.name);
      }
      const finish = (): void => {
        if (this.store.list(RT.pods, name).length === 0) this.store.delete(RT.namespaces, undefined, name);
        else clock.after(1_000_000, finish);
      };
      finish();
    });
    return ns;
  }

  deletePod(ns: string, name: string, gracePeriodSeconds?: number): void {
    this.deleteObject(RT.pods, ns, name, gracePeriodSeconds);
  }

  private collectGarbage(owner: KObject): void {
    for (const rt of [RT.replicasets, RT.pods]) {
      for (const o of this.store.list(rt, owner.metadata.namespace)) {
        if ((o.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid)) {
          this.deleteObject(rt, o.metadata.namespace, o.metadata.name);
        }
      }
    }
  }
}
