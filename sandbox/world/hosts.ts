/**
 * Making hosts: a node, a pod (its own namespace, placed on a node) or the
 * underlay's router, each with a hostname, a file system and a network
 * namespace whose loopback is up as on a booted machine.
 */
import { procSys } from '../kernel/sysctl.js';
import type { World } from './world.js';
import type { Host, HostKind } from './host.js';
import { VirtualFS } from './fs.js';
import { Netns } from '../kernel/netns.js';
import { parseIpv4 } from '../net/addr.js';

export interface HostSpec {
  name: string;
  kind: HostKind;
  node?: string;
  namespace?: string;
}

export function createHost(world: World, spec: HostSpec): Host {
  const ns = new Netns(spec.name, world);
  const sysctl = new Map<string, string>();
  const forwarding = spec.kind !== 'pod';
  ns.ipForward = forwarding;
  sysctl.set('net.ipv4.ip_forward', forwarding ? '1' : '0');
  sysctl.set('net.ipv4.conf.all.rp_filter', '0');
  sysctl.set('net.ipv4.ip_default_ttl', '64');
  const fs = new VirtualFS(() => world.clock.now);
  fs.mount('/proc/sys', procSys(ns, sysctl));
  fs.mkdirp('/root');
  fs.mkdirp('/tmp');
  fs.mkdirp('/etc');
  fs.write('/etc/hostname', spec.name + '\n');
  ns.setUp(ns.lo, true);
  ns.addrAdd(ns.lo, { address: parseIpv4('127.0.0.1')!, prefixLen: 8, scope: 'host' });
  const host: Host = {
    name: spec.name,
    kind: spec.kind,
    fs,
    ns,
    sysctl,
    ...(spec.node !== undefined ? { node: spec.node } : {}),
    ...(spec.namespace !== undefined ? { namespace: spec.namespace } : {}),
  };
  world.addHost(host);
  return host;
}
