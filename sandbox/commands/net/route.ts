/**
 * route(8) from net-tools 2.10: the main table as /proc/net/route shows it
 * (unicast, blackhole and reject routes; no broadcast or local ones).
 * `route add|del` are refused with a pointer to `ip route`.
 */
import type { Command } from '../../shell/command.js';
import type { IpOutput } from './iproute2/print.js';
import { netlinkFor } from './iproute2/netlink.js';
import type { KernelView } from './iproute2/kernel.js';
import { BufferedIo } from './ip/ip.js';
import { formatIpv4, prefixMask } from '../../net/addr.js';
import { RT_TABLE_MAIN } from './iproute2/rtnl.js';
import { parseIpv4Loose } from './iproute2/utils.js';

const USAGE =
  'Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n' +
  '       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n' +
  '\n' +
  '       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n' +
  '       route {-V|--version}                  Display version/author and exit.\n' +
  '\n' +
  '        -v, --verbose            be verbose\n' +
  "        -n, --numeric            don't resolve names\n" +
  '        -e, --extend             display other/more information\n' +
  '        -F, --fib                display Forwarding Information Base (default)\n' +
  '        -C, --cache              display routing cache instead of FIB\n' +
  '\n' +
  "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n" +
  '  List of possible address families (which support routing):\n' +
  '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n' +
  '    ddp (Appletalk DDP) x25 (CCITT X.25) \n';

const RTN_UNREACHABLE = 7;
const RTN_PROHIBIT = 8;

export function runRoute(argv: readonly string[], io: IpOutput, k: KernelView): number {
  let numeric = false;
  let ext = 0;
  const rest: string[] = [];
  for (const a of argv) {
    // Options end at the first word that is not one (`route add -net …`).
    if (rest.length > 0) {
      rest.push(a);
      continue;
    }
    if (a === '--numeric') numeric = true;
    else if (a === '--extend') ext++;
    else if (a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a === '--version') {
      io.out('net-tools 2.10\n');
      return 0;
    } else if (a === '-6' || a === '--inet6') {
      io.err('route: IPv6 routes are not modelled by this emulator (ip -6 route shows the link-local ones)\n');
      return 1;
    } else if (a === '--inet' || a === '-4') {
      /* the default */
    } else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (const c of a.slice(1)) {
        if (c === 'n') numeric = true;
        else if (c === 'e') ext++;
        else if (c === 'v' || c === 'F' || c === 'N') {
          /* no effect */
        } else if (c === 'h') {
          io.out(USAGE);
          return 0;
        } else if (c === 'V') {
          io.out('net-tools 2.10\n');
          return 0;
        } else if (c === 'C') {
          io.err(
            'Kernel IP routing cache\nSource          Destination     Gateway         Flags Metric Ref    Use Iface\n',
          );
          return 0;
        } else {
          io.err(`route: invalid option -- '${c}'\n`);
          io.err(USAGE);
          return 4;
        }
      }
    } else rest.push(a);
  }
  if (rest.length > 0) {
    if (rest[0] === 'add' || rest[0] === 'del') return routeModify(io, k, rest[0], rest.slice(1));
    if (rest[0] === 'flush') {
      io.err('route: inet_route [-FC] flush      NOT supported\n');
      return 3;
    }
    io.err(USAGE);
    return 4;
  }
  io.out('Kernel IP routing table\n');
  // rprint_fib(ext): plain is 1, each -e adds one.
  ext += 1;
  if (ext === 1) io.out('Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n');
  else if (ext === 2) io.out('Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n');
  else io.out('Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n');
  for (const r of k.routes(RT_TABLE_MAIN)) {
    if (r.type === 3 || r.type === 5 || r.type === 2) continue;
    const mask = prefixMask(r.dstLen);
    const dst = r.dst ?? 0;
    const reject = r.type === RTN_UNREACHABLE || r.type === RTN_PROHIBIT;
    let flags = reject ? '!' : 'U';
    if (r.gateway !== undefined && !reject) flags += 'G';
    if (r.dstLen === 32) flags += 'H';
    const net = (!numeric && dst === 0 && r.dstLen === 0 ? 'default' : formatIpv4(dst)).slice(0, 15).padEnd(15);
    const gw = formatIpv4(r.gateway ?? 0).padEnd(15);
    const gm = formatIpv4(mask).padEnd(15);
    const fl = flags.padEnd(5);
    const iface = r.oif !== undefined ? k.indexToName(r.oif) : '*';
    const m6 = String(r.priority ?? 0).padEnd(6);
    let line: string;
    if (ext === 1) {
      line = reject
        ? `${net} -               ${gm} ${fl} ${m6} -  ${'0'.padStart(7)} -`
        : `${net} ${gw} ${gm} ${fl} ${m6} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}`;
    } else if (ext === 2) {
      line = reject
        ? `${net} -               ${gm} ${fl}     - -          - -`
        : `${net} ${gw} ${gm} ${fl} ${'0'.padStart(5)} ${'0'.padEnd(5)} ${'0'.padStart(6)} ${iface}`;
    } else {
      line = reject
        ? `${net} -               ${gm} ${fl} ${m6} -  ${'0'.padStart(7)} -        -     -      -`
        : `${net} ${gw} ${gm} ${fl} ${m6} ${'0'.padEnd(3)} ${'0'.padStart(6)} ${iface.slice(0, 6).padEnd(6)}   ${'0'.padEnd(5)} ${'0'.padEnd(6)} 0`;
    }
    io.out(line + '\n');
  }
  return 0;
}

