/**
 * bridge(8) from iproute2 6.1: `bridge fdb show|add|del|append|replace` and
 * `bridge link [show|set]`, printed the way bridge/fdb.c and bridge/link.c do.
 */
import { runWatch, type WatchSection } from './ip/monitor.js';
import { BRIDGE_FDB_USAGE } from './iproute2/usage.js';
import type { Command } from '../../shell/command.js';
import { Printer, PT, type IpOutput } from './iproute2/print.js';
import { ToolExit, Args, duparg, duparg2, getAddr, invarg, isPrefix, nodev, getUnsigned } from './iproute2/utils.js';
import { netlinkFor } from './iproute2/netlink.js';
import type { FdbEntry, FdbMode, FdbRequest, KernelView } from './iproute2/kernel.js';
import { IFF_RUNNING, IFF_UP, type LinkMsg } from './iproute2/rtnl.js';
import { BufferedIo } from './ip/ip.js';
import { formatIpv4 } from '../../net/addr.js';

const USAGE =
  'Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  '       bridge [ -force ] -batch filename\n' +
  'where  OBJECT := { link | fdb | mdb | vlan | monitor }\n' +
  '       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n' +
  '                    -o[neline] | -t[imestamp] | -n[etns] name |\n' +
  '                    -c[ompressvlans] -color -p[retty] -j[son] }\n';

const LINK_USAGE =
  'Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n' +
  '                               [ guard {on | off} ]\n' +
  '                               [ hairpin {on | off} ]\n' +
  '                               [ fastleave {on | off} ]\n' +
  '                               [ root_block {on | off} ]\n' +
  '                               [ learning {on | off} ]\n' +
  '                               [ learning_sync {on | off} ]\n' +
  '                               [ flood {on | off} ]\n' +
  '                               [ mcast_router MULTICAST_ROUTER ]\n' +
  '                               [ mcast_flood {on | off} ]\n' +
  '                               [ bcast_flood {on | off} ]\n' +
  '                               [ mcast_to_unicast {on | off} ]\n' +
  '                               [ neigh_suppress {on | off} ]\n' +
  '                               [ vlan_tunnel {on | off} ]\n' +
  '                               [ isolated {on | off} ]\n' +
  '                               [ locked {on | off} ]\n' +
  '                               [ hwmode {vepa | veb} ]\n' +
  '                               [ backup_port DEVICE ] [ nobackup_port ]\n' +
  '                               [ self ] [ master ]\n' +
  '       bridge link show [dev DEV]\n';

interface BrEnv {
  io: IpOutput;
  p: Printer;
  k: KernelView;
  stats: number;
  details: number;
  json: boolean;
  pretty: boolean;
}

function usage(io: IpOutput, text: string): never {
  io.err(text);
  throw new ToolExit(-1);
}

function stateName(s: FdbEntry['state']): string {
  return s === 'dynamic' ? '' : s;
}

function printFdb(env: BrEnv, e: FdbEntry, filterIndex: number): void {
  const p = env.p;
  p.openObject();
  p.string(PT.ANY, 'mac', '%s ', e.mac);
  if (!filterIndex) {
    p.string(PT.FP, null, 'dev ', null);
    p.string(PT.ANY, 'ifname', '%s ', env.k.indexToName(e.ifindex));
  }
  if (e.dst !== undefined) {
    p.string(PT.FP, null, 'dst ', null);
    p.string(PT.ANY, 'dst', '%s ', formatIpv4(e.dst));
  }
  if (e.vlan) p.uint(PT.ANY, 'vlan', 'vlan %hu ', e.vlan);
  if (env.stats) {
    if (p.json) {
      p.uint(PT.JSON, 'used', null, e.used ?? 0);
      p.uint(PT.JSON, 'updated', null, e.updated ?? 0);
    } else p.fp(`used ${e.used ?? 0}/${e.updated ?? 0} `);
  }
  p.openArray(PT.JSON, p.json ? 'flags' : '');
  if (e.self) p.string(PT.ANY, null, '%s ', 'self');
  p.closeArray(PT.JSON, '');
  if (e.master !== undefined) p.string(PT.ANY, 'master', 'master %s ', env.k.indexToName(e.master));
  p.string(PT.ANY, 'state', '%s\n', stateName(e.state));
  p.closeObject();
}

