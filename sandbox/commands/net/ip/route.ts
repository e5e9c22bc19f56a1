/** ip/iproute.c: `ip route show|get|add|del|change|replace|append|prepend|flush`. */
import { IP_ROUTE_USAGE } from '../iproute2/usage.js';
import { talk, addrFamily, type IpEnv } from './env.js';
import { printRoute, type RoutePrintOpts } from '../iproute2/routeinfo.js';
import { protoNumber, rtnTypeNumber, scopeNumber, tableNumber } from '../iproute2/names.js';
import {
  RTN_ANYCAST,
  RTN_BROADCAST,
  RTN_LOCAL,
  RTN_MULTICAST,
  RTN_UNICAST,
  RTPROT_BOOT,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_NOWHERE,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
  type RouteMsg,
} from '../iproute2/rtnl.js';
import type { RouteMode, RouteRequest } from '../iproute2/kernel.js';
import {
  Args,
  ToolExit,
  duparg2,
  getAddr,
  getPrefix,
  getUnsigned,
  invarg,
  isPrefix,
  nodev,
  type InetPrefix,
} from '../iproute2/utils.js';
import { inSubnet } from '../../../net/addr.js';

function usage(env: IpEnv): never {
  env.io.err(IP_ROUTE_USAGE);
  throw new ToolExit(-1);
}

/** Keywords that take a value and only tune metrics the model ignores. */
const METRIC_WORDS = [
  'mtu',
  'hoplimit',
  'advmss',
  'reordering',
  'rtt',
  'rttvar',
  'rto_min',
  'window',
  'cwnd',
  'initcwnd',
  'initrwnd',
  'ssthresh',
  'features',
  'quickack',
  'congctl',
  'pref',
  'expires',
  'realms',
  'fastopen_no_cookie',
  'ttl-propagate',
];

