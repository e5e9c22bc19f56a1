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

/** One chain of the walk (a module function, not a closure: traverse runs per packet). */
function walkChain(
  t: Map<string, Chain>,
  name: string,
  p: PacketView,
  depth: number,
): 'ACCEPT' | 'DROP' | 'MASQUERADE' | 'RETURN' | undefined {
  const c = t.get(name);
  if (!c || depth > 16) return undefined;
  for (const r of c.rules) {
    if (!ruleMatches(r, p)) continue;
    r.packets++;
    r.bytes += p.length;
    if (r.target === 'ACCEPT' || r.target === 'DROP' || r.target === 'MASQUERADE') return r.target;
    if (r.target === 'RETURN') return 'RETURN';
    if (t.has(r.target)) {
      const v = walkChain(t, r.target, p, depth + 1);
      if (v && v !== 'RETURN') return v;
    }
  }
  return undefined;
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
  const c = t.get(chain)!;
  const v = walkChain(t, chain, p, 0);
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

// ------------------------------------------------------------------ hooks and NAT

/** A masqueraded flow: what the reply must be turned back into. */
interface NatEntry {
  protocol: number;
  origSrc: number;
  natSrc: number;
  peer: number;
  /** ICMP echo id, or UDP source port (kept: no port clashes in these labs). */
  key: number;
  lastUsedUs: number;
}

const conntrack = new WeakMap<Netns, NatEntry[]>();
const MAX_CONNTRACK = 4096;

function flowKey(packet: Uint8Array, ihl: number, protocol: number, reply: boolean): number | undefined {
  if (protocol === 1 && packet.length >= ihl + 8) {
    const type = packet[ihl]!;
    if ((!reply && type === 8) || (reply && type === 0)) return (packet[ihl + 4]! << 8) | packet[ihl + 5]!;
    return undefined;
  }
  if (protocol === 17 && packet.length >= ihl + 8) {
    const off = reply ? ihl + 2 : ihl;
    return (packet[off]! << 8) | packet[off + 1]!;
  }
  return undefined;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 255;
  b[o + 2] = (v >>> 8) & 255;
  b[o + 3] = v & 255;
}

function sum16(b: Uint8Array, off: number, len: number, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < len; i += 2) s += (b[off + i]! << 8) | b[off + i + 1]!;
  if (len & 1) s += b[off + len - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** Recompute the IPv4 header checksum and, for UDP, the checksum over the pseudo-header (if it was set). */
function fixChecksums(p: Uint8Array): void {
  const ihl = (p[0]! & 15) * 4;
  p[10] = 0;
  p[11] = 0;
  const h = ~sum16(p, 0, ihl) & 0xffff;
  p[10] = h >>> 8;
  p[11] = h & 255;
  if (p[9] === 17 && p.length >= ihl + 8 && (p[ihl + 6]! | p[ihl + 7]!) !== 0) {
    const len = ((p[2]! << 8) | p[3]!) - ihl;
    p[ihl + 6] = 0;
    p[ihl + 7] = 0;
    let s = sum16(p, 12, 8);
    s += 17 + len;
    s = sum16(p, ihl, len, s);
    let c = ~s & 0xffff;
    if (c === 0) c = 0xffff;
    p[ihl + 6] = c >>> 8;
    p[ihl + 7] = c & 255;
  }
}

/**
 * NF_INET_FORWARD, filter table: the verdict for a routed packet.
 * True when it may pass. Namespaces nobody configured cost one map lookup.
 */
export function nfForward(ns: Netns, inDev: string, outDev: string, packet: Uint8Array): boolean {
  const nf = netfilterIfAny(ns);
  if (!nf) return true;
  const v = traverse(nf, 'filter', 'FORWARD', {
    src: u32(packet, 12),
    dst: u32(packet, 16),
    protocol: packet[9]!,
    inIface: inDev,
    outIface: outDev,
    mark: 0,
    length: packet.length,
  });
  return v !== 'DROP';
}

/**
 * NF_INET_POST_ROUTING, nat table: MASQUERADE rewrites the source to the
 * outgoing device's address and remembers the flow so its replies can be
 * turned back. Returns the packet to send (a rewritten copy, or the same).
 */
export function nfPostrouting(
  ns: Netns,
  outDev: { name: string; addresses: readonly { address: number }[] },
  packet: Uint8Array,
  nowUs: number,
): Uint8Array {
  const nf = netfilterIfAny(ns);
  if (!nf || !nf.loaded.has('nat')) return packet;
  const src = u32(packet, 12);
  const dst = u32(packet, 16);
  const protocol = packet[9]!;
  const ihl = (packet[0]! & 15) * 4;
  // Only a connection's first packet meets the nat table; ICMP replies and errors never start one.
  if (protocol === 1 && packet[ihl] !== 8) return packet;
  const key = flowKey(packet, ihl, protocol, false);
  const table = conntrack.get(ns) ?? [];
  const known =
    key !== undefined
      ? table.find((e) => e.protocol === protocol && e.origSrc === src && e.peer === dst && e.key === key)
      : undefined;
  let natSrc = known?.natSrc;
  if (natSrc === undefined) {
    const v = traverse(nf, 'nat', 'POSTROUTING', {
      src,
      dst,
      protocol,
      outIface: outDev.name,
      mark: 0,
      length: packet.length,
    });
    if (v !== 'MASQUERADE') return packet;
    const a = outDev.addresses[0]?.address;
    if (a === undefined) return packet;
    natSrc = a;
    if (key !== undefined) {
      if (table.length >= MAX_CONNTRACK) table.shift();
      table.push({ protocol, origSrc: src, natSrc, peer: dst, key, lastUsedUs: nowUs });
      conntrack.set(ns, table);
    }
  } else known!.lastUsedUs = nowUs;
  const out = packet.slice();
  setU32(out, 12, natSrc);
  fixChecksums(out);
  return out;
}

/** NF_INET_PRE_ROUTING: a reply to a masqueraded flow gets its original destination back. */
export function nfPrerouting(ns: Netns, packet: Uint8Array): Uint8Array {
  const table = conntrack.get(ns);
  if (!table || table.length === 0) return packet;
  const src = u32(packet, 12);
  const dst = u32(packet, 16);
  const protocol = packet[9]!;
  const ihl = (packet[0]! & 15) * 4;
  const key = flowKey(packet, ihl, protocol, true);
  if (key === undefined) return packet;
  const e = table.find((x) => x.protocol === protocol && x.natSrc === dst && x.peer === src && x.key === key);
  if (!e) return packet;
  const out = packet.slice();
  setU32(out, 16, e.origSrc);
  fixChecksums(out);
  return out;
}
