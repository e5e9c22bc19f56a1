/** Read-only views of a host's iptables state (the filter table is what exercises look at). */
import type { World } from '../../world/world.js';
import {
  netfilterIfAny,
  netfilterOf,
  parseRule,
  ruleMatches,
  type Chain,
  type PacketView,
} from '../../kernel/netfilter.js';

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

/** Append a rule to a filter chain, as `iptables -A CHAIN ARGS…` does (for setups). */
export function appendRule(world: World, host: string, chainName: string, args: readonly string[]): void {
  const ns = world.host(host)?.ns;
  const c = ns ? netfilterOf(ns).table('filter').get(chainName) : undefined;
  if (!c) throw new Error(`iptables: no chain ${chainName} on ${host}`);
  const p = parseRule(args);
  if (!p.ok) throw new Error(`iptables: ${p.error}`);
  c.rules.push(p.rule);
}

/**
 * The filter verdict a packet would get at a built-in chain, without moving
 * any counter (checks must not change the world): the first matching rule's
 * target, user chains entered, else the policy.
 */
export function verdictFor(world: World, host: string, chainName: string, p: PacketView): string {
  const ns = world.host(host)?.ns;
  const nf = ns ? netfilterIfAny(ns) : undefined;
  if (!nf) return 'ACCEPT';
  const t = nf.tables.get('filter')!;
  const walk = (name: string, depth: number): string | undefined => {
    const c = t.get(name);
    if (!c || depth > 16) return undefined;
    for (const r of c.rules) {
      if (!ruleMatches(r, p)) continue;
      if (r.target === 'RETURN') return undefined;
      if (t.has(r.target)) {
        const v = walk(r.target, depth + 1);
        if (v !== undefined) return v;
        continue;
      }
      if (r.target === 'ACCEPT' || r.target === 'DROP' || r.target === 'REJECT') return r.target;
    }
    return undefined;
  };
  return walk(chainName, 0) ?? t.get(chainName)?.policy ?? 'ACCEPT';
}
