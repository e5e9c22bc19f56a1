/**
 * The host-local IPAM plugin's disk store (plugins/ipam/host-local,
 * backend/disk): one file per allocated address under
 * /var/lib/cni/networks/<network>/ holding `<containerID>\r\n<ifname>`, and
 * last_reserved_ip.0; allocation resumes after the last reserved address
 * and wraps around the range, skipping the gateway.
 */
import type { VirtualFS } from '../../world/fs.js';
import { formatIpv4, parseIpv4, prefixMask } from '../../net/addr.js';

export const NETWORKS_DIR = '/var/lib/cni/networks';

export function allocate(
  fs: VirtualFS,
  network: string,
  subnet: { ip: number; len: number },
  gateway: number,
  containerId: string,
  ifname: string,
): { ok: true; ip: number } | { ok: false; error: string } {
  const dir = `${NETWORKS_DIR}/${network}`;
  fs.mkdirp(dir);
  const base = (subnet.ip & prefixMask(subnet.len)) >>> 0;
  const size = 2 ** (32 - subnet.len);
  const first = base + 1;
  const last = base + size - 2;
  let lastReserved: number | undefined;
  try {
    lastReserved = parseIpv4(fs.readText(`${dir}/last_reserved_ip.0`).trim());
  } catch {
    lastReserved = undefined;
  }
  let cand = lastReserved !== undefined && lastReserved >= first && lastReserved <= last ? lastReserved + 1 : first;
  for (let i = 0; i < size; i++) {
    if (cand > last) cand = first;
    const ip = cand >>> 0;
    cand++;
    if (ip === gateway) continue;
    const path = `${dir}/${formatIpv4(ip)}`;
    if (fs.exists(path)) continue;
    fs.write(path, `${containerId}\r\n${ifname}`);
    fs.write(`${dir}/last_reserved_ip.0`, formatIpv4(ip));
    return { ok: true, ip };
  }
  return { ok: false, error: `no IP addresses available in range set: ${formatIpv4(first)}-${formatIpv4(last)}` };
}

/** Release whatever this container holds. */
export function release(fs: VirtualFS, network: string, containerId: string): void {
  const dir = `${NETWORKS_DIR}/${network}`;
  let names: string[] = [];
  try {
    names = fs.list(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n === 'last_reserved_ip.0' || n === 'lock') continue;
    try {
      if (fs.readText(`${dir}/${n}`).split('\r\n')[0] === containerId) fs.remove(`${dir}/${n}`);
    } catch {
      // not a file we wrote
    }
  }
}
