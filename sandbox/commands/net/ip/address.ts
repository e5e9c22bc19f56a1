/** ip/ipaddress.c: `ip address` (and the listing `ip link show` shares with it). */
import { IP_ADDR_USAGE } from '../iproute2/usage.js';
import { PT } from '../iproute2/print.js';
import { printLinkinfo, printLinkStats, type LinkPrintOpts } from '../iproute2/linkinfo.js';
import { printAddrinfo, IFA_FLAG_DATA, IFA_F_PERMANENT } from '../iproute2/addrinfo.js';
import { IFF_UP, type AddrMsg, type LinkMsg } from '../iproute2/rtnl.js';
import { scopeNumber } from '../iproute2/names.js';
import {
  Args,
  ToolExit,
  duparg,
  duparg2,
  getAddr,
  getPrefix,
  getUnsigned,
  invarg,
  isPrefix,
  nodev,
  type InetPrefix,
} from '../iproute2/utils.js';
import { addrFamily, talk, type IpEnv } from './env.js';
import { inSubnet } from '../../../net/addr.js';

function usage(env: IpEnv): never {
  env.io.err(IP_ADDR_USAGE);
  throw new ToolExit(-1);
}

interface AddrFilter {
  ifindex: number;
  family: IpEnv['o']['family'];
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  up: boolean;
  label?: string;
  pfx?: InetPrefix;
  master: number;
  kind?: string;
  slaveKind?: string;
}

function getFilter(f: AddrFilter, argIn: string): boolean {
  let arg = argIn;
  let inv = false;
  if (arg.startsWith('-')) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === 'dynamic') {
    inv = !inv;
    arg = 'permanent';
  } else if (arg === 'primary') {
    inv = !inv;
    arg = 'secondary';
  }
  const fd = IFA_FLAG_DATA.find((d) => d.name === arg);
  if (!fd) return false;
  if (inv) f.flags &= ~fd.mask;
  else f.flags |= fd.mask;
  f.flagmask |= fd.mask;
  return true;
}

/** fnmatch() of `label` patterns: * and ? only. */
function labelMatch(pattern: string, s: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  return re.test(s);
}

function addrMatches(f: AddrFilter, a: AddrMsg, env: IpEnv): boolean {
  if (f.family !== 'unspec' && f.family !== 'packet' && f.family !== a.family) return false;
  if ((f.scope ^ a.scope) & f.scopemask) return false;
  if ((f.flags ^ a.flags) & f.flagmask) return false;
  if (f.label !== undefined) {
    const label = a.label ?? env.k.indexToName(a.ifindex);
    if (!labelMatch(f.label, label)) return false;
  }
  if (f.pfx && !f.pfx.any) {
    if (a.family !== 'inet') return false;
    if (!inSubnet(a.local4, f.pfx.addr, f.pfx.bitlen)) return false;
  }
  return true;
}

function linkOpts(env: IpEnv, doLink: boolean, family: IpEnv['o']['family']): LinkPrintOpts {
  return {
    brief: env.o.brief,
    details: env.o.details,
    stats: env.o.stats,
    doLink,
    showLinkLayer: family === 'unspec' || family === 'packet',
    indexToName: (i) => env.k.indexToName(i),
    indexToFlags: (i) => env.k.indexToFlags(i),
  };
}

function linkPasses(f: AddrFilter, l: LinkMsg): boolean {
  if (f.ifindex && l.ifindex !== f.ifindex) return false;
  if (f.up && !(l.flags & IFF_UP)) return false;
  if (f.master > 0 && l.master !== f.master) return false;
  if (f.master === -1 && l.master !== undefined) return false;
  if (f.kind !== undefined && l.info?.kind !== f.kind) return false;
  if (f.slaveKind !== undefined && l.slave?.kind !== f.slaveKind) return false;
  return true;
}

type Action = 'list' | 'flush';