/** iproute_modify(). */
function iprouteModify(env: IpEnv, argv: string[], mode: RouteMode | 'del'): number {
  const io = env.io;
  const fam = addrFamily(env);
  const del = mode === 'del';
  let table = RT_TABLE_MAIN;
  let tableOk = false;
  let scope = del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
  let scopeOk = false;
  let protocol = del ? 0 : RTPROT_BOOT;
  let protoOk = false;
  let type = del ? 0 : RTN_UNICAST;
  let typeOk = false;
  let gateway: number | undefined;
  let prefsrc: number | undefined;
  let priority: number | undefined;
  let tos: number | undefined;
  let onlink = false;
  let dev: string | undefined;
  let dst: InetPrefix | undefined;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'src') {
      prefsrc = getAddr(io, a.next(), fam).addr;
    } else if (w === 'as') {
      let v = a.next();
      if (v === 'to') v = a.next();
      getAddr(io, v, fam);
    } else if (w === 'via') {
      if (gateway !== undefined) invarg(io, 'use nexthop syntax to specify multiple via\n', w);
      let v = a.next();
      if (v === 'inet' || v === 'inet6' || v === 'link' || v === 'mpls' || v === 'bridge') v = a.next();
      const g = getAddr(io, v, fam);
      if (g.family !== 'inet') {
        io.err('Error: IPv6 nexthops are not modelled by this emulator.\n');
        return -1;
      }
      gateway = g.addr;
    } else if (w === 'from') {
      getPrefix(io, a.next(), fam);
    } else if (w === 'tos' || isPrefix(w, 'dsfield')) {
      const v = a.next();
      const n = getUnsigned(v, 16);
      if (n === undefined || n > 255) invarg(io, '"tos" value is invalid\n', v);
      tos = n;
    } else if (isPrefix(w, 'metric') || isPrefix(w, 'priority') || w === 'preference') {
      const v = a.next();
      const n = getUnsigned(v);
      if (n === undefined) invarg(io, '"metric" value is invalid\n', v);
      priority = n;
    } else if (w === 'scope') {
      const v = a.next();
      const s = scopeNumber(v);
      if (s === undefined) invarg(io, 'invalid "scope" value\n', v);
      scope = s;
      scopeOk = true;
    } else if (METRIC_WORDS.includes(w)) {
      let v = a.next();
      if (v === 'lock') v = a.next();
      if (
        ['mtu', 'advmss', 'reordering', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'ssthresh', 'hoplimit'].includes(w) &&
        getUnsigned(v) === undefined
      )
        invarg(io, `"${w}" value is invalid\n`, v);
    } else if (w === 'onlink') onlink = true;
    else if (w === 'pervasive') {
      /* ignored by IPv4 */
    } else if (w === 'nexthop' || w === 'nhid' || w === 'encap') {
      io.err(`Error: "${w}" (multipath, nexthop objects, encapsulation) is not modelled by this emulator.\n`);
      return -1;
    } else if (isPrefix(w, 'protocol')) {
      const v = a.next();
      const pn = protoNumber(v);
      if (pn === undefined) invarg(io, '"protocol" value is invalid\n', v);
      protocol = pn;
      protoOk = true;
    } else if (isPrefix(w, 'table')) {
      const v = a.next();
      const t = tableNumber(v);
      if (t === undefined) invarg(io, '"table" value is invalid\n', v);
      table = t;
      tableOk = true;
    } else if (isPrefix(w, 'vrf')) {
      invarg(io, 'Invalid VRF\n', a.next());
    } else if (w === 'dev' || w === 'oif') {
      dev = a.next();
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if ((v[0]! < '0' || v[0]! > '9') && typeName(v) !== undefined) {
        type = typeName(v)!;
        typeOk = true;
        v = a.next();
      }
      if (isPrefix(v, 'help')) usage(env);
      if (dst) duparg2(io, 'to', v);
      dst = getPrefix(io, v, fam);
    }
    a.shift();
  }
  if (!dst) usage(env);
  let oif: number | undefined;
  if (dev !== undefined) {
    oif = env.k.nameToIndex(dev);
    if (!oif) return nodev(io, dev);
  }
  if (dst.family !== 'inet') {
    io.err('Error: IPv6 routes are not modelled by this emulator.\n');
    return -1;
  }
  if (!tableOk && (type === RTN_LOCAL || type === RTN_BROADCAST || type === RTN_ANYCAST)) table = RT_TABLE_LOCAL;
  if (!scopeOk) {
    if (type === RTN_LOCAL) scope = RT_SCOPE_HOST;
    else if (type === RTN_BROADCAST || type === RTN_MULTICAST || type === RTN_ANYCAST) scope = RT_SCOPE_LINK;
    else if (type === RTN_UNICAST || type === 0) {
      if (del) scope = RT_SCOPE_NOWHERE;
      else if (gateway === undefined) scope = RT_SCOPE_LINK;
    }
  }
  void typeOk;
  void protoOk;
  const dstAddr = dst.any ? 0 : dst.addr;
  if (del) {
    const req: Partial<RouteRequest> & { table: number; dst: number; dstLen: number } = {
      table,
      dst: dstAddr,
      dstLen: dst.bitlen,
    };
    if (type) req.type = type;
    if (scope !== RT_SCOPE_NOWHERE) req.scope = scope;
    if (protocol) req.protocol = protocol;
    if (gateway !== undefined) req.gateway = gateway;
    if (oif !== undefined) req.oif = oif;
    if (prefsrc !== undefined) req.prefsrc = prefsrc;
    if (priority !== undefined) req.priority = priority;
    if (tos !== undefined) req.tos = tos;
    return talk(env, env.k.routeDel(req)) ? 0 : -2;
  }
  const req: RouteRequest = { table, dst: dstAddr, dstLen: dst.bitlen, type, protocol, scope, onlink };
  if (gateway !== undefined) req.gateway = gateway;
  if (oif !== undefined) req.oif = oif;
  if (prefsrc !== undefined) req.prefsrc = prefsrc;
  if (priority !== undefined) req.priority = priority;
  if (tos !== undefined) req.tos = tos;
  return talk(env, env.k.routeAdd(req, mode)) ? 0 : -2;
}