function fdbShow(env: BrEnv, argv: string[]): number {
  const io = env.io;
  let filterDev: string | undefined;
  let br: string | undefined;
  let filterVlan = 0;
  let filterState: FdbEntry['state'][] = [];
  let dynamicOnly = false;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'brport' || w === 'dev') filterDev = a.next();
    else if (w === 'br') br = a.next();
    else if (w === 'vlan') {
      const v = a.next();
      if (filterVlan) duparg(io, 'vlan', v);
      filterVlan = parseInt(v, 10) || 0;
    } else if (w === 'state') {
      const v = a.next();
      const s = isPrefix(v, 'permanent')
        ? 'permanent'
        : isPrefix(v, 'static') || isPrefix(v, 'temp')
          ? 'static'
          : isPrefix(v, 'stale')
            ? 'stale'
            : undefined;
      if (s === undefined) {
        const n = getUnsigned(v);
        if (n === undefined) invarg(io, 'invalid state', v);
      }
      filterState = [...filterState, (s === 'stale' ? 'dynamic' : (s ?? 'dynamic')) as FdbEntry['state']];
    } else if (w === 'dynamic') dynamicOnly = true;
    else if (isPrefix(w, 'help')) usage(io, BRIDGE_FDB_USAGE);
    a.shift();
  }
  let filterMaster = 0;
  if (br !== undefined) {
    filterMaster = env.k.nameToIndex(br);
    if (!filterMaster) {
      io.err(`Cannot find bridge device "${br}"\n`);
      return -1;
    }
  }
  let filterIndex = 0;
  if (filterDev !== undefined) {
    filterIndex = env.k.nameToIndex(filterDev);
    if (!filterIndex) return nodev(io, filterDev);
  }
  env.p.newJsonObj(env.json, env.pretty);
  for (const e of env.k.fdb()) {
    if (filterIndex && e.ifindex !== filterIndex) continue;
    if (filterMaster) {
      // The kernel filters on the device's master (or the bridge itself).
      const l = env.k.link(e.ifindex);
      if (e.ifindex !== filterMaster && l?.master !== filterMaster) continue;
    }
    if (filterState.length && !filterState.includes(e.state)) continue;
    if (filterVlan && filterVlan !== (e.vlan ?? 0)) continue;
    if (dynamicOnly && e.state === 'permanent') continue;
    printFdb(env, e, filterIndex);
  }
  env.p.deleteJsonObj();
  return 0;
}

