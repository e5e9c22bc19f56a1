/**
 * A minimal netfilter for the iptables the cluster uses: the filter and nat
 * tables with their built-in chains, user chains, rules with the matches
 * flannel and kube-proxy-style rules need (-s/-d with !, -i/-o, -p, -m mark,
 * -m comment, udp/tcp ports, icmp types, multiport) and targets (ACCEPT,
 * DROP, REJECT, RETURN, a user chain, MASQUERADE), packet/byte counters, and
 * the hook points that matter here: INPUT, OUTPUT and FORWARD (verdicts) and
 * POSTROUTING (source NAT). State lives per network namespace.
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
  /** --sport/--dport of the udp or tcp match (ranges inclusive). */
  sport?: PortMatch;
  dport?: PortMatch;
  /** -m multiport --sports/--dports. */
  multiport?: { dir: 'sports' | 'dports'; ports: number[] };
  icmpType?: { type: number; codeMin: number; codeMax: number; not: boolean };
  /** The match modules in the order they were given (-S and -L print them so). */
  order: MatchName[];
  target: string;
  /** REJECT's --reject-with (the canonical name). */
  rejectWith?: string;
  randomFully?: boolean;
  packets: number;
  bytes: number;
}

export interface PortMatch {
  lo: number;
  hi: number;
  not: boolean;
}

export type MatchName = 'mark' | 'comment' | 'udp' | 'tcp' | 'icmp' | 'multiport';

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
  /** Transport ports (udp, tcp) or icmp type/code; undefined when the packet is too short or a later fragment. */
  sport?: number;
  dport?: number;
  icmpType?: number;
  icmpCode?: number;
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
  if (r.sport && !portMatch(r.sport, p.sport)) return false;
  if (r.dport && !portMatch(r.dport, p.dport)) return false;
  if (r.multiport) {
    const v = r.multiport.dir === 'dports' ? p.dport : p.sport;
    if (v === undefined || !r.multiport.ports.includes(v)) return false;
  }
  if (r.icmpType) {
    const m = r.icmpType;
    // icmp_type_code_match: type 0xFF matches any type.
    if (p.icmpType === undefined) return false;
    const hit = (m.type === 0xff || p.icmpType === m.type) && p.icmpCode! >= m.codeMin && p.icmpCode! <= m.codeMax;
    if (hit === m.not) return false;
  }
  return true;
}

/** udp_mt/tcp_mt: a packet without ports (a fragment tail, a truncated header) never matches, inverted or not. */
function portMatch(m: PortMatch, v: number | undefined): boolean {
  if (v === undefined) return false;
  return (v >= m.lo && v <= m.hi) !== m.not;
}

/** The rule whose target ended the last walk (REJECT reads its --reject-with from it). */
let lastRule: Rule | undefined;

