/**
 * Running a filter over one captured record, the way the compiled BPF program
 * would: loads past the captured bytes reject the packet; transport-layer
 * loads and ports apply only to IPv4 first fragments.
 */
import type { Arith, Dir, Node, ProtoName } from './ast.js';

export interface LinkLayout {
  /** Bytes before the network header (14 Ethernet, 20 LINUX_SLL2). */
  hdrLen: number;
  /** Where the 16-bit ethertype is. */
  typeOff: number;
  /** Whether Ethernet addresses exist in the header. */
  ether: boolean;
}

export const ETHERNET_LAYOUT: LinkLayout = { hdrLen: 14, typeOff: 12, ether: true };
export const SLL2_LAYOUT: LinkLayout = { hdrLen: 20, typeOff: 0, ether: false };

class Reject extends Error {}
/** A load past the captured bytes: the whole program returns 0. */
const REJECT = new Reject();
/** A load from a protocol the packet is not: only that comparison is false. */
const NOT_THIS_PROTO = new Reject();

/** `dir` is where the tap saw a frame of a live Ethernet capture (LINUX_SLL2 records carry it). */
export type Matcher = (data: Uint8Array, wireLen: number, dir?: 'in' | 'out') => boolean;

export function compileMatcher(ast: Node, layout: LinkLayout, folded: ReadonlySet<Node> = new Set()): Matcher {
  return (data, wireLen, dir) => {
    try {
      return new Evaluator(data, wireLen, layout, folded, dir).node(ast);
    } catch (e) {
      if (e === REJECT) return false;
      throw e;
    }
  };
}

class Evaluator {
  constructor(
    private readonly d: Uint8Array,
    private readonly wireLen: number,
    private readonly L: LinkLayout,
    private readonly folded: ReadonlySet<Node>,
    private readonly dir: 'in' | 'out' | undefined,
  ) {}

  private u8(off: number): number {
    if (off < 0 || off >= this.d.length) throw REJECT;
    return this.d[off]!;
  }

  private load(off: number, size: number): number {
    if (off < 0 || off + size > this.d.length) throw REJECT;
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + this.d[off + i]!;
    return v >>> 0;
  }

  private ethertype(): number {
    return this.load(this.L.typeOff, 2);
  }

  private isIp(): boolean {
    return this.ethertype() === 0x0800;
  }

  private ipProto(p: number): boolean {
    return this.isIp() && this.u8(this.L.hdrLen + 9) === p;
  }

  private firstFragment(): boolean {
    return (this.load(this.L.hdrLen + 6, 2) & 0x1fff) === 0;
  }

  private transportOff(): number {
    return this.L.hdrLen + (this.u8(this.L.hdrLen) & 15) * 4;
  }

  private isProto(name: ProtoName): boolean {
    switch (name) {
      case 'ether':
      case 'link':
        return true;
      case 'ip':
        return this.isIp();
      case 'arp':
        return this.ethertype() === 0x0806;
      case 'rarp':
        return this.ethertype() === 0x8035;
      case 'icmp':
        return this.ipProto(1);
      case 'igmp':
        return this.ipProto(2);
      case 'tcp':
        return this.ipProto(6);
      case 'udp':
        return this.ipProto(17);
      case 'sctp':
        return this.ipProto(132);
    }
  }

  /** The masked 32-bit value at `off` equals the wanted address. */
  private addrAt(off: number, addr: number, mask: number): boolean {
    return (this.load(off, 4) & mask) >>> 0 === (addr & mask) >>> 0;
  }

  private addrMatch(dir: Dir, srcOff: number, dstOff: number, addr: number, mask: number): boolean {
    switch (dir) {
      case 'src':
        return this.addrAt(srcOff, addr, mask);
      case 'dst':
        return this.addrAt(dstOff, addr, mask);
      case 'src or dst':
        return this.addrAt(srcOff, addr, mask) || this.addrAt(dstOff, addr, mask);
      case 'src and dst':
        return this.addrAt(srcOff, addr, mask) && this.addrAt(dstOff, addr, mask);
    }
  }

  private macAt(off: number, mac: Uint8Array): boolean {
    for (let i = 0; i < 6; i++) if (this.u8(off + i) !== mac[i]) return false;
    return true;
  }

  private macMatch(dir: Dir, mac: Uint8Array): boolean {
    switch (dir) {
      case 'src':
        return this.macAt(6, mac);
      case 'dst':
        return this.macAt(0, mac);
      case 'src or dst':
        return this.macAt(6, mac) || this.macAt(0, mac);
      case 'src and dst':
        return this.macAt(6, mac) && this.macAt(0, mac);
    }
  }

