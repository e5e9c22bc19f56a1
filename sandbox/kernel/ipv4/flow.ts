/**
 * The flow hash the kernel computes for an inner frame (skb_get_hash): over
 * the addresses, protocol and ports (ICMP id for echo), made symmetric the way
 * __flow_hash_consistentify orders the endpoints, so both directions of a flow
 * pick the same VXLAN source port.
 */
export function flowHash(frame: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  if (frame.length >= 34 && frame[12] === 0x08 && frame[13] === 0x00) {
    const ihl = (frame[14]! & 15) * 4;
    const a = ((frame[26]! << 24) | (frame[27]! << 16) | (frame[28]! << 8) | frame[29]!) >>> 0;
    const b = ((frame[30]! << 24) | (frame[31]! << 16) | (frame[32]! << 8) | frame[33]!) >>> 0;
    const proto = frame[23]!;
    let p1 = 0;
    let p2 = 0;
    const l4 = 14 + ihl;
    if ((proto === 6 || proto === 17) && frame.length >= l4 + 4) {
      p1 = (frame[l4]! << 8) | frame[l4 + 1]!;
      p2 = (frame[l4 + 2]! << 8) | frame[l4 + 3]!;
    } else if (proto === 1 && frame.length >= l4 + 6 && (frame[l4] === 0 || frame[l4] === 8)) {
      p1 = p2 = (frame[l4 + 4]! << 8) | frame[l4 + 5]!;
    }
    const swap = a > b || (a === b && p1 > p2);
    h = mix(h, swap ? b : a);
    h = mix(h, swap ? a : b);
    h = mix(h, swap ? (p2 << 16) | p1 : (p1 << 16) | p2);
    h = mix(h, proto);
  } else {
    for (let i = 0; i < Math.min(frame.length, 14); i++) h = mix(h, frame[i]!);
  }
  return finalize(h);
}

function mix(h: number, v: number): number {
  h ^= Math.imul(v >>> 0, 0xcc9e2d51);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
