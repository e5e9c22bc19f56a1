/** ip/iplink.c: `ip link add|set|delete|show` for veth, bridge, vxlan and dummy devices. */
import { IP_LINK_USAGE } from '../iproute2/usage.js';
import { ipaddrListFlush } from './address.js';
import { talk, type IpEnv } from './env.js';
import type { LinkAddRequest, LinkChange } from '../iproute2/kernel.js';
import {
  Args,
  ToolExit,
  checkIfname,
  duparg,
  duparg2,
  getAddr,
  getInteger,
  getUnsigned,
  invarg,
  isPrefix,
  llAddrA2n,
  macString,
  nodev,
} from '../iproute2/utils.js';

function usage(env: IpEnv): never {
  env.io.err(IP_LINK_USAGE);
  throw new ToolExit(-1);
}

function onOff(env: IpEnv, msg: string, val: string): number {
  env.io.err(`Error: argument of "${msg}" must be "on" or "off", not "${val}"\n`);
  return -1;
}

interface Parsed {
  dev?: string;
  name?: string;
  type?: string;
  change: LinkChange;
  addrLen: number;
  /** Arguments left for the type's own parser. */
  rest: string[];
  group: boolean;
}

/** iplink_parse(): returns the parse or a negative status after printing the error. */
function iplinkParse(env: IpEnv, argv: string[], create: boolean): Parsed | number {
  const io = env.io;
  const a = new Args(argv, io);
  const out: Parsed = { change: {}, addrLen: 0, rest: [], group: false };
  let name: string | undefined;
  let dev: string | undefined;
  let mtuSeen = false;
  let qlenSeen = false;
  let netnsSeen = false;
  while (a.argc > 0) {
    const w = a.cur;
    if (w === 'up') out.change.up = true;
    else if (w === 'down') out.change.up = false;
    else if (w === 'name') {
      const v = a.next();
      if (name !== undefined) duparg(io, 'name', v);
      if (!checkIfname(v)) invarg(io, '"name" not a valid ifname', v);
      name = v;
      if (dev === undefined) dev = name;
    } else if (w === 'index') {
      const v = a.next();
      const n = parseInt(v, 10);
      if (!(n > 0)) invarg(io, 'Invalid "index" value', v);
    } else if (isPrefix(w, 'link')) {
      a.next();
    } else if (isPrefix(w, 'address')) {
      const v = a.next();
      const r = llAddrA2n(v);
      if ('bad' in r) {
        io.err(`"${r.bad}" is invalid lladdr.\n`);
        return -1;
      }
      out.addrLen = r.bytes.length;
      out.change.address = macString(r.bytes);
    } else if (isPrefix(w, 'broadcast') || w === 'brd') {
      const v = a.next();
      const r = llAddrA2n(v);
      if ('bad' in r) {
        io.err(`"${r.bad}" is invalid lladdr.\n`);
        return -1;
      }
    } else if (isPrefix(w, 'txqueuelen') || w === 'qlen' || isPrefix(w, 'txqlen')) {
      const v = a.next();
      if (qlenSeen) duparg(io, 'txqueuelen', v);
      qlenSeen = true;
      const n = getInteger(v);
      if (n === undefined) invarg(io, 'Invalid "txqueuelen" value\n', v);
      out.change.txqlen = n;
    } else if (w === 'mtu') {
      const v = a.next();
      if (mtuSeen) duparg(io, 'mtu', v);
      mtuSeen = true;
      const n = getInteger(v);
      if (n === undefined) invarg(io, 'Invalid "mtu" value\n', v);
      out.change.mtu = n;
    } else if (w === 'netns') {
      const v = a.next();
      if (netnsSeen) duparg(io, 'netns', v);
      netnsSeen = true;
      out.change.netns = v;
    } else if (
      w === 'multicast' ||
      w === 'allmulticast' ||
      w === 'trailers' ||
      w === 'arp' ||
      isPrefix(w, 'dynamic') ||
      w === 'carrier'
    ) {
      const v = a.next();
      if (v !== 'on' && v !== 'off') return onOff(env, isPrefix(w, 'dynamic') ? 'dynamic' : w, v);
    } else if (w === 'promisc') {
      const v = a.next();
      if (v !== 'on' && v !== 'off') return onOff(env, 'promisc', v);
      out.change.promisc = v === 'on';
    } else if (isPrefix(w, 'master')) {
      const v = a.next();
      const idx = env.k.nameToIndex(v);
      if (!idx) invarg(io, 'Device does not exist\n', v);
      out.change.master = idx;
    } else if (w === 'vrf') {
      const v = a.next();
      if (!env.k.nameToIndex(v)) invarg(io, 'Not a valid VRF name\n', v);
      invarg(io, 'Not a valid VRF name\n', v);
    } else if (isPrefix(w, 'nomaster')) out.change.master = 0;
    else if (isPrefix(w, 'type')) {
      out.type = a.next();
      a.shift();
      break;
    } else if (isPrefix(w, 'alias')) {
      a.next();
    } else if (w === 'group') {
      const v = a.next();
      if (v !== 'default' && getUnsigned(v) === undefined) invarg(io, 'Invalid "group" value\n', v);
      out.group = true;
    } else if (
      isPrefix(w, 'numtxqueues') ||
      isPrefix(w, 'numrxqueues') ||
      w === 'gso_max_size' ||
      w === 'gso_max_segs'
    ) {
      const v = a.next();
      if (getUnsigned(v) === undefined) invarg(io, `Invalid "${w}" value\n`, v);
    } else {
      let v = w;
      if (isPrefix(w, 'help')) usage(env);
      if (w === 'dev') v = a.next();
      if (dev !== name) duparg2(io, 'dev', v);
      if (!checkIfname(v)) invarg(io, '"dev" not a valid ifname', v);
      dev = v;
    }
    a.shift();
  }
  out.rest = a.rest();
  if (name === undefined) name = dev;
  else if (dev === undefined) dev = name;
  if (!create) {
    if (dev === undefined) {
      if (out.group) {
        io.err('ip link set group is not modelled by this emulator\n');
        return -1;
      }
      io.err('Not enough information: "dev" argument is required.\n');
      throw new ToolExit(-1);
    }
    const idx = env.k.nameToIndex(dev);
    if (!idx) return nodev(io, dev);
    if (out.addrLen && out.addrLen !== 6) {
      io.err(`Invalid address length ${out.addrLen} - must be 6 bytes\n`);
      return -1;
    }
    if (name !== dev) out.change.name = name;
  }
  out.dev = dev;
  out.name = name;
  return out;
}

