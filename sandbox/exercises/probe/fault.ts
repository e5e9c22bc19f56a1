/**
 * Faults exercises inject at setup, through the kernel's netlink-like API (as
 * an operator's `ip` command would). Each throws if the world does not have
 * what the exercise expects: a broken setup must fail the tests loudly.
 */
import type { World } from '../../world/world.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import type { Netns } from '../../kernel/netns.js';
import type { KResult } from '../../kernel/errno.js';
import { parseIpv4 } from '../../net/addr.js';
import { parseCidr } from '../cidr.js';

function nsOf(world: World, host: string): Netns {
  const h = world.host(host);
  if (!h) throw new Error(`fault: no host ${host}`);
  return h.ns;
}

function devOf(world: World, host: string, name: string): NetDevice {
  const d = nsOf(world, host).dev(name);
  if (!d) throw new Error(`fault: no device ${name} on ${host}`);
  return d;
}

function ip(s: string): number {
  const v = parseIpv4(s);
  if (v === undefined) throw new Error(`fault: bad address ${s}`);
  return v;
}

function must<T>(what: string, r: KResult<T>): T {
  if (!r.ok) throw new Error(`fault: ${what}: ${r.errno}${r.extack ? ` (${r.extack})` : ''}`);
  return r.value;
}

export function deleteRoute(world: World, host: string, dst: string): void {
  const c = parseCidr(dst);
  if (!c) throw new Error(`fault: bad prefix ${dst}`);
  must(`route del ${dst} on ${host}`, nsOf(world, host).routeDel({ dst: c.net, prefixLen: c.len }));
}

export function deleteNeighbour(world: World, host: string, dev: string, addr: string): void {
  must(`neigh del ${addr} dev ${dev} on ${host}`, nsOf(world, host).neighDel(devOf(world, host, dev), ip(addr)));
}

export function replaceNeighbour(world: World, host: string, dev: string, addr: string, lladdr: string): void {
  must(
    `neigh replace ${addr} dev ${dev} on ${host}`,
    nsOf(world, host).neighReplace(devOf(world, host, dev), ip(addr), { lladdr, state: 'PERMANENT' }),
  );
}

export function deleteFdb(world: World, host: string, dev: string, mac: string): void {
  must(`fdb del ${mac} dev ${dev} on ${host}`, nsOf(world, host).fdbDel(devOf(world, host, dev), { mac, self: true }));
}

export function appendFdb(world: World, host: string, dev: string, mac: string, dst: string): void {
  must(
    `fdb append ${mac} dev ${dev} on ${host}`,
    nsOf(world, host).fdbAppend(devOf(world, host, dev), { mac, dst: ip(dst), self: true, state: 'permanent' }),
  );
}

export function setNoMaster(world: World, host: string, dev: string): void {
  must(`link set ${dev} nomaster on ${host}`, nsOf(world, host).linkSet(devOf(world, host, dev), { master: null }));
}

export function setMtu(world: World, host: string, dev: string, mtu: number): void {
  must(`link set ${dev} mtu ${mtu} on ${host}`, nsOf(world, host).linkSet(devOf(world, host, dev), { mtu }));
}

/** A node as if kube-controller-manager had never allocated it a podCIDR (kubeadm without --pod-network-cidr). */
export function clearPodCidr(world: World, nodeName: string): void {
  const cluster = world.cluster;
  const node = cluster?.node(nodeName);
  if (!cluster || !node) throw new Error(`fault: no node ${nodeName}`);
  delete node.spec.podCIDR;
  delete node.spec.podCIDRs;
  cluster.store.update(node);
}