/** rtnl_rtntype_a2n() (word forms only). */
function typeName(arg: string): number | undefined {
  if (arg === 'local') return RTN_LOCAL;
  if (arg === 'nat') return 10;
  if (isPrefix(arg, 'broadcast') || arg === 'brd') return RTN_BROADCAST;
  if (isPrefix(arg, 'anycast')) return RTN_ANYCAST;
  if (isPrefix(arg, 'multicast')) return RTN_MULTICAST;
  if (isPrefix(arg, 'prohibit')) return 8;
  if (isPrefix(arg, 'unreachable')) return 7;
  if (isPrefix(arg, 'blackhole')) return 6;
  if (isPrefix(arg, 'xresolve')) return 11;
  if (isPrefix(arg, 'unicast')) return RTN_UNICAST;
  if (arg === 'throw') return 9;
  return undefined;
}

interface RouteFilter {
  tb: number;
  protocol: number;
  protocolmask: number;
  scope: number;
  scopemask: number;
  typemask: number;
  tos: number;
  tosmask: number;
  oif: number;
  metric: number;
  metricmask: number;
  rdst?: InetPrefix;
  mdst?: InetPrefix;
  rvia?: InetPrefix;
  rprefsrc?: InetPrefix;
  cloned: boolean;
}

function filterRoute(f: RouteFilter, r: RouteMsg): boolean {
  if (f.cloned) return false;
  if (f.tb > 0 && f.tb !== r.table) return false;
  if ((f.protocol ^ r.protocol) & f.protocolmask) return false;
  if ((f.scope ^ r.scope) & f.scopemask) return false;
  if (f.typemask && !(f.typemask & (1 << r.type))) return false;
  if ((f.tos ^ r.tos) & f.tosmask) return false;
  const dst = r.dst ?? 0;
  if (f.rdst) {
    if (f.rdst.bitlen > r.dstLen) return false;
    if (!inSubnet(dst, f.rdst.addr, f.rdst.bitlen)) return false;
  }
  if (f.mdst) {
    if (f.mdst.bitlen >= 0 && f.mdst.bitlen < r.dstLen) return false;
    if (!inSubnet(f.mdst.addr, dst, r.dstLen)) return false;
  }
  if (f.rvia) {
    if (r.gateway === undefined) return false;
    if (!inSubnet(r.gateway, f.rvia.addr, f.rvia.bitlen)) return false;
  }
  if (f.rprefsrc) {
    if (r.prefsrc === undefined) return false;
    if (!inSubnet(r.prefsrc, f.rprefsrc.addr, f.rprefsrc.bitlen)) return false;
  }
  if (f.oif && r.oif !== f.oif) return false;
  if (f.metricmask && (r.priority ?? 0) !== f.metric) return false;
  return true;
}

