/** ip/ipmaddr.c: `ip maddress [show] [dev DEV]`, the multicast memberships of each device. */
import { ToolExit, isPrefix } from '../iproute2/utils.js';
import type { IpEnv } from './env.js';

const MADDR_USAGE = 'Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n' + '       ip maddr show [ dev STRING ]\n';

export function doIpmaddr(env: IpEnv, argv: string[]): number {
  const io = env.io;
  let args = argv;
  if (args.length > 0) {
    const w = args[0]!;
    if (isPrefix(w, 'add') || isPrefix(w, 'delete')) {
      io.err('Error: joining multicast groups by hand is not modelled by this emulator.\n');
      return -1;
    }
    if (isPrefix(w, 'help')) {
      io.err(MADDR_USAGE);
      throw new ToolExit(-1);
    }
    if (isPrefix(w, 'show') || isPrefix(w, 'lst') || isPrefix(w, 'list')) args = args.slice(1);
    else {
      io.err(`Command "${w}" is unknown, try "ip maddr help".\n`);
      throw new ToolExit(-1);
    }
  }
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w === 'dev') {
      i++;
      if (i >= args.length) {
        io.err('Command line is not complete. Try option "help"\n');
        throw new ToolExit(-1);
      }
      dev = args[i];
    } else if (isPrefix(w, 'help')) {
      io.err(MADDR_USAGE);
      throw new ToolExit(-1);
    } else {
      if (dev !== undefined) {
        io.err(`Error: duplicate "dev": "${w}" is the second value.\n`);
        throw new ToolExit(-1);
      }
      dev = w;
    }
  }
  const fam = env.o.family;
  for (const m of env.k.maddrs()) {
    if (dev !== undefined && m.name !== dev) continue;
    const lines: string[] = [];
    if (fam === 'unspec' || fam === 'packet') for (const a of m.link) lines.push(`\tlink  ${a}`);
    if (fam === 'unspec' || fam === 'inet') for (const a of m.inet) lines.push(`\tinet  ${a}`);
    if (fam === 'unspec' || fam === 'inet6') for (const a of m.inet6) lines.push(`\tinet6 ${a}`);
    if (lines.length === 0) continue;
    io.out(`${m.ifindex}:\t${m.name}\n${lines.join('\n')}\n`);
  }
  return 0;
}
