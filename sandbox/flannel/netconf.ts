/**
 * net-conf.json as flanneld reads it (pkg/subnet/config.go): Network,
 * SubnetLen and its defaults, EnableIPv4/EnableNFTables, Backend with Type
 * defaulting to vxlan. Errors carry flannel's wording.
 */
import { formatIpv4, parseIpv4, prefixMask } from '../net/addr.js';

export interface Ip4Net {
  ip: number;
  len: number;
}

export interface NetConfig {
  network: Ip4Net;
  subnetLen: number;
  enableNFTables: boolean;
  backendType: string;
  backend: Record<string, unknown>;
}

export function parseCidr(s: string): Ip4Net | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIpv4(m[1]!);
  const len = Number(m[2]);
  if (ip === undefined || len > 32) return undefined;
  return { ip: (ip & prefixMask(len)) >>> 0, len };
}

export function formatCidr(n: Ip4Net): string {
  return `${formatIpv4(n.ip)}/${n.len}`;
}

export function netContains(outer: Ip4Net, inner: Ip4Net): boolean {
  return inner.len >= outer.len && (inner.ip & prefixMask(outer.len)) >>> 0 === outer.ip;
}

export function parseNetConfig(text: string): { ok: true; value: NetConfig } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `error parsing subnet config: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      error: 'error parsing subnet config: json: cannot unmarshal into Go value of type subnet.Config',
    };
  }
  const o = raw as Record<string, unknown>;
  const netStr = o['Network'];
  if (o['EnableIPv4'] !== false && typeof netStr !== 'string') {
    return {
      ok: false,
      error: 'error parsing subnet config: please define a correct Network parameter inside the config',
    };
  }
  const network = parseCidr(typeof netStr === 'string' ? netStr : '');
  if (!network) return { ok: false, error: `error parsing subnet config: invalid CIDR address: ${String(netStr)}` };
  let subnetLen =
    typeof o['SubnetLen'] === 'number' ? (o['SubnetLen'] as number) : network.len < 22 ? 24 : network.len + 2;
  if (subnetLen >= 31 || subnetLen <= network.len + 1) {
    return {
      ok: false,
      error: 'error parsing subnet config: SubnetLen must be less than /31 and greater than Network prefix + 1',
    };
  }
  subnetLen = Math.trunc(subnetLen);
  const backend = o['Backend'] && typeof o['Backend'] === 'object' ? (o['Backend'] as Record<string, unknown>) : {};
  const type = typeof backend['Type'] === 'string' && backend['Type'] ? (backend['Type'] as string) : 'vxlan';
  return {
    ok: true,
    value: { network, subnetLen, enableNFTables: o['EnableNFTables'] === true, backendType: type, backend },
  };
}
