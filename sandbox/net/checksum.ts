/**
 * The Internet checksum (RFC 1071) and the IPv4 pseudo-header UDP and TCP fold in.
 */

/** One's-complement sum of 16-bit words, folded to 16 bits but not inverted. */
export function onesSum(buf: Uint8Array, off: number, len: number, initial = 0): number {
  let sum = initial;
  const end = off + len;
  let i = off;
  for (; i + 1 < end; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) sum += buf[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum to store in a header: the inverted sum. Verifying a buffer that holds its checksum gives 0. */
export function internetChecksum(buf: Uint8Array, off: number, len: number, initial = 0): number {
  return ~onesSum(buf, off, len, initial) & 0xffff;
}

/** Sum of the IPv4 pseudo-header (src, dst, zero, protocol, length) to seed a UDP/TCP checksum. */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  let sum = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The checksum a UDP header over `buf[off, off+len)` should carry (0 is sent as 0xffff, RFC 768). */
export function udpChecksum(buf: Uint8Array, off: number, len: number, src: number, dst: number): number {
  const c = internetChecksum(buf, off, len, pseudoHeaderSum(src, dst, 17, len));
  return c === 0 ? 0xffff : c;
}