function fdbModify(env: BrEnv, argv: string[], mode: FdbMode | 'del'): number {
  const io = env.io;
  let dev: string | undefined;
  let addr: string | undefined;
  let dst: number | undefined;
  let self = false;
  let master = false;
  let state: FdbRequest['state'] | undefined;
  let vid = -1;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'dev') dev = a.next();
    else if (w === 'dst') {
      const v = a.next();
      if (dst !== undefined) duparg2(io, 'dst', v);
      const ad = getAddr(io, v, 'unspec');
      if (ad.family !== 'inet') {
        io.err('Error: IPv6 VTEPs are not modelled by this emulator.\n');
        return -1;
      }
      dst = ad.addr;
    } else if (w === 'nhid' || w === 'src_vni' || w === 'via') {
      a.next();
      io.err(`Error: "${w}" is not modelled by this emulator.\n`);
      return -1;
    } else if (w === 'port' || w === 'vni') {
      const v = a.next();
      const n = getUnsigned(v);
      if (n === undefined || (w === 'port' && n > 0xffff) || (w === 'vni' && n >> 24))
        invarg(io, w === 'port' ? 'invalid port\n' : 'invalid VNI\n', v);
    } else if (w === 'self') self = true;
    else if (isPrefix(w, 'master')) master = true;
    else if (isPrefix(w, 'router') || isPrefix(w, 'use') || isPrefix(w, 'extern_learn') || isPrefix(w, 'sticky')) {
      /* flags the model does not keep */
    } else if (isPrefix(w, 'local') || isPrefix(w, 'permanent')) state = 'permanent';
    else if (isPrefix(w, 'temp') || isPrefix(w, 'static')) state = state ?? 'static';
    else if (isPrefix(w, 'dynamic')) state = 'dynamic';
    else if (isPrefix(w, 'vlan')) {
      if (vid >= 0) duparg2(io, 'vlan', w);
      vid = parseInt(a.next(), 10) || 0;
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if (isPrefix(v, 'help')) usage(io, BRIDGE_FDB_USAGE);
      if (addr !== undefined) duparg2(io, 'to', v);
      addr = v;
    }
    a.shift();
  }
  if (dev === undefined || addr === undefined) {
    io.err('Device and address are required arguments.\n');
    return -1;
  }
  if (!self && !master) self = true;
  const m =
    /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})/.exec(
      addr,
    );
  if (!m) {
    io.err(`Invalid mac address ${addr}\n`);
    return -1;
  }
  const mac = m
    .slice(1)
    .map((h) => h.toLowerCase().padStart(2, '0'))
    .join(':');
  const ifindex = env.k.nameToIndex(dev);
  if (!ifindex) return nodev(io, dev);
  const req: FdbRequest = { ifindex, mac, self, master, state: state ?? 'permanent' };
  if (dst !== undefined) req.dst = dst;
  if (vid >= 0) req.vlan = vid;
  const r = mode === 'del' ? env.k.fdbDel(req) : env.k.fdbAdd(req, mode);
  if (!r.ok) {
    io.err(r.error.extack !== undefined ? `Error: ${r.error.extack}.\n` : `RTNETLINK answers: ${r.error.message}\n`);
    return -1;
  }
  return 0;
}

function doFdb(env: BrEnv, argv: string[]): number {
  if (argv.length === 0) return fdbShow(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (isPrefix(w, 'add')) return fdbModify(env, rest, 'add');
  if (isPrefix(w, 'append')) return fdbModify(env, rest, 'append');
  if (isPrefix(w, 'replace')) return fdbModify(env, rest, 'replace');
  if (isPrefix(w, 'delete')) return fdbModify(env, rest, 'del');
  if (isPrefix(w, 'show') || isPrefix(w, 'lst') || isPrefix(w, 'list')) return fdbShow(env, rest);
  if (isPrefix(w, 'help')) usage(env.io, BRIDGE_FDB_USAGE);
  env.io.err(`Command "${w}" is unknown, try "bridge fdb help".\n`);
  throw new ToolExit(-1);
}

const STP_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

function printBrLink(env: BrEnv, l: LinkMsg): void {
  const p = env.p;
  const slave = l.slave!.data;
  p.openObject();
  p.int(PT.ANY, 'ifindex', '%d: ', l.ifindex);
  // bridge(8) names the peer by its ifindex in this namespace (there is no link-netnsid in AF_BRIDGE dumps).
  let name = l.ifname;
  let mflag = false;
  if (l.link !== undefined && l.link) {
    const ln = env.k.indexToName(l.link);
    if (p.json) p.string(PT.JSON, 'link', null, ln);
    else name = `${name}@${ln}`;
    mflag = !((env.k.indexToFlags(l.link) ?? 0) & IFF_UP);
  }
  p.string(PT.ANY, 'ifname', '%s: ', name);
  let flags = l.flags;
  p.openArray(PT.ANY, p.json ? 'flags' : '<');
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) p.string(PT.ANY, null, flags ? '%s,' : '%s', 'NO-CARRIER');
  flags &= ~IFF_RUNNING;
  const names: [number, string][] = [
    [0x8, 'LOOPBACK'],
    [0x2, 'BROADCAST'],
    [0x10, 'POINTOPOINT'],
    [0x1000, 'MULTICAST'],
    [0x80, 'NOARP'],
    [0x200, 'ALLMULTI'],
    [0x100, 'PROMISC'],
    [0x1, 'UP'],
    [0x10000, 'LOWER_UP'],
  ];
  for (const [bit, n] of names) {
    if (flags & bit) {
      flags &= ~bit;
      p.string(PT.ANY, null, flags ? '%s,' : '%s', n);
    }
  }
  if (mflag) p.string(PT.ANY, null, ',%s', 'M-DOWN');
  p.closeArray(PT.ANY, '> ');
  p.int(PT.ANY, 'mtu', 'mtu %u ', l.mtu);
  if (l.master !== undefined) p.string(PT.ANY, 'master', 'master %s ', env.k.indexToName(l.master));
  p.string(PT.ANY, 'state', 'state %s ', STP_STATES[slave.state] ?? String(slave.state));
  p.uint(PT.ANY, 'priority', 'priority %u ', slave.priority);
  p.uint(PT.ANY, 'cost', 'cost %u ', slave.cost);
  if (env.details) {
    p.fp(`${p.sl}    `);
    p.onOff(PT.ANY, 'hairpin', 'hairpin %s ', slave.hairpin);
    p.onOff(PT.ANY, 'guard', 'guard %s ', slave.guard);
    p.onOff(PT.ANY, 'root_block', 'root_block %s ', slave.rootBlock);
    p.onOff(PT.ANY, 'fastleave', 'fastleave %s ', slave.fastLeave);
    p.onOff(PT.ANY, 'learning', 'learning %s ', slave.learning);
    p.onOff(PT.ANY, 'flood', 'flood %s ', slave.flood);
    p.onOff(PT.ANY, 'mcast_flood', 'mcast_flood %s ', slave.mcastFlood);
    p.onOff(PT.ANY, 'bcast_flood', 'bcast_flood %s ', slave.bcastFlood);
    p.uint(PT.ANY, 'mcast_router', 'mcast_router %u ', slave.mcastRouter);
    p.onOff(PT.ANY, 'mcast_to_unicast', 'mcast_to_unicast %s ', slave.mcastToUcast);
    p.onOff(PT.ANY, 'neigh_suppress', 'neigh_suppress %s ', slave.neighSuppress);
    p.onOff(PT.ANY, 'vlan_tunnel', 'vlan_tunnel %s ', slave.vlanTunnel);
    p.onOff(PT.ANY, 'isolated', 'isolated %s ', slave.isolated);
    p.onOff(PT.ANY, 'locked', 'locked %s ', slave.locked);
  }
  p.string(PT.FP, null, '%s', '\n');
  p.closeObject();
}

