/** Read-only views of a host's iptables state (the filter table is what exercises look at). */
import type { World } from '../../world/world.js';
import { netfilterIfAny, netfilterOf, type Chain } from '../../kernel/netfilter.js';

export function chain(world: World, host: string, name: string, table: 'filter' | 'nat' = 'filter'): Chain | undefined {
  const ns = world.host(host)?.ns;
  if (!ns) return undefined;
  return netfilterIfAny(ns)?.tables.get(table)?.get(name);
}

/** The policy of a built-in chain (ACCEPT when nobody ever touched iptables there). */
export function policy(world: World, host: string, name: string): string | undefined {
  const ns = world.host(host)?.ns;
  if (!ns) return undefined;
  return chain(world, host, name)?.policy ?? (netfilterIfAny(ns) ? undefined : 'ACCEPT');
}

/** Set a built-in chain's policy, as `iptables -P CHAIN POLICY` does (for setups). */
export function setPolicy(world: World, host: string, name: string, p: 'ACCEPT' | 'DROP'): void {
  const ns = world.host(host)?.ns;
  const c = ns ? netfilterOf(ns).table('filter').get(name) : undefined;
  if (!c) throw new Error(`iptables: no chain ${name} on ${host}`);
  c.policy = p;
}
