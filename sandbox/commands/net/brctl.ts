/**
 * brctl(8) from bridge-utils 1.7.1: `show [br...]`, `showmacs br`, and the
 * configuration commands (addbr, delbr, addif, delif, hairpin, setageing,
 * stp), printed as brctl_cmd.c and brctl_disp.c do.
 */
import type { Command } from '../../shell/command.js';
import type { IpOutput } from './iproute2/print.js';
import { netlinkFor } from './iproute2/netlink.js';
import type { KernelView, Reply } from './iproute2/kernel.js';
import { BufferedIo } from './ip/ip.js';

const COMMANDS: [number, string, string][] = [
  [1, 'addbr', '<bridge>\t\tadd bridge'],
  [1, 'delbr', '<bridge>\t\tdelete bridge'],
  [2, 'addif', '<bridge> <device>\tadd interface to bridge'],
  [2, 'delif', '<bridge> <device>\tdelete interface from bridge'],
  [3, 'hairpin', '<bridge> <port> {on|off}\tturn hairpin on/off'],
  [2, 'setageing', '<bridge> <time>\t\tset ageing time'],
  [2, 'setbridgeprio', '<bridge> <prio>\t\tset bridge priority'],
  [2, 'setfd', '<bridge> <time>\t\tset bridge forward delay'],
  [2, 'sethello', '<bridge> <time>\t\tset hello time'],
  [2, 'setmaxage', '<bridge> <time>\t\tset max message age'],
  [3, 'setpathcost', '<bridge> <port> <cost>\tset path cost'],
  [3, 'setportprio', '<bridge> <port> <prio>\tset port priority'],
  [0, 'show', '[ <bridge> ]\t\tshow a list of bridges'],
  [1, 'showmacs', '<bridge>\t\tshow a list of mac addrs'],
  [1, 'showstp', '<bridge>\t\tshow bridge stp info'],
  [2, 'stp', '<bridge> {on|off}\tturn stp on/off'],
];

function help(io: IpOutput): void {
  io.out('Usage: brctl [commands]\ncommands:\n');
  for (const [, name, text] of COMMANDS) io.out(`\t${name.padEnd(10)}\t${text}\n`);
}

function timer(sec: number): string {
  const cs = Math.max(0, Math.floor(sec * 100));
  return `${String(Math.floor(cs / 100)).padStart(4, ' ')}.${String(cs % 100).padStart(2, '0')}`;
}

function isBridge(k: KernelView, name: string): 'none' | 'notbridge' | number {
  const idx = k.nameToIndex(name);
  if (!idx) return 'none';
  return k.link(idx)?.info?.kind === 'bridge' ? idx : 'notbridge';
}

function strerr(r: Reply): string {
  return r.ok ? '' : r.error.message;
}

