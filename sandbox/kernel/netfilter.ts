/**
 * A minimal netfilter for the iptables the cluster uses: the filter and nat
 * tables with their built-in chains, user chains, rules with the matches
 * flannel and kube-proxy-style rules need (-s/-d with !, -i/-o, -p, -m mark,
 * -m comment) and targets (ACCEPT, DROP, RETURN, a user chain, MASQUERADE),
 * packet/byte counters, and the two hook points that matter here: FORWARD
 * (verdict) and POSTROUTING (source NAT). State lives per network namespace.
 */
import type { Netns } from './netns.js';
import { inSubnet } from '../net/addr.js';

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';

export interface IpMatch {
  net: number;
  len: number;
  not: boolean;
}

export interface Rule {
  /** The rule as `iptables -S` prints it after `-A CHAIN ` (canonical form). */
  spec: string;
  src?: IpMatch;
  dst?: IpMatch;
  inIface?: { name: string; not: boolean };
  outIface?: { name: string; not: boolean };
  proto?: { p: string; not: boolean };
  mark?: { value: number; mask: number; not: boolean };
  comment?: string;
  target: string;
  randomFully?: boolean;
  packets: number;
  bytes: number;
}

export interface Chain {
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | undefined;
  rules: Rule[];
  packets: number;
  bytes: number;
}

export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export class Netfilter {
  readonly tables = new Map<TableName, Map<string, Chain>>();
  /** Tables that have been touched (iptables-save prints only those, as the kernel loads them on use). */
  readonly loaded = new Set<TableName>();

  constructor() {
    for (const t of Object.keys(BUILTIN_CHAINS) as TableName[]) {
      const m = new Map<string, Chain>();
      for (const c of BUILTIN_CHAINS[t])
        m.set(c, { name: c, builtin: true, policy: 'ACCEPT', rules: [], packets: 0, bytes: 0 });
      this.tables.set(t, m);
    }
    this.loaded.add('filter');
  }

  table(t: TableName): Map<string, Chain> {
    this.loaded.add(t);
    return this.tables.get(t)!;
  }

  get empty(): boolean {
    for (const t of this.tables.values()) {
      for (const c of t.values()) if (!c.builtin || c.rules.length || c.policy === 'DROP') return false;
    }
    return true;
  }
}

const registry = new WeakMap<Netns, Netfilter>();

export function netfilterOf(ns: Netns): Netfilter {
  let nf = registry.get(ns);
  if (!nf) {
    nf = new Netfilter();
    registry.set(ns, nf);
  }
  return nf;
}

/** Only namespaces where someone has configured iptables pay for rule evaluation. */
export function netfilterIfAny(ns: Netns): Netfilter | undefined {
  return registry.get(ns);
}

export interface PacketView {
  src: number;
  dst: number;
  protocol: number;
  inIface?: string;
  outIface?: string;
  mark: number;
  length: number;
}

function ifaceMatch(m: { name: string; not: boolean } | undefined, name: string | undefined): boolean {
  if (!m) return true;
  const pat = m.name;
  const hit = pat.endsWith('+') ? (name ?? '').startsWith(pat.slice(0, -1)) : name === pat;
  return m.not ? !hit : hit;
}

const PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

export function ruleMatches(r: Rule, p: PacketView): boolean {
  if (r.src && inSubnet(p.src, r.src.net, r.src.len) === r.src.not) return false;
  if (r.dst && inSubnet(p.dst, r.dst.net, r.dst.len) === r.dst.not) return false;
  if (!ifaceMatch(r.inIface, p.inIface)) return false;
  if (!ifaceMatch(r.outIface, p.outIface)) return false;
  if (r.proto && r.proto.p !== 'all' && (PROTO[r.proto.p] === p.protocol) === r.proto.not) return false;
  if (r.mark && ((p.mark & r.mark.mask) >>> 0 === r.mark.value) === r.mark.not) return false;
  return true;
}

/**
 * Walk a built-in chain as the kernel does (ipt_do_table): first matching
 * rule wins; a user chain is entered and RETURN (or its end) comes back;
 * ACCEPT/DROP/MASQUERADE end the walk. Returns the final verdict.
 */
export function traverse(
  nf: Netfilter,
  table: TableName,
  chain: string,
  p: PacketView,
): 'ACCEPT' | 'DROP' | 'MASQUERADE' {
  const t = nf.tables.get(table)!;
  const walk = (name: string, depth: number): 'ACCEPT' | 'DROP' | 'MASQUERADE' | 'RETURN' | undefined => {
    const c = t.get(name);
    if (!c || depth > 16) return undefined;
    for (const r of c.rules) {
      if (!ruleMatches(r, p)) continue;
      r.packets++;
      r.bytes += p.length;
      if (r.target === 'ACCEPT' || r.target === 'DROP' || r.target === 'MASQUERADE') return r.target;
      if (r.target === 'RETURN') return 'RETURN';
      if (t.has(r.target)) {
        const v = walk(r.target, depth + 1);
        if (v && v !== 'RETURN') return v;
      }
    }
    return undefined;
  };
  const c = t.get(chain)!;
  const v = walk(chain, 0);
  if (v && v !== 'RETURN') return v;
  c.packets++;
  c.bytes += p.length;
  return c.policy ?? 'ACCEPT';
}