/** One chain of the walk (a module function, not a closure: traverse runs per packet). */
function walkChain(t: Map<string, Chain>, name: string, p: PacketView, depth: number): Verdict | 'RETURN' | undefined {
  const c = t.get(name);
  if (!c || depth > 16) return undefined;
  for (const r of c.rules) {
    if (!ruleMatches(r, p)) continue;
    r.packets++;
    r.bytes += p.length;
    if (r.target === 'ACCEPT' || r.target === 'DROP' || r.target === 'MASQUERADE' || r.target === 'REJECT') {
      lastRule = r;
      return r.target;
    }
    if (r.target === 'RETURN') return 'RETURN';
    if (t.has(r.target)) {
      const v = walkChain(t, r.target, p, depth + 1);
      if (v && v !== 'RETURN') return v;
    }
  }
  return undefined;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'MASQUERADE' | 'REJECT';

/**
 * Walk a built-in chain as the kernel does (ipt_do_table): first matching
 * rule wins; a user chain is entered and RETURN (or its end) comes back;
 * ACCEPT/DROP/MASQUERADE end the walk. Returns the final verdict.
 */
export function traverse(nf: Netfilter, table: TableName, chain: string, p: PacketView): Verdict {
  const t = nf.tables.get(table)!;
  const c = t.get(chain)!;
  const v = walkChain(t, chain, p, 0);
  if (v && v !== 'RETURN') return v;
  c.packets++;
  c.bytes += p.length;
  return c.policy ?? 'ACCEPT';
}

/** /etc/services names iptables prints for ports without -n (getservbyport) and accepts as ports. */
const SERVICES: Record<string, number> = { ssh: 22, domain: 53, http: 80, https: 443, otv: 8472 };
const SERVICE_BY_PORT = new Map(Object.entries(SERVICES).map(([k, v]) => [v, k]));

export function serviceName(port: number): string | undefined {
  return SERVICE_BY_PORT.get(port);
}

/** libxt_icmp's icmp_codes: name, type, code range. */
export const ICMP_TYPES: readonly [string, number, number, number][] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['communication-prohibited', 3, 13, 13],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['echo-request', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

/** libipt_REJECT's reject_table: canonical name, alias, ICMP unreachable code (-1: tcp-reset). */
export const REJECT_TYPES: readonly [string, string, number][] = [
  ['icmp-net-unreachable', 'net-unreach', 0],
  ['icmp-host-unreachable', 'host-unreach', 1],
  ['icmp-proto-unreachable', 'proto-unreach', 2],
  ['icmp-port-unreachable', 'port-unreach', 3],
  ['icmp-net-prohibited', 'net-prohib', 9],
  ['icmp-host-prohibited', 'host-prohib', 10],
  ['tcp-reset', 'tcp-rst', -1],
  ['icmp-admin-prohibited', 'admin-prohib', 13],
];

function parsePort(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : undefined;
  }
  return SERVICES[s];
}

/** A port or `lo:hi` (either end may be left out), as parse_udp_ports reads it. */
function parsePorts(s: string, not: boolean): PortMatch | string {
  const bad = `invalid port/service \`${s}' specified`;
  const i = s.indexOf(':');
  if (i < 0) {
    const p = parsePort(s);
    return p === undefined ? bad : { lo: p, hi: p, not };
  }
  const a = s.slice(0, i);
  const b = s.slice(i + 1);
  const lo = a === '' ? 0 : parsePort(a);
  const hi = b === '' ? 65535 : parsePort(b);
  if (lo === undefined) return `invalid port/service \`${a}' specified`;
  if (hi === undefined) return `invalid port/service \`${b}' specified`;
  if (lo > hi) return 'invalid portrange (min > max)';
  return { lo, hi, not };
}

function parseIcmpType(s: string, not: boolean): Rule['icmpType'] | undefined {
  const named = ICMP_TYPES.filter(([n]) => n.startsWith(s));
  const exact = named.find(([n]) => n === s) ?? (named.length === 1 ? named[0] : undefined);
  if (exact) return { type: exact[1], codeMin: exact[2], codeMax: exact[3], not };
  const m = /^(\d+)(?:\/(\d+))?$/.exec(s);
  if (!m || Number(m[1]) > 255 || (m[2] !== undefined && Number(m[2]) > 255)) return undefined;
  const code = m[2] === undefined ? undefined : Number(m[2]);
  return { type: Number(m[1]), codeMin: code ?? 0, codeMax: code ?? 0xff, not };
}

type ParseResult = { ok: true; rule: Rule } | { ok: false; error: string; dmesg?: boolean };

/** Parse rule arguments (`-s 10.244.0.0/16 -m comment --comment "x" -j ACCEPT`, already split) as iptables does. */
export function parseRule(args: readonly string[]): ParseResult {
  const r: Rule = { spec: '', target: '', order: [], packets: 0, bytes: 0 };
  let not = false;
  const loaded = new Set<MatchName>();
  const seen = new Set<string>();
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
  const load = (m: MatchName): void => {
    if (!loaded.has(m)) {
      loaded.add(m);
      r.order.push(m);
    }
  };
  /** The udp/tcp/icmp match an option belongs to: loaded with -m, or implied by a plain -p. */
  const l4 = (names: MatchName[]): MatchName | undefined => {
    for (const n of names) if (loaded.has(n)) return n;
    const p = r.proto && !r.proto.not ? (r.proto.p as MatchName) : undefined;
    if (p && names.includes(p)) {
      load(p);
      return p;
    }
    return undefined;
  };
  const once = (match: string, opt: string): string | undefined => {
    const k = `${match} ${opt}`;
    if (seen.has(k)) return `${match}: "${opt}" option may only be specified once`;
    seen.add(k);
    return undefined;
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
        if (v !== 'comment' && v !== 'mark' && v !== 'tcp' && v !== 'udp' && v !== 'icmp' && v !== 'multiport') {
          return { ok: false, error: `Couldn't load match \`${v ?? ''}':No such file or directory` };
        }
        load(v);
        i++;
        break;
      case '--comment':
        if (!loaded.has('comment')) return { ok: false, error: `unknown option "${a}"` };
        if (v === undefined) return { ok: false, error: 'option "--comment" requires an argument' };
        r.comment = v;
        i++;
        break;
      case '--mark': {
        if (!loaded.has('mark')) return { ok: false, error: `unknown option "${a}"` };
        const m = /^(0x[0-9a-fA-F]+|\d+)(?:\/(0x[0-9a-fA-F]+|\d+))?$/.exec(v ?? '');
        if (!m) return { ok: false, error: `Bad MARK value "${v ?? ''}"` };
        r.mark = { value: Number(m[1]) >>> 0, mask: m[2] ? Number(m[2]) >>> 0 : 0xffffffff, not };
        i++;
        break;
      }
      case '--sport':
      case '--source-port':
      case '--dport':
      case '--destination-port': {
        const m = l4(['udp', 'tcp']);
        if (!m) return { ok: false, error: `unknown option "${a}"` };
        const dst = a === '--dport' || a === '--destination-port';
        const dup = once(m, dst ? 'dport' : 'sport');
        if (dup) return { ok: false, error: dup };
        if (v === undefined) return { ok: false, error: `option "${a}" requires an argument` };
        const pm = parsePorts(v, not);
        if (typeof pm === 'string') return { ok: false, error: pm };
        if (dst) r.dport = pm;
        else r.sport = pm;
        i++;
        break;
      }
      case '--icmp-type': {
        if (!l4(['icmp'])) return { ok: false, error: `unknown option "${a}"` };
        const dup = once('icmp', 'icmp-type');
        if (dup) return { ok: false, error: dup };
        if (v === undefined) return { ok: false, error: `option "${a}" requires an argument` };
        const t = parseIcmpType(v, not);
        if (!t) return { ok: false, error: `Invalid ICMP type \`${v}'\n` };
        r.icmpType = t;
        i++;
        break;
      }
      case '--dports':
      case '--destination-ports':
      case '--sports':
      case '--source-ports': {
        if (!loaded.has('multiport')) return { ok: false, error: `unknown option "${a}"` };
        if (not) return { ok: false, error: 'multiport: inverted port lists are not modelled here' };
        if (r.multiport) return { ok: false, error: 'multiport can only have one option' };
        const proto = r.proto && !r.proto.not ? r.proto.p : '';
        if (proto !== 'tcp' && proto !== 'udp')
          return {
            ok: false,
            error: "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
          };
        if (v === undefined) return { ok: false, error: `option "${a}" requires an argument` };
        const ports: number[] = [];
        for (const s of v.split(',')) {
          const p = parsePort(s);
          if (p === undefined) return { ok: false, error: `invalid port/service \`${s}' specified` };
          ports.push(p);
        }
        if (ports.length > 15) return { ok: false, error: 'too many ports specified' };
        r.multiport = { dir: a === '--dports' || a === '--destination-ports' ? 'dports' : 'sports', ports };
        i++;
        break;
      }
      case '-j':
      case '--jump':
        if (!v) return { ok: false, error: 'option "-j" requires an argument' };
        r.target = v;
        i++;
        break;
      case '--reject-with': {
        if (r.target !== 'REJECT') return { ok: false, error: `unknown option "${a}"` };
        const t = REJECT_TYPES.find(([n, alias]) => n === v || alias === v);
        if (!t) return { ok: false, error: `unknown reject type "${v ?? ''}"` };
        r.rejectWith = t[0];
        i++;
        break;
      }
      case '--random-fully':
        r.randomFully = true;
        break;
      default:
        if (!a.startsWith('-')) return { ok: false, error: `Bad argument \`${a}'` };
        return { ok: false, error: `unknown option "${a}"` };
    }
    not = false;
  }
  // What the kernel's checkentry refuses (EINVAL): a port match on another protocol, a TCP reset without TCP.
  for (const m of ['udp', 'tcp', 'icmp'] as const)
    if (loaded.has(m) && (r.proto?.p !== m || r.proto.not)) return { ok: false, error: '', dmesg: true };
  if (r.target === 'REJECT') {
    r.rejectWith ??= 'icmp-port-unreachable';
    if (r.rejectWith === 'tcp-reset' && (r.proto?.p !== 'tcp' || r.proto.not))
      return { ok: false, error: '', dmesg: true };
  }
  r.spec = formatRule(r);
  return { ok: true, rule: r };
}

