/** ip/ipneigh.c: `ip neigh show|add|del|change|replace|flush`. */
import { IP_NEIGH_USAGE } from '../iproute2/usage.js';
import { talk, addrFamily, type IpEnv } from './env.js';
import { nudNumber, printNeigh } from '../iproute2/neighinfo.js';
import { NUD_FAILED, NUD_NOARP, NUD_PERMANENT, type NeighMsg } from '../iproute2/rtnl.js';
import {
  Args,
  ToolExit,
  duparg,
  duparg2,
  getAddr,
  getPrefix,
  invarg,
  isPrefix,
  llAddrA2n,
  macString,
  nodev,
  type InetPrefix,
} from '../iproute2/utils.js';
import { protoNumber } from '../iproute2/names.js';
import { inSubnet } from '../../../net/addr.js';

function usage(env: IpEnv): never {
  env.io.err(IP_NEIGH_USAGE);
  throw new ToolExit(-1);
}

function ipneighModify(env: IpEnv, argv: string[], mode: 'add' | 'change' | 'replace' | 'del'): number {
  const io = env.io;
  const fam = addrFamily(env);
  let state = NUD_PERMANENT;
  let dev: string | undefined;
  let lla: string | undefined;
  let dst: InetPrefix | undefined;
  let devOk = false;
  let router = false;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (isPrefix(w, 'lladdr')) {
      const v = a.next();
      if (lla !== undefined) duparg(io, 'lladdr', v);
      lla = v;
    } else if (w === 'nud') {
      const v = a.next();
      const s = nudNumber(v);
      if (s === undefined || v === 'all') invarg(io, 'nud state is bad', v);
      state = s;
    } else if (isPrefix(w, 'proxy')) {
      const v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      if (dst) duparg(io, 'address', v);
      dst = getAddr(io, v, fam);
      devOk = true;
      io.err('Error: proxy neighbour entries are not modelled by this emulator.\n');
      return -1;
    } else if (w === 'router') router = true;
    else if (w === 'use' || w === 'managed' || isPrefix(w, 'extern_learn')) {
      /* flags the model does not keep */
    } else if (w === 'dev') {
      dev = a.next();
      devOk = true;
    } else if (isPrefix(w, 'protocol')) {
      const v = a.next();
      if (protoNumber(v) === undefined) invarg(io, '"protocol" value is invalid\n', v);
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if (isPrefix(v, 'help')) v = a.next();
      if (dst) duparg2(io, 'to', v);
      dst = getAddr(io, v, fam);
    }
    a.shift();
  }
  if (!devOk || !dst) {
    io.err('Device and destination are required arguments.\n');
    throw new ToolExit(-1);
  }
  let mac: string | undefined;
  if (lla !== undefined && lla !== 'null') {
    const r = llAddrA2n(lla);
    if ('bad' in r) {
      io.err(`"${r.bad}" is invalid lladdr.\n`);
      return -1;
    }
    mac = macString(r.bytes);
    if (r.bytes.length !== 6) {
      io.err('RTNETLINK answers: Invalid argument\n');
      throw new ToolExit(2);
    }
  }
  const ifindex = env.k.nameToIndex(dev!);
  if (!ifindex) return nodev(io, dev!);
  if (dst.family !== 'inet') {
    io.err('RTNETLINK answers: Operation not supported\n');
    throw new ToolExit(2);
  }
  const ok =
    mode === 'del'
      ? talk(env, env.k.neighDel(ifindex, dst.addr))
      : talk(
          env,
          env.k.neighSet(
            { ifindex, dst: dst.addr, state, router, ...(mac !== undefined ? { lladdr: mac } : {}) },
            mode,
          ),
        );
  if (!ok) throw new ToolExit(2);
  return 0;
}

