/**
 * A route (struct fib_alias + fib_info with one nexthop) and the names
 * iproute2 uses for its fields.
 */
import type { NetDevice, AddrScope } from '../netdevice.js';
import { formatIpv4 } from '../../net/addr.js';

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';
export type RouteScope = AddrScope;

export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

export const SCOPE_VALUE: Record<RouteScope, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };

/** rtm_protocol names as /etc/iproute2/rt_protos spells them. */
export const PROTO_NAMES: Record<number, string> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  16: 'dhcp',
};

export interface Route {
  table: number;
  type: RouteType;
  dst: number;
  prefixLen: number;
  tos: number;
  metric: number;
  /** rtm_protocol: 'kernel', 'boot', 'static', 'dhcp', or a number as text. */
  proto: string;
  scope: RouteScope;
  prefsrc: number | undefined;
  gateway: number | undefined;
  dev: NetDevice | undefined;
  onlink: boolean;
  /** Scope of the nexthop (fib_nh_scope); decides source address selection. */
  nhScope: RouteScope;
}

/** What a caller gives to add or replace a route (RTM_NEWROUTE). */
export interface RouteSpec {
  dst: number;
  prefixLen: number;
  table?: number;
  type?: RouteType;
  gateway?: number;
  dev?: NetDevice;
  onlink?: boolean;
  /** Default as iproute2 sets it: link without a gateway, host for local, else global. */
  scope?: RouteScope;
  /** Default 'boot', as `ip route add` and the netlink library flannel uses send. */
  proto?: string;
  src?: number;
  metric?: number;
  tos?: number;
}

/** What a caller gives to delete a route (RTM_DELROUTE); absent fields match anything. */
export interface RouteMatch {
  dst: number;
  prefixLen: number;
  table?: number;
  type?: RouteType;
  gateway?: number;
  dev?: NetDevice;
  scope?: RouteScope;
  proto?: string;
  src?: number;
  metric?: number;
  tos?: number;
}

export type RouteMode = 'add' | 'replace' | 'append' | 'prepend';

/** The route as `ip route show` would print it (without trailing space), for trace rows. */
export function formatRouteRow(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(
    r.prefixLen === 0 && r.dst === 0
      ? 'default'
      : r.prefixLen === 32
        ? formatIpv4(r.dst)
        : `${formatIpv4(r.dst)}/${r.prefixLen}`,
  );
  if (r.gateway !== undefined) parts.push('via', formatIpv4(r.gateway));
  if (r.dev) parts.push('dev', r.dev.name);
  if (r.table !== RT_TABLE_MAIN && r.table !== RT_TABLE_LOCAL) parts.push('table', String(r.table));
  if (r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.prefsrc !== undefined) parts.push('src', formatIpv4(r.prefsrc));
  if (r.metric !== 0) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}
