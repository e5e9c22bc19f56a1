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
    if (a === '--numeric') numeric = true;
    else if (a === '--extend') ext++;
    else if (a === '--help') {
      io.out(USAGE);
      return 0;
    } else if (a === '--version') {
      io.out('net-tools 2.10\n');
      return 0;
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
    if (rest[0] === 'add' || rest[0] === 'del' || rest[0] === 'flush') {
      io.err('route: changing routes with route(8) is not modelled by this emulator; use ip route add|del\n');
      return 1;
    }
    io.err(USAGE);
    return 4;
  }
  io.out('Kernel IP routing table\n');
  if (ext === 0) io.out('Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n');
  else if (ext === 1) io.out('Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n');
  else io.out('Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n');
  for (const r of k.routes(RT_TABLE_MAIN)) {
    if (r.type === 3 || r.type === 5 || r.type === 2) continue;
    const mask = prefixMask(r.dstLen);
    const dst = r.dst ?? 0;
    const reject = r.type === RTN_UNREACHABLE || r.type === RTN_PROHIBIT;
    let flags = reject ? '!' : 'U';
    if (r.gateway !== undefined && !reject) flags += 'G';
    if (r.dstLen === 32) flags += 'H';
    const net = (!numeric && dst === 0 && r.dstLen === 0 ? 'default' : formatIpv4(dst)).slice(0, 15);
    const gw = formatIpv4(r.gateway ?? 0);
    const gm = formatIpv4(mask);
    const iface = r.oif !== undefined ? k.indexToName(r.oif) : '*';
    const metric = r.priority ?? 0;
    if (ext === 2) {
      io.out(
        `${net.padEnd(15)} ${gw.padEnd(15)} ${gm.padEnd(15)} ${flags.padEnd(5)} ${'0'.padStart(5)} ${'0'.padEnd(5)} ${'0'.padStart(6)} ${iface}\n`,
      );
    } else if (reject) {
      io.out(
        `${net.padEnd(15)} -               ${gm.padEnd(15)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} -  ${'0'.padStart(7)} -\n`,
      );
    } else {
      io.out(
        `${net.padEnd(15)} ${gw.padEnd(15)} ${gm.padEnd(15)} ${flags.padEnd(5)} ${String(metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`,
      );
    }
  }
  return 0;
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
