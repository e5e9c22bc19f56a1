import { World } from '../../sandbox/world/world.js';
import { createHost } from '../../sandbox/world/hosts.js';
import { parseIpv4 } from '../../sandbox/net/addr.js';
import type { Host } from '../../sandbox/world/host.js';
import type { NetDevice } from '../../sandbox/kernel/netdevice.js';
import { addNic } from '../../sandbox/scenarios/network.js';

export const ip = (s: string): number => parseIpv4(s)!;

/** Two hosts with eth0 on one segment (10.0.0.1/24 and 10.0.0.2/24). */
export function twoHosts(): { world: World; a: Host; b: Host; ethA: NetDevice; ethB: NetDevice } {
  const world = new World({ seed: 7 });
  const a = createHost(world, { name: 'a', kind: 'node' });
  const b = createHost(world, { name: 'b', kind: 'node' });
  const ethA = addNic(world, a, {
    name: 'eth0',
    ip: ip('10.0.0.1'),
    prefixLen: 24,
    mac: '02:00:00:00:00:01',
    segment: 's',
  });
  const ethB = addNic(world, b, {
    name: 'eth0',
    ip: ip('10.0.0.2'),
    prefixLen: 24,
    mac: '02:00:00:00:00:02',
    segment: 's',
  });
  return { world, a, b, ethA, ethB };
}
