/**
 * MAC addresses as 48-bit integers (exact in a double): the datapath looks
 * frames up in FDBs and compares destinations without building strings.
 */
export function macNum(buf: Uint8Array, off: number): number {
  const hi = buf[off]! * 256 + buf[off + 1]!;
  const lo = ((buf[off + 2]! << 24) | (buf[off + 3]! << 16) | (buf[off + 4]! << 8) | buf[off + 5]!) >>> 0;
  return hi * 4294967296 + lo;
}

const cache = new Map<string, number>();

/** The number of a MAC in state form (`0a:58:0a:f4:01:02`). */
export function macStrNum(mac: string): number {
  let n = cache.get(mac);
  if (n === undefined) {
    n = 0;
    for (let i = 0; i < 6; i++) n = n * 256 + parseInt(mac.slice(i * 3, i * 3 + 2), 16);
    if (cache.size >= 8192) cache.clear();
    cache.set(mac, n);
  }
  return n;
}
