/**
 * flanneld's iptables traffic manager (pkg/trafficmngr/iptables): the
 * FLANNEL-POSTRTG masquerade chain (with --ip-masq) and the FLANNEL-FWD
 * accept chain, installed like `iptables-restore --noflush` and re-checked
 * every --iptables-resync seconds.
 */
import type { Netns } from '../kernel/netns.js';
import { netfilterOf, parseRule, type TableName } from '../kernel/netfilter.js';
import { formatCidr, type Ip4Net } from './netconf.js';

export interface RuleSpec {
  table: TableName;
  chain: string;
  args: string[];
}

const MASQ = ['-m', 'comment', '--comment', 'flanneld masq'];
const FWD = ['-m', 'comment', '--comment', 'flanneld forward'];

export function masqRules(network: Ip4Net, lease: Ip4Net, randomFully = true): RuleSpec[] {
  const n = formatCidr(network);
  const l = formatCidr(lease);
  const rf = randomFully ? ['--random-fully'] : [];
  const c = (args: string[]): RuleSpec => ({ table: 'nat', chain: 'FLANNEL-POSTRTG', args });
  return [
    { table: 'nat', chain: 'POSTROUTING', args: [...MASQ, '-j', 'FLANNEL-POSTRTG'] },
    c(['-m', 'mark', '--mark', '0x4000/0x4000', ...MASQ, '-j', 'RETURN']),
    c(['-s', l, '-d', n, ...MASQ, '-j', 'RETURN']),
    c(['-s', n, '-d', l, ...MASQ, '-j', 'RETURN']),
    c(['!', '-s', n, '-d', l, ...MASQ, '-j', 'RETURN']),
    c(['-s', n, '!', '-d', '224.0.0.0/4', ...MASQ, '-j', 'MASQUERADE', ...rf]),
    c(['!', '-s', n, '-d', n, ...MASQ, '-j', 'MASQUERADE', ...rf]),
  ];
}

export function forwardRules(network: Ip4Net): RuleSpec[] {
  const n = formatCidr(network);
  return [
    { table: 'filter', chain: 'FORWARD', args: [...FWD, '-j', 'FLANNEL-FWD'] },
    { table: 'filter', chain: 'FLANNEL-FWD', args: ['-s', n, ...FWD, '-j', 'ACCEPT'] },
    { table: 'filter', chain: 'FLANNEL-FWD', args: ['-d', n, ...FWD, '-j', 'ACCEPT'] },
  ];
}

function specOf(r: RuleSpec): string | undefined {
  const p = parseRule(r.args);
  return p.ok ? p.rule.spec : undefined;
}

/** True when every rule is in place (the resync check). */
export function rulesPresent(ns: Netns, rules: RuleSpec[]): boolean {
  const nf = netfilterOf(ns);
  return rules.every((r) => {
    const chain = nf.tables.get(r.table)!.get(r.chain);
    const s = specOf(r);
    return !!chain && chain.rules.some((x) => x.spec === s);
  });
}

/** Ensure the chains exist and the rules are there, in order; jumps from built-ins are inserted first. */
export function applyRules(ns: Netns, rules: RuleSpec[]): void {
  const nf = netfilterOf(ns);
  for (const r of rules) {
    const t = nf.table(r.table);
    if (!t.has(r.chain))
      t.set(r.chain, { name: r.chain, builtin: false, policy: undefined, rules: [], packets: 0, bytes: 0 });
  }
  // iptables-restore --noflush of the flannel chains: they are rewritten whole; the jump rules are added once.
  const userChains = new Set(
    rules.filter((r) => !nf.tables.get(r.table)!.get(r.chain)!.builtin).map((r) => `${r.table}/${r.chain}`),
  );
  for (const key of userChains) {
    const [table, chain] = key.split('/') as [TableName, string];
    nf.tables.get(table)!.get(chain)!.rules = [];
  }
  for (const r of rules) {
    const chain = nf.tables.get(r.table)!.get(r.chain)!;
    const p = parseRule(r.args);
    if (!p.ok) continue;
    if (chain.builtin) {
      if (!chain.rules.some((x) => x.spec === p.rule.spec)) chain.rules.unshift(p.rule);
    } else chain.rules.push(p.rule);
  }
}

/** Delete these rules (recycling a previous network's masquerade rules). */
export function deleteRules(ns: Netns, rules: RuleSpec[]): void {
  const nf = netfilterOf(ns);
  for (const r of rules) {
    const chain = nf.tables.get(r.table)!.get(r.chain);
    const s = specOf(r);
    if (chain) chain.rules = chain.rules.filter((x) => x.spec !== s);
  }
}
