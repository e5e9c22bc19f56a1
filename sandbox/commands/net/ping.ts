/**
 * ping from iputils 20221126 (raw ICMP socket, as root): the same options,
 * lines, statistics, error texts and exit codes. Echo requests carry a
 * struct timeval and the 0x10, 0x11, … fill pattern; RTTs are read back from
 * the echoed timestamp, on the world's clock.
 */
import { SIGNAL_NUMBERS, type Command, type CommandContext } from '../../shell/command.js';
import { getopt } from './getopt.js';
import { inetAton } from './inet.js';
import { Waiter } from './wait.js';
import { newTraceId, recordTrace } from './trace-log.js';
import { formatIpv4 } from '../../net/addr.js';
import { emitIcmp, ICMP_DEST_UNREACH, ICMP_TIME_EXCEEDED } from '../../net/icmp.js';
import { IP_PROTO_ICMP } from '../../net/ipv4.js';
import { strerror } from '../../kernel/errno.js';
import type { IcmpErrorInfo } from '../../kernel/ipv4/stack.js';
import { LOCAL_TZ_OFFSET_US } from '../../world/clock.js';

export const PING_VERSION =
  'ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n';

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define path MTU discovery, can be one of <do|dont|want|probe>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

class Exit {
  constructor(
    readonly status: number,
    readonly message?: string,
  ) {}
}

function die(status: number, message: string): never {
  throw new Exit(status, message);
}

/** iputils' strtol_or_err. */
function intArg(s: string, min: number, max: number): number {
  if (!/^[-+]?\d+$/.test(s.trim()) || s.trim() !== s.replace(/^\s+/, '')) die(1, `invalid argument: '${s}'`);
  const v = Number(s);
  if (!Number.isSafeInteger(v)) die(1, `invalid argument: '${s}': Numerical result out of range`);
  if (v < min || v > max) die(1, `invalid argument: '${s}': out of range: ${min} <= value <= ${max}`);
  return v;
}

/** iputils' ping_strtod. */
function floatArg(s: string, what: string): number {
  const v = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(v)) die(2, `${what}: ${s}`);
  return v;
}

type Pmtu = 'do' | 'dont' | 'want' | 'probe';

interface PingOpts {
  count: number;
  intervalMs: number;
  intervalGiven: boolean;
  datalen: number;
  ttl: number | undefined;
  lingerMs: number;
  deadlineS: number;
  pmtu: Pmtu;
  quiet: boolean;
  flood: boolean;
  numeric: boolean;
  timestamps: boolean;
  verbose: boolean;
  iface: string | undefined;
  source: number | undefined;
  tos: number;
}