const INET_USAGE =
  'Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n' +
  '       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n' +
  '                              [netmask N] [mss Mss] [window W] [irtt I]\n' +
  '                              [mod] [dyn] [reinstate] [[dev] If]\n' +
  '       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n' +
  '       inet_route [-FC] flush      NOT supported\n';

/** inet_setroute(): the SIOCADDRT / SIOCDELRT ioctls, done through the same kernel requests as ip route. */
function routeModify(io: IpOutput, k: KernelView, op: 'add' | 'del', args: string[]): number {
  const usage = (): number => {
    io.err(INET_USAGE);
    return 3;
  };
  let i = 0;
  let isnet: boolean | undefined;
  if (args[i] === '-net' || args[i] === '-host') isnet = args[i++] === '-net';
  const target = args[i++];
  if (target === undefined) return usage();
  let dst: number;
  let len: number | undefined;
  if (target === 'default') {
    dst = 0;
    len = 0;
  } else {
    const [a, p] = target.split('/');
    const ip = parseIpv4Loose(a ?? '');
    if (ip === undefined) {
      io.err(`${target}: Host name lookup failure\n`);
      return 6;
    }
    dst = ip;
    if (p !== undefined) {
      const n = /^\d+$/.test(p) ? Number(p) : NaN;
      if (!(n >= 0 && n <= 32)) {
        io.err("route: netmask doesn't match route address\n");
        return usage();
      }
      len = n;
    }
  }
  let gw: number | undefined;
  let metric: number | undefined;
  let dev: string | undefined;
  let reject = false;
  while (i < args.length) {
    const w = args[i++]!;
    const val = (): string | undefined => args[i++];
    if (w === 'netmask') {
      const m = parseIpv4Loose(val() ?? '');
      const l = m === undefined ? undefined : maskLen(m);
      if (l === undefined) {
        io.err("route: netmask doesn't match route address\n");
        return usage();
      }
      len = l;
    } else if (w === 'gw' || w === 'gateway') {
      const v = val() ?? '';
      const g = parseIpv4Loose(v);
      if (g === undefined) {
        io.err(`${v}: Host name lookup failure\n`);
        return 6;
      }
      gw = g;
    } else if (w === 'metric') metric = Number(val() ?? 'x');
    else if (w === 'mss' || w === 'window' || w === 'irtt') val();
    else if (w === 'mod' || w === 'dyn' || w === 'reinstate') {
      /* redirect flags the kernel ignores */
    } else if (w === 'reject') reject = true;
    else if (w === 'dev' || w === 'device') dev = val();
    else if (i === args.length) dev = w;
    else return usage();
  }
  if (metric !== undefined && !Number.isInteger(metric)) return usage();
  if (len === undefined) len = isnet === false ? 32 : isnet === undefined ? 32 : classfulLen(dst);
  if ((dst & ~prefixMask(len)) >>> 0 !== 0) {
    io.err("route: netmask doesn't match route address\n");
    return usage();
  }
  const what = op === 'add' ? 'SIOCADDRT' : 'SIOCDELRT';
  let oif: number | undefined;
  if (dev !== undefined) {
    oif = k.nameToIndex(dev);
    if (!oif) {
      io.err(`${what}: No such device\n`);
      return 7;
    }
  }
  const r =
    op === 'add'
      ? k.routeAdd(
          {
            table: RT_TABLE_MAIN,
            dst,
            dstLen: len,
            type: reject ? RTN_UNREACHABLE : 1,
            protocol: 3,
            scope: gw === undefined && !reject ? 253 : 0,
            onlink: false,
            ...(gw !== undefined ? { gateway: gw } : {}),
            ...(oif !== undefined ? { oif } : {}),
            ...(metric ? { priority: metric } : {}),
          },
          'add',
        )
      : k.routeDel({
          table: RT_TABLE_MAIN,
          dst,
          dstLen: len,
          ...(gw !== undefined ? { gateway: gw } : {}),
          ...(oif !== undefined ? { oif } : {}),
          ...(metric ? { priority: metric } : {}),
        });
  if (!r.ok) {
    // The ioctl path reports an unusable gateway as an unreachable network.
    const text = r.error.extack === 'Nexthop has invalid gateway' ? 'Network is unreachable' : r.error.message;
    io.err(`${what}: ${text}\n`);
    return 7;
  }
  return 0;
}

function maskLen(m: number): number | undefined {
  for (let l = 0; l <= 32; l++) if (prefixMask(l) === m >>> 0) return l;
  return undefined;
}

/** The netmask net-tools guesses for a -net target without one (class A, B, C). */
function classfulLen(ip: number): number {
  if (ip === 0) return 0;
  const a = ip >>> 24;
  if (a < 128) return 8;
  if (a < 192) return 16;
  return 24;
}

export const routeCommand: Command = {
  name: 'route',
  summary: 'show the IP routing table (net-tools)',
  usage: USAGE,
  run(ctx) {
    const io = new BufferedIo(ctx);
    try {
      return runRoute(ctx.argv.slice(1), io, netlinkFor(ctx.world, ctx.host));
    } finally {
      io.flush();
    }
  },
};