/** Parse rule arguments (`-s 10.244.0.0/16 -m comment --comment "x" -j ACCEPT`, already split) as iptables does. */
export function parseRule(args: readonly string[]): { ok: true; rule: Rule } | { ok: false; error: string } {
  const r: Rule = { spec: '', target: '', packets: 0, bytes: 0 };
  let not = false;
  const ip = (s: string | undefined): IpMatch | undefined => {
    if (!s) return undefined;
    const [a, l] = s.split('/');
    const parts = (a ?? '').split('.');
    if (parts.length !== 4 || parts.some((x) => !/^\d+$/.test(x) || Number(x) > 255)) return undefined;
    const n = parts.reduce((acc, x) => ((acc << 8) | Number(x)) >>> 0, 0);
    const len = l === undefined ? 32 : Number(l);
    if (!Number.isInteger(len) || len < 0 || len > 32) return undefined;
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return { net: (n & mask) >>> 0, len, not: false };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    switch (a) {
      case '!':
        not = true;
        continue;
      case '-s':
      case '--source':
      case '-d':
      case '--destination': {
        const m = ip(v);
        if (!m) return { ok: false, error: `host/network \`${v ?? ''}' not found` };
        m.not = not;
        if (a === '-s' || a === '--source') r.src = m;
        else r.dst = m;
        i++;
        break;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface':
        if (!v) return { ok: false, error: `option "${a}" requires an argument` };
        if (a.startsWith('-i') || a === '--in-interface') r.inIface = { name: v, not };
        else r.outIface = { name: v, not };
        i++;
        break;
      case '-p':
      case '--protocol':
        if (!v || !['tcp', 'udp', 'icmp', 'all'].includes(v))
          return { ok: false, error: `unknown protocol "${v ?? ''}" specified` };
        r.proto = { p: v, not };
        i++;
        break;
      case '-m':
      case '--match':
        if (v !== 'comment' && v !== 'mark' && v !== 'tcp' && v !== 'udp' && v !== 'icmp') {
          return { ok: false, error: `Couldn't load match \`${v ?? ''}':No such file or directory` };
        }
        i++;
        break;
      case '--comment':
        if (v === undefined) return { ok: false, error: 'option "--comment" requires an argument' };
        r.comment = v;
        i++;
        break;
      case '--mark': {
        const m = /^(0x[0-9a-fA-F]+|\d+)(?:\/(0x[0-9a-fA-F]+|\d+))?$/.exec(v ?? '');
        if (!m) return { ok: false, error: `Bad MARK value "${v ?? ''}"` };
        r.mark = { value: Number(m[1]) >>> 0, mask: m[2] ? Number(m[2]) >>> 0 : 0xffffffff, not };
        i++;
        break;
      }
      case '-j':
      case '--jump':
        if (!v) return { ok: false, error: 'option "-j" requires an argument' };
        r.target = v;
        i++;
        break;
      case '--random-fully':
        r.randomFully = true;
        break;
      default:
        return { ok: false, error: `unknown option "${a}"` };
    }
    not = false;
  }
  r.spec = formatRule(r);
  return { ok: true, rule: r };
}

function fmtIp(m: IpMatch): string {
  return `${[m.net >>> 24, (m.net >>> 16) & 255, (m.net >>> 8) & 255, m.net & 255].join('.')}/${m.len}`;
}

/** The canonical text `iptables -S` prints for a rule (after `-A CHAIN`). */
export function formatRule(r: Rule): string {
  const p: string[] = [];
  if (r.src) p.push(`${r.src.not ? '! ' : ''}-s ${fmtIp(r.src)}`);
  if (r.dst) p.push(`${r.dst.not ? '! ' : ''}-d ${fmtIp(r.dst)}`);
  if (r.inIface) p.push(`${r.inIface.not ? '! ' : ''}-i ${r.inIface.name}`);
  if (r.outIface) p.push(`${r.outIface.not ? '! ' : ''}-o ${r.outIface.name}`);
  if (r.proto) p.push(`${r.proto.not ? '! ' : ''}-p ${r.proto.p}`);
  if (r.mark)
    p.push(`-m mark ${r.mark.not ? '! ' : ''}--mark 0x${r.mark.value.toString(16)}/0x${r.mark.mask.toString(16)}`);
  if (r.comment !== undefined)
    p.push(`-m comment --comment ${/^[\w.-]+$/.test(r.comment) ? r.comment : `"${r.comment}"`}`);
  if (r.target) p.push(`-j ${r.target}`);
  if (r.randomFully) p.push('--random-fully');
  return p.join(' ');
}