function linkShow(env: BrEnv, argv: string[]): number {
  let filterDev: string | undefined;
  const a = new Args(argv, env.io);
  while (a.argc > 0) {
    if (a.cur === 'dev') {
      const v = a.next();
      if (filterDev !== undefined) duparg(env.io, 'dev', v);
      filterDev = v;
    }
    a.shift();
  }
  let filterIndex = 0;
  if (filterDev !== undefined) {
    filterIndex = env.k.nameToIndex(filterDev);
    if (!filterIndex) return nodev(env.io, filterDev);
  }
  env.p.newJsonObj(env.json, env.pretty);
  for (const l of env.k.links()) {
    if (!l.slave) continue;
    if (filterIndex && l.ifindex !== filterIndex) continue;
    printBrLink(env, l);
  }
  env.p.deleteJsonObj();
  return 0;
}

function onOff(io: IpOutput, key: string, v: string): boolean {
  if (v === 'on') return true;
  if (v === 'off') return false;
  io.err(`Error: argument of "${key}" must be "on" or "off", not "${v}"\n`);
  throw new ToolExit(1);
}

function linkSet(env: BrEnv, argv: string[]): number {
  const io = env.io;
  let dev: string | undefined;
  const change: { hairpin?: boolean; learning?: boolean; flood?: boolean } = {};
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'dev') dev = a.next();
    else if (w === 'hairpin') change.hairpin = onOff(io, 'hairpin', a.next());
    else if (w === 'learning') change.learning = onOff(io, 'learning', a.next());
    else if (w === 'flood') change.flood = onOff(io, 'flood', a.next());
    else if (
      [
        'guard',
        'fastleave',
        'root_block',
        'learning_sync',
        'mcast_flood',
        'bcast_flood',
        'mcast_to_unicast',
        'neigh_suppress',
        'vlan_tunnel',
        'isolated',
        'locked',
      ].includes(w)
    ) {
      onOff(io, w, a.next());
      io.err(`Error: "${w}" is not modelled by this emulator.\n`);
      return -1;
    } else if (
      w === 'cost' ||
      w === 'priority' ||
      w === 'state' ||
      w === 'mcast_router' ||
      w === 'hwmode' ||
      w === 'backup_port'
    ) {
      a.next();
      io.err(`Error: "${w}" is not modelled by this emulator.\n`);
      return -1;
    } else if (w === 'self' || w === 'master' || w === 'nobackup_port') {
      /* the bridge port itself */
    } else usage(io, LINK_USAGE);
    a.shift();
  }
  if (dev === undefined) {
    io.err('Device is a required argument.\n');
    return -1;
  }
  const idx = env.k.nameToIndex(dev);
  if (!idx) return nodev(io, dev);
  const r = env.k.linkSet(idx, change);
  if (!r.ok) {
    io.err(r.error.extack !== undefined ? `Error: ${r.error.extack}.\n` : `RTNETLINK answers: ${r.error.message}\n`);
    return -1;
  }
  return 0;
}