/** ipaddr_list_flush_or_save(). */
export function ipaddrListFlush(env: IpEnv, argv: string[], action: Action, doLink: boolean): number {
  const io = env.io;
  const f: AddrFilter = {
    ifindex: 0,
    family: doLink ? 'packet' : env.o.family,
    scope: 0,
    scopemask: 0,
    flags: 0,
    flagmask: 0,
    up: false,
    master: 0,
  };
  let filterDev: string | undefined;
  if (action === 'flush') {
    if (argv.length === 0) {
      io.err('Flush requires arguments.\n');
      return -1;
    }
    if (f.family === 'packet') {
      io.err('Cannot flush link addresses.\n');
      return -1;
    }
  }
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'to') {
      const v = a.next();
      f.pfx = getPrefix(io, v, f.family === 'inet' ? 'inet' : 'unspec');
      if (f.family === 'unspec') f.family = f.pfx.family;
    } else if (w === 'scope') {
      const v = a.next();
      f.scopemask = -1;
      const s = scopeNumber(v);
      if (s === undefined) {
        if (v !== 'all') invarg(io, 'invalid "scope"\n', v);
        f.scope = 255;
        f.scopemask = 0;
      } else f.scope = s;
    } else if (w === 'up') f.up = true;
    else if (getFilter(f, w)) {
      /* flag filter */
    } else if (w === 'label') f.label = a.next();
    else if (w === 'group') {
      const v = a.next();
      if (v !== 'default' && getUnsigned(v) === undefined) invarg(io, 'Invalid "group" value\n', v);
    } else if (w === 'master') {
      const v = a.next();
      const idx = env.k.nameToIndex(v);
      if (!idx) invarg(io, 'Device does not exist\n', v);
      f.master = idx;
    } else if (w === 'vrf') {
      const v = a.next();
      invarg(io, 'Not a valid VRF name\n', v);
    } else if (w === 'nomaster') f.master = -1;
    else if (w === 'type') {
      const v = a.next();
      if (v.endsWith('_slave')) f.slaveKind = v.slice(0, -'_slave'.length);
      else f.kind = v;
    } else {
      let dev = w;
      if (w === 'dev') dev = a.next();
      else if (isPrefix(w, 'help')) usage(env);
      if (filterDev !== undefined) duparg2(io, 'dev', dev);
      filterDev = dev;
    }
    a.shift();
  }
  if (filterDev !== undefined) {
    f.ifindex = env.k.nameToIndex(filterDev);
    if (f.ifindex <= 0) {
      io.err(`Device "${filterDev}" does not exist.\n`);
      return -1;
    }
  }
  if (action === 'flush') return ipaddrFlush(env, f);

  const p = env.p;
  const lopts = linkOpts(env, doLink, f.family);
  p.newJsonObj(env.o.json, env.o.pretty);
  let links = env.k.links().filter((l) => linkPasses(f, l));
  if (f.family === 'inet6') {
    // The AF_INET6 link dump (inet6_fill_ifinfo) carries no qdisc, group, master or link-netnsid.
    links = links.map((l) => {
      const { qdisc: _q, group: _g, master: _m, linkNetnsid: _n, ...rest } = l;
      void _q;
      void _g;
      void _m;
      void _n;
      return rest;
    });
  }
  const noLink = f.family !== 'packet' && env.o.oneline;
  let addrs: AddrMsg[] = [];
  if (f.family !== 'packet') {
    addrs = env.k.addrs();
    // ipaddr_filter(): links without a matching address drop out once a family or filter is set.
    links = links.filter((l) => {
      let missing = true;
      for (const ad of addrs) {
        if (ad.ifindex !== l.ifindex) continue;
        missing = false;
        if (addrMatches(f, ad, env)) return true;
      }
      return missing && f.family === 'unspec';
    });
  }
  for (const l of links) {
    p.openObject();
    // print_linkinfo() prints nothing of the link when a label is filtered on.
    if ((env.o.brief || !noLink) && f.label === undefined)
      printLinkinfo(p, l, lopts, f.family === 'packet' ? 'packet' : 'other');
    if (f.family !== 'packet') {
      p.openArray(PT.JSON, 'addr_info');
      for (const ad of addrs) {
        if (ad.ifindex !== l.ifindex) continue;
        if (f.family !== 'unspec' && f.family !== ad.family) continue;
        if (!addrMatches(f, ad, env)) continue;
        p.openObject();
        printAddrinfo(p, ad, { brief: env.o.brief, oneline: env.o.oneline, devName: l.ifname });
        p.closeObject();
      }
      p.closeArray(PT.JSON, '');
      if (env.o.brief) p.string(PT.FP, null, '%s', '\n');
    }
    if (!doLink && env.o.stats && !env.o.brief && !noLink) printLinkStats(p, l, env.o.stats);
    p.closeObject();
  }
  p.deleteJsonObj();
  return 0;
}

