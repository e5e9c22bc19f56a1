/**
 * ip(8) from iproute2 6.1: global options, then the object (`ip r`, `ip a`,
 * `ip l`, `ip n` by iproute2's prefix matching) and its command.
 */
import type { Command, CommandContext } from '../../../shell/command.js';
import { Printer, type IpOutput } from '../iproute2/print.js';
import { ToolExit, isPrefix } from '../iproute2/utils.js';
import { netlinkFor } from '../iproute2/netlink.js';
import type { IpEnv, IpOpts } from './env.js';
import { doIplink } from './link.js';
import { doIpaddr } from './address.js';
import { doIproute } from './route.js';
import { doIpneigh } from './neigh.js';
import { doIprule } from './rule.js';
import { doIpmaddr } from './maddr.js';
import { doIpnetns, findNetns, type NetnsResult } from './netns.js';
import { parseMonitor, runMonitor, type MonitorRequest } from './monitor.js';

/** What `ip` asks its caller to do after parsing: exit, exec in a pod (`netns exec`), or listen (`monitor`). */
type IpResult = NetnsResult | { monitor: MonitorRequest };
import type { World } from '../../../world/world.js';
import type { Host } from '../../../world/host.js';

const USAGE =
  'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  '       ip [ -force ] -batch filename\n' +
  'where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |\n' +
  '                   link | macsec | maddress | monitor | mptcp | mroute | mrule |\n' +
  '                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n' +
  '                   ntbl | route | rule | sr | tap | tcpmetrics |\n' +
  '                   token | tunnel | tuntap | vrf | xfrm }\n' +
  '       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n' +
  '                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n' +
  '                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n' +
  '                    -4 | -6 | -M | -B | -0 |\n' +
  '                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n' +
  '                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n' +
  '                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |\n' +
  '                    -c[olor]}\n';

type ObjFn = (env: IpEnv, argv: string[]) => number;

/** ip.c cmds[]: the order decides which object an abbreviation picks. */
const OBJECTS: [string, ObjFn | undefined][] = [
  ['address', doIpaddr],
  ['addrlabel', undefined],
  ['maddress', doIpmaddr],
  ['route', doIproute],
  ['rule', doIprule],
  ['neighbor', doIpneigh],
  ['neighbour', doIpneigh],
  ['ntable', undefined],
  ['ntbl', undefined],
  ['link', doIplink],
  ['l2tp', undefined],
  ['fou', undefined],
  ['ila', undefined],
  ['macsec', undefined],
  ['tunnel', undefined],
  ['tunl', undefined],
  ['tuntap', undefined],
  ['tap', undefined],
  ['token', undefined],
  ['tcpmetrics', undefined],
  ['tcp_metrics', undefined],
  ['monitor', undefined],
  ['xfrm', undefined],
  ['mroute', undefined],
  ['mrule', undefined],
  ['netns', undefined],
  ['netconf', undefined],
  ['vrf', undefined],
  ['sr', undefined],
  ['nexthop', undefined],
  ['mptcp', undefined],
  ['ioam', undefined],
  ['help', undefined],
  ['stats', undefined],
];

function usage(io: IpOutput): never {
  io.err(USAGE);
  throw new ToolExit(-1);
}

function readFamily(name: string): IpOpts['family'] | undefined {
  switch (name) {
    case 'inet':
      return 'inet';
    case 'inet6':
      return 'inet6';
    case 'link':
      return 'packet';
    case 'bridge':
      return 'bridge';
    case 'mpls':
      return 'mpls';
    default:
      return undefined;
  }
}

