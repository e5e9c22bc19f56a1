/** ip/iproute.c print_route(): one line of `ip route` / `ip route get`. */
import { formatIpv4 } from '../../../net/addr.js';
import { PT, type Printer } from './print.js';
import { protoName, rtnTypeName, scopeName, tableName } from './names.js';
import {
  RTM_F_CLONED,
  RTNH_F_DEAD,
  RTNH_F_LINKDOWN,
  RTNH_F_ONLINK,
  RTN_UNICAST,
  RTPROT_BOOT,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  type RouteMsg,
} from './rtnl.js';

export interface RoutePrintOpts {
  details: number;
  /** A `table` filter was given (filter.tb): the table is not printed. */
  tableFiltered: boolean;
  /** filter.typemask: which types may show their name. */
  typeShown(type: number): boolean;
  indexToName(ifindex: number): string;
  /** Attributes the filter pinned (iproute2 leaves them out of each line). */
  hideGateway?: boolean;
  hideOif?: boolean;
  hideProto?: boolean;
  hideScope?: boolean;
  hidePrefsrc?: boolean;
  hideMetric?: boolean;
  hideTos?: boolean;
}

const RTCF_LOCAL = 0x80000000;
const RTCF_BROADCAST = 0x10000000;
const RTCF_MULTICAST = 0x20000000;
const RTCF_DOREDIRECT = 0x01000000;

function printRtFlags(p: Printer, flags: number): void {
  p.openArray(PT.JSON, p.json ? 'flags' : '');
  if (flags & RTNH_F_DEAD) p.string(PT.ANY, null, '%s ', 'dead');
  if (flags & RTNH_F_ONLINK) p.string(PT.ANY, null, '%s ', 'onlink');
  if (flags & RTNH_F_LINKDOWN) p.string(PT.ANY, null, '%s ', 'linkdown');
  p.closeArray(PT.JSON, '');
}

function printCacheFlags(p: Printer, flagsIn: number): void {
  let flags = flagsIn & ~0xffff;
  if (p.json) {
    p.openArray(PT.JSON, 'cache');
  } else {
    p.fp(`${p.sl}    cache `);
    if (flags === 0) return;
    p.fp('<');
  }
  const names: [number, string][] = [
    [RTCF_LOCAL, 'local'],
    [RTCF_MULTICAST, 'mc'],
    [RTCF_BROADCAST, 'brd'],
    [RTCF_DOREDIRECT, 'redirect'],
  ];
  for (const [bit, name] of names) {
    if (flags & bit) {
      flags = (flags & ~bit) >>> 0;
      if (p.json) p.string(PT.JSON, null, null, name);
      else p.fp(`${name}${flags ? ',' : '> '}`);
    }
  }
  if (flags) p.hex(PT.ANY, 'flags', '%x>', flags);
  if (p.json) p.closeArray(PT.JSON, '');
}

export function printRoute(p: Printer, r: RouteMsg, o: RoutePrintOpts): void {
  p.openObject();
  if ((r.type !== RTN_UNICAST || o.details > 0) && o.typeShown(r.type))
    p.string(PT.ANY, 'type', '%s ', rtnTypeName(r.type));
  let dst: string;
  if (r.family === 'inet6')
    dst = r.dst6 === undefined ? 'default' : r.dstLen !== 128 ? `${r.dst6}/${r.dstLen}` : r.dst6;
  else if (r.dst !== undefined) dst = r.dstLen !== 32 ? `${formatIpv4(r.dst)}/${r.dstLen}` : formatIpv4(r.dst);
  else if (r.dstLen) dst = `0/${r.dstLen} `;
  else dst = 'default';
  p.string(PT.ANY, 'dst', '%s ', dst);
  if (r.src !== undefined) p.string(PT.ANY, 'from', 'from %s ', formatIpv4(r.src));
  if (r.tos && !o.hideTos) p.string(PT.ANY, 'tos', 'tos %s ', `0x${r.tos.toString(16).padStart(2, '0')}`);
  if (r.gateway !== undefined && !o.hideGateway) {
    if (p.json) p.string(PT.JSON, 'gateway', null, formatIpv4(r.gateway));
    else p.fp(`via ${formatIpv4(r.gateway)} `);
  }
  if (r.oif !== undefined && !o.hideOif) {
    const name = o.indexToName(r.oif);
    if (p.json) p.string(PT.JSON, 'dev', null, name);
    else p.fp(`dev ${name} `);
  }
  if (r.table && (r.table !== RT_TABLE_MAIN || o.details > 0) && !o.tableFiltered)
    p.string(PT.ANY, 'table', 'table %s ', tableName(r.table));
  if (!(r.flags & RTM_F_CLONED)) {
    if ((r.protocol !== RTPROT_BOOT || o.details > 0) && !o.hideProto)
      p.string(PT.ANY, 'protocol', 'proto %s ', protoName(r.protocol));
    if ((r.scope !== RT_SCOPE_UNIVERSE || o.details > 0) && !o.hideScope)
      p.string(PT.ANY, 'scope', 'scope %s ', scopeName(r.scope));
  }
  if (r.prefsrc !== undefined && !o.hidePrefsrc) {
    if (p.json) p.string(PT.JSON, 'prefsrc', null, formatIpv4(r.prefsrc));
    else p.fp(`src ${formatIpv4(r.prefsrc)} `);
  }
  if (r.priority !== undefined && !o.hideMetric) p.uint(PT.ANY, 'metric', 'metric %u ', r.priority);
  printRtFlags(p, r.flags);
  if (r.uid !== undefined) p.uint(PT.ANY, 'uid', 'uid %u ', r.uid);
  if (r.flags & RTM_F_CLONED) printCacheFlags(p, r.cacheFlags ?? 0);
  if (r.iif !== undefined) {
    const name = o.indexToName(r.iif);
    if (p.json) p.string(PT.JSON, 'iif', null, name);
    else p.fp(`iif ${name} `);
  }
  if (r.pref !== undefined)
    p.string(PT.ANY, 'pref', 'pref %s', r.pref === 1 ? 'high' : r.pref === 3 ? 'low' : 'medium');
  p.string(PT.FP, null, '\n', null);
  p.closeObject();
}