export function runBrctl(argv: readonly string[], io: IpOutput, k: KernelView): number {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-h' || a === '--help') {
      help(io);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      io.out('bridge-utils, 1.7\n');
      return 0;
    }
    io.err(`Unknown option '${a.startsWith('--') ? '?' : a[1]!}'\n`);
    help(io);
    return 1;
  }
  const args = argv.slice(i);
  if (args.length === 0) {
    help(io);
    return 1;
  }
  const cmd = COMMANDS.find((c) => c[1] === args[0]);
  if (!cmd) {
    io.err(`never heard of command [${args[0]!}]\n`);
    help(io);
    return 1;
  }
  if (args.length < cmd[0] + 1) {
    io.out('Incorrect number of arguments for command\n');
    io.out(`Usage: brctl ${cmd[1]} ${cmd[2]}\n`);
    return 1;
  }
  const [name, a1, a2, a3] = args;
  switch (name) {
    case 'show':
      return show(io, k, args.slice(1));
    case 'showmacs':
      return showmacs(io, k, a1!);
    case 'addbr': {
      const r = k.linkAdd({ name: a1!, kind: 'bridge' });
      if (!r.ok) {
        if (r.error.errno === 'EEXIST')
          io.err(`device ${a1!} already exists; can't create bridge with the same name\n`);
        else io.err(`add bridge failed: ${strerr(r)}\n`);
        return 1;
      }
      return 0;
    }
    case 'delbr': {
      const b = isBridge(k, a1!);
      if (b === 'none') {
        io.err(`bridge ${a1!} doesn't exist; can't delete it\n`);
        return 1;
      }
      if (b === 'notbridge') {
        io.err(`can't delete bridge ${a1!}: Operation not permitted\n`);
        return 1;
      }
      if ((k.indexToFlags(b) ?? 0) & 1) {
        io.err(`bridge ${a1!} is still up; can't delete it\n`);
        return 1;
      }
      const r = k.linkDel(b);
      if (!r.ok) {
        io.err(`can't delete bridge ${a1!}: ${strerr(r)}\n`);
        return 1;
      }
      return 0;
    }
    case 'addif':
    case 'delif': {
      const b = isBridge(k, a1!);
      if (b === 'none' || b === 'notbridge') {
        io.err(`bridge ${a1!} does not exist!\n`);
        return 1;
      }
      let errs = 0;
      for (const ifname of args.slice(2)) {
        const idx = k.nameToIndex(ifname);
        if (!idx) {
          io.err(`interface ${ifname} does not exist!\n`);
          errs++;
          continue;
        }
        const cur = k.link(idx)?.master;
        if (name === 'addif') {
          if (cur !== undefined) {
            io.err(`device ${ifname} is already a member of a bridge; can't add it to bridge ${a1!}.\n`);
            errs++;
            continue;
          }
          const r = k.linkSet(idx, { master: b });
          if (!r.ok) {
            io.err(`can't add ${ifname} to bridge ${a1!}: ${strerr(r)}\n`);
            errs++;
          }
        } else {
          if (cur !== b) {
            io.err(`device ${ifname} is not a port of ${a1!}\n`);
            errs++;
            continue;
          }
          const r = k.linkSet(idx, { master: 0 });
          if (!r.ok) {
            io.err(`can't delete ${ifname} from ${a1!}: ${strerr(r)}\n`);
            errs++;
          }
        }
      }
      return errs > 0 ? 1 : 0;
    }
    case 'hairpin': {
      let on: boolean;
      if (a3 === 'on' || a3 === 'yes' || a3 === '1') on = true;
      else if (a3 === 'off' || a3 === 'no' || a3 === '0') on = false;
      else {
        io.err('expect on/off for argument\n');
        return 1;
      }
      const pidx = k.nameToIndex(a2!);
      if (!pidx) {
        io.err(`interface ${a2!} does not exist!\n`);
        return 1;
      }
      if (!k.nameToIndex(a1!)) {
        io.err(`bridge ${a1!} does not exist!\n`);
        return 1;
      }
      const r = k.linkSet(pidx, { hairpin: on });
      if (!r.ok) {
        io.err(`can't set ${a2!} to hairpin on bridge ${a1!}: ${strerr(r)}\n`);
        return 1;
      }
      return 0;
    }
    case 'showstp':
      return showstp(io, k, a1!);
    case 'setageing': {
      const secs = Number.parseFloat(a2!);
      if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)/.test(a2!) || Number.isNaN(secs)) {
        io.err('bad ageing time value\n');
        return 1;
      }
      const b = isBridge(k, a1!);
      if (b === 'none' || b === 'notbridge') {
        io.err(`set ageing time failed: ${b === 'none' ? 'No such device' : 'Operation not supported'}\n`);
        return 1;
      }
      const r = k.linkSet(b, { bridgeAgeingTime: Math.floor(secs * 100) });
      if (!r.ok) {
        io.err(`set ageing time failed: ${strerr(r)}\n`);
        return 1;
      }
      return 0;
    }
    case 'stp': {
      if (!['on', 'yes', '1', 'off', 'no', '0'].includes(a2!)) {
        io.err('expect on/off for argument\n');
        return 1;
      }
      if (['on', 'yes', '1'].includes(a2!)) {
        io.err('set stp status failed: Operation not supported\n');
        return 1;
      }
      return isBridge(k, a1!) === 'none' ? (io.err('set stp status failed: No such device\n'), 1) : 0;
    }
    default:
      io.err(`brctl ${name!}: STP parameters are not modelled by this emulator\n`);
      return 1;
  }
}

function show(io: IpOutput, k: KernelView, names: string[]): number {
  let header = true;
  let errs = 0;
  const bridges =
    names.length > 0
      ? names
      : k
          .links()
          .filter((l) => l.info?.kind === 'bridge')
          .map((l) => l.ifname)
          .sort();
  for (const name of bridges) {
    const b = isBridge(k, name);
    if (b === 'none') {
      io.err(`bridge ${name} does not exist!\n`);
      errs++;
      continue;
    }
    if (b === 'notbridge') {
      io.err(`device ${name} is not a bridge!\n`);
      errs++;
      continue;
    }
    const l = k.link(b)!;
    const info = l.info?.kind === 'bridge' ? l.info.data : undefined;
    if (header) {
      io.out('bridge name\tbridge id\t\tSTP enabled\tinterfaces\n');
      header = false;
    }
    // brctl prints the id from sysfs as 8 bytes of hex: priority then MAC.
    const id = info ? info.bridgeId : '8000.000000000000';
    const [prio, mac] = id.split('.');
    const macHex = (mac ?? '')
      .split(':')
      .map((h) => h.padStart(2, '0'))
      .join('');
    io.out(`${name}\t\t${prio}.${macHex}\t${info?.stpState ? 'yes' : 'no'}\t\t`);
    const ports = k
      .links()
      .filter((p) => p.master === b)
      .map((p) => p.ifname)
      .sort();
    io.out(ports.join('\n\t\t\t\t\t\t\t') + '\n');
  }
  return errs > 0 ? 1 : 0;
}

/** The id as brctl prints it from sysfs: priority, a dot, the MAC as 12 hex digits. */
function hexId(id: string): string {
  const [prio, mac] = id.split('.');
  return `${prio}.${(mac ?? '')
    .split(':')
    .map((h) => h.padStart(2, '0'))
    .join('')}`;
}