function doLink(env: BrEnv, argv: string[]): number {
  if (argv.length === 0) return linkShow(env, []);
  const w = argv[0]!;
  if (isPrefix(w, 'set') || isPrefix(w, 'change')) return linkSet(env, argv.slice(1));
  if (isPrefix(w, 'show') || isPrefix(w, 'lst') || isPrefix(w, 'list')) return linkShow(env, argv.slice(1));
  if (isPrefix(w, 'help')) usage(env.io, LINK_USAGE);
  env.io.err(`Command "${w}" is unknown, try "bridge link help".\n`);
  throw new ToolExit(-1);
}

/** `bridge monitor` after parsing: what to follow. */
interface BridgeMonitorRequest {
  monitor: { objects: ('link' | 'fdb')[]; banner: boolean; timestamp: 0 | 1 | 2 };
}

function parseBridgeMonitor(
  argv: readonly string[],
  io: IpOutput,
  timestamp: 0 | 1 | 2,
): BridgeMonitorRequest | number {
  const objects: ('link' | 'fdb')[] = [];
  let banner = false;
  let quiet = false;
  for (const a of argv) {
    if (isPrefix(a, 'link')) objects.push('link');
    else if (isPrefix(a, 'fdb')) objects.push('fdb');
    else if (isPrefix(a, 'mdb') || isPrefix(a, 'vlan') || a === 'vni') quiet = true;
    else if (a === 'all') banner = true;
    else if (isPrefix(a, 'help')) {
      io.err('Usage: bridge monitor [file | link | fdb | mdb | vlan | vni | all]\n');
      return 255;
    } else {
      io.err(`Argument "${a}" is unknown, try "bridge monitor help".\n`);
      return 255;
    }
  }
  if (objects.length === 0 && !quiet) objects.push('link', 'fdb');
  return { monitor: { objects: [...new Set(objects)], banner, timestamp } };
}