function ipaddrFlush(env: IpEnv, f: AddrFilter): number {
  const victims = env.k
    .addrs()
    .filter((a) => a.family === 'inet' && (!f.ifindex || a.ifindex === f.ifindex) && addrMatches(f, a, env));
  for (const a of victims) {
    // Deleting a primary address may already have taken its secondaries with it.
    const r = env.k.addrDel({ ifindex: a.ifindex, local: a.local4, prefixlen: a.prefixlen, scope: a.scope });
    if (!r.ok && r.error.errno !== 'EADDRNOTAVAIL') {
      talk(env, r);
      env.io.err('Failed to send flush request: ' + r.error.message + '\n');
      return -1;
    }
  }
  if (env.o.stats && victims.length > 0)
    env.io.out(`\n*** Round 1, deleting ${victims.length} addresses ***\n*** Flush is complete after 1 round ***\n`);
  if (env.o.stats && victims.length === 0) env.io.out('Nothing to flush.\n');
  return 0;
}

function defaultScope(lcl: InetPrefix): number {
  if (lcl.family === 'inet' && lcl.addr >>> 24 === 127) return 254;
  return 0;
}

/** ipaddr_modify(). */
function ipaddrModify(env: IpEnv, argv: string[], cmd: 'add' | 'replace' | 'change' | 'del'): number {
  const io = env.io;
  let dev: string | undefined;
  let label: string | undefined;
  let lcl: InetPrefix | undefined;
  let lclArg = '';
  let peer: InetPrefix | undefined;
  let brd: number | '+' | '-' | undefined;
  let scope: number | undefined;
  let validSeen = false;
  let prefSeen = false;
  const fam = addrFamily(env);
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'peer' || w === 'remote') {
      const v = a.next();
      if (peer) duparg(io, 'peer', v);
      peer = getPrefix(io, v, fam);
    } else if (isPrefix(w, 'broadcast') || w === 'brd') {
      const v = a.next();
      if (brd !== undefined) duparg(io, 'broadcast', v);
      if (v === '+') brd = '+';
      else if (v === '-') brd = '-';
      else brd = getAddr(io, v, fam).addr;
    } else if (w === 'anycast') {
      getAddr(io, a.next(), fam);
    } else if (w === 'scope') {
      const v = a.next();
      const s = scopeNumber(v);
      if (s === undefined) invarg(io, 'invalid scope value.', v);
      scope = s;
    } else if (w === 'dev') dev = a.next();
    else if (w === 'label') label = a.next();
    else if (isPrefix(w, 'metric') || isPrefix(w, 'priority') || isPrefix(w, 'preference')) {
      const v = a.next();
      if (getUnsigned(v) === undefined) invarg(io, '"metric" value is invalid\n', v);
    } else if (isPrefix(w, 'valid_lft')) {
      if (validSeen) duparg(io, 'valid_lft', w);
      const v = a.next();
      validSeen = true;
      if (v !== 'forever' && getUnsigned(v) === undefined) invarg(io, 'valid_lft value', v);
    } else if (isPrefix(w, 'preferred_lft')) {
      if (prefSeen) duparg(io, 'preferred_lft', w);
      const v = a.next();
      prefSeen = true;
      if (v !== 'forever' && getUnsigned(v) === undefined) invarg(io, 'preferred_lft value', v);
    } else if (IFA_FLAG_DATA.some((d) => d.name === w)) {
      const d = IFA_FLAG_DATA.find((x) => x.name === w)!;
      const readonly = [
        'secondary',
        'temporary',
        'dadfailed',
        'deprecated',
        'tentative',
        'permanent',
        'stable-privacy',
      ];
      if (readonly.includes(d.name)) io.err(`Warning: ${d.name} option is not mutable from userspace\n`);
      else if (!['noprefixroute', 'autojoin'].includes(d.name))
        io.err(`Warning: ${d.name} option can be set only for IPv6 addresses\n`);
    } else {
      let v = w;
      if (w === 'local') v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      if (lcl) duparg2(io, 'local', v);
      lclArg = v;
      lcl = getPrefix(io, v, fam);
    }
    a.shift();
  }
  if (dev === undefined) {
    io.err('Not enough information: "dev" argument is required.\n');
    return -1;
  }
  let anyPrefix = false;
  if (!peer && lcl) {
    if (cmd === 'del' && lcl.family === 'inet' && !lcl.prefixLenSpecified) {
      io.err(
        'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
          `         Explicitly specify the prefix length (${lclArg}/32) to avoid this warning.\n` +
          '         This special behaviour is likely to disappear in further releases,\n' +
          '         fix your scripts!\n',
      );
      anyPrefix = true;
    }
  }
  const prefixlen = peer ? peer.bitlen : lcl ? lcl.bitlen : 0;
  let broadcast: number | undefined;
  if (typeof brd === 'number') broadcast = brd;
  else if (brd !== undefined && cmd !== 'del') {
    if (lcl && lcl.family !== 'inet') {
      io.err('Broadcast can be set only for IPv4 addresses\n');
      return -1;
    }
    const base = (peer ?? lcl)?.addr ?? 0;
    if (prefixlen <= 30) {
      const hostMask = prefixlen >= 32 ? 0 : (0xffffffff >>> prefixlen) >>> 0;
      broadcast = brd === '+' ? (base | hostMask) >>> 0 : (base & ~hostMask) >>> 0;
    }
  }
  const ifindex = env.k.nameToIndex(dev);
  if (!ifindex) return nodev(io, dev);
  if (!lcl) {
    if (cmd === 'del') {
      // The kernel deletes the first address of the device.
      const first = env.k.addrs().find((x) => x.ifindex === ifindex && x.family === 'inet');
      if (!first) {
        io.err('RTNETLINK answers: Cannot assign requested address\n');
        return -2;
      }
      return talk(env, env.k.addrDel({ ifindex, local: first.local4, prefixlen: first.prefixlen, scope: first.scope }))
        ? 0
        : -2;
    }
    io.err('RTNETLINK answers: Invalid argument\n');
    return -2;
  }
  if (lcl.family === 'inet6') {
    io.err('RTNETLINK answers: Operation not supported\n');
    return -2;
  }
  if (label !== undefined && label !== dev && !label.startsWith(dev + ':')) {
    io.err(`"${dev}" is not a prefix of label "${label}".\n`);
    return -1;
  }
  const req = {
    ifindex,
    local: lcl.addr,
    prefixlen,
    broadcast,
    scope: scope ?? (cmd === 'del' ? 0 : defaultScope(lcl)),
    label,
    anyPrefix,
  };
  if (cmd === 'del') return talk(env, env.k.addrDel(req)) ? 0 : -2;
  return talk(env, env.k.addrAdd(req, cmd !== 'add')) ? 0 : -2;
}

export function doIpaddr(env: IpEnv, argv: string[]): number {
  if (argv.length < 1) return ipaddrListFlush(env, [], 'list', false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (isPrefix(w, 'add')) return ipaddrModify(env, rest, 'add');
  if (isPrefix(w, 'change') || w === 'chg') return ipaddrModify(env, rest, 'change');
  if (isPrefix(w, 'replace')) return ipaddrModify(env, rest, 'replace');
  if (isPrefix(w, 'delete')) return ipaddrModify(env, rest, 'del');
  if (isPrefix(w, 'list') || isPrefix(w, 'show') || isPrefix(w, 'lst'))
    return ipaddrListFlush(env, rest, 'list', false);
  if (isPrefix(w, 'flush')) return ipaddrListFlush(env, rest, 'flush', false);
  if (isPrefix(w, 'help')) usage(env);
  env.io.err(`Command "${w}" is unknown, try "ip address help".\n`);
  throw new ToolExit(-1);
}

export { IFA_F_PERMANENT };
