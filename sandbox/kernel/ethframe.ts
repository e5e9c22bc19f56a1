/**
 * Building Ethernet frames on the datapath. MAC addresses live as strings in
 * state (that is what the tools print); their bytes are cached here so a
 * frame costs one allocation and two 6-byte copies.
 */
import { macToBytes } from '../net/addr.js';

const cache = new Map<string, Uint8Array>();

export function macBytes(mac: string): Uint8Array {
  let b = cache.get(mac);
  if (!b) {
    b = new Uint8Array(6);
    macToBytes(mac, b, 0);
    if (cache.size >= 4096) cache.clear();
    cache.set(mac, b);
  }
  return b;
}

/*
 * Frames are carved out of shared 64 KiB slabs: a typed array bigger than 64
 * bytes gets its own off-heap backing store in V8, and allocating (and later
 * collecting) one per frame was the datapath's largest cost. A slab lives as
 * long as any frame cut from it.
 */
const SLAB = 65536;
const MAX_CARVE = 2048;
let slab = new Uint8Array(SLAB);
let slabOff = 0;

export function carve(n: number): Uint8Array {
  if (n > MAX_CARVE) return new Uint8Array(n);
  if (slabOff + n > SLAB) {
    slab = new Uint8Array(SLAB);
    slabOff = 0;
  }
  const v = slab.subarray(slabOff, slabOff + n);
  // Keep frames 8-byte aligned within the slab.
  slabOff += (n + 7) & ~7;
  return v;
}

export function ethFrame(dst: string, src: string, ethertype: number, payload: Uint8Array): Uint8Array {
  const f = carve(14 + payload.length);
  f.set(macBytes(dst), 0);
  f.set(macBytes(src), 6);
  f[12] = (ethertype >>> 8) & 255;
  f[13] = ethertype & 255;
  f.set(payload, 14);
  return f;
}

/** Write the Ethernet header into the first 14 bytes of a frame whose payload is already in place. */
export function ethHeaderInto(frame: Uint8Array, dst: string, src: string, ethertype: number): Uint8Array {
  frame.set(macBytes(dst), 0);
  frame.set(macBytes(src), 6);
  frame[12] = (ethertype >>> 8) & 255;
  frame[13] = ethertype & 255;
  return frame;
}