function parse(argv: readonly string[]): { opts: PingOpts; target: string } | 'version' {
  const g = getopt(argv, 'h?4bRaABCdDfLnOqrUvV6', 'TFNceiIlmMpQsStwW');
  if (!g.ok) die(2, `${g.message}\n${USAGE}`);
  const o: PingOpts = {
    count: 0,
    intervalMs: 1000,
    intervalGiven: false,
    datalen: 56,
    ttl: undefined,
    lingerMs: 10_000,
    deadlineS: 0,
    pmtu: 'want',
    quiet: false,
    flood: false,
    numeric: false,
    timestamps: false,
    verbose: false,
    iface: undefined,
    source: undefined,
    tos: 0,
  };
  for (const { letter, value } of g.opts) {
    const v = value ?? '';
    switch (letter) {
      case 'V':
        return 'version';
      case 'h':
      case '?':
        die(2, `__usage__`);
        break;
      case '6':
        die(2, 'connect: Network is unreachable');
        break;
      case 'c':
        o.count = intArg(v, 1, Number.MAX_SAFE_INTEGER);
        break;
      case 'i': {
        const s = floatArg(v, 'bad timing interval');
        if (s < 0 || s > 2147483) die(2, `bad timing interval: ${v}`);
        o.intervalMs = Math.floor(s * 1000);
        o.intervalGiven = true;
        break;
      }
      case 's':
        o.datalen = intArg(v, 0, 2147483647);
        break;
      case 't':
        o.ttl = intArg(v, 0, 255);
        break;
      case 'W': {
        const s = floatArg(v, 'bad linger time');
        if (s < 0.001 || s > 2147483) die(2, `bad linger time: ${v}`);
        o.lingerMs = Math.floor(s * 1000);
        break;
      }
      case 'w':
        o.deadlineS = intArg(v, 0, 2147483647);
        break;
      case 'M':
        if (v !== 'do' && v !== 'dont' && v !== 'want' && v !== 'probe') die(2, `invalid -M argument: ${v}`);
        o.pmtu = v;
        break;
      case 'q':
        o.quiet = true;
        break;
      case 'f':
        o.flood = true;
        o.numeric = true;
        break;
      case 'n':
        o.numeric = true;
        break;
      case 'D':
        o.timestamps = true;
        break;
      case 'v':
        o.verbose = true;
        break;
      case 'I': {
        const a = inetAton(v);
        if (/^\d+\.\d+\.\d+\.\d+$/.test(v) && a !== undefined) o.source = a;
        else o.iface = v;
        break;
      }
      case 'Q': {
        const t = /^0[xX]/.test(v) ? parseInt(v.slice(2), 16) : Number(v);
        if (!Number.isInteger(t)) die(2, `bad TOS value: ${v}`);
        if (t > 255 || t < 0) die(2, `the decimal value of TOS bits must be in range 0-255: ${t}`);
        o.tos = t;
        break;
      }
      default:
        // Accepted and ignored, as they change nothing we model (-a -A -B -d -L -O -U -R -b -4 …).
        break;
    }
  }
  if (g.args.length === 0) die(1, 'usage error: Destination address required');
  if (o.flood && !o.intervalGiven) o.intervalMs = 0;
  if (o.datalen > 65507) die(2, `packet size ${o.datalen} is too large. Maximum is 65507`);
  return { opts: o, target: g.args[g.args.length - 1]! };
}

function fmtMs3(us: number): string {
  const v = Math.max(0, Math.floor(us));
  return `${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')}`;
}

/** gather_statistics' time=… with iputils' precision steps. */
export function formatTripTime(t: number): string {
  if (t >= 100000 - 50) return `${Math.floor((t + 500) / 1000)} ms`;
  if (t >= 10000 - 5) return `${Math.floor((t + 50) / 1000)}.${Math.floor(((t + 50) % 1000) / 100)} ms`;
  if (t >= 1000)
    return `${Math.floor((t + 5) / 1000)}.${String(Math.floor(((t + 5) % 1000) / 10)).padStart(2, '0')} ms`;
  return `${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, '0')} ms`;
}

/** printf("%g") for the loss percentage. */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const s = x.toPrecision(6);
  return s.includes('e') ? s : s.replace(/\.?0+$/, '');
}