/** iproute_list_flush_or_save(). */
function iprouteListFlush(env: IpEnv, argv: string[], flush: boolean): number {
  const io = env.io;
  const f: RouteFilter = {
    tb: RT_TABLE_MAIN,
    protocol: 0,
    protocolmask: 0,
    scope: 0,
    scopemask: 0,
    typemask: 0,
    tos: 0,
    tosmask: 0,
    oif: 0,
    metric: 0,
    metricmask: 0,
    cloned: false,
  };
  let tableFiltered = true;
  let od: string | undefined;
  let id: string | undefined;
  if (flush && argv.length === 0) {
    io.err('"ip route flush" requires arguments.\n');
    return -1;
  }
  const fam = addrFamily(env);
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (isPrefix(w, 'table')) {
      const v = a.next();
      const t = tableNumber(v);
      if (t === undefined) {
        if (v === 'all') f.tb = 0;
        else if (v === 'cache') f.cloned = true;
        else if (v === 'help') usage(env);
        else invarg(io, 'table id value is invalid\n', v);
      } else f.tb = t;
      tableFiltered = f.tb !== 0;
    } else if (isPrefix(w, 'vrf')) invarg(io, 'Invalid VRF\n', a.next());
    else if (isPrefix(w, 'cached') || isPrefix(w, 'cloned')) f.cloned = true;
    else if (w === 'tos' || isPrefix(w, 'dsfield')) {
      const v = a.next();
      const n = getUnsigned(v, 16);
      if (n === undefined || n > 255) invarg(io, 'TOS value is invalid\n', v);
      f.tos = n;
      f.tosmask = -1;
    } else if (isPrefix(w, 'protocol')) {
      const v = a.next();
      f.protocolmask = -1;
      const pn = protoNumber(v);
      if (pn === undefined) {
        if (v !== 'all') invarg(io, 'invalid "protocol"\n', v);
        f.protocol = 0;
        f.protocolmask = 0;
      } else f.protocol = pn;
    } else if (isPrefix(w, 'scope')) {
      const v = a.next();
      f.scopemask = -1;
      const s = scopeNumber(v);
      if (s === undefined) {
        if (v !== 'all') invarg(io, 'invalid "scope"\n', v);
        f.scope = RT_SCOPE_NOWHERE;
        f.scopemask = 0;
      } else f.scope = s;
    } else if (isPrefix(w, 'type')) {
      const v = a.next();
      const t = typeName(v) ?? rtnTypeNumber(v);
      if (t === undefined) invarg(io, 'node type value is invalid\n', v);
      f.typemask = 1 << t;
    } else if (w === 'dev' || w === 'oif') od = a.next();
    else if (w === 'iif') id = a.next();
    else if (w === 'mark') {
      const v = a.next();
      if (getUnsigned(v) === undefined) invarg(io, 'invalid mark value', v);
    } else if (isPrefix(w, 'metric') || isPrefix(w, 'priority') || w === 'preference') {
      const v = a.next();
      const n = getUnsigned(v);
      if (n === undefined) invarg(io, '"metric" value is invalid\n', v);
      f.metric = n;
      f.metricmask = -1;
    } else if (w === 'via') {
      let v = a.next();
      if (v === 'inet' || v === 'inet6') v = a.next();
      f.rvia = getPrefix(io, v, fam);
    } else if (w === 'src') {
      f.rprefsrc = getPrefix(io, a.next(), fam);
    } else if (isPrefix(w, 'realms')) {
      a.next();
    } else if (isPrefix(w, 'from')) {
      let v = a.next();
      if (isPrefix(v, 'root') || isPrefix(v, 'match') || isPrefix(v, 'exact')) v = a.next();
      getPrefix(io, v, fam);
    } else {
      let v = w;
      if (isPrefix(w, 'to')) v = a.next();
      if (isPrefix(v, 'root')) f.rdst = getPrefix(io, a.next(), fam);
      else if (isPrefix(v, 'match')) f.mdst = getPrefix(io, a.next(), fam);
      else {
        if (isPrefix(v, 'exact')) v = a.next();
        const p = getPrefix(io, v, fam);
        f.mdst = p;
        f.rdst = p;
      }
    }
    a.shift();
  }
  if (id !== undefined) {
    if (!env.k.nameToIndex(id)) return nodev(io, id);
  }
  if (od !== undefined) {
    f.oif = env.k.nameToIndex(od);
    if (!f.oif) return nodev(io, od);
  }
  for (const p of [f.rdst, f.mdst]) if (p && p.any) p.addr = 0;
  const table = f.tb === 0 ? undefined : f.tb;
  const v6only = env.o.family === 'inet6';
  // With no family and no table filter iproute2 dumps AF_UNSPEC: IPv4 first, then IPv6.
  const withV6 = v6only || (env.o.family === 'unspec' && f.tb === 0);
  if (table !== undefined && !v6only && !env.k.tableExists(table)) {
    // RTM_GETROUTE dump with a table filter: the kernel refuses unknown tables.
    env.io.err('Error: ipv4: FIB table does not exist.\n');
    if (flush) {
      env.io.err('Flush terminated\n');
      return -1;
    }
    env.io.err('Dump terminated\n');
    return -2;
  }
  let routes = v6only ? [] : env.k.routes(table).filter((r) => filterRoute(f, r));
  if (withV6 && !flush && !f.rdst && !f.mdst && !f.rvia && !f.rprefsrc)
    routes = [...routes, ...env.k.routes6(table).filter((r) => filterRoute(f, r))];
  if (flush) {
    for (const r of routes) {
      const req: Partial<RouteRequest> & { table: number; dst: number; dstLen: number } = {
        table: r.table,
        dst: r.dst ?? 0,
        dstLen: r.dstLen,
        type: r.type,
        scope: r.scope,
        protocol: r.protocol,
      };
      if (r.gateway !== undefined) req.gateway = r.gateway;
      if (r.oif !== undefined) req.oif = r.oif;
      if (r.priority !== undefined) req.priority = r.priority;
      const res = env.k.routeDel(req);
      if (!res.ok && res.error.errno !== 'ESRCH') {
        talk(env, res);
        return -2;
      }
    }
    return 0;
  }
  const opts: RoutePrintOpts = {
    details: env.o.details,
    tableFiltered: tableFiltered && f.tb !== 0,
    typeShown: (t) => !f.typemask || (f.typemask & (1 << t)) !== 0,
    indexToName: (i) => env.k.indexToName(i),
    hideOif: f.oif !== 0,
    hideProto: f.protocolmask === -1,
    hideScope: f.scopemask === -1,
    hideGateway: f.rvia !== undefined && f.rvia.bitlen === 32,
    hidePrefsrc: f.rprefsrc !== undefined && f.rprefsrc.bitlen === 32,
    hideMetric: f.metricmask === -1,
    hideTos: f.tosmask === -1,
  };
  env.p.newJsonObj(env.o.json, env.o.pretty);
  for (const r of routes) printRoute(env.p, r, opts);
  env.p.deleteJsonObj();
  return 0;
}

