/**
 * A recursive-descent reading of libpcap's grammar (grammar.y), with
 * backtracking where yacc would look further ahead: `(` opens either a boolean
 * group or arithmetic, and after `and`/`or` a bare id inherits the previous
 * qualifiers (`host a or b`, `port 53 or 80`). `and` and `or` have the same
 * precedence and group to the left, as in libpcap.
 */
import { type Arith, type Dir, type Node, type ProtoName } from './ast.js';
import { FilterError, lex, type Token } from './lexer.js';
import { buildId, type IdValue, type Qualifiers, type NameLookup } from './semantics.js';

const PROTO_WORDS = new Set(['ether', 'link', 'ip', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'igmp', 'sctp']);
const AQUAL = new Set(['host', 'net', 'port', 'portrange']);

class Backtrack extends Error {}

export class Parser {
  private pos = 0;
  private last: Qualifiers | undefined;

  constructor(
    private readonly toks: Token[],
    private readonly names: NameLookup,
  ) {}

  static parse(src: string, names: NameLookup): Node {
    const toks = lex(src);
    if (toks.length === 1) return { t: 'true' };
    const p = new Parser(toks, names);
    const n = p.guard(() => p.expr());
    if (p.peek().kind !== 'eof') throw new FilterError('syntax error');
    return n;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Backtrack) throw new FilterError('syntax error');
      throw e;
    }
  }

  private peek(k = 0): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.toks.length - 1) this.pos++;
    return t;
  }

  private is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === 'kw' || t.kind === 'op') && t.text === text;
  }

  private accept(text: string): boolean {
    if (this.is(text)) {
      this.next();
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) throw new Backtrack();
  }

  /** Try `fn`; on a syntax failure rewind and return undefined. Semantic errors propagate. */
  private attempt<T>(fn: () => T): T | undefined {
    const save = this.pos;
    const saveLast = this.last;
    try {
      return fn();
    } catch (e) {
      if (e instanceof Backtrack) {
        this.pos = save;
        this.last = saveLast;
        return undefined;
      }
      throw e;
    }
  }

  expr(): Node {
    let l = this.term();
    for (;;) {
      const op = this.is('and') ? 'and' : this.is('or') ? 'or' : undefined;
      if (!op) return l;
      this.next();
      const r = this.attempt(() => this.term()) ?? this.inheritedId();
      l = { t: op, l, r };
    }
  }

  private term(): Node {
    if (this.accept('not') || this.accept('!')) return { t: 'not', e: this.term() };
    return this.rterm();
  }

  /** A bare id after and/or: the previous primitive's qualifiers apply. */
  private inheritedId(): Node {
    if (!this.last) throw new Backtrack();
    return this.id(this.last);
  }

  private rterm(): Node {
    const t = this.peek();
    if (this.is('(')) {
      const rel = this.attempt(() => this.relation());
      if (rel) return rel;
      this.next();
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (t.kind === 'kw') {
      if (t.text === 'greater' || t.text === 'less') {
        this.next();
        const n = this.next();
        if (n.kind !== 'num') throw new Backtrack();
        return { t: 'rel', op: t.text === 'greater' ? '>=' : '<=', l: { t: 'len' }, r: { t: 'num', v: n.value! } };
      }
      if (t.text === 'inbound' || t.text === 'outbound') {
        this.next();
        return { t: 'direction', out: t.text === 'outbound' };
      }
      if (t.text === 'broadcast' || t.text === 'multicast') {
        this.next();
        return { t: t.text === 'broadcast' ? 'ebroadcast' : 'emulticast' };
      }
      if (t.text === 'len') return this.relation();
      if (t.text === 'proto') {
        this.next();
        return this.protoNumber('ip');
      }
      if (PROTO_WORDS.has(t.text)) {
        if (this.is('[', 1)) return this.relation();
        if (this.is('proto', 1)) {
          this.next();
          this.next();
          return this.protoNumber(t.text as ProtoName);
        }
        if ((this.is('broadcast', 1) || this.is('multicast', 1)) && (t.text === 'ether' || t.text === 'link')) {
          this.next();
          return { t: this.next().text === 'broadcast' ? 'ebroadcast' : 'emulticast' };
        }
        const head = this.head();
        if (head) return this.id(head);
        this.next();
        if (t.text === 'ether' || t.text === 'link') throw new FilterError('link layer applied in wrong context');
        return { t: 'proto', name: t.text as ProtoName };
      }
      const head = this.head();
      if (head) return this.id(head);
      throw new Backtrack();
    }
    if (t.kind === 'num' || t.kind === 'op') return this.relation();
    throw new Backtrack();
  }

  private protoNumber(proto: ProtoName): Node {
    const n = this.next();
    let v: number | undefined;
    if (n.kind === 'num') v = n.value;
    else if (n.kind === 'id' || n.kind === 'kw') {
      const named: Record<string, number> =
        proto === 'ether' || proto === 'link'
          ? { ip: 0x0800, arp: 0x0806, rarp: 0x8035, ip6: 0x86dd }
          : { icmp: 1, igmp: 2, tcp: 6, udp: 17, sctp: 132 };
      v = named[n.text];
      if (v === undefined) throw new FilterError(`unknown ${proto === 'ether' ? 'ether' : 'ip'} proto '${n.text}'`);
    } else throw new Backtrack();
    if (proto === 'ether' || proto === 'link') return { t: 'etherproto', n: v! };
    return { t: 'ipproto', n: v! };
  }

  /** [proto] [dir] [type], at least one of dir/type. Consumes nothing and returns undefined otherwise. */
  private head(): Qualifiers | undefined {
    const save = this.pos;
    let proto: ProtoName | undefined;
    const t = this.peek();
    if (t.kind === 'kw' && PROTO_WORDS.has(t.text)) {
      proto = t.text as ProtoName;
      this.next();
    }
    let dir: Dir | undefined;
    if (this.is('src') || this.is('dst')) {
      const first = this.next().text as 'src' | 'dst';
      dir = first;
      if ((this.is('or', 0) || this.is('and', 0)) && (this.is('src', 1) || this.is('dst', 1))) {
        const conj = this.next().text;
        const second = this.next().text;
        if (second === first) throw new Backtrack();
        dir = conj === 'or' ? 'src or dst' : 'src and dst';
      }
    }
    let type: Qualifiers['type'];
    if (this.peek().kind === 'kw' && AQUAL.has(this.peek().text)) type = this.next().text as Qualifiers['type'];
    if (!dir && !type) {
      this.pos = save;
      return undefined;
    }
    const q: Qualifiers = { proto, dir, type };
    this.last = q;
    return q;
  }

  /** id: nid | pnum | paren pid ')', with `not id` and, inside parens, and/or between ids. */
  private id(q: Qualifiers): Node {
    if (this.accept('not') || this.accept('!')) return { t: 'not', e: this.id(q) };
    if (this.accept('(')) {
      let l = this.id(q);
      for (;;) {
        if (this.accept('and')) l = { t: 'and', l, r: this.id(q) };
        else if (this.accept('or')) l = { t: 'or', l, r: this.id(q) };
        else break;
      }
      this.expect(')');
      return l;
    }
    const t = this.next();
    let v: IdValue;
    if (t.kind === 'num') v = { kind: 'num', text: t.text, value: t.value! };
    else if (t.kind === 'hid') {
      if (this.accept('/')) {
        const n = this.next();
        if (n.kind !== 'num') throw new Backtrack();
        v = { kind: 'cidr', text: t.text, len: n.value! };
      } else if (this.accept('mask')) {
        const m = this.next();
        if (m.kind !== 'hid') throw new Backtrack();
        v = { kind: 'mask', text: t.text, mask: m.text };
      } else v = { kind: 'hid', text: t.text };
    } else if (t.kind === 'eid') v = { kind: 'eid', text: t.text };
    else if (t.kind === 'id') v = { kind: 'name', text: t.text };
    else throw new Backtrack();
    return buildId(q, v, this.names);
  }

  private relation(): Node {
    const l = this.arith(0);
    const op = this.peek();
    if (op.kind !== 'op' || !['>', '>=', '<', '<=', '=', '!='].includes(op.text)) throw new Backtrack();
    this.next();
    const r = this.arith(0);
    return { t: 'rel', op: op.text, l, r };
  }

  private static readonly LEVELS: string[][] = [['|', '^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

  private arith(level: number): Arith {
    if (level >= Parser.LEVELS.length) return this.unary();
    let l = this.arith(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && Parser.LEVELS[level]!.includes(t.text)) {
        this.next();
        const r = this.arith(level + 1);
        l = { t: 'bin', op: t.text, l, r };
      } else return l;
    }
  }

  private unary(): Arith {
    if (this.accept('-')) return { t: 'neg', e: this.unary() };
    const t = this.peek();
    if (t.kind === 'num') {
      this.next();
      return { t: 'num', v: t.value! };
    }
    if (this.is('len')) {
      this.next();
      return { t: 'len' };
    }
    if (this.is('(')) {
      this.next();
      const e = this.arith(0);
      this.expect(')');
      return e;
    }
    if (t.kind === 'kw' && PROTO_WORDS.has(t.text) && this.is('[', 1)) {
      this.next();
      this.next();
      const off = this.arith(0);
      let size: 1 | 2 | 4 = 1;
      if (this.accept(':')) {
        const n = this.next();
        if (n.kind !== 'num') throw new Backtrack();
        if (n.value !== 1 && n.value !== 2 && n.value !== 4) throw new FilterError('data size must be 1, 2, or 4');
        size = n.value;
      }
      this.expect(']');
      return { t: 'load', proto: t.text as ProtoName, off, size };
    }
    throw new Backtrack();
  }
}