function icmpText(type: number, code: number, info: number): string {
  if (type === ICMP_DEST_UNREACH) {
    const t: Record<number, string> = {
      0: 'Destination Net Unreachable',
      1: 'Destination Host Unreachable',
      2: 'Destination Protocol Unreachable',
      3: 'Destination Port Unreachable',
      4: `Frag needed and DF set (mtu = ${info})`,
      5: 'Source Route Failed',
      6: 'Destination Net Unknown',
      7: 'Destination Host Unknown',
      8: 'Source Host Isolated',
      9: 'Destination Net Prohibited',
      10: 'Destination Host Prohibited',
      11: 'Destination Net Unreachable for Type of Service',
      12: 'Destination Host Unreachable for Type of Service',
      13: 'Packet filtered',
      14: 'Precedence Violation',
      15: 'Precedence Cutoff',
    };
    return t[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === ICMP_TIME_EXCEEDED) {
    return code === 0
      ? 'Time to live exceeded'
      : code === 1
        ? 'Frag reassembly time exceeded'
        : `Time exceeded, Bad Code: ${code}`;
  }
  return `Bad ICMP type: ${type}`;
}

async function runPing(ctx: CommandContext): Promise<number> {
  const parsed = parse(ctx.argv.slice(1));
  if (parsed === 'version') {
    ctx.stdout.write(PING_VERSION);
    return 0;
  }
  const { opts, target } = parsed;
  const world = ctx.world;
  const ns = ctx.host.ns;
  const clock = world.clock;

  let dst = inetAton(target);
  if (dst === undefined) {
    if (target === 'localhost') dst = 0x7f000001;
    else die(2, `${target}: Name or service not known`);
  }
  let oif: number | undefined;
  if (opts.iface !== undefined) {
    const dev = ns.dev(opts.iface);
    if (!dev) die(2, `SO_BINDTODEVICE ${opts.iface}: No such device`);
    oif = dev.ifindex;
  }
  if (opts.source !== undefined && !ns.isLocalAddress(opts.source)) die(2, 'bind: Cannot assign requested address');
  const rt = ns.routeOutput(dst, {
    ...(oif !== undefined ? { oif } : {}),
    ...(opts.source !== undefined ? { src: opts.source } : {}),
  });
  if (!rt.ok) die(2, `connect: ${strerror(rt.errno)}`);
  if (rt.value.route.type === 'broadcast') {
    die(2, 'Do you want to ping broadcast? Then -b. If not, check your local firewall rules');
  }
  const src = opts.source ?? rt.value.src;
  const datalen = opts.datalen;
  const timing = datalen >= 16;
  const ttl = opts.ttl ?? ns.defaultTtl;

  let head = `PING ${target} (${formatIpv4(dst)}) `;
  if (opts.iface !== undefined || opts.source !== undefined) head += `from ${formatIpv4(src)} ${opts.iface ?? ''}: `;
  head += `${datalen}(${datalen + 28}) bytes of data.\n`;
  ctx.stdout.write(head);

  const ident = ns.ip.pingIdent();
  const traceIds = new Set<number>();
  const stopTrace = recordTrace(world, ctx.argv.join(' '), ctx.host.name, traceIds);
  const waiter = new Waiter(ctx);
  const st = {
    ntransmitted: 0,
    nreceived: 0,
    nerrors: 0,
    nrepeats: 0,
    tmin: Number.MAX_SAFE_INTEGER,
    tmax: 0,
    tsum: 0,
    tsum2: 0,
    rtt: 0,
    pipesize: -1,
    acked: 0,
    start: clock.now,
    cur: clock.now,
  };
  const received = new Set<number>();
  const out = (s: string): void => ctx.stdout.write(s);
  const stamp = (): string => {
    if (!opts.timestamps) return '';
    const t = clock.now;
    return `[${Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}] `;
  };
  void LOCAL_TZ_OFFSET_US;

  const acknowledge = (seq: number): void => {
    const diff = (st.ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff) {
      if (diff + 1 > st.pipesize) st.pipesize = diff + 1;
      if (((seq - st.acked) << 16) >> 16 > 0 || ((st.ntransmitted - st.acked) & 0xffff) > 0x7fff) st.acked = seq;
    }
  };

  const onReply = (from: number, rttl: number, seq: number, data: Uint8Array, ipLen: number): void => {
    if (from !== dst && !(dst >>> 24 === 127)) {
      // A raw socket sees every echo reply with our id; iputils filters on the id only.
    }
    const cc = ipLen - 20;
    const dup = received.has(seq);
    acknowledge(seq);
    let triptime = 0;
    if (timing && data.length >= 16) {
      const dv = new DataView(data.buffer, data.byteOffset, 16);
      const sec = Number(dv.getBigInt64(0, true));
      const usec = Number(dv.getBigInt64(8, true));
      triptime = Math.max(0, clock.now - (sec * 1_000_000 + usec));
    }
    if (dup) {
      st.nrepeats++;
    } else {
      received.add(seq);
      st.nreceived++;
      if (timing) {
        st.tsum += triptime;
        st.tsum2 += triptime * triptime;
        if (triptime < st.tmin) st.tmin = triptime;
        if (triptime > st.tmax) st.tmax = triptime;
        st.rtt = st.rtt === 0 ? triptime * 8 : st.rtt + triptime - Math.floor(st.rtt / 8);
      }
    }
    if (!opts.quiet) {
      if (opts.flood) out('\b \b');
      else {
        let line = `${stamp()}${cc} bytes from ${formatIpv4(from)}: icmp_seq=${seq} ttl=${rttl}`;
        if (cc < datalen + 8) {
          out(line + ' (truncated)\n');
        } else {
          if (timing) line += ` time=${formatTripTime(triptime)}`;
          if (dup) line += ' (DUP!)';
          out(line + '\n');
        }
      }
    }
    waiter.wake();
  };

  const onError = (err: IcmpErrorInfo, seq: number): void => {
    if (err.original.dst !== dst) return;
    acknowledge(seq);
    st.nerrors++;
    if (!opts.quiet) {
      if (opts.flood) out('\bE');
      else
        out(`${stamp()}From ${formatIpv4(err.from)} icmp_seq=${seq} ${icmpText(err.type, err.code, err.mtu ?? 0)}\n`);
    }
    waiter.wake();
  };

  ns.ip.pingBind(ident, {
    onReply: (from, rttl, seq, data, ipLen) => onReply(from, rttl, seq, data, ipLen),
    onError,
  });

  const sendProbe = (): void => {
    const seq = (st.ntransmitted + 1) & 0xffff;
    const data = new Uint8Array(datalen);
    for (let i = 0; i < datalen; i++) data[i] = i & 0xff;
    if (timing) {
      const now = clock.now;
      const dv = new DataView(data.buffer);
      dv.setBigInt64(0, BigInt(Math.floor(now / 1_000_000)), true);
      dv.setBigInt64(8, BigInt(now % 1_000_000), true);
    }
    const icmp = emitIcmp({ kind: 'echo', type: 8, id: ident, seq, data });
    const traceId = newTraceId(world);
    traceIds.add(traceId);
    const r = ns.routeOutput(dst, { ...(oif !== undefined ? { oif } : {}), src });
    st.cur = clock.now;
    if (!r.ok) {
      st.ntransmitted++;
      if (!opts.quiet) ctx.stderr.write(opts.flood ? 'E' : `ping: sendmsg: ${strerror(r.errno)}\n`);
      return;
    }
    const mtu = r.value.dev.mtu;
    const total = 28 + datalen;
    const fits = total <= mtu;
    const df = opts.pmtu === 'do' || opts.pmtu === 'probe' || (opts.pmtu === 'want' && fits);
    if (!fits && (opts.pmtu === 'do' || opts.pmtu === 'probe')) {
      st.ntransmitted++;
      st.nerrors++;
      if (!opts.quiet) ctx.stderr.write(opts.flood ? 'E' : `ping: local error: message too long, mtu=${mtu}\n`);
      return;
    }
    const res = ns.ipSend({ tos: opts.tos, df, ttl, protocol: IP_PROTO_ICMP, src, dst }, icmp, traceId, r.value);
    st.ntransmitted++;
    if (!res.ok) {
      if (!opts.quiet) ctx.stderr.write(opts.flood ? 'E' : `ping: sendmsg: ${strerror(res.errno)}\n`);
      return;
    }
    if (!opts.quiet && opts.flood) out('.');
  };

  let exiting = false;
  let exitAt: number | undefined;
  const deadlineAt = opts.deadlineS > 0 ? st.start + opts.deadlineS * 1_000_000 : undefined;
  const floodGapUs = 10_000;
  let nextSend = clock.now;
  try {
    for (;;) {
      if (exiting || ctx.signal) break;
      if (opts.count && st.nreceived + st.nerrors >= opts.count) break;
      if (opts.deadlineS && st.nerrors) break;
      const moreToSend = !opts.count || st.ntransmitted < opts.count || opts.deadlineS > 0;
      if (moreToSend && clock.now >= nextSend) {
        sendProbe();
        // The process wakes a little after its timer (scheduling slack), as on a real host.
        const slack = opts.intervalMs >= 100 ? world.rng.int(100, 2500) : 0;
        const gap = opts.flood && opts.intervalMs === 0 ? floodGapUs : opts.intervalMs * 1000 + slack;
        nextSend = clock.now + gap;
        if (opts.count && st.ntransmitted >= opts.count && !opts.deadlineS && exitAt === undefined) {
          const wait = st.nreceived ? Math.max(2 * st.tmax, opts.intervalMs * 1000) : opts.lingerMs * 1000;
          exitAt = clock.now + wait;
        }
        continue;
      }
      let until = Number.MAX_SAFE_INTEGER;
      if (moreToSend) until = nextSend;
      if (exitAt !== undefined) until = Math.min(until, exitAt);
      if (deadlineAt !== undefined) until = Math.min(until, deadlineAt);
      if (until === Number.MAX_SAFE_INTEGER) until = clock.now + 3_600_000_000;
      const why = await waiter.until(until);
      if (why === 'signal') break;
      if (opts.flood && why === 'wake' && moreToSend && st.ntransmitted - st.nreceived - st.nerrors <= 0)
        nextSend = clock.now;
      if (exitAt !== undefined && clock.now >= exitAt) break;
      if (deadlineAt !== undefined && clock.now >= deadlineAt) break;
    }
  } finally {
    ns.ip.pingUnbind(ident);
    stopTrace();
  }
  exiting = true;
  // iputils catches SIGINT (and SIGALRM) to print its statistics; SIGTERM and SIGKILL end it silently.
  if (ctx.signal !== undefined && ctx.signal !== 'INT') return 128 + SIGNAL_NUMBERS[ctx.signal];
  return finish(ctx, target, st, timing, opts);
}

interface Stats {
  ntransmitted: number;
  nreceived: number;
  nerrors: number;
  nrepeats: number;
  tmin: number;
  tmax: number;
  tsum: number;
  tsum2: number;
  rtt: number;
  pipesize: number;
  start: number;
  cur: number;
  deadline?: number;
}

function finish(ctx: CommandContext, target: string, st: Stats, timing: boolean, opts: PingOpts): number {
  const tvUs = st.cur - st.start;
  let s = `\n--- ${target} ping statistics ---\n`;
  s += `${st.ntransmitted} packets transmitted, ${st.nreceived} received`;
  if (st.nrepeats) s += `, +${st.nrepeats} duplicates`;
  if (st.nerrors) s += `, +${st.nerrors} errors`;
  if (st.ntransmitted) {
    s += `, ${formatG(((st.ntransmitted - st.nreceived) * 100) / st.ntransmitted)}% packet loss`;
    s += `, time ${Math.floor((tvUs + 500) / 1000)}ms`;
  }
  s += '\n';
  let comma = '';
  if (st.nreceived && timing) {
    const total = st.nreceived + st.nrepeats;
    const tmavg = Math.floor(st.tsum / total);
    const tmvar = Math.floor((st.tsum2 - Math.floor((st.tsum * st.tsum) / total)) / total);
    const tmdev = Math.floor(Math.sqrt(Math.max(0, tmvar)));
    s += `rtt min/avg/max/mdev = ${fmtMs3(st.tmin)}/${fmtMs3(tmavg)}/${fmtMs3(st.tmax)}/${fmtMs3(tmdev)} ms`;
    comma = ', ';
  }
  if (st.pipesize > 1) {
    s += `${comma}pipe ${st.pipesize}`;
    comma = ', ';
  }
  if (st.nreceived && (opts.intervalMs === 0 || opts.flood) && st.ntransmitted > 1) {
    const ipg = Math.floor(tvUs / (st.ntransmitted - 1));
    s += `${comma}ipg/ewma ${Math.floor(ipg / 1000)}.${String(ipg % 1000).padStart(3, '0')}/${Math.floor(st.rtt / 8000)}.${String(Math.floor(st.rtt / 8) % 1000).padStart(3, '0')} ms`;
  }
  s += '\n';
  ctx.stdout.write(s);
  return !st.nreceived || (opts.deadlineS > 0 && opts.count > 0 && st.nreceived < opts.count) ? 1 : 0;
}

export const ping: Command = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts (iputils)',
  usage: USAGE,
  async run(ctx) {
    try {
      return await runPing(ctx);
    } catch (e) {
      if (e instanceof Exit) {
        if (e.message === '__usage__') ctx.stderr.write(USAGE);
        else if (e.message !== undefined) ctx.stderr.write(`ping: ${e.message}\n`);
        return e.status;
      }
      ctx.stderr.write(`ping: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  },
};