/** iproute_get(). */
function iprouteGet(env: IpEnv, argv: string[]): number {
  const io = env.io;
  const fam = addrFamily(env);
  let idev: string | undefined;
  let odev: string | undefined;
  let dst: number | undefined;
  let src: number | undefined;
  let tos: number | undefined;
  let uid: number | undefined;
  let fibmatch = false;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'tos' || isPrefix(w, 'dsfield')) {
      const v = a.next();
      const n = getUnsigned(v, 16);
      if (n === undefined || n > 255) invarg(io, 'TOS value is invalid\n', v);
      tos = n;
    } else if (isPrefix(w, 'from')) {
      const v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      src = getPrefix(io, v, fam).addr;
    } else if (isPrefix(w, 'iif')) idev = a.next();
    else if (isPrefix(w, 'mark')) {
      const v = a.next();
      if (getUnsigned(v) === undefined) invarg(io, 'invalid mark value', v);
    } else if (isPrefix(w, 'oif') || w === 'dev') odev = a.next();
    else if (isPrefix(w, 'notify') || isPrefix(w, 'connected')) {
      /* no effect here */
    } else if (isPrefix(w, 'vrf')) invarg(io, 'Invalid VRF\n', a.next());
    else if (isPrefix(w, 'uid')) {
      const v = a.next();
      const n = getUnsigned(v);
      if (n === undefined) invarg(io, 'invalid UID\n', v);
      uid = n;
    } else if (isPrefix(w, 'fibmatch')) fibmatch = true;
    else if (w === 'as') {
      let v = a.next();
      if (v === 'to') v = a.next();
      getAddr(io, v, fam);
    } else if (isPrefix(w, 'sport') || isPrefix(w, 'dport')) {
      const v = a.next();
      const n = getUnsigned(v);
      if (n === undefined || n > 65535) invarg(io, `invalid ${isPrefix(w, 'sport') ? 'sport' : 'dport'}\n`, v);
    } else if (isPrefix(w, 'ipproto')) {
      const v = a.next();
      if (!['icmp', 'udp', 'tcp', 'ipv6-icmp'].includes(v) && getUnsigned(v) === undefined)
        invarg(io, 'Invalid "ipproto" value\n', v);
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      const p = getPrefix(io, v, fam);
      if (p.family === 'inet' && p.bitlen !== 32)
        io.err(`Warning: /${p.bitlen} as prefix is invalid, only /32 (or none) is supported.\n`);
      if (p.family !== 'inet') {
        io.err('RTNETLINK answers: Network is unreachable\n');
        return -2;
      }
      dst = p.any ? 0 : p.addr;
    }
    a.shift();
  }
  if (dst === undefined) {
    io.err('need at least a destination address\n');
    return -1;
  }
  let iif: number | undefined;
  let oif: number | undefined;
  if (idev !== undefined) {
    iif = env.k.nameToIndex(idev);
    if (!iif) return nodev(io, idev);
  }
  if (odev !== undefined) {
    oif = env.k.nameToIndex(odev);
    if (!oif) return nodev(io, odev);
  }
  const req: { dst: number; src?: number; oif?: number; iif?: number; tos?: number } = { dst };
  if (src !== undefined) req.src = src;
  if (oif !== undefined) req.oif = oif;
  if (iif !== undefined) req.iif = iif;
  if (tos !== undefined) req.tos = tos;
  if (iif !== undefined) return inputRouteGet(env, req, iif, fibmatch);
  const r = env.k.routeGet(req);
  if (!talk(env, r)) return -2;
  if (!r.ok) return -2;
  let msg = r.value;
  if (fibmatch) {
    // The FIB entry that matched, printed like `ip route show`.
    const fibRoute = env.k
      .routes(undefined)
      .filter((x) => x.type === msg.type && inSubnet(dst!, x.dst ?? 0, x.dstLen))
      .sort((x, y) => y.dstLen - x.dstLen)[0];
    if (fibRoute) msg = fibRoute;
  } else if (uid !== undefined) msg = { ...msg, uid };
  env.p.newJsonObj(env.o.json, env.o.pretty);
  printRoute(env.p, msg, {
    details: env.o.details,
    tableFiltered: false,
    typeShown: () => true,
    indexToName: (i) => env.k.indexToName(i),
  });
  env.p.deleteJsonObj();
  return 0;
}

