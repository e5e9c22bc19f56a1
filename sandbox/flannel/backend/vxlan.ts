/**
 * The vxlan backend (pkg/backend/vxlan): flannel.<VNI> over the external
 * interface (MTU − 50, nolearning, kernel default port 8472 unless Port is
 * set), the lease address as a /32, and per peer — in flannel's order — the
 * permanent neighbour, the FDB entry and the onlink route; with
 * DirectRouting a directly connected peer gets a plain route via its public
 * IP instead. A device watcher recreates a deleted device. Nothing
 * re-checks routes or entries: one deleted by hand stays gone.
 */
import { formatIpv4 } from '../../net/addr.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import { strerror } from '../../kernel/errno.js';
import { addVxlanPeer, removeVxlanPeer, addHostGwRoute } from '../../scenarios/network.js';
import type { BackendFactory, BackendNetwork, DaemonContext } from './backend.js';
import { formatCidr, type Ip4Net } from '../netconf.js';
import { vxlanData, type Lease } from '../lease.js';

const ENCAP_OVERHEAD = 50;
const KERNEL_DEFAULT_PORT = 8472;

interface VxlanDeviceLike extends NetDevice {
  config?: { vni?: number; dstport?: number; local?: number; gbp?: boolean; l2miss?: boolean };
}

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

function errText(r: { errno: Parameters<typeof strerror>[0]; extack?: string }): string {
  return r.extack ?? strerror(r.errno).toLowerCase();
}

/** ip.DirectRouting: exactly one route to the peer and it has no gateway. */
function directlyConnected(ctx: DaemonContext, peer: number): boolean {
  const r = ctx.ns.routeLookup(peer);
  return r.ok && r.value.gateway === undefined && r.value.type === 'unicast';
}

