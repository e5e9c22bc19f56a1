/**
 * arp(8) from net-tools 2.10: the ARP cache as /proc/net/arp shows it (every
 * IPv4 neighbour except NOARP ones), in the Linux (-e, default) or BSD (-a)
 * style; -d and -s change it.
 */
import type { Command } from '../../shell/command.js';
import type { IpOutput } from './iproute2/print.js';
import { netlinkFor } from './iproute2/netlink.js';
import type { KernelView } from './iproute2/kernel.js';
import { BufferedIo } from './ip/ip.js';
import { parseIpv4Loose, llAddrA2n, macString } from './iproute2/utils.js';
import { formatIpv4 } from '../../net/addr.js';
import { NUD_NOARP, NUD_PERMANENT } from './iproute2/rtnl.js';

const USAGE =
  'Usage:\n' +
  '  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n' +
  '  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n' +
  '  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n' +
  '  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n' +
  "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n\n" +
  '        -a                       display (all) hosts in alternative (BSD) style\n' +
  '        -e                       display (all) hosts in default (Linux) style\n' +
  '        -s, --set                set a new ARP entry\n' +
  '        -d, --delete             delete a specified entry\n' +
  '        -v, --verbose            be verbose\n' +
  "        -n, --numeric            don't resolve names\n" +
  '        -i, --device             specify network interface (e.g. eth0)\n' +
  '        -D, --use-device         read <hwaddr> from given device\n' +
  '        -A, -p, --protocol       specify protocol family\n' +
  '        -f, --file               read new entries from file or from /etc/ethers\n' +
  '\n' +
  "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n" +
  '  List of possible hardware types (which support ARP):\n' +
  '    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n' +
  '    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n' +
  '    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n' +
  '    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n';

interface Row {
  ip: string;
  flags: number;
  hwa: string;
  dev: string;
}

const ATF_COM = 0x02;
const ATF_PERM = 0x04;

function procArp(k: KernelView): Row[] {
  const rows: Row[] = [];
  for (const n of k.neighs()) {
    if (n.state & NUD_NOARP) continue;
    let flags = 0;
    if (n.state & NUD_PERMANENT) flags = ATF_PERM | ATF_COM;
    else if (n.state & (0x02 | 0x04 | 0x08 | 0x10)) flags = ATF_COM;
    rows.push({ ip: formatIpv4(n.dst), flags, hwa: n.lladdr ?? '00:00:00:00:00:00', dev: k.indexToName(n.ifindex) });
  }
  return rows;
}

export function runArp(argv: readonly string[], io: IpOutput, k: KernelView): number {
  let what: 'show' | 'all' | 'del' | 'set' = 'show';
  let bsd = false;
  let verbose = false;
  let device = '';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const long: Record<string, string> = {
        '--all': 'a',
        '--delete': 'd',
        '--set': 's',
        '--numeric': 'n',
        '--verbose': 'v',
        '--device': 'i',
        '--help': 'h',
        '--version': 'V',
      };
      const c = long[a];
      if (!c) {
        io.err(`arp: unrecognized option '${a}'\n`);
        io.err(USAGE);
        return 3;
      }
      argv = [...argv.slice(0, i), `-${c}`, ...argv.slice(i + 1)];
      i--;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'a') {
          what = 'all';
          bsd = true;
        } else if (c === 'd') what = 'del';
        else if (c === 's') what = 'set';
        else if (c === 'e' || c === 'n' || c === 'D') {
          /* -e is the default display; names are never resolved here */
        } else if (c === 'v') verbose = true;
        else if (c === 'i' || c === 'H' || c === 't' || c === 'A' || c === 'p') {
          const v = a.slice(j + 1) || argv[++i];
          if (v === undefined) {
            io.err(`arp: option requires an argument -- '${c}'\n`);
            io.err(USAGE);
            return 3;
          }
          if (c === 'i') device = v;
          else if ((c === 'H' || c === 't') && v !== 'ether') {
            io.err(`arp: ${v}: unknown hardware type.\n`);
            return 255;
          } else if ((c === 'A' || c === 'p') && v !== 'inet') {
            io.err(`arp: ${v}: unknown address family.\n`);
            return 255;
          }
          break;
        } else if (c === 'V') {
          io.out('net-tools 2.10\narp 2.10\n');
          return 0;
        } else if (c === 'h') {
          io.err(USAGE);
          return 0;
        } else {
          io.err(`arp: invalid option -- '${c}'\n`);
          io.err(USAGE);
          return 3;
        }
      }
      continue;
    }
    rest.push(a);
  }
  if (what === 'del') return arpDel(io, k, rest, device);
  if (what === 'set') return arpSet(io, k, rest, device);
  const host = rest[0];
  let hostIp = '';
  if (host !== undefined) {
    const ip = parseIpv4Loose(host);
    if (ip === undefined) {
      io.err(`${host}: Unknown host\n`);
      return 255;
    }
    hostIp = formatIpv4(ip);
  }
  const rows = procArp(k);
  let shown = 0;
  for (const r of rows) {
    if (hostIp && r.ip !== hostIp) continue;
    if (device && r.dev !== device) continue;
    if (!bsd) {
      if (shown === 0) io.out('Address                  HWtype  HWaddress           Flags Mask            Iface\n');
      let fl = '';
      if (r.flags & ATF_COM) fl += 'C';
      if (r.flags & ATF_PERM) fl += 'M';
      let line = r.ip.padEnd(23).slice(0, 23) + '  ';
      line += r.flags & ATF_COM ? 'ether'.padEnd(8) + r.hwa.padEnd(20) : ''.padEnd(8) + '(incomplete)'.padEnd(20);
      line += fl.padEnd(6) + ''.padEnd(15) + ' ' + r.dev;
      io.out(line + '\n');
    } else {
      let line = `? (${r.ip}) at `;
      line += r.flags & ATF_COM ? `${r.hwa} [ether] ` : '<incomplete> ';
      if (r.flags & ATF_PERM) line += 'PERM ';
      io.out(line + `on ${r.dev}\n`);
    }
    shown++;
  }
  if (verbose) io.out(`Entries: ${rows.length}\tSkipped: ${rows.length - shown}\tFound: ${shown}\n`);
  if (!shown) {
    if (host !== undefined && !bsd) io.out(`${host} (${hostIp}) -- no entry\n`);
    else if (host !== undefined || device) io.out(`arp: in ${rows.length} entries no match found.\n`);
  }
  return 0;
}