function parseVeth(env: IpEnv, argv: string[], req: LinkAddRequest): number {
  if (argv[0] !== 'peer') usage(env);
  const peer = iplinkParse(env, argv.slice(1), true);
  if (typeof peer === 'number') return peer;
  if (peer.type !== undefined) duparg(env.io, 'type', peer.type);
  req.peer = {};
  if (peer.name !== undefined) req.peer.name = peer.name;
  if (peer.change.netns !== undefined) req.peer.netns = peer.change.netns;
  if (peer.change.address !== undefined) req.peer.address = peer.change.address;
  if (peer.change.mtu !== undefined) req.peer.mtu = peer.change.mtu;
  return 0;
}

function parseVxlan(env: IpEnv, argv: string[], req: LinkAddRequest, setOp: boolean): number {
  const io = env.io;
  const vx: NonNullable<LinkAddRequest['vxlan']> = {};
  const seen = new Set<string>();
  const dup = (key: string, attr: string, v: string): void => {
    if (seen.has(attr)) duparg2(io, key, v);
    seen.add(attr);
  };
  const a = new Args(argv, io);
  while (a.argc > 0) {
    const w = a.cur;
    if (isPrefix(w, 'id') || isPrefix(w, 'vni')) {
      const v = a.next();
      dup('id', 'id', v);
      const n = getUnsigned(v);
      if (n === undefined || n >= 1 << 24) invarg(io, 'invalid id', v);
      vx.id = n;
    } else if (isPrefix(w, 'group') || isPrefix(w, 'remote')) {
      const which = isPrefix(w, 'group') ? 'group' : 'remote';
      const v = a.next();
      if (seen.has('group')) {
        io.err('vxlan: both group and remote cannot be specified\n');
        return -1;
      }
      seen.add('group');
      const ad = getAddr(io, v, 'unspec');
      if (ad.family !== 'inet' || ad.any) invarg(io, `invalid ${which} address`, v);
      const multicast = ad.addr >>> 28 === 0xe;
      if (which === 'group' && !multicast) invarg(io, 'invalid group address', v);
      if (which === 'remote' && multicast) invarg(io, 'invalid remote address', v);
      if (which === 'group') vx.group = ad.addr;
      else vx.remote = ad.addr;
    } else if (isPrefix(w, 'local')) {
      const v = a.next();
      dup('local', 'local', v);
      const ad = getAddr(io, v, 'unspec');
      if (ad.family !== 'inet') invarg(io, 'invalid local address', v);
      vx.local = ad.addr;
    } else if (isPrefix(w, 'dev')) {
      const v = a.next();
      dup('dev', 'dev', v);
      const idx = env.k.nameToIndex(v);
      if (!idx) {
        nodev(io, v);
        throw new ToolExit(-1);
      }
      vx.link = idx;
    } else if (isPrefix(w, 'ttl') || isPrefix(w, 'hoplimit')) {
      const v = a.next();
      dup('ttl', 'ttl', v);
      if (v === 'inherit' || v === 'auto') vx.ttl = 0;
      else {
        const n = getUnsigned(v);
        if (n === undefined) invarg(io, 'invalid TTL', v);
        if (n > 255) invarg(io, 'TTL must be <= 255', v);
        vx.ttl = n;
      }
    } else if (isPrefix(w, 'tos') || isPrefix(w, 'dsfield')) {
      const v = a.next();
      dup('tos', 'tos', v);
      if (v === 'inherit') vx.tos = 1;
      else {
        const n = getUnsigned(v, 16);
        if (n === undefined || n > 255) invarg(io, 'bad TOS value', v);
        vx.tos = n;
      }
    } else if (isPrefix(w, 'df')) {
      const v = a.next();
      dup('df', 'df', v);
      if (v !== 'unset' && v !== 'set' && v !== 'inherit') invarg(io, "DF must be 'unset', 'set' or 'inherit'", v);
    } else if (isPrefix(w, 'label') || isPrefix(w, 'flowlabel')) {
      const v = a.next();
      dup('flowlabel', 'label', v);
      const n = getUnsigned(v);
      if (n === undefined || n > 0xfffff) invarg(io, 'invalid flowlabel', v);
    } else if (isPrefix(w, 'ageing')) {
      const v = a.next();
      dup('ageing', 'ageing', v);
      if (v === 'none') vx.ageing = 0;
      else {
        const n = getUnsigned(v);
        if (n === undefined) invarg(io, 'ageing timer', v);
        vx.ageing = n;
      }
    } else if (isPrefix(w, 'maxaddress')) {
      const v = a.next();
      dup('maxaddress', 'limit', v);
      if (v !== 'unlimited' && getUnsigned(v) === undefined) invarg(io, 'max addresses', v);
    } else if (isPrefix(w, 'port') || isPrefix(w, 'srcport')) {
      const lo = a.next();
      dup('srcport', 'srcport', lo);
      const l = getUnsigned(lo);
      if (l === undefined || l > 65535) invarg(io, 'min port', lo);
      const hi = a.next();
      const h = getUnsigned(hi);
      if (h === undefined || h > 65535) invarg(io, 'max port', hi);
      vx.srcportLow = l;
      vx.srcportHigh = h;
    } else if (isPrefix(w, 'dstport')) {
      const v = a.next();
      dup('dstport', 'dstport', v);
      const n = getUnsigned(v);
      if (n === undefined || n > 65535) invarg(io, 'dst port', v);
      vx.dstport = n;
    } else if (isPrefix(w, 'nolearning')) {
      dup(w, 'learning', w);
      vx.learning = false;
    } else if (isPrefix(w, 'learning')) {
      dup(w, 'learning', w);
      vx.learning = true;
    } else if (isPrefix(w, 'noproxy') || isPrefix(w, 'proxy')) {
      dup(w, 'proxy', w);
      vx.proxy = !w.startsWith('no');
    } else if (isPrefix(w, 'norsc') || isPrefix(w, 'rsc')) dup(w, 'rsc', w);
    else if (isPrefix(w, 'nol2miss') || isPrefix(w, 'l2miss')) {
      dup(w, 'l2miss', w);
      vx.l2miss = !w.startsWith('no');
    } else if (isPrefix(w, 'nol3miss') || isPrefix(w, 'l3miss')) {
      dup(w, 'l3miss', w);
      vx.l3miss = !w.startsWith('no');
    } else if (isPrefix(w, 'udpcsum') || isPrefix(w, 'noudpcsum')) {
      dup(w, 'udpcsum', w);
      vx.udpCsum = !w.startsWith('no');
    } else if (
      isPrefix(w, 'udp6zerocsumtx') ||
      isPrefix(w, 'noudp6zerocsumtx') ||
      isPrefix(w, 'udp6zerocsumrx') ||
      isPrefix(w, 'noudp6zerocsumrx') ||
      isPrefix(w, 'remcsumtx') ||
      isPrefix(w, 'noremcsumtx') ||
      isPrefix(w, 'remcsumrx') ||
      isPrefix(w, 'noremcsumrx') ||
      isPrefix(w, 'gbp') ||
      isPrefix(w, 'gpe')
    ) {
      dup(w, w.replace(/^no/, ''), w);
    } else if (isPrefix(w, 'external') || isPrefix(w, 'noexternal')) {
      io.err('vxlan: external (metadata) mode is not modelled by this emulator\n');
      return -1;
    } else if (isPrefix(w, 'help')) {
      io.err(VXLAN_HELP);
      return -1;
    } else {
      io.err(`vxlan: unknown command "${w}"?\n`);
      io.err(VXLAN_HELP);
      return -1;
    }
    a.shift();
  }
  if (vx.id === undefined && !setOp) {
    io.err('vxlan: missing virtual network identifier\n');
    return -1;
  }
  if (vx.group !== undefined && vx.link === undefined) {
    io.err("vxlan: 'group' requires 'dev' to be specified\n");
    return -1;
  }
  if (vx.dstport === undefined && !setOp) {
    io.err('vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n');
    io.err(
      "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
  }
  req.vxlan = vx;
  return 0;
}

const VXLAN_HELP =
  'Usage: ... vxlan id VNI\n' +
  '\t\t[ { group | remote } IP_ADDRESS ]\n' +
  '\t\t[ local ADDR ]\n' +
  '\t\t[ ttl TTL ]\n' +
  '\t\t[ tos TOS ]\n' +
  '\t\t[ df DF ]\n' +
  '\t\t[ flowlabel LABEL ]\n' +
  '\t\t[ dev PHYS_DEV ]\n' +
  '\t\t[ dstport PORT ]\n' +
  '\t\t[ srcport MIN MAX ]\n' +
  '\t\t[ [no]learning ]\n' +
  '\t\t[ [no]proxy ]\n' +
  '\t\t[ [no]rsc ]\n' +
  '\t\t[ [no]l2miss ]\n' +
  '\t\t[ [no]l3miss ]\n' +
  '\t\t[ ageing SECONDS ]\n' +
  '\t\t[ maxaddress NUMBER ]\n' +
  '\t\t[ [no]udpcsum ]\n' +
  '\t\t[ [no]udp6zerocsumtx ]\n' +
  '\t\t[ [no]udp6zerocsumrx ]\n' +
  '\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n' +
  '\t\t[ [no]external ] [ gbp ] [ gpe ]\n' +
  '\t\t[ [no]vnifilter ]\n' +
  '\n' +
  'Where:\tVNI\t:= 0-16777215\n' +
  '\tADDR\t:= { IP_ADDRESS | any }\n' +
  '\tTOS\t:= { NUMBER | inherit }\n' +
  '\tTTL\t:= { 1..255 | auto | inherit }\n' +
  '\tDF\t:= { unset | set | inherit }\n' +
  '\tLABEL := 0-1048575\n';

function parseBridge(env: IpEnv, argv: string[], req: LinkAddRequest): number {
  const io = env.io;
  const br: NonNullable<LinkAddRequest['bridge']> = {};
  const a = new Args(argv, io);
  const u32 = (what: string): number => {
    const v = a.next();
    const n = getUnsigned(v);
    if (n === undefined) invarg(io, `invalid ${what}`, v);
    return n;
  };
  while (a.argc > 0) {
    const w = a.cur;
    if (isPrefix(w, 'forward_delay')) br.forwardDelay = u32('forward_delay');
    else if (isPrefix(w, 'hello_time')) u32('hello_time');
    else if (isPrefix(w, 'max_age')) u32('max_age');
    else if (isPrefix(w, 'ageing_time')) br.ageingTime = u32('ageing_time');
    else if (isPrefix(w, 'stp_state')) br.stpState = u32('stp_state');
    else if (isPrefix(w, 'priority')) br.priority = u32('priority');
    else if (isPrefix(w, 'vlan_filtering')) br.vlanFiltering = u32('vlan_filtering');
    else if (isPrefix(w, 'mcast_snooping')) u32('mcast_snooping');
    else if (isPrefix(w, 'help')) {
      io.err('Usage: ... bridge [ forward_delay FORWARD_DELAY ]\n');
      return -1;
    } else {
      io.err(`bridge: unknown command "${w}"?\n`);
      return -1;
    }
    a.shift();
  }
  req.bridge = br;
  return 0;
}

/** iplink_modify(). */
function iplinkModify(env: IpEnv, argv: string[], op: 'add' | 'set' | 'replace' | 'del'): number {
  const io = env.io;
  const create = op === 'add' || op === 'replace';
  const parsed = iplinkParse(env, argv, create);
  if (typeof parsed === 'number') return parsed;
  const known = ['veth', 'bridge', 'vxlan', 'dummy', 'bridge_slave'];
  if (op === 'del') {
    const idx = env.k.nameToIndex(parsed.dev ?? '');
    return talk(env, env.k.linkDel(idx)) ? 0 : -2;
  }
  if (parsed.type !== undefined) {
    const type = parsed.type;
    if (!known.includes(type)) {
      if (parsed.rest.length) {
        io.err(`Garbage instead of arguments "${parsed.rest[0]!} ...". Try "ip link help".\n`);
        return -1;
      }
      io.err('Error: Unknown device type.\n');
      return -2;
    }
    if (!create) {
      if (type === 'bridge_slave') return bridgeSlaveSet(env, parsed);
      if (type === 'bridge' && parsed.rest.length) {
        const req: LinkAddRequest = { name: parsed.name, kind: 'bridge' };
        const r = parseBridge(env, parsed.rest, req);
        if (r < 0) return r;
        const b = req.bridge ?? {};
        if (
          b.forwardDelay !== undefined ||
          b.stpState !== undefined ||
          b.priority !== undefined ||
          b.vlanFiltering !== undefined
        ) {
          io.err('ip link set ... type bridge: only ageing_time is modelled by this emulator\n');
          return -1;
        }
        const change: LinkChange = { ...parsed.change };
        if (b.ageingTime !== undefined) change.bridgeAgeingTime = b.ageingTime;
        return talk(env, env.k.linkSet(env.k.nameToIndex(parsed.dev!), change)) ? 0 : -2;
      }
      if (parsed.rest.length) {
        io.err(`ip link set ... type ${type}: changing ${type} parameters is not modelled by this emulator\n`);
        return -1;
      }
    } else {
      const req: LinkAddRequest = { name: parsed.name, kind: type };
      if (parsed.change.mtu !== undefined) req.mtu = parsed.change.mtu;
      if (parsed.change.address !== undefined) req.address = parsed.change.address;
      if (parsed.change.txqlen !== undefined) req.txqlen = parsed.change.txqlen;
      if (parsed.change.up !== undefined) req.up = parsed.change.up;
      if (parsed.change.master !== undefined) req.master = parsed.change.master;
      if (parsed.rest.length) {
        let r = 0;
        if (type === 'veth') r = parseVeth(env, parsed.rest, req);
        else if (type === 'vxlan') r = parseVxlan(env, parsed.rest, req, false);
        else if (type === 'bridge') r = parseBridge(env, parsed.rest, req);
        else {
          io.err(`Garbage instead of arguments "${parsed.rest[0]!} ...". Try "ip link help".\n`);
          return -1;
        }
        if (r < 0) return r;
      } else if (type === 'vxlan') {
        io.err('vxlan: missing virtual network identifier\n');
        return -1;
      }
      return talk(env, env.k.linkAdd(req)) ? 0 : -2;
    }
  } else if (create) {
    io.err('Not enough information: "type" argument is required\n');
    return -1;
  }
  const idx = env.k.nameToIndex(parsed.dev!);
  return talk(env, env.k.linkSet(idx, parsed.change)) ? 0 : -2;
}

function bridgeSlaveSet(env: IpEnv, parsed: Parsed): number {
  const io = env.io;
  const change: LinkChange = { ...parsed.change };
  const a = new Args(parsed.rest, io);
  while (a.argc > 0) {
    const w = a.cur;
    const onoff = (key: keyof LinkChange): void => {
      const v = a.next();
      if (v !== 'on' && v !== 'off') {
        io.err(`Error: argument of "${w}" must be "on" or "off", not "${v}"\n`);
        throw new ToolExit(1);
      }
      (change as Record<string, unknown>)[key] = v === 'on';
    };
    if (isPrefix(w, 'hairpin')) onoff('hairpin');
    else if (isPrefix(w, 'learning')) onoff('learning');
    else if (isPrefix(w, 'flood')) onoff('flood');
    else {
      io.err(`bridge_slave: unknown option "${w}"?\n`);
      return -1;
    }
    a.shift();
  }
  const idx = env.k.nameToIndex(parsed.dev!);
  return talk(env, env.k.linkSet(idx, change)) ? 0 : -2;
}

export function doIplink(env: IpEnv, argv: string[]): number {
  if (argv.length < 1) return ipaddrListFlush(env, [], 'list', true);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (isPrefix(w, 'add')) return iplinkModify(env, rest, 'add');
  if (isPrefix(w, 'set') || isPrefix(w, 'change')) return iplinkModify(env, rest, 'set');
  if (isPrefix(w, 'replace')) return iplinkModify(env, rest, 'replace');
  if (isPrefix(w, 'delete')) return iplinkModify(env, rest, 'del');
  if (isPrefix(w, 'show') || isPrefix(w, 'lst') || isPrefix(w, 'list')) return ipaddrListFlush(env, rest, 'list', true);
  if (isPrefix(w, 'help')) usage(env);
  env.io.err(`Command "${w}" is unknown, try "ip link help".\n`);
  throw new ToolExit(-1);
}