export const vxlanBackend: BackendFactory = (ctx: DaemonContext) => {
  const b = ctx.config.backend;
  const vni = num(b['VNI'], 1);
  const port = num(b['Port'], 0);
  const gbp = b['GBP'] === true;
  const learning = b['Learning'] === true;
  const direct = b['DirectRouting'] === true;
  const extMtu = num(b['MTU'], ctx.extIface.mtu);
  ctx.log(
    'I',
    'vxlan.go:141',
    `VXLAN config: VNI=${vni} Port=${port} GBP=${gbp} Learning=${learning} DirectRouting=${direct}`,
  );
  const name = `flannel.${vni}`;
  let mac = ctx.mac(name);
  if (ctx.storedMac) {
    mac = ctx.storedMac;
    ctx.log('I', 'vxlan.go:155', `Interface ${name} mac address set to: ${ctx.storedMac}`);
  }
  const ns = ctx.ns;
  const dstport = port || KERNEL_DEFAULT_PORT;
  let leaseNet: Ip4Net | undefined;
  const peers = new Map<string, Lease>();

  /** ensureLink: reuse a compatible device, replace an incompatible one. */
  const ensure = (): { dev: NetDevice } | { error: string } => {
    const existing = ns.dev(name) as VxlanDeviceLike | undefined;
    if (existing) {
      const cfg = existing.config ?? {};
      const compatible =
        existing.kind === 'vxlan' &&
        cfg.vni === vni &&
        cfg.dstport === dstport &&
        cfg.local === ctx.extIp &&
        (cfg.gbp ?? false) === gbp &&
        !cfg.l2miss;
      if (compatible) return { dev: existing };
      ctx.log(
        'W',
        'device.go:101',
        `"${name}" already exists with incompatible configuration: vni/port/local differ; recreating device`,
      );
      ns.linkDel(existing);
    }
    const r = ns.linkAdd({
      kind: 'vxlan',
      name,
      mac,
      mtu: extMtu - ENCAP_OVERHEAD,
      id: vni,
      local: ctx.extIp,
      dev: ctx.extIface,
      dstport,
      learning,
      gbp,
    });
    if (!r.ok) return { error: `failed to create vxlan device: ${errText(r)}` };
    return { dev: r.value };
  };

  const first = ensure();
  if ('error' in first) return { error: first.error };
  let dev = first.dev;
  const vtepMac = dev.mac;

  const addPeer = (l: Lease): void => {
    const data = vxlanData(l);
    if (!data) return;
    if (direct && directlyConnected(ctx, l.publicIp)) {
      const r = addHostGwRoute(ns, l.subnet.ip, l.subnet.len, l.publicIp, ctx.extIface);
      if (!r.ok)
        ctx.log('E', 'vxlan_network.go:203', `failed to add direct route to ${formatCidr(l.subnet)}: ${errText(r)}`);
      return;
    }
    const r = addVxlanPeer(ns, {
      vtep: dev,
      subnet: l.subnet.ip,
      prefixLen: l.subnet.len,
      peerVtepMac: data.VtepMAC,
      peerPublicIp: l.publicIp,
    });
    if (!r.ok) ctx.log('E', 'vxlan_network.go:219', `AddFDB failed: ${errText(r)}`);
  };

  const configureDev = (net: Ip4Net): string | undefined => {
    const a = ns.addrAdd(dev, { address: net.ip, prefixLen: 32 });
    if (!a.ok && a.errno !== 'EEXIST') return `failed to ensure address of interface ${name}: ${errText(a)}`;
    ns.setUp(dev, true);
    return undefined;
  };

  const watchDevice = (backoffUs: number): void => {
    ctx.after(1_000_000, () => {
      if (ns.dev(name) === dev) {
        watchDevice(1_000_000);
        return;
      }
      ctx.log('I', 'vxlan_network.go:91', `Interface ${name} deleted`);
      ctx.log('W', 'vxlan_network.go:93', 'vxlan device missing, attempting to recreate...');
      ctx.after(backoffUs, () => {
        const again = ensure();
        if ('error' in again || !leaseNet) {
          watchDevice(Math.min(backoffUs * 2, 30_000_000));
          return;
        }
        dev = again.dev;
        if (configureDev({ ip: leaseNet.ip, len: 32 })) {
          watchDevice(Math.min(backoffUs * 2, 30_000_000));
          return;
        }
        ctx.log('I', 'vxlan_network.go:108', `VXLAN device ${name} recreated successfully`);
        for (const l of peers.values()) addPeer(l);
        watchDevice(1_000_000);
      });
    });
  };

  const net: BackendNetwork = {
    type: 'vxlan',
    mtu: dev.mtu,
    backendData: JSON.stringify({ VNI: vni, VtepMAC: vtepMac }),
    configure(lease) {
      leaseNet = lease;
      return configureDev({ ip: lease.ip, len: 32 });
    },
    run() {
      ctx.log('I', 'vxlan_network.go:65', 'watching for new subnet leases');
      ctx.log('I', 'vxlan_network.go:83', 'starting vxlan device watcher');
      watchDevice(1_000_000);
    },
    added(l) {
      if (l.backendType !== 'vxlan') {
        ctx.log(
          'W',
          'vxlan_network.go:132',
          `ignoring non-vxlan v4Subnet(${formatCidr(l.subnet)}) v6Subnet(::/0): type=${l.backendType}`,
        );
        return;
      }
      ctx.log(
        'I',
        'vxlan_network.go:145',
        `Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: ${formatIpv4(l.publicIp)}, PublicIPv6: (nil), BackendData: ${l.backendData}, BackendV6Data: (nil)`,
      );
      peers.set(l.node, l);
      addPeer(l);
    },
    removed(l) {
      const old = peers.get(l.node);
      peers.delete(l.node);
      const data = old && vxlanData(old);
      if (!old || !data) return;
      if (direct && directlyConnected(ctx, old.publicIp)) {
        ns.routeDel({ dst: old.subnet.ip, prefixLen: old.subnet.len, gateway: old.publicIp });
        return;
      }
      removeVxlanPeer(ns, {
        vtep: dev,
        subnet: old.subnet.ip,
        prefixLen: old.subnet.len,
        peerVtepMac: data.VtepMAC,
        peerPublicIp: old.publicIp,
      });
    },
  };
  return net;
};