/** Runs `ip` with argv (without "ip") and returns the exit status. */
export function runIp(
  argvIn: readonly string[],
  io: IpOutput,
  env0In: Omit<IpEnv, 'p' | 'o' | 'io'>,
  where?: { world: World; host: Host },
): IpResult {
  let env0 = env0In;
  const o: IpOpts = {
    family: 'unspec',
    stats: 0,
    details: 0,
    oneline: false,
    brief: false,
    json: false,
    pretty: false,
    numeric: false,
    resolve: false,
  };
  let timestamp: 0 | 1 | 2 = 0;
  const argv = [...argvIn];
  let i = 0;
  while (i < argv.length) {
    let opt = argv[i]!;
    if (opt === '--') {
      i++;
      break;
    }
    if (opt[0] !== '-') break;
    if (opt[1] === '-') opt = opt.slice(1);
    const m = (w: string): boolean => isPrefix(opt, w);
    if (m('-loops')) {
      i++;
      if (i >= argv.length) usage(io);
    } else if (m('-family')) {
      i++;
      if (i >= argv.length) usage(io);
      if (argv[i] === 'help') usage(io);
      const f = readFamily(argv[i]!);
      if (f === undefined) {
        io.err(`Error: argument "${argv[i]!}" is wrong: invalid protocol family\n`);
        throw new ToolExit(-1);
      }
      o.family = f;
    } else if (opt === '-4') o.family = 'inet';
    else if (opt === '-6') o.family = 'inet6';
    else if (opt === '-0') o.family = 'packet';
    else if (opt === '-M') o.family = 'mpls';
    else if (opt === '-B') o.family = 'bridge';
    else if (m('-human') || m('-human-readable')) {
      /* counters are small enough to print plainly */
    } else if (m('-iec')) {
      /* as -human */
    } else if (m('-stats') || m('-statistics')) o.stats++;
    else if (m('-details')) o.details++;
    else if (m('-resolve')) o.resolve = true;
    else if (m('-oneline')) o.oneline = true;
    else if (m('-timestamp')) timestamp = 1;
    else if (m('-tshort')) timestamp = 2;
    else if (m('-Version')) {
      io.out('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
      throw new ToolExit(0);
    } else if (m('-force')) {
      /* batch only */
    } else if (m('-batch')) {
      io.err('ip: -batch is not available in this emulator\n');
      throw new ToolExit(-1);
    } else if (m('-brief')) o.brief = true;
    else if (m('-json')) o.json = true;
    else if (m('-pretty')) o.pretty = true;
    else if (m('-rcvbuf')) {
      i++;
      if (i >= argv.length) usage(io);
    } else if (
      opt === '-c' ||
      opt.startsWith('-color') ||
      (opt.length > 2 && '-color'.startsWith(opt.split('=')[0]!))
    ) {
      /* color is never used: the output is compared byte for byte */
    } else if (m('-help')) usage(io);
    else if (m('-netns')) {
      i++;
      if (i >= argv.length) {
        io.err('Command line is not complete. Try option "help"\n');
        throw new ToolExit(-1);
      }
      const pod = where ? findNetns(where.world, where.host, argv[i]!) : undefined;
      if (!pod || !where) {
        io.err(`Cannot open network namespace "${argv[i]!}": No such file or directory\n`);
        throw new ToolExit(-1);
      }
      env0 = { ...env0, k: netlinkFor(where.world, pod) };
    } else if (m('-Numeric')) o.numeric = true;
    else if (m('-all')) {
      /* netns only */
    } else if (opt === '-echo') {
      /* no echo of requests */
    } else {
      io.err(`Option "${opt}" is unknown, try "ip -help".\n`);
      throw new ToolExit(-1);
    }
    i++;
  }
  const rest = argv.slice(i);
  if (rest.length === 0) usage(io);
  const obj = rest[0]!;
  const env: IpEnv = { ...env0, io, o, p: new Printer(io) };
  env.p.sl = o.oneline ? '\\' : '\n';
  for (const [name, fn] of OBJECTS) {
    if (!isPrefix(obj, name)) continue;
    if (name === 'help') usage(io);
    if (name === 'netns') {
      if (!where) return 1;
      return doIpnetns(io, where.world, where.host, rest.slice(1));
    }
    if (name === 'monitor') {
      const req = parseMonitor(rest.slice(1), io, timestamp);
      return typeof req === 'number' ? req : { monitor: req };
    }
    if (fn === undefined) {
      io.err(`ip ${name}: not modelled by this emulator (it models link, address, route, rule, neigh and maddress)\n`);
      return 1;
    }
    return -fn(env, rest.slice(1)) & 0xff;
  }
  io.err(`Object "${obj}" is unknown, try "ip help".\n`);
  return 1;
}

/** Buffers stdout so stderr lands in the right place, as a terminal shows it. */
export class BufferedIo implements IpOutput {
  private buf = '';
  constructor(private readonly ctx: Pick<CommandContext, 'stdout' | 'stderr'>) {}
  out(text: string): void {
    this.buf += text;
    if (this.buf.length > 65536) this.flush();
  }
  err(text: string): void {
    this.flush();
    this.ctx.stderr.write(text);
  }
  flush(): void {
    if (this.buf) this.ctx.stdout.write(this.buf);
    this.buf = '';
  }
}

export const ipCommand: Command = {
  name: 'ip',
  summary: 'show / manipulate routing, network devices, interfaces (iproute2)',
  usage: USAGE,
  complete(_ctx, words) {
    const rest = words.filter((w, i) => i === words.length - 1 || !w.startsWith('-'));
    if (rest.length <= 1) return ['address', 'link', 'neighbour', 'route', 'rule'];
    const obj = OBJECTS.find(([name]) => isPrefix(rest[0]!, name))?.[0];
    const verbs: Record<string, string[]> = {
      address: ['add', 'del', 'flush', 'replace', 'show'],
      link: ['add', 'delete', 'set', 'show'],
      route: ['add', 'append', 'del', 'flush', 'get', 'replace', 'show'],
      neighbor: ['add', 'del', 'flush', 'replace', 'show'],
      neighbour: ['add', 'del', 'flush', 'replace', 'show'],
      rule: ['show'],
    };
    if (rest.length === 2) return obj ? (verbs[obj] ?? []) : [];
    const prev = rest[rest.length - 2]!;
    if (prev === 'type') return ['bridge', 'dummy', 'veth', 'vxlan'];
    if (prev === 'nud') return ['permanent', 'reachable', 'stale', 'noarp', 'delay', 'probe', 'failed'];
    if (prev === 'table') return ['all', 'local', 'main'];
    // Everything else: the shell offers the host's device names.
    return [];
  },
  async run(ctx) {
    const io = new BufferedIo(ctx);
    let result: IpResult;
    try {
      result = runIp(
        ctx.argv.slice(1),
        io,
        { k: netlinkFor(ctx.world, ctx.host) },
        { world: ctx.world, host: ctx.host },
      );
    } catch (e) {
      if (e instanceof ToolExit) result = e.code & 0xff;
      else {
        io.flush();
        throw e;
      }
    }
    io.flush();
    if (typeof result === 'number') return result;
    if ('monitor' in result) {
      // Each dump runs `ip` itself on this host, so the monitor prints exactly what `ip … show` would.
      const dump = (argv: string[]): string => {
        let text = '';
        const cap: IpOutput = { out: (t) => (text += t), err: () => {} };
        try {
          runIp(argv, cap, { k: netlinkFor(ctx.world, ctx.host) }, { world: ctx.world, host: ctx.host });
        } catch (e) {
          if (!(e instanceof ToolExit)) throw e;
        }
        return text;
      };
      return runMonitor(ctx, result.monitor, dump);
    }
    // ip netns exec NAME CMD: CMD runs in the pod's namespace with our streams.
    const code = await ctx.shell.exec(result.exec.host, result.exec.argv);
    if (code === 127) {
      ctx.stderr.write(`exec of "${result.exec.argv[0]!}" failed: No such file or directory\n`);
      return 1;
    }
    return code;
  },
};
