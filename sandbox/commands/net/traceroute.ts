/**
 * traceroute 2.1.2 (Dmitry Butskoy's, Debian's `traceroute`), default UDP
 * method: probes to port 33434 upwards with TTL 1, 2, …, three per hop; the
 * routers' time-exceeded and the destination's port-unreachable draw the path.
 * Probes go one after another here (the real tool sends up to 16 at once), which
 * changes nothing in what is printed.
 */
import { SIGNAL_NUMBERS, type Command, type CommandContext } from '../../shell/command.js';
import { getopt } from './getopt.js';
import { inetAton } from './inet.js';
import { ProbeSocket } from './probe.js';
import { newTraceId, recordTrace } from './trace-log.js';
import { formatIpv4 } from '../../net/addr.js';
import { strerror } from '../../kernel/errno.js';

const USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
`;

const VERSION =
  'Modern traceroute for Linux, version 2.1.2\nCopyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n';

/** The annotation traceroute prints after an ICMP unreachable. */
function annotation(type: number, code: number, mtu: number | undefined): string {
  if (type !== 3) return '';
  switch (code) {
    case 0:
    case 6:
      return '!N';
    case 1:
    case 7:
      return '!H';
    case 2:
      return '!P';
    case 3:
      return '';
    case 4:
      return `!F-${mtu ?? 0}`;
    case 5:
      return '!S';
    case 9:
    case 10:
    case 13:
      return '!X';
    case 14:
      return '!V';
    case 15:
      return '!C';
    default:
      return `!<${code}>`;
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const g = getopt(ctx.argv.slice(1), '46dFITnreAUDVLPM', 'fgimNptlwqszO');
  const err = (m: string, s = 2): number => {
    ctx.stderr.write(m);
    return s;
  };
  if (!g.ok) return err(`Bad option \`${g.message.replace(/^.*-- '(.)'$/, '-$1')}' (argc 1)\n`);
  let firstTtl = 1;
  let maxTtl = 30;
  let nqueries = 3;
  let port = 33434;
  let waitS = 5;
  for (const { letter, value } of g.opts) {
    const v = value ?? '';
    const num = (lo: number, hi: number, what: string): number | undefined => {
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || n < lo || n > hi) {
        ctx.stderr.write(`${what}\n`);
        return undefined;
      }
      return n;
    };
    switch (letter) {
      case 'V':
        ctx.stderr.write(VERSION);
        return 0;
      case 'I':
      case 'T':
      case '6':
        return err(`traceroute: this probe method is not available here (only UDP over IPv4)\n`);
      case 'f': {
        const n = num(1, 255, 'first hop out of range');
        if (n === undefined) return 2;
        firstTtl = Math.floor(n);
        break;
      }
      case 'm': {
        const n = num(1, 255, 'max hops cannot be more than 255');
        if (n === undefined) return 2;
        maxTtl = Math.floor(n);
        break;
      }
      case 'q': {
        const n = num(1, 10, 'no more than 10 probes per hop');
        if (n === undefined) return 2;
        nqueries = Math.floor(n);
        break;
      }
      case 'p': {
        const n = num(1, 65535, `Cannot handle \`-p' option with arg \`${v}' (argc 2)`);
        if (n === undefined) return 2;
        port = Math.floor(n);
        break;
      }
      case 'w': {
        const n = Number(v.split(',')[0]);
        if (!Number.isFinite(n) || n < 0) return err(`Cannot handle \`-w' option with arg \`${v}' (argc 2)\n`);
        waitS = n;
        break;
      }
      default:
        break;
    }
  }
  if (firstTtl > maxTtl) return err('first hop out of range\n');
  if (g.args.length === 0) return err(USAGE);
  const host = g.args[0]!;
  let packetLen = 60;
  if (g.args.length > 1) {
    const n = Number(g.args[1]);
    if (!/^\d+$/.test(g.args[1]!) || n > 65000)
      return err(`Cannot handle "packetlen" cmdline arg \`${g.args[1]}' on position 2 (argc ${ctx.argv.length - 1})\n`);
    packetLen = Math.max(28, n);
  }
  const dst = inetAton(host);
  if (dst === undefined) {
    return err(
      `${host}: Name or service not known\nCannot handle "host" cmdline arg \`${host}' on position 1 (argc ${ctx.argv.length - 1})\n`,
    );
  }
  const ns = ctx.host.ns;
  const rt = ns.routeOutput(dst);
  if (!rt.ok) return err(`connect: ${strerror(rt.errno)}\n`);

  const out = (s: string): void => ctx.stdout.write(s);
  out(`traceroute to ${host} (${formatIpv4(dst)}), ${maxTtl} hops max, ${packetLen} byte packets`);
  const sock = new ProbeSocket(ctx);
  const traceIds = new Set<number>();
  const stopTrace = recordTrace(ctx.world, ctx.argv.join(' '), ctx.host.name, traceIds);
  const clock = ctx.world.clock;
  let seq = 0;
  try {
    for (let ttl = firstTtl; ttl <= maxTtl; ttl++) {
      out(`\n${String(ttl).padStart(2)} `);
      let last: number | undefined;
      let done = false;
      for (let q = 0; q < nqueries; q++) {
        const dport = (port + seq++) & 0xffff;
        const payload = new Uint8Array(Math.max(0, packetLen - 28));
        for (let i = 0; i < payload.length; i++) payload[i] = 0x40 + (i & 0x3f);
        const traceId = newTraceId(ctx.world);
        traceIds.add(traceId);
        const sent = clock.now;
        const r = ns.ip.udpSend(sock.port, dst, dport, payload, { ttl, traceId });
        if (!r.ok) {
          out(' *');
          continue;
        }
        const a = await sock.await(dport, waitS * 1_000_000);
        if (!a) return 128 + SIGNAL_NUMBERS[ctx.signal ?? 'INT'];
        if (!a.err) {
          out(' *');
          continue;
        }
        if (last !== a.err.from) out(` ${formatIpv4(a.err.from)}`);
        last = a.err.from;
        out(`  ${((a.at - sent) / 1000).toFixed(3)} ms`);
        const note = annotation(a.err.type, a.err.code, a.err.mtu);
        if (note) out(` ${note}`);
        if (a.err.type === 3 && (a.err.from === dst || a.err.code !== 3)) done = true;
      }
      if (done) break;
    }
    out('\n');
  } finally {
    sock.close();
    stopTrace();
  }
  return 0;
}

export const traceroute: Command = {
  name: 'traceroute',
  summary: 'print the route packets trace to network host (traceroute 2.1.2, UDP probes)',
  usage: USAGE,
  async run(ctx) {
    try {
      return await run(ctx);
    } catch (e) {
      ctx.stderr.write(`traceroute: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  },
};
