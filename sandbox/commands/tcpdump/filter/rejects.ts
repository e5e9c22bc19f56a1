/**
 * libpcap's optimizer refuses a filter whose program reduces to `ret #0`
 * ("expression rejects all packets"), e.g. `tcp and udp`. We find the same
 * cases by evaluating the filter, three-valued, for each kind of packet the
 * protocol tests can tell apart: when it is false for every kind, it rejects all.
 */
import type { Arith, Node, ProtoName } from './ast.js';

type Tri = 'T' | 'F' | 'M';

interface PacketClass {
  ethertype: number | 'other';
  /** IP protocol, for IPv4. */
  ipProto?: number | 'other';
  firstFragment?: boolean;
}

function classes(): PacketClass[] {
  const out: PacketClass[] = [{ ethertype: 0x0806 }, { ethertype: 0x8035 }, { ethertype: 'other' }];
  for (const p of [1, 2, 6, 17, 132, 'other'] as const) {
    out.push({ ethertype: 0x0800, ipProto: p, firstFragment: true });
    out.push({ ethertype: 0x0800, ipProto: p, firstFragment: false });
  }
  return out;
}

const PROTO_NUM: Partial<Record<ProtoName, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, sctp: 132 };

function isProto(c: PacketClass, name: ProtoName): boolean {
  switch (name) {
    case 'ether':
    case 'link':
      return true;
    case 'ip':
      return c.ethertype === 0x0800;
    case 'arp':
      return c.ethertype === 0x0806;
    case 'rarp':
      return c.ethertype === 0x8035;
    default:
      return c.ethertype === 0x0800 && c.ipProto === PROTO_NUM[name];
  }
}

/** A value, unknown (undefined), or 'absent' when a load names a protocol the packet is not. */
function arith(c: PacketClass, a: Arith): number | undefined | 'absent' {
  switch (a.t) {
    case 'num':
      return a.v >>> 0;
    case 'len':
      return undefined;
    case 'neg': {
      const v = arith(c, a.e);
      return typeof v === 'number' ? -v >>> 0 : v;
    }
    case 'load': {
      if (!isProto(c, a.proto)) return 'absent';
      if (PROTO_NUM[a.proto] !== undefined && c.firstFragment === false) return 'absent';
      const off = arith(c, a.off);
      return off === 'absent' ? 'absent' : undefined;
    }
    case 'bin': {
      const l = arith(c, a.l);
      const r = arith(c, a.r);
      if (l === 'absent' || r === 'absent') return 'absent';
      if (l === undefined || r === undefined) return undefined;
      switch (a.op) {
        case '+':
          return (l + r) >>> 0;
        case '-':
          return (l - r) >>> 0;
        case '*':
          return Math.imul(l, r) >>> 0;
        case '/':
          return r === 0 ? undefined : Math.floor(l / r) >>> 0;
        case '%':
          return r === 0 ? undefined : (l % r) >>> 0;
        case '&':
          return (l & r) >>> 0;
        case '|':
          return (l | r) >>> 0;
        case '^':
          return (l ^ r) >>> 0;
        case '<<':
          return r >= 32 ? 0 : (l << r) >>> 0;
        default:
          return r >= 32 ? 0 : l >>> r;
      }
    }
  }
}

function compare(op: string, l: number, r: number): boolean {
  switch (op) {
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '=':
      return l === r;
    default:
      return l !== r;
  }
}

function tri(b: boolean): Tri {
  return b ? 'T' : 'F';
}

/** Truth values chosen for the data-dependent tests (same test, same value: `port 53 and not port 53`). */
type Assignment = Map<string, boolean>;

/**
 * The identity of a data test once its protocol applies: `port 53` and `udp port 53`
 * read the same field of a UDP packet. Directions are split into one test per side.
 */
function atomKey(n: Node, side?: 'src' | 'dst'): string {
  switch (n.t) {
    case 'port':
      return JSON.stringify(['port', side, n.lo, n.hi]);
    case 'host':
      return JSON.stringify(['host', side, n.addr, n.mask]);
    case 'ehost':
      return JSON.stringify(['ehost', side, [...n.mac]]);
    default:
      return JSON.stringify(n);
  }
}

