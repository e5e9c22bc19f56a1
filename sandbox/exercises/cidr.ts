/** Dotted-quad and CIDR helpers for checks written with the article's strings. */
import { formatIpv4, inSubnet, parseIpv4 } from '../net/addr.js';

export function parseCidr(cidr: string): { net: number; len: number } | undefined {
  const [a, l] = cidr.split('/');
  const net = parseIpv4(a ?? '');
  const len = l === undefined ? 32 : Number(l);
  if (net === undefined || !Number.isInteger(len) || len < 0 || len > 32) return undefined;
  return { net, len };
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const a = parseIpv4(ip);
  const c = parseCidr(cidr);
  return a !== undefined && c !== undefined && inSubnet(a, c.net, c.len);
}

/** 10.244.1.0/24 → 10.244.1.1 (what flannel writes as FLANNEL_SUBNET). */
export function firstHost(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  return c ? formatIpv4((c.net + 1) >>> 0) : undefined;
}