  private portAt(off: number, lo: number, hi: number): boolean {
    const p = this.load(off, 2);
    return p >= lo && p <= hi;
  }

  private portMatch(dir: Dir, t: number, lo: number, hi: number): boolean {
    switch (dir) {
      case 'src':
        return this.portAt(t, lo, hi);
      case 'dst':
        return this.portAt(t + 2, lo, hi);
      case 'src or dst':
        return this.portAt(t, lo, hi) || this.portAt(t + 2, lo, hi);
      case 'src and dst':
        return this.portAt(t, lo, hi) && this.portAt(t + 2, lo, hi);
    }
  }

  node(n: Node): boolean {
    switch (n.t) {
      case 'true':
        return true;
      case 'and':
        return this.node(n.l) && this.node(n.r);
      case 'or':
        return this.node(n.l) || this.node(n.r);
      case 'not':
        return !this.node(n.e);
      case 'proto':
        return this.isProto(n.name);
      case 'ipproto':
        return this.ipProto(n.n);
      case 'etherproto':
        return this.ethertype() === n.n;
      case 'direction': {
        // LINUX_SLL2 keeps the packet type at byte 10 (4 = outgoing).
        const out = this.L.ether ? this.dir === 'out' : this.u8(10) === 4;
        return out === n.out;
      }
      case 'ebroadcast':
        if (!this.L.ether) return false;
        return this.load(0, 4) === 0xffffffff && this.load(4, 2) === 0xffff;
      case 'emulticast':
        if (!this.L.ether) return false;
        return (this.u8(0) & 1) === 1;
      case 'ehost':
        return this.macMatch(n.dir, n.mac);
      case 'host': {
        const h = this.L.hdrLen;
        for (const p of n.protos) {
          if (p === 'ip') {
            if (this.isIp() && this.addrMatch(n.dir, h + 12, h + 16, n.addr, n.mask)) return true;
          } else if (this.ethertype() === (p === 'arp' ? 0x0806 : 0x8035)) {
            if (this.addrMatch(n.dir, h + 14, h + 24, n.addr, n.mask)) return true;
          }
        }
        return false;
      }
      case 'port': {
        if (!this.isIp()) return false;
        const proto = this.u8(this.L.hdrLen + 9);
        let applies = false;
        for (const p of n.protos) if ((p === 'tcp' ? 6 : p === 'udp' ? 17 : 132) === proto) applies = true;
        if (!applies || !this.firstFragment()) return false;
        return this.portMatch(n.dir, this.transportOff(), n.lo, n.hi);
      }
      case 'rel': {
        // Folded by the optimizer: its load never runs and its outcome does not matter.
        if (this.folded.has(n)) return false;
        let l: number;
        let r: number;
        try {
          l = this.arith(n.l);
          r = this.arith(n.r);
        } catch (e) {
          if (e === NOT_THIS_PROTO) return false;
          throw e;
        }
        switch (n.op) {
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
    }
  }

  private base(proto: ProtoName): number {
    switch (proto) {
      case 'ether':
      case 'link':
        return 0;
      case 'ip':
        if (!this.isIp()) throw NOT_THIS_PROTO;
        return this.L.hdrLen;
      case 'arp':
      case 'rarp':
        if (!this.isProto(proto)) throw NOT_THIS_PROTO;
        return this.L.hdrLen;
      default:
        if (!this.isProto(proto) || !this.firstFragment()) throw NOT_THIS_PROTO;
        return this.transportOff();
    }
  }

  arith(a: Arith): number {
    switch (a.t) {
      case 'num':
        return a.v >>> 0;
      case 'len':
        return this.wireLen >>> 0;
      case 'neg':
        return -this.arith(a.e) >>> 0;
      case 'load': {
        const base = this.base(a.proto);
        return this.load(base + this.arith(a.off), a.size);
      }
      case 'bin': {
        const l = this.arith(a.l);
        const r = this.arith(a.r);
        switch (a.op) {
          case '+':
            return (l + r) >>> 0;
          case '-':
            return (l - r) >>> 0;
          case '*':
            return Math.imul(l, r) >>> 0;
          case '/':
            if (r === 0) throw REJECT;
            return Math.floor(l / r) >>> 0;
          case '%':
            if (r === 0) throw REJECT;
            return (l % r) >>> 0;
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
}