/**
 * For an equality test, the field it reads and the bits it wants there
 * (`net 10.244.0.0/16` wants the top 16). Two tests on one field whose wanted
 * bits disagree cannot both hold.
 */
interface Equality {
  field: string;
  value: number;
  mask: number;
}

function equality(n: Node, side?: 'src' | 'dst'): Equality | undefined {
  if (n.t === 'port' && n.lo === n.hi) return { field: `port-${side}`, value: n.lo, mask: 0xffff };
  if (n.t === 'host') return { field: `host-${side}`, value: n.addr >>> 0, mask: n.mask >>> 0 };
  if (n.t === 'rel' && n.op === '=') {
    if (n.r.t === 'num') return { field: JSON.stringify(n.l), value: n.r.v >>> 0, mask: 0xffffffff };
    if (n.l.t === 'num') return { field: JSON.stringify(n.r), value: n.l.v >>> 0, mask: 0xffffffff };
  }
  return undefined;
}

function sided(n: Node & { dir: string }, a: Assignment): Tri {
  const v = (side: 'src' | 'dst'): Tri => {
    const x = a.get(atomKey(n, side));
    return x === undefined ? 'M' : tri(x);
  };
  switch (n.dir) {
    case 'src':
      return v('src');
    case 'dst':
      return v('dst');
    case 'src and dst': {
      const s = v('src');
      const d = v('dst');
      return s === 'F' || d === 'F' ? 'F' : s === 'T' && d === 'T' ? 'T' : 'M';
    }
    default: {
      const s = v('src');
      const d = v('dst');
      return s === 'T' || d === 'T' ? 'T' : s === 'F' && d === 'F' ? 'F' : 'M';
    }
  }
}

function atom(c: PacketClass, n: Node, a: Assignment | undefined, possible: Tri): Tri {
  if (possible !== 'M' || !a) return possible;
  if (n.t === 'port' || n.t === 'host' || n.t === 'ehost') return sided(n, a);
  const v = a.get(atomKey(n));
  return v === undefined ? 'M' : tri(v);
}

function evalNode(c: PacketClass, n: Node, a?: Assignment): Tri {
  switch (n.t) {
    case 'true':
      return 'T';
    case 'and': {
      const l = evalNode(c, n.l, a);
      if (l === 'F') return 'F';
      const r = evalNode(c, n.r, a);
      if (r === 'F') return 'F';
      return l === 'T' && r === 'T' ? 'T' : 'M';
    }
    case 'or': {
      const l = evalNode(c, n.l, a);
      if (l === 'T') return 'T';
      const r = evalNode(c, n.r, a);
      if (r === 'T') return 'T';
      return l === 'F' && r === 'F' ? 'F' : 'M';
    }
    case 'not': {
      const v = evalNode(c, n.e, a);
      return v === 'T' ? 'F' : v === 'F' ? 'T' : 'M';
    }
    case 'proto':
      return tri(isProto(c, n.name));
    case 'ipproto':
      return c.ethertype !== 0x0800 ? 'F' : c.ipProto === 'other' ? 'M' : tri(c.ipProto === n.n);
    case 'etherproto':
      return c.ethertype === 'other' ? ([0x0800, 0x0806, 0x8035].includes(n.n) ? 'F' : 'M') : tri(c.ethertype === n.n);
    case 'host':
      return atom(c, n, a, n.protos.some((p) => isProto(c, p)) ? 'M' : 'F');
    case 'port':
      return atom(
        c,
        n,
        a,
        c.ethertype === 0x0800 &&
          c.firstFragment === true &&
          n.protos.some((p) => (c.ipProto === 'other' ? false : c.ipProto === PROTO_NUM[p]))
          ? 'M'
          : 'F',
      );
    case 'ehost':
    case 'ebroadcast':
    case 'emulticast':
    case 'direction':
      return atom(c, n, a, 'M');
    case 'rel': {
      const l = arith(c, n.l);
      const r = arith(c, n.r);
      if (l === 'absent' || r === 'absent') return 'F';
      if (l === undefined || r === undefined) return atom(c, n, a, 'M');
      return tri(compare(n.op, l, r));
    }
  }
}

