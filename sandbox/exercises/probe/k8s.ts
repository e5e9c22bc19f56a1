/**
 * Read-only views of the cluster for graders: nodes and their conditions,
 * pods and their phases, the flannel ConfigMap's backend.
 */
import type { World } from '../../world/world.js';
import { RT } from '../../k8s/cluster.js';
import type { NodeObject, PodObject } from '../../k8s/objects.js';

export function nodes(world: World): NodeObject[] {
  return world.cluster?.nodes() ?? [];
}

export function node(world: World, name: string): NodeObject | undefined {
  return world.cluster?.node(name);
}

export function nodeReady(n: NodeObject): boolean {
  return n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function allNodesReady(world: World): boolean {
  const ns = nodes(world);
  return ns.length > 0 && ns.every(nodeReady);
}

export function pods(world: World, namespace?: string): PodObject[] {
  return world.cluster?.pods(namespace) ?? [];
}

/** Running, every container ready, not being deleted. */
export function podHealthy(p: PodObject): boolean {
  return (
    p.status.phase === 'Running' &&
    p.metadata.deletionTimestamp === undefined &&
    (p.status.containerStatuses ?? []).length > 0 &&
    (p.status.containerStatuses ?? []).every((c) => c.ready)
  );
}

export function flannelPods(world: World): PodObject[] {
  return pods(world, 'kube-flannel').filter((p) => p.metadata.labels?.['app'] === 'flannel');
}

export function flannelPodOn(world: World, nodeName: string): PodObject | undefined {
  return flannelPods(world).find((p) => p.spec.nodeName === nodeName && p.metadata.deletionTimestamp === undefined);
}

export function daemonSetExists(world: World, namespace: string, name: string): boolean {
  return world.cluster?.get(RT.daemonsets, namespace, name) !== undefined;
}

/** net-conf.json of kube-flannel-cfg, parsed; undefined when missing or not JSON. */
export function flannelNetConf(world: World): { Network?: string; Backend?: { Type?: string } } | undefined {
  const cm = world.cluster?.get(RT.configmaps, 'kube-flannel', 'kube-flannel-cfg');
  const data = cm?.['data'] as Record<string, string> | undefined;
  const text = data?.['net-conf.json'];
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as { Network?: string; Backend?: { Type?: string } }) : undefined;
  } catch {
    return undefined;
  }
}

/** The backend type the ConfigMap asks for (flannel's default is vxlan). */
export function configuredBackend(world: World): string | undefined {
  const conf = flannelNetConf(world);
  if (!conf) return undefined;
  return (conf.Backend?.Type ?? 'vxlan').toLowerCase();
}

/** The annotation flanneld wrote on a node (`flannel.alpha.coreos.com/<key>`). */
export function flannelAnnotation(world: World, nodeName: string, key: string): string | undefined {
  return node(world, nodeName)?.metadata.annotations?.[`flannel.alpha.coreos.com/${key}`];
}
