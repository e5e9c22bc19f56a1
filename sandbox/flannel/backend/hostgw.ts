/**
 * The host-gw backend (pkg/backend/hostgw + route_network.go): per remote
 * lease a route `<subnet> via <peer public IP> dev <external iface>`; a
 * conflicting route to the same subnet (say, vxlan's onlink one) is
 * replaced; every 10 s the route list is re-checked and missing routes are
 * put back (`Route recovered`). Across an L3 hop the kernel rejects the
 * route (gateway not on-link) and flanneld logs the error, every check.
 *
 * Switching a live cluster from vxlan to host-gw (ConfigMap + rollout
 * restart) leaves, as real flannel does, the whole vxlan setup in place
 * except the routes: flannel.1 with its /32 address and MAC, the permanent
 * neighbour and FDB entries of every peer, and the node's old backend-data
 * annotation until the new flanneld overwrites it; each onlink route is
 * replaced here ("Replacing existing route"). Nobody deletes flannel.1: an
 * operator has to (`ip link del flannel.1`). Switching back, the vxlan
 * backend reuses the stale device if it is compatible and RouteReplace
 * puts the onlink routes over the host-gw ones.
 */
import { formatIpv4 } from '../../net/addr.js';
import type { Route } from '../../kernel/ipv4/route.js';
import { strerror } from '../../kernel/errno.js';
import type { BackendFactory, BackendNetwork, DaemonContext } from './backend.js';
import { formatCidr } from '../netconf.js';
import type { Lease } from '../lease.js';

const ROUTE_CHECK_US = 10_000_000;

/** netlink.Route's String(), as flannel's log lines print routes. */
function nlRoute(ifindex: number, dst: string, gw: string): string {
  return `{Ifindex: ${ifindex} Dst: ${dst} Src: <nil> Gw: ${gw} Flags: [] Table: 0 Realm: 0}`;
}

export const hostgwBackend: BackendFactory = (ctx: DaemonContext) => {
  const ns = ctx.ns;
  const ext = ctx.extIface;
  const mine = new Map<string, Lease>();
  const want = (l: Lease): { dst: number; len: number; gw: number } => ({
    dst: l.subnet.ip,
    len: l.subnet.len,
    gw: l.publicIp,
  });
  const current = (l: Lease): Route | undefined =>
    ns.routes(254).find((r) => r.dst === l.subnet.ip && r.prefixLen === l.subnet.len && r.type === 'unicast');
  const equal = (r: Route, l: Lease): boolean => r.gateway === l.publicIp && r.dev === ext;
  const describe = (l: Lease): string => nlRoute(ext.ifindex, formatCidr(l.subnet), formatIpv4(l.publicIp));

  const add = (l: Lease, recovering: boolean): void => {
    const w = want(l);
    const have = current(l);
    if (have && !equal(have, l)) {
      const old = nlRoute(
        have.dev?.ifindex ?? 0,
        formatCidr(l.subnet),
        have.gateway === undefined ? '<nil>' : formatIpv4(have.gateway),
      );
      ctx.log('W', 'route_network.go:160', `Replacing existing route to ${old} with ${describe(l)}`);
      ns.routeDel({
        dst: w.dst,
        prefixLen: w.len,
        ...(have.gateway !== undefined ? { gateway: have.gateway } : {}),
        ...(have.dev ? { dev: have.dev } : {}),
      });
    }
    const again = current(l);
    if (again && equal(again, l)) {
      if (!recovering) ctx.log('I', 'route_network.go:171', `Route to ${describe(l)} already exists, skipping.`);
      return;
    }
    const r = ns.routeAdd({ dst: w.dst, prefixLen: w.len, gateway: w.gw, dev: ext }, 'add');
    if (!r.ok) {
      // flannel logs the netlink errno (Go's syscall.Errno text), not the kernel's extack.
      const text = strerror(r.errno).toLowerCase();
      if (recovering)
        ctx.log('E', 'route_network.go:238', `Error recovering route to ${formatCidr(l.subnet)}: ${text}`);
      else ctx.log('E', 'route_network.go:175', `Error adding route to ${describe(l)}: ${text}`);
      return;
    }
    if (recovering)
      ctx.log('I', 'route_network.go:240', `Route recovered ${formatCidr(l.subnet)} : ${formatIpv4(l.publicIp)}`);
  };

  const check = (): void => {
    for (const l of mine.values()) {
      const have = current(l);
      if (!have || !equal(have, l)) add(l, true);
    }
    ctx.after(ROUTE_CHECK_US, check);
  };

  const net: BackendNetwork = {
    type: 'host-gw',
    mtu: ext.mtu,
    backendData: 'null',
    configure() {
      return undefined;
    },
    run() {
      ctx.log('I', 'route_network.go:56', 'Watching for new subnet leases');
      ctx.after(ROUTE_CHECK_US, check);
    },
    added(l) {
      if (l.backendType !== 'host-gw') {
        ctx.log('W', 'route_network.go:97', `Ignoring non-host-gw subnet: type=${l.backendType}`);
        return;
      }
      ctx.log('I', 'route_network.go:101', `Subnet added: ${formatCidr(l.subnet)} via ${formatIpv4(l.publicIp)}`);
      mine.set(l.node, l);
      add(l, false);
    },
    removed(l) {
      const old = mine.get(l.node);
      if (!old) return;
      ctx.log('I', 'route_network.go:116', `Subnet removed: ${formatCidr(old.subnet)}`);
      mine.delete(l.node);
      ns.routeDel({ dst: old.subnet.ip, prefixLen: old.subnet.len, gateway: old.publicIp, dev: ext });
    },
  };
  return net;
};

/** host-gw refuses to run behind NAT (public IP ≠ interface IP). */
export function hostgwPrecheck(extIp: number, publicIp: number): string | undefined {
  return extIp !== publicIp
    ? "your PublicIP differs from interface IP, meaning that probably you're on a NAT, which is not supported by host-gw backend"
    : undefined;
}
