/**
 * Numbers to the words tcpdump prints for them.
 */
import { formatIpv4 } from '../../../net/addr.js';
import type { Nd } from './nd.js';

export const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0800, 'IPv4'],
  [0x0806, 'ARP'],
  [0x8035, 'Reverse ARP'],
  [0x8100, '802.1Q'],
  [0x86dd, 'IPv6'],
  [0x88cc, 'LLDP'],
  [0x88a8, '802.1Q-QinQ'],
  [0x8847, 'MPLS unicast'],
]);

/** ipproto_values: the names `proto X (N)` uses with -v. */
export const IPPROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'HBH'],
  [1, 'ICMP'],
  [2, 'IGMP'],
  [4, 'IPIP'],
  [6, 'TCP'],
  [17, 'UDP'],
  [41, 'IPv6'],
  [47, 'GRE'],
  [50, 'ESP'],
  [51, 'AH'],
  [58, 'ICMPv6'],
  [89, 'OSPF'],
  [103, 'PIM'],
  [112, 'VRRP'],
  [132, 'SCTP'],
]);

/** /etc/protocols names, for the non-first-fragment and unknown-protocol lines without -n. */
export const NETDB_PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'icmp'],
  [2, 'igmp'],
  [4, 'ipencap'],
  [6, 'tcp'],
  [17, 'udp'],
  [41, 'ipv6'],
  [47, 'gre'],
  [50, 'esp'],
  [51, 'ah'],
  [89, 'ospf'],
  [132, 'sctp'],
]);

export function ipaddrString(nd: Nd, ip: number): string {
  if (!nd.opts.numeric) {
    const n = nd.names.hostName?.(ip);
    if (n) return n;
  }
  return formatIpv4(ip);
}

export function portString(nd: Nd, port: number, proto: 'udp' | 'tcp'): string {
  if (!nd.opts.numeric) {
    const n = nd.names.serviceName?.(port, proto);
    if (n) return n;
  }
  return String(port);
}

export function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