function arpDel(io: IpOutput, k: KernelView, args: string[], device: string): number {
  const host = args[0];
  if (host === undefined) {
    io.err(USAGE);
    return 255;
  }
  const ip = parseIpv4Loose(host);
  if (ip === undefined) {
    io.err(`${host}: Unknown host\n`);
    return 255;
  }
  let ifindex = device ? k.nameToIndex(device) : 0;
  if (device && !ifindex) {
    io.err('SIOCDARP(dontpub): No such device\n');
    return 255;
  }
  if (!ifindex) {
    // arp_req_delete(): without -i the kernel needs an on-link route to the host.
    const r = k.routeGet({ dst: ip });
    if (!r.ok || r.value.gateway !== undefined || r.value.oif === undefined) {
      io.err('SIOCDARP(dontpub): Network is unreachable\n');
      return 255;
    }
    ifindex = r.value.oif;
  }
  const victims = k.neighs().filter((n) => n.dst === ip && !(n.state & NUD_NOARP) && n.ifindex === ifindex);
  if (victims.length === 0) {
    io.out(`No ARP entry for ${host}\n`);
    return 255;
  }
  for (const n of victims) k.neighDel(n.ifindex, n.dst);
  return 0;
}

function arpSet(io: IpOutput, k: KernelView, args: string[], device: string): number {
  const [host, hw, ...flags] = args;
  if (host === undefined || hw === undefined) {
    io.err(USAGE);
    return 255;
  }
  const ip = parseIpv4Loose(host);
  if (ip === undefined) {
    io.err(`${host}: Unknown host\n`);
    return 255;
  }
  const mac = llAddrA2n(hw, 6);
  if ('bad' in mac || mac.bytes.length !== 6) {
    io.err(`arp: invalid hardware address\n`);
    return 255;
  }
  let ifindex = device ? k.nameToIndex(device) : 0;
  if (device && !ifindex) {
    io.err(`SIOCSARP: No such device\n`);
    return 255;
  }
  if (!ifindex) {
    // The kernel picks the device of the route to the host.
    const r = k.routeGet({ dst: ip });
    if (!r.ok || r.value.oif === undefined) {
      io.err('SIOCSARP: Network is unreachable\n');
      return 255;
    }
    ifindex = r.value.oif;
  }
  const temp = flags.includes('temp');
  const r = k.neighSet(
    { ifindex, dst: ip, lladdr: macString(mac.bytes), state: temp ? 0x02 : NUD_PERMANENT },
    'replace',
  );
  if (!r.ok) {
    io.err(`SIOCSARP: ${r.error.message}\n`);
    return 255;
  }
  return 0;
}

export const arpCommand: Command = {
  name: 'arp',
  summary: 'manipulate the system ARP cache (net-tools)',
  usage: USAGE,
  run(ctx) {
    const io = new BufferedIo(ctx);
    try {
      return runArp(ctx.argv.slice(1), io, netlinkFor(ctx.world, ctx.host));
    } finally {
      io.flush();
    }
  },
};