interface Atom {
  eq: Equality | undefined;
}

function atoms(n: Node, out: Map<string, Atom>): void {
  switch (n.t) {
    case 'and':
    case 'or':
      atoms(n.l, out);
      atoms(n.r, out);
      return;
    case 'not':
      atoms(n.e, out);
      return;
    case 'host':
    case 'port':
    case 'ehost':
      for (const side of ['src', 'dst'] as const) out.set(atomKey(n, side), { eq: equality(n, side) });
      return;
    case 'ebroadcast':
    case 'emulticast':
    case 'direction':
    case 'rel':
      out.set(atomKey(n), { eq: equality(n) });
      return;
    default:
      return;
  }
}

/** No field may hold two disagreeing values at once. */
function consistent(a: Assignment, found: Map<string, Atom>): boolean {
  const seen = new Map<string, Equality[]>();
  for (const [k, v] of a) {
    if (!v) continue;
    const eq = found.get(k)?.eq;
    if (!eq) continue;
    const prev = seen.get(eq.field) ?? [];
    for (const p of prev) if (((p.value ^ eq.value) & p.mask & eq.mask) >>> 0 !== 0) return false;
    prev.push(eq);
    seen.set(eq.field, prev);
  }
  return true;
}

/** Whether some choice of the data-dependent tests' values makes the filter true for this kind of packet. */
function satisfiable(c: PacketClass, ast: Node, found: Map<string, Atom>): boolean {
  if (evalNode(c, ast) === 'F') return false;
  const keys = [...found.keys()];
  if (keys.length > 12) return true;
  for (let bits = 0; bits < 1 << keys.length; bits++) {
    const a: Assignment = new Map(keys.map((k, i) => [k, ((bits >> i) & 1) === 1]));
    if (consistent(a, found) && evalNode(c, ast, a) !== 'F') return true;
  }
  return false;
}

export function rejectsAll(ast: Node): boolean {
  const found = new Map<string, Atom>();
  atoms(ast, found);
  return classes().every((c) => !satisfiable(c, ast, found));
}

function relations(n: Node, out: Node[]): void {
  if (n.t === 'and' || n.t === 'or') {
    relations(n.l, out);
    relations(n.r, out);
  } else if (n.t === 'not') relations(n.e, out);
  else if (n.t === 'rel') out.push(n);
}

function hasLoad(a: Arith): boolean {
  switch (a.t) {
    case 'load':
      return true;
    case 'bin':
      return hasLoad(a.l) || hasLoad(a.r);
    case 'neg':
      return hasLoad(a.e);
    default:
      return false;
  }
}

/**
 * Comparisons whose outcome cannot change the verdict for any packet that
 * reaches their load (`udp[39] = 0 or ip`: every such packet is IP anyway).
 * libpcap's optimizer folds them away, so their loads never run and a short
 * packet is not rejected by them.
 */
export function foldedRelations(ast: Node): Set<Node> {
  const out = new Set<Node>();
  const rels: Node[] = [];
  relations(ast, rels);
  if (rels.length === 0) return out;
  const found = new Map<string, Atom>();
  atoms(ast, found);
  for (const r of rels) {
    if (r.t !== 'rel' || (!hasLoad(r.l) && !hasLoad(r.r))) continue;
    const key = atomKey(r);
    const others = [...found.keys()].filter((k) => k !== key);
    if (others.length > 10) continue;
    let relevant = false;
    for (const c of classes()) {
      if (arith(c, r.l) === 'absent' || arith(c, r.r) === 'absent') continue;
      for (let bits = 0; bits < 1 << others.length && !relevant; bits++) {
        const a: Assignment = new Map(others.map((k, i) => [k, ((bits >> i) & 1) === 1]));
        if (!consistent(a, found)) continue;
        a.set(key, true);
        const t = evalNode(c, ast, a);
        a.set(key, false);
        if (evalNode(c, ast, a) !== t) relevant = true;
      }
      if (relevant) break;
    }
    if (!relevant) out.add(r);
  }
  return out;
}
