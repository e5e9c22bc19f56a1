/**
 * One FIB table. Routes live in a hash map per prefix length (keyed by the
 * masked destination), so a lookup costs at most 33 map probes however many
 * routes there are — the job fib_trie does in Linux. Within one prefix the
 * aliases keep Linux's order: by TOS, then metric, then insertion (append
 * after equals, add/prepend before).
 */
import { prefixMask } from '../../net/addr.js';
import type { Route, RouteMatch, RouteMode } from './route.js';
import { SCOPE_VALUE } from './route.js';
import type { Errno } from '../errno.js';

export interface FibFlow {
  dst: number;
  tos?: number;
  /** Only routes whose scope is at least this wide (RT_SCOPE_* value, 0 = universe). */
  scope?: number;
  oif?: number;
}

export type FibLookup = { route: Route } | { error: Errno } | undefined;

const ERROR_TYPES: Partial<Record<Route['type'], Errno>> = {
  blackhole: 'EINVAL',
  unreachable: 'EHOSTUNREACH',
  prohibit: 'EACCES',
  throw: 'EAGAIN',
};

/** Netmasks by prefix length, so a lookup does no arithmetic beyond an AND. */
const MASKS: number[] = Array.from({ length: 33 }, (_, i) => prefixMask(i));

export class FibTable {
  private byLen: (Map<number, Route[]> | undefined)[] = new Array(33).fill(undefined);
  /** Bumped on every change, so callers can cache what they derive from the table. */
  version = 0;
  /** Prefix lengths that hold routes, longest first. */
  private lens: number[] = [];
  private count = 0;

  constructor(readonly id: number) {}

  get size(): number {
    return this.count;
  }

  aliases(dst: number, prefixLen: number): Route[] | undefined {
    const key = (dst & prefixMask(prefixLen)) >>> 0;
    return this.byLen[prefixLen]?.get(key);
  }

  /** Insert per the netlink flags of `mode`; returns the error Linux gives, or the replaced route. */
  insert(r: Route, mode: RouteMode, same: (a: Route, b: Route) => boolean): { error?: Errno; replaced?: Route } {
    const key = (r.dst & prefixMask(r.prefixLen)) >>> 0;
    r.dst = key;
    let m = this.byLen[r.prefixLen];
    if (!m) {
      m = new Map();
      this.byLen[r.prefixLen] = m;
      this.lens.push(r.prefixLen);
      this.lens.sort((a, b) => b - a);
    }
    let list = m.get(key);
    if (!list) {
      list = [];
      m.set(key, list);
    }
    const samePrio = list.filter((x) => x.tos === r.tos && x.metric === r.metric);
    if (samePrio.length > 0) {
      if (mode === 'add') return { error: 'EEXIST' };
      if (mode === 'replace') {
        const old = samePrio.find((x) => same(x, r)) ?? samePrio[0]!;
        list[list.indexOf(old)] = r;
        this.version++;
        return { replaced: old };
      }
      if (samePrio.some((x) => same(x, r))) return { error: 'EEXIST' };
    }
    let pos: number;
    if (mode === 'append') {
      pos = list.length;
      for (let i = 0; i < list.length; i++) {
        if (list[i]!.metric > r.metric) {
          pos = i;
          break;
        }
      }
    } else {
      pos = list.findIndex((x) => x.metric >= r.metric);
      if (pos < 0) pos = list.length;
    }
    list.splice(pos, 0, r);
    this.count++;
    this.version++;
    return {};
  }

  /** fib_table_delete: the first alias that matches every given field. */
  remove(match: RouteMatch): Route | undefined {
    const list = this.aliases(match.dst, match.prefixLen);
    if (!list) return undefined;
    const i = list.findIndex((r) => routeMatches(r, match));
    if (i < 0) return undefined;
    const [r] = list.splice(i, 1);
    this.count--;
    this.cleanup(r!.prefixLen, r!.dst, list);
    return r;
  }

  /** Remove every route for which `pred` holds (a device went down or away). */
  removeWhere(pred: (r: Route) => boolean): Route[] {
    const out: Route[] = [];
    for (const len of [...this.lens]) {
      const m = this.byLen[len]!;
      for (const [key, list] of [...m]) {
        const before = out.length;
        for (let i = list.length - 1; i >= 0; i--) {
          if (pred(list[i]!)) out.push(...list.splice(i, 1));
        }
        if (out.length === before) continue;
        this.count -= out.length - before;
        this.cleanup(len, key, list);
      }
    }
    return out;
  }

  private cleanup(len: number, key: number, list: Route[]): void {
    this.version++;
    if (list.length > 0) return;
    const m = this.byLen[len]!;
    m.delete(key);
    if (m.size === 0) {
      this.byLen[len] = undefined;
      this.lens = this.lens.filter((l) => l !== len);
    }
  }

  /** fib_table_lookup: longest prefix first; within it the first alias the flow may use. */
  lookup(flow: FibFlow): FibLookup {
    const dst = flow.dst >>> 0;
    const minScope = flow.scope ?? 0;
    const lens = this.lens;
    for (let i = 0; i < lens.length; i++) {
      const len = lens[i]!;
      const list = this.byLen[len]!.get((dst & MASKS[len]!) >>> 0);
      if (!list) continue;
      for (const r of list) {
        if (r.tos !== 0 && r.tos !== (flow.tos ?? 0)) continue;
        if (SCOPE_VALUE[r.scope] < minScope) continue;
        const err = ERROR_TYPES[r.type];
        if (err) return { error: err };
        if (flow.oif !== undefined && r.dev && r.dev.ifindex !== flow.oif) continue;
        return { route: r };
      }
    }
    return undefined;
  }

  /** Every route in dump order (by destination, longer prefix first, then alias order). */
  list(): Route[] {
    const all: Route[] = [];
    for (const len of this.lens) for (const l of this.byLen[len]!.values()) all.push(...l);
    const idx = new Map<Route, number>();
    for (const len of this.lens) for (const l of this.byLen[len]!.values()) l.forEach((r, i) => idx.set(r, i));
    return all.sort((a, b) => a.dst - b.dst || b.prefixLen - a.prefixLen || idx.get(a)! - idx.get(b)!);
  }
}

export function routeMatches(r: Route, m: RouteMatch): boolean {
  if (r.prefixLen !== m.prefixLen || r.dst !== (m.dst & prefixMask(m.prefixLen)) >>> 0) return false;
  if (m.tos !== undefined && r.tos !== m.tos) return false;
  if (m.type !== undefined && r.type !== m.type) return false;
  if (m.scope !== undefined && r.scope !== m.scope) return false;
  if (m.src !== undefined && r.prefsrc !== m.src) return false;
  if (m.proto !== undefined && r.proto !== m.proto) return false;
  if (m.metric !== undefined && r.metric !== m.metric) return false;
  if (m.dev !== undefined && r.dev !== m.dev) return false;
  if (m.gateway !== undefined && r.gateway !== m.gateway) return false;
  return true;
}
