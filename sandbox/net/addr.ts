/**
 * IPv4 and MAC addresses as the rest of the emulator holds them: IPv4 as an
 * unsigned 32-bit number (cheap to mask and compare in the FIB), MACs as the
 * lowercase colon strings iproute2 prints.
 */

/** Strict dotted quad: four decimal fields 0–255, no leading '+', no empty fields. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n >>> 0;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Netmask for a prefix length 0–32 (0 → 0, 32 → 255.255.255.255). */
export function prefixMask(len: number): number {
  if (len <= 0) return 0;
  if (len >= 32) return 0xffffffff;
  return (0xffffffff << (32 - len)) >>> 0;
}

export function inSubnet(ip: number, net: number, len: number): boolean {
  const m = prefixMask(len);
  return (ip & m) >>> 0 === (net & m) >>> 0;
}

/** Length of a contiguous netmask, or undefined when the mask has holes. */
export function maskToPrefix(mask: number): number | undefined {
  const m = mask >>> 0;
  for (let len = 0; len <= 32; len++) if (prefixMask(len) === m) return len;
  return undefined;
}

export function readIpv4(buf: Uint8Array, off: number): number {
  return ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
}

export function writeIpv4(buf: Uint8Array, off: number, ip: number): void {
  buf[off] = (ip >>> 24) & 255;
  buf[off + 1] = (ip >>> 16) & 255;
  buf[off + 2] = (ip >>> 8) & 255;
  buf[off + 3] = ip & 255;
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC = '00:00:00:00:00:00';

/** Six colon-separated hex bytes (one or two digits each, as iproute2 accepts); returns the canonical form. */
export function parseMac(s: string): string | undefined {
  const parts = s.split(':');
  if (parts.length !== 6) return undefined;
  const out: string[] = [];
  for (const p of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return undefined;
    out.push(p.toLowerCase().padStart(2, '0'));
  }
  return out.join(':');
}

export function macToBytes(mac: string, out: Uint8Array, off: number): void {
  for (let i = 0; i < 6; i++) out[off + i] = parseInt(mac.slice(i * 3, i * 3 + 2), 16) || 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function macFromBytes(buf: Uint8Array, off: number): string {
  return `${HEX[buf[off]!]}:${HEX[buf[off + 1]!]}:${HEX[buf[off + 2]!]}:${HEX[buf[off + 3]!]}:${HEX[buf[off + 4]!]}:${HEX[buf[off + 5]!]}`;
}

/** Group bit (I/G) set: broadcast or multicast. */
export function isMulticastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}
