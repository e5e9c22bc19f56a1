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

export function ethFrame(dst: string, src: string, ethertype: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(14 + payload.length);
  f.set(macBytes(dst), 0);
  f.set(macBytes(src), 6);
  f[12] = (ethertype >>> 8) & 255;
  f[13] = ethertype & 255;
  f.set(payload, 14);
  return f;
}