export function runBridge(argv: readonly string[], io: IpOutput, k: KernelView): number | BridgeMonitorRequest {
  const env: BrEnv = { io, p: new Printer(io), k, stats: 0, details: 0, json: false, pretty: false };
  let timestamp: 0 | 1 | 2 = 0;
  let i = 0;
  for (; i < argv.length; i++) {
    let opt = argv[i]!;
    if (opt === '--') {
      i++;
      break;
    }
    if (opt[0] !== '-') break;
    if (opt[1] === '-') opt = opt.slice(1);
    const m = (w: string): boolean => isPrefix(opt, w);
    if (m('-help')) usage(io, USAGE);
    else if (m('-Version')) {
      io.out('bridge utility, 6.1.0\n');
      throw new ToolExit(0);
    } else if (m('-stats') || m('-statistics')) env.stats++;
    else if (m('-details')) env.details++;
    else if (m('-oneline')) env.p.sl = '\\';
    else if (m('-timestamp')) timestamp = 1;
    else if (m('-tshort')) timestamp = 2;
    else if (m('-family')) {
      i++;
      if (i >= argv.length) usage(io, USAGE);
    } else if (opt === '-4' || opt === '-6') {
      /* fdb entries are link-layer */
    } else if (m('-netns')) {
      i++;
      io.err(`Cannot open network namespace "${argv[i] ?? ''}": No such file or directory\n`);
      throw new ToolExit(-1);
    } else if (opt.startsWith('-color') || opt === '-c' || m('-compressvlans') || m('-force')) {
      /* no effect on what we print */
    } else if (m('-json')) env.json = true;
    else if (m('-pretty')) env.pretty = true;
    else {
      io.err(`Option "${opt}" is unknown, try "bridge help".\n`);
      throw new ToolExit(-1);
    }
  }
  const rest = argv.slice(i);
  if (rest.length === 0) usage(io, USAGE);
  const obj = rest[0]!;
  const objects: [string, ((e: BrEnv, a: string[]) => number) | undefined][] = [
    ['link', doLink],
    ['fdb', doFdb],
    ['mdb', undefined],
    ['vlan', undefined],
    ['vni', undefined],
    ['monitor', undefined],
    ['help', undefined],
  ];
  for (const [name, fn] of objects) {
    if (!isPrefix(obj, name)) continue;
    if (name === 'help') usage(io, USAGE);
    if (name === 'monitor') return parseBridgeMonitor(rest.slice(1), io, timestamp);
    if (!fn) {
      io.err(`bridge ${name}: not modelled by this emulator (it models link and fdb)\n`);
      return 1;
    }
    return fn(env, rest.slice(1)) & 0xff;
  }
  io.err(`Object "${obj}" is unknown, try "bridge help".\n`);
  return 255;
}

export const bridgeCommand: Command = {
  name: 'bridge',
  summary: 'show / manipulate bridge addresses and devices (iproute2)',
  usage: USAGE,
  complete(_ctx, words) {
    if (words.length <= 1) return ['fdb', 'link'];
    if (words.length === 2)
      return isPrefix(words[0]!, 'fdb') ? ['add', 'append', 'del', 'replace', 'show'] : ['set', 'show'];
    return [];
  },
  run(ctx) {
    const io = new BufferedIo(ctx);
    let status: number | BridgeMonitorRequest;
    try {
      status = runBridge(ctx.argv.slice(1), io, netlinkFor(ctx.world, ctx.host));
    } catch (e) {
      if (e instanceof ToolExit) status = e.code & 0xff;
      else {
        io.flush();
        throw e;
      }
    }
    io.flush();
    if (typeof status === 'number') return status;
    // Each dump runs `bridge` itself, so the monitor prints what `bridge fdb show` / `bridge link` would.
    const dump = (argv: string[]): string => {
      let text = '';
      try {
        runBridge(argv, { out: (t) => (text += t), err: () => {} }, netlinkFor(ctx.world, ctx.host));
      } catch (e) {
        if (!(e instanceof ToolExit)) throw e;
      }
      return text;
    };
    const lines = (argv: string[]): string[] =>
      dump(argv)
        .split('\n')
        .filter((l) => l !== '');
    const sections = status.monitor.objects.map((obj): WatchSection =>
      obj === 'fdb'
        ? {
            banner: '[NEIGH]',
            events: ['kernel.fdb', 'kernel.link'],
            // An entry is its MAC, device, VLAN and destination; the rest (state, master) may change.
            // A device's multicast list shows in `fdb show` but changes to it send no message.
            rows: () =>
              lines(['fdb', 'show'])
                .filter((l) => !(/^.[13579bdf]:/.test(l) && / self permanent$/.test(l)))
                .map((l) => ({
                  key: [
                    /^\S+/.exec(l)?.[0],
                    /\bdev (\S+)/.exec(l)?.[1],
                    /\bvlan (\d+)/.exec(l)?.[1],
                    /\bdst (\S+)/.exec(l)?.[1],
                    /\bself\b/.test(l),
                  ].join(' '),
                  text: l + '\n',
                })),
          }
        : {
            banner: '[LINK]',
            events: ['kernel.link'],
            rows: () => lines(['link', 'show']).map((l) => ({ key: /^(\d+):/.exec(l)?.[1] ?? l, text: l + '\n' })),
          },
    );
    return runWatch(ctx, sections, { banner: status.monitor.banner, timestamp: status.monitor.timestamp });
  },
};