const STATE_NAMES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];

/** br_dump_info(): `brctl showstp BRIDGE`. */
function showstp(io: IpOutput, k: KernelView, name: string): number {
  const b = isBridge(k, name);
  if (b === 'none') {
    io.err(`bridge ${name} does not exist!\n`);
    return 1;
  }
  if (b === 'notbridge') {
    io.err(`device ${name} is not a bridge!\n`);
    return 1;
  }
  const l = k.link(b)!;
  if (l.info?.kind !== 'bridge') return 1;
  const i = l.info.data;
  const t = (cs: number): string => timer(cs / 100);
  const id = hexId(i.bridgeId);
  let out = `${name}\n bridge id\t\t${id}\n designated root\t${hexId(i.rootId)}\n`;
  out += ` root port\t\t${String(i.rootPort).padStart(4)}\t\t\tpath cost\t\t${String(i.rootPathCost).padStart(4)}\n`;
  out += ` max age\t\t${t(i.maxAge)}\t\t\tbridge max age\t\t${t(i.maxAge)}\n`;
  out += ` hello time\t\t${t(i.helloTime)}\t\t\tbridge hello time\t${t(i.helloTime)}\n`;
  out += ` forward delay\t\t${t(i.forwardDelay)}\t\t\tbridge forward delay\t${t(i.forwardDelay)}\n`;
  out += ` ageing time\t\t${t(i.ageingTime)}\n`;
  out += ` hello timer\t\t${t(i.helloTimer)}\t\t\ttcn timer\t\t${t(i.tcnTimer)}\n`;
  out += ` topology change timer\t${t(i.topologyChangeTimer)}\t\t\tgc timer\t\t${t(i.gcTimer)}\n`;
  out += ` flags\t\t\t${i.topologyChange ? 'TOPOLOGY_CHANGE ' : ''}${i.topologyChangeDetected ? 'TOPOLOGY_CHANGE_DETECTED ' : ''}\n\n\n`;
  const ports = k
    .links()
    .filter((p) => p.master === b && p.slave)
    .sort((x, y) => (x.ifname < y.ifname ? -1 : x.ifname > y.ifname ? 1 : 0));
  for (const p of ports) {
    const s = p.slave!.data;
    out += `${p.ifname} (${s.portNo})\n`;
    out += ` port id\t\t${s.portId.toString(16).padStart(4, '0')}\t\t\tstate\t\t${(STATE_NAMES[s.state] ?? '<INVALID STATE>').padStart(15)}\n`;
    out += ` designated root\t${hexId(s.designatedRoot)}\tpath cost\t\t${String(s.cost).padStart(4)}\n`;
    out += ` designated bridge\t${hexId(s.designatedBridge)}\tmessage age timer\t${t(s.messageAgeTimer)}\n`;
    out += ` designated port\t${s.designatedPort.toString(16).padStart(4, '0')}\t\t\tforward delay timer\t${t(s.forwardDelayTimer)}\n`;
    out += ` designated cost\t${String(s.designatedCost).padStart(4)}\t\t\thold timer\t\t${t(s.holdTimer)}\n`;
    out += ` flags\t\t\t${s.configPending ? 'CONFIG_PENDING ' : ''}${s.topologyChangeAck ? 'TOPOLOGY_CHANGE_ACK ' : ''}`;
    if (s.hairpin) out += `\n hairpin mode\t\t${String(1).padStart(4)}`;
    out += '\n\n';
  }
  io.out(out);
  return 0;
}

function showmacs(io: IpOutput, k: KernelView, name: string): number {
  const b = k.nameToIndex(name);
  if (!b || k.link(b)?.info?.kind !== 'bridge') {
    io.err(`read of forward table failed: ${b ? 'Operation not supported' : 'No such device'}\n`);
    return 1;
  }
  const rows = k
    .fdb()
    .filter((e) => e.master === b && e.ifindex !== b && e.vlan === undefined && !e.self)
    .map((e) => ({
      port: k.link(e.ifindex)?.slave?.data.portNo ?? 0,
      mac: e.mac,
      local: e.isLocal ?? false,
      age: e.ageingTimer ?? 0,
    }))
    .sort((x, y) => (x.mac < y.mac ? -1 : x.mac > y.mac ? 1 : 0));
  io.out('port no\tmac addr\t\tis local?\tageing timer\n');
  for (const r of rows)
    io.out(`${String(r.port).padStart(3, ' ')}\t${r.mac}\t${r.local ? 'yes' : 'no'}\t\t${timer(r.age)}\n`);
  return 0;
}

export const brctlCommand: Command = {
  name: 'brctl',
  summary: 'ethernet bridge administration (bridge-utils)',
  usage: 'Usage: brctl [commands]\n',
  complete(_ctx, words) {
    return words.length <= 1 ? COMMANDS.map((c) => c[1]) : [];
  },
  run(ctx) {
    const io = new BufferedIo(ctx);
    try {
      return runBrctl(ctx.argv.slice(1), io, netlinkFor(ctx.world, ctx.host));
    } finally {
      io.flush();
    }
  },
};