function showOrFlush(env: IpEnv, argv: string[], flush: boolean): number {
  const io = env.io;
  let filterDev: string | undefined;
  let stateGiven = false;
  let master = 0;
  let pfx: InetPrefix | undefined;
  let fstate: number;
  if (flush) {
    if (argv.length === 0) {
      io.err('Flush requires arguments.\n');
      return -1;
    }
    fstate = ~(NUD_PERMANENT | NUD_NOARP);
  } else fstate = 0xff & ~NUD_NOARP;
  const fam = addrFamily(env);
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'dev') {
      const v = a.next();
      if (filterDev !== undefined) duparg(io, 'dev', v);
      filterDev = v;
    } else if (w === 'master') {
      const v = a.next();
      const idx = env.k.nameToIndex(v);
      if (!idx) invarg(io, 'Device does not exist\n', v);
      master = idx;
    } else if (w === 'vrf') {
      const v = a.next();
      invarg(io, 'Not a valid VRF name\n', v);
    } else if (w === 'nomaster') master = -1;
    else if (w === 'unused') {
      /* every entry is unused by sockets here */
    } else if (w === 'nud') {
      const v = a.next();
      if (!stateGiven) {
        stateGiven = true;
        fstate = 0;
      }
      let s = nudNumber(v);
      if (s === undefined || v === 'all') {
        if (v !== 'all') invarg(io, 'nud state is bad', v);
        s = ~0;
        if (flush) s &= ~NUD_NOARP;
      }
      if (s === 0) s = 0x100;
      fstate |= s;
    } else if (w === 'proxy') {
      /* no proxy entries exist */
      fstate = 0;
    } else if (isPrefix(w, 'protocol')) {
      const v = a.next();
      if (protoNumber(v) === undefined && v !== 'all') invarg(io, 'invalid "protocol"\n', v);
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      pfx = getPrefix(io, v, fam);
    }
    a.shift();
  }
  let index = 0;
  if (filterDev !== undefined) {
    index = env.k.nameToIndex(filterDev);
    if (!index) return nodev(io, filterDev);
  }
  const pick = (n: NeighMsg, st: number): boolean => {
    if (index && n.ifindex !== index) return false;
    if (!(st & n.state) && (n.state || !(st & 0x100))) return false;
    if (pfx && !pfx.any && !inSubnet(n.dst, pfx.addr, pfx.bitlen)) return false;
    if (master > 0 && env.k.link(n.ifindex)?.master !== master) return false;
    if (master === -1 && env.k.link(n.ifindex)?.master !== undefined) return false;
    return true;
  };
  if (flush) {
    let round = 0;
    let st = fstate;
    for (;;) {
      const victims = env.k.neighs().filter((n) => pick(n, st));
      if (victims.length === 0) {
        if (env.o.stats) {
          if (round === 0) io.out('Nothing to flush.\n');
          else io.out(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
        }
        return 0;
      }
      round++;
      for (const n of victims) env.k.neighDel(n.ifindex, n.dst);
      if (env.o.stats) io.out(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
      st &= ~NUD_FAILED;
      if (round >= 10) {
        io.out(`*** Flush not complete bailing out after ${round} rounds\n`);
        return 1;
      }
    }
  }
  env.p.newJsonObj(env.o.json, env.o.pretty);
  if (env.o.family !== 'inet6') {
    for (const n of env.k.neighs()) {
      if (!pick(n, fstate)) continue;
      printNeigh(env.p, n, { devFiltered: index !== 0, stats: env.o.stats, indexToName: (i) => env.k.indexToName(i) });
    }
  }
  env.p.deleteJsonObj();
  return 0;
}

/** ipneigh_get(): one entry, asked of the kernel by address and device. */
function ipneighGet(env: IpEnv, argv: string[]): number {
  const io = env.io;
  const fam = addrFamily(env);
  let dev: string | undefined;
  let dst: InetPrefix | undefined;
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'dev') dev = a.next();
    else if (isPrefix(w, 'proxy')) {
      a.next();
      io.err('Error: proxy neighbour entries are not modelled by this emulator.\n');
      return -1;
    } else {
      let v = w;
      if (w === 'to') v = a.next();
      if (isPrefix(v, 'help')) usage(env);
      if (dst) duparg2(io, 'to', v);
      dst = getAddr(io, v, fam);
    }
    a.shift();
  }
  if (dev === undefined || !dst) {
    io.err('Device and address are required arguments.\n');
    return -1;
  }
  const ifindex = env.k.nameToIndex(dev);
  if (!ifindex) {
    io.err(`Cannot find device "${dev}"\n`);
    return -1;
  }
  const n = env.k.neighs().find((x) => x.ifindex === ifindex && x.dst === dst!.addr);
  if (!n || dst.family !== 'inet') {
    io.err('Error: Neighbour entry not found.\n');
    return -2;
  }
  env.p.newJsonObj(env.o.json, env.o.pretty);
  printNeigh(env.p, n, { devFiltered: false, stats: env.o.stats, indexToName: (i) => env.k.indexToName(i) });
  env.p.deleteJsonObj();
  return 0;
}

export function doIpneigh(env: IpEnv, argv: string[]): number {
  if (argv.length === 0) return showOrFlush(env, [], false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (isPrefix(w, 'add')) return ipneighModify(env, rest, 'add');
  if (isPrefix(w, 'change') || w === 'chg') return ipneighModify(env, rest, 'change');
  if (isPrefix(w, 'replace')) return ipneighModify(env, rest, 'replace');
  if (isPrefix(w, 'delete')) return ipneighModify(env, rest, 'del');
  if (isPrefix(w, 'get')) return ipneighGet(env, rest);
  if (isPrefix(w, 'show') || isPrefix(w, 'lst') || isPrefix(w, 'list')) return showOrFlush(env, rest, false);
  if (isPrefix(w, 'flush')) return showOrFlush(env, rest, true);
  if (isPrefix(w, 'help')) usage(env);
  env.io.err(`Command "${w}" is unknown, try "ip neigh help".\n`);
  throw new ToolExit(-1);
}

export { macString };
