/**
 * Loadable kernel modules of a node, as /proc/modules lists them (newest first). A pod shares
 * its node's kernel, so callers resolve a pod to its node before asking. br_netfilter's state is
 * the presence of its sysctls (kubeadm sets them at join, flanneld checks them), so the list
 * follows host.sysctl rather than keeping a second truth.
 */
import type { Host } from '../world/host.js';
import type { World } from '../world/world.js';

interface ModInfo {
  size: number;
  deps: string[];
}

/** Sizes as Debian 12's 6.1 kernel reports them; deps as modules.dep has them. */
export const MODULES: Readonly<Record<string, ModInfo>> = {
  vxlan: { size: 110592, deps: ['ip6_udp_tunnel', 'udp_tunnel'] },
  ip6_udp_tunnel: { size: 16384, deps: [] },
  udp_tunnel: { size: 28672, deps: [] },
  xt_statistic: { size: 16384, deps: ['x_tables'] },
  xt_nat: { size: 16384, deps: ['nf_nat', 'x_tables'] },
  xt_comment: { size: 16384, deps: ['x_tables'] },
  xt_mark: { size: 16384, deps: ['x_tables'] },
  xt_MASQUERADE: { size: 20480, deps: ['nf_nat', 'x_tables'] },
  xt_addrtype: { size: 16384, deps: ['x_tables'] },
  br_netfilter: { size: 32768, deps: ['bridge'] },
  bridge: { size: 311296, deps: ['stp', 'llc'] },
  stp: { size: 16384, deps: ['llc'] },
  llc: { size: 16384, deps: [] },
  overlay: { size: 163840, deps: [] },
  veth: { size: 40960, deps: [] },
  dummy: { size: 16384, deps: [] },
  iptable_nat: { size: 16384, deps: ['ip_tables', 'nf_nat'] },
  iptable_filter: { size: 16384, deps: ['ip_tables'] },
  xt_conntrack: { size: 16384, deps: ['nf_conntrack', 'x_tables'] },
  nf_nat: { size: 57344, deps: ['nf_conntrack', 'libcrc32c'] },
  nf_conntrack: { size: 176128, deps: ['nf_defrag_ipv6', 'nf_defrag_ipv4', 'libcrc32c'] },
  nf_defrag_ipv6: { size: 24576, deps: [] },
  nf_defrag_ipv4: { size: 16384, deps: [] },
  libcrc32c: { size: 16384, deps: [] },
  ip_tables: { size: 32768, deps: ['x_tables'] },
  x_tables: { size: 57344, deps: [] },
  ipip: { size: 20480, deps: ['tunnel4', 'ip_tunnel'] },
  tunnel4: { size: 16384, deps: [] },
  ip_tunnel: { size: 32768, deps: [] },
  virtio_net: { size: 61440, deps: ['net_failover'] },
  net_failover: { size: 24576, deps: ['failover'] },
  failover: { size: 16384, deps: [] },
};

/** What a kubeadm + flannel node has loaded, newest first (br_netfilter added per its sysctls). */
const BOOT = [
  'vxlan',
  'ip6_udp_tunnel',
  'udp_tunnel',
  'xt_statistic',
  'xt_nat',
  'xt_comment',
  'xt_mark',
  'xt_MASQUERADE',
  'xt_addrtype',
  'bridge',
  'stp',
  'llc',
  'overlay',
  'veth',
  'iptable_nat',
  'iptable_filter',
  'xt_conntrack',
  'nf_nat',
  'nf_conntrack',
  'nf_defrag_ipv6',
  'nf_defrag_ipv4',
  'libcrc32c',
  'ip_tables',
  'x_tables',
  'virtio_net',
  'net_failover',
  'failover',
];

const BRNF = [
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
  'net.bridge.bridge-nf-call-arptables',
];

const LOADED = new WeakMap<Map<string, string>, string[]>();

/** The host whose kernel `host` runs on: a pod's node, else itself. */
export function kernelHost(world: World, host: Host): Host {
  return (host.kind === 'pod' && host.node !== undefined ? world.host(host.node) : undefined) ?? host;
}

/** Loaded modules of a node's kernel, newest first. */
export function loadedModules(node: Host): string[] {
  let list = LOADED.get(node.sysctl);
  if (!list) LOADED.set(node.sysctl, (list = [...BOOT]));
  const brnf = node.sysctl.has(BRNF[0]!);
  const i = list.indexOf('br_netfilter');
  if (brnf && i < 0) list.splice(list.indexOf('bridge') >= 0 ? list.indexOf('bridge') : 0, 0, 'br_netfilter');
  if (!brnf && i >= 0) list.splice(i, 1);
  for (const d of MODULES.br_netfilter!.deps) if (brnf && !list.includes(d)) list.push(d);
  return list;
}

/** Modules that depend on `name` among the loaded ones, as /sys/module/NAME/holders lists them. */
export function holders(node: Host, name: string): string[] {
  return loadedModules(node).filter((m) => MODULES[m]?.deps.includes(name));
}

/** modprobe: load `name` and what it needs. */
export function loadModule(node: Host, name: string): void {
  const list = loadedModules(node);
  if (list.includes(name)) return;
  for (const d of MODULES[name]?.deps ?? []) loadModule(node, d);
  list.unshift(name);
  // br_netfilter_init registers its tunables, all on by default.
  if (name === 'br_netfilter') for (const k of BRNF) if (!node.sysctl.has(k)) node.sysctl.set(k, '1');
}

/**
 * Whether the node's own devices need the module. Linux would unload bridge/vxlan and delete their
 * devices; the emulator keeps cni0 and flannel.1 and calls the module busy instead.
 */
function drivesDevices(node: Host, name: string): boolean {
  return node.ns.devices().some((d) => d.kind === name);
}

/** modprobe -r: unload `name`, then the dependencies nothing else holds. Returns false when in use. */
export function unloadModule(node: Host, name: string): boolean {
  const list = loadedModules(node);
  if (holders(node, name).length > 0 || drivesDevices(node, name)) return false;
  const i = list.indexOf(name);
  if (i >= 0) list.splice(i, 1);
  if (name === 'br_netfilter') for (const k of BRNF) node.sysctl.delete(k);
  for (const d of MODULES[name]?.deps ?? [])
    if (list.includes(d) && holders(node, d).length === 0 && !drivesDevices(node, d)) unloadModule(node, d);
  return true;
}
