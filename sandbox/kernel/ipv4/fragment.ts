/**
 * IPv4 fragmentation (ip_fragment) and reassembly (net/ipv4/ip_fragment.c),
 * enough for a ping bigger than the path MTU without DF: split at 8-byte
 * boundaries, put back together at the destination, give up after 30 s.
 */
import { emitIpv4, parseIpv4, type Ipv4Repr } from '../../net/ipv4.js';

export function fragment(packet: Uint8Array, mtu: number): Uint8Array[] {
  const p = parseIpv4(packet);
  if (!p) return [];
  const maxData = Math.floor((mtu - p.headerLen) / 8) * 8;
  if (maxData <= 0) return [];
  const out: Uint8Array[] = [];
  const base = p.repr.fragOffset ?? 0;
  for (let off = 0; off < p.payload.length; off += maxData) {
    const chunk = p.payload.subarray(off, off + maxData);
    const last = off + maxData >= p.payload.length;
    out.push(emitIpv4({ ...p.repr, df: false, mf: !last || (p.repr.mf ?? false), fragOffset: base + off / 8 }, chunk));
  }
  return out;
}

interface Pending {
  repr: Ipv4Repr;
  parts: Map<number, Uint8Array>;
  total: number | undefined;
  firstAt: number;
}

const IPFRAG_TIME_US = 30_000_000;
const MAX_PENDING = 64;

export class Reassembler {
  private pending = new Map<string, Pending>();

  /** Add a fragment; returns the whole payload (and the first fragment's header) once complete. */
  add(h: Ipv4Repr, payload: Uint8Array, now: number): { repr: Ipv4Repr; payload: Uint8Array } | undefined {
    for (const [k, p] of this.pending) if (now - p.firstAt > IPFRAG_TIME_US) this.pending.delete(k);
    const key = `${h.src}/${h.dst}/${h.id}/${h.protocol}`;
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      p = { repr: h, parts: new Map(), total: undefined, firstAt: now };
      this.pending.set(key, p);
    }
    const off = (h.fragOffset ?? 0) * 8;
    p.parts.set(off, payload.slice());
    if (off === 0) p.repr = h;
    if (!h.mf) p.total = off + payload.length;
    if (p.total === undefined) return undefined;
    let have = 0;
    const sorted = [...p.parts.entries()].sort((a, b) => a[0] - b[0]);
    for (const [o, d] of sorted) {
      if (o > have) return undefined;
      have = Math.max(have, o + d.length);
    }
    if (have < p.total) return undefined;
    const whole = new Uint8Array(p.total);
    for (const [o, d] of sorted) whole.set(d.subarray(0, Math.max(0, p.total - o)), o);
    this.pending.delete(key);
    return { repr: { ...p.repr, mf: false, fragOffset: 0 }, payload: whole };
  }
}