function fmtIp(m: IpMatch): string {
  return `${[m.net >>> 24, (m.net >>> 16) & 255, (m.net >>> 8) & 255, m.net & 255].join('.')}/${m.len}`;
}

function savePorts(opt: string, m: PortMatch | undefined): string {
  if (!m) return '';
  return `${m.not ? ' !' : ''} --${opt} ${m.lo === m.hi ? m.lo : `${m.lo}:${m.hi}`}`;
}

/** The canonical text `iptables -S` prints for a rule (after `-A CHAIN`). */
export function formatRule(r: Rule): string {
  const p: string[] = [];
  if (r.src) p.push(`${r.src.not ? '! ' : ''}-s ${fmtIp(r.src)}`);
  if (r.dst) p.push(`${r.dst.not ? '! ' : ''}-d ${fmtIp(r.dst)}`);
  if (r.inIface) p.push(`${r.inIface.not ? '! ' : ''}-i ${r.inIface.name}`);
  if (r.outIface) p.push(`${r.outIface.not ? '! ' : ''}-o ${r.outIface.name}`);
  if (r.proto) p.push(`${r.proto.not ? '! ' : ''}-p ${r.proto.p}`);
  for (const m of r.order) {
    if (m === 'mark' && r.mark)
      p.push(`-m mark ${r.mark.not ? '! ' : ''}--mark 0x${r.mark.value.toString(16)}/0x${r.mark.mask.toString(16)}`);
    else if (m === 'comment' && r.comment !== undefined)
      p.push(`-m comment --comment ${/^[\w.-]+$/.test(r.comment) ? r.comment : `"${r.comment}"`}`);
    else if (m === 'udp' || m === 'tcp') p.push(`-m ${m}${savePorts('sport', r.sport)}${savePorts('dport', r.dport)}`);
    else if (m === 'icmp') {
      const t = r.icmpType;
      const s = !t
        ? ''
        : `${t.not ? ' !' : ''} --icmp-type ${t.type === 0xff ? 'any' : t.type}${t.type !== 0xff && (t.codeMin !== 0 || t.codeMax !== 0xff) ? `/${t.codeMin}` : ''}`;
      p.push(`-m icmp${s}`);
    } else if (m === 'multiport' && r.multiport)
      p.push(`-m multiport --${r.multiport.dir} ${r.multiport.ports.join(',')}`);
    else if (m === 'multiport') p.push('-m multiport');
  }
  if (r.target) p.push(`-j ${r.target}`);
  if (r.rejectWith) p.push(`--reject-with ${r.rejectWith}`);
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
 * NF_INET_FORWARD, filter table: the verdict for a routed packet. Namespaces nobody configured cost one map lookup.
 */
export function nfForward(ns: Netns, inDev: string, outDev: string, packet: Uint8Array): LocalVerdict {
  const nf = netfilterIfAny(ns);
  if (!nf) return ACCEPTED;
  const v: PacketView = {
    src: u32(packet, 12),
    dst: u32(packet, 16),
    protocol: packet[9]!,
    inIface: inDev,
    outIface: outDev,
    mark: 0,
    length: packet.length,
  };
  return localVerdict(traverse(nf, 'filter', 'FORWARD', l4View(packet, v)));
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

/** The transport fields rules may look at, read from an IPv4 packet (none for a fragment tail). */
function l4View(packet: Uint8Array, v: PacketView): PacketView {
  const ihl = (packet[0]! & 15) * 4;
  const fragOff = ((packet[6]! & 0x1f) << 8) | packet[7]!;
  if (fragOff !== 0 || packet.length < ihl + 4) return v;
  const proto = packet[9];
  if (proto === 6 || proto === 17) {
    v.sport = (packet[ihl]! << 8) | packet[ihl + 1]!;
    v.dport = (packet[ihl + 2]! << 8) | packet[ihl + 3]!;
  } else if (proto === 1) {
    v.icmpType = packet[ihl]!;
    v.icmpCode = packet[ihl + 1]!;
  }
  return v;
}

/** A filter verdict for the local hooks: pass, drop, or drop and answer with this ICMP unreachable code. */
export type LocalVerdict = { kind: 'accept' } | { kind: 'drop' } | { kind: 'reject'; code: number; name: string };

const ACCEPTED: LocalVerdict = { kind: 'accept' };
const DROPPED: LocalVerdict = { kind: 'drop' };

function localVerdict(v: Verdict): LocalVerdict {
  if (v === 'DROP') return DROPPED;
  if (v === 'REJECT') {
    const name = lastRule?.rejectWith ?? 'icmp-port-unreachable';
    const code = REJECT_TYPES.find(([n]) => n === name)?.[2] ?? 3;
    // tcp-reset: no TCP is modelled, so there is no connection to reset; the packet is dropped.
    return code < 0 ? DROPPED : { kind: 'reject', code, name };
  }
  return ACCEPTED;
}

/**
 * NF_INET_LOCAL_IN (ip_local_deliver, after reassembly: the outer UDP of VXLAN before the vxlan
 * socket, pings to the node) and NF_INET_LOCAL_OUT (__ip_local_out, before fragmentation), filter
 * table. Namespaces nobody configured cost one map lookup; an empty chain only counts.
 */
function nfLocal(ns: Netns, chain: 'INPUT' | 'OUTPUT', dev: string, packet: Uint8Array): LocalVerdict {
  const nf = netfilterIfAny(ns);
  if (!nf) return ACCEPTED;
  const c = nf.tables.get('filter')!.get(chain)!;
  if (c.rules.length === 0 && c.policy !== 'DROP') {
    c.packets++;
    c.bytes += packet.length;
    return ACCEPTED;
  }
  const v: PacketView = {
    src: u32(packet, 12),
    dst: u32(packet, 16),
    protocol: packet[9]!,
    ...(chain === 'INPUT' ? { inIface: dev } : { outIface: dev }),
    mark: 0,
    length: packet.length,
  };
  return localVerdict(traverse(nf, 'filter', chain, l4View(packet, v)));
}

export function nfLocalIn(ns: Netns, inDev: string, packet: Uint8Array): LocalVerdict {
  return nfLocal(ns, 'INPUT', inDev, packet);
}

export function nfLocalOut(ns: Netns, outDev: string, packet: Uint8Array): LocalVerdict {
  return nfLocal(ns, 'OUTPUT', outDev, packet);
}