/**
 * `ip route get … iif DEV`: the route a packet arriving on DEV would take
 * (ip_route_input). Needs a source address; forwarded unless it is for us.
 */
function inputRouteGet(
  env: IpEnv,
  req: { dst: number; src?: number; tos?: number },
  iif: number,
  fibmatch: boolean,
): number {
  if (req.src === undefined) {
    env.io.err('RTNETLINK answers: Invalid argument\n');
    return -2;
  }
  const r = env.k.routeGet({ dst: req.dst, ...(req.tos !== undefined ? { tos: req.tos } : {}) });
  if (!talk(env, r) || !r.ok) return -2;
  const out = r.value;
  const local = out.type === 2;
  if (!local && !env.k.forwarding()) {
    env.io.err('RTNETLINK answers: No route to host\n');
    return -2;
  }
  const msg = {
    ...out,
    src: req.src,
    iif,
    prefsrc: undefined,
    uid: undefined,
    ...(local ? { oif: env.k.nameToIndex('lo') } : {}),
    cacheFlags: local ? 0x80000000 : out.oif === iif ? 0x01000000 : 0,
  };
  delete msg.prefsrc;
  delete msg.uid;
  env.p.newJsonObj(env.o.json, env.o.pretty);
  if (!fibmatch)
    printRoute(env.p, msg, {
      details: env.o.details,
      tableFiltered: false,
      typeShown: () => true,
      indexToName: (i) => env.k.indexToName(i),
    });
  env.p.deleteJsonObj();
  return 0;
}

export function doIproute(env: IpEnv, argv: string[]): number {
  if (argv.length < 1) return iprouteListFlush(env, [], false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (isPrefix(w, 'add')) return iprouteModify(env, rest, 'add');
  if (isPrefix(w, 'change') || w === 'chg') return iprouteModify(env, rest, 'change');
  if (isPrefix(w, 'replace')) return iprouteModify(env, rest, 'replace');
  if (isPrefix(w, 'prepend')) return iprouteModify(env, rest, 'prepend');
  if (isPrefix(w, 'append')) return iprouteModify(env, rest, 'append');
  if (isPrefix(w, 'test')) return iprouteModify(env, rest, 'test');
  if (isPrefix(w, 'delete')) return iprouteModify(env, rest, 'del');
  if (isPrefix(w, 'list') || isPrefix(w, 'show') || isPrefix(w, 'lst')) return iprouteListFlush(env, rest, false);
  if (isPrefix(w, 'get')) return iprouteGet(env, rest);
  if (isPrefix(w, 'flush')) return iprouteListFlush(env, rest, true);
  if (isPrefix(w, 'help')) usage(env);
  env.io.err(`Command "${w}" is unknown, try "ip route help".\n`);
  throw new ToolExit(-1);
}
