/**
 * The Kubernetes side of a world: the API store plus the control loops that
 * act on it (scheduler, DaemonSet/Deployment/ReplicaSet controllers, node
 * lifecycle, one kubelet per node). Loops run on the world's virtual clock.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { ApiStore } from './store.js';
import { resolveResource, type ResourceType } from './resources.js';
import type { KObject, NodeObject, PodObject } from './objects.js';

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

  constructor(readonly world: World) {
    this.store = new ApiStore(world);
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

  addController(c: Controller): void {
    this.controllers.push(c);
  }
}
