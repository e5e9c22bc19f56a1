/**
 * tracepath from iputils 20221126: UDP probes from port 44444 up with DF
 * set (IP_PMTUDISC_PROBE), so the first probe meets the local MTU
 * ("[LOCALHOST] pmtu N") and the path's hops are listed with their RTT and
 * asymmetry; the destination answers port unreachable ("reached").
 */
import { SIGNAL_NUMBERS, type Command, type CommandContext } from '../../shell/command.js';
import { getopt } from './getopt.js';
import { inetAton } from './inet.js';
import { ProbeSocket } from './probe.js';
import { newTraceId, recordTrace } from './trace-log.js';
import { formatIpv4 } from '../../net/addr.js';

const VERSION =
  'tracepath from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n';
const USAGE = `
Usage
  tracepath [options] <destination>

Options:
  -4             use IPv4
  -6             use IPv6
  -b             print both name and ip
  -l <length>    use packet <length>
  -m <hops>      use maximum <hops>
  -n             no dns name resolution
  -p <port>      use destination <port>
  -V             print version and exit
  <destination>  dns name or ip address

For more details see tracepath(8).
`;

const HOST_COLUMN_SIZE = 52;
const OVERHEAD = 28;

function ms(us: number): string {
  const v = Math.max(0, Math.floor(us));
  return `${String(Math.floor(v / 1000)).padStart(3)}.${String(v % 1000).padStart(3, '0')}ms `;
}

/** The reply's TTL turned into a hop count (65 − ttl for Linux's 64). */
function backHops(ttl: number): number {
  if (ttl <= 64) return 65 - ttl;
  if (ttl <= 128) return 129 - ttl;
  return 256 - ttl;
}

async function run(ctx: CommandContext): Promise<number> {
  const g = getopt(ctx.argv.slice(1), '46bhnV', 'lmp');
  if (!g.ok) {
    ctx.stderr.write(`tracepath: ${g.message}\n${USAGE}`);
    return 1;
  }
  let mtu = 65535;
  let maxHops = 30;
  let basePort = 44444;
  let both = false;
  for (const { letter, value } of g.opts) {
    const v = value ?? '';
    switch (letter) {
      case 'V':
        ctx.stdout.write(VERSION);
        return 0;
      case 'h':
        ctx.stderr.write(USAGE);
        return 1;
      case 'b':
        both = true;
        break;
      case 'l': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < OVERHEAD || n > 65535) {
          ctx.stderr.write(`tracepath: invalid argument: '${v}': out of range: ${OVERHEAD} <= value <= 65535\n`);
          return 1;
        }
        mtu = n;
        break;
      }
      case 'm': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 255) {
          ctx.stderr.write(`tracepath: invalid argument: '${v}': out of range: 1 <= value <= 255\n`);
          return 1;
        }
        maxHops = n;
        break;
      }
      case 'p': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) {
          ctx.stderr.write(`tracepath: invalid argument: '${v}': out of range: 0 <= value <= 65535\n`);
          return 1;
        }
        basePort = n;
        break;
      }
      default:
        break;
    }
  }
  if (g.args.length !== 1) {
    ctx.stderr.write(USAGE);
    return 1;
  }
  let target = g.args[0]!;
  const slash = target.indexOf('/');
  if (slash >= 0) {
    basePort = Number(target.slice(slash + 1)) || 0;
    target = target.slice(0, slash);
  }
  const dst = inetAton(target);
  if (dst === undefined) {
    ctx.stderr.write(`tracepath: ${target}: Name or service not known\n`);
    return 1;
  }
  const ns = ctx.host.ns;
  const out = (s: string): void => ctx.stdout.write(s);
  const host = (a: number): string => {
    const s = both ? `${formatIpv4(a)} (${formatIpv4(a)})` : formatIpv4(a);
    const plen = Math.min(s.length, HOST_COLUMN_SIZE - 1);
    return s + ' '.repeat(HOST_COLUMN_SIZE - plen);
  };
  const sock = new ProbeSocket(ctx);
  const traceIds = new Set<number>();
  const stopTrace = recordTrace(ctx.world, ctx.argv.join(' '), ctx.host.name, traceIds);
  const clock = ctx.world.clock;
  let hisptr = 0;
  let hopsTo = -1;
  let hopsFrom = -1;
  try {
    /** One probe at this TTL: 0 = finished (reached/unreachable), >0 = progress, <0 = no reply. */
    const probe = async (ttl: number): Promise<number | 'signal'> => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const dport = (basePort + hisptr) & 0xffff;
        const traceId = newTraceId(ctx.world);
        traceIds.add(traceId);
        const sent = clock.now;
        const r = ns.ip.udpSend(sock.port, dst, dport, new Uint8Array(Math.max(0, mtu - OVERHEAD)), {
          ttl,
          df: true,
          traceId,
        });
        if (!r.ok) {
          if (r.errno === 'EMSGSIZE') {
            const rt = ns.routeOutput(dst);
            const dmtu = rt.ok ? rt.value.dev.mtu : mtu;
            out(`${String(ttl).padStart(2)}?: ${'[LOCALHOST]'.padEnd(32)} pmtu ${dmtu}\n`);
            mtu = dmtu;
            continue;
          }
          out(`${String(ttl).padStart(2)}:  send failed\n`);
          return 0;
        }
        hisptr = (hisptr + 1) & 63;
        const a = await sock.await(dport, 1_000_000);
        if (!a) return 'signal';
        if (!a.err) return -1;
        const e = a.err;
        let line = `${String(ttl).padStart(2)}:  ${host(e.from)}${ms(a.at - sent)}`;
        const back = backHops(e.ttl);
        if (e.type === 11) {
          if (back !== ttl) line += `asymm ${String(back).padStart(2)} `;
          out(line + '\n');
          return mtu;
        }
        if (e.type === 3 && e.code === 4) {
          out(line + `pmtu ${e.mtu ?? 0}\n`);
          mtu = e.mtu ?? mtu;
          continue;
        }
        if (e.type === 3 && e.code === 3) {
          out(line + 'reached\n');
          hopsTo = ttl;
          hopsFrom = back;
          return 0;
        }
        if (e.type === 3 && (e.code === 0 || e.code === 6)) out(line + '!N\n');
        else if (e.type === 3 && (e.code === 9 || e.code === 10 || e.code === 13)) out(line + '!A\n');
        else if (e.type === 3 && e.code === 2) out(line + '!P\n');
        else out(line + '!H\n');
        return 0;
      }
      return -1;
    };
    let ttl = 1;
    let finished = false;
    while (ttl <= maxHops && !finished) {
      let res: number | 'signal' = -1;
      let restart = false;
      for (let i = 0; i < 3; i++) {
        const before = mtu;
        res = await probe(ttl);
        if (res === 'signal') return 128 + SIGNAL_NUMBERS[ctx.signal ?? 'INT'];
        // iputils restarts the hop when the path MTU changed during the probe.
        if (mtu !== before) {
          restart = true;
          break;
        }
        if (res === 0) {
          finished = true;
          break;
        }
        if (res > 0) break;
      }
      if (restart) continue;
      if (finished) break;
      if (typeof res === 'number' && res < 0) out(`${String(ttl).padStart(2)}:  no reply\n`);
      ttl++;
    }
    if (!finished) out(`     Too many hops: pmtu ${mtu}\n`);
    let resume = `     Resume: pmtu ${mtu} `;
    if (hopsTo >= 0) resume += `hops ${hopsTo} `;
    if (hopsFrom >= 0) resume += `back ${hopsFrom} `;
    out(resume + '\n');
  } finally {
    sock.close();
    stopTrace();
  }
  return 0;
}

export const tracepath: Command = {
  name: 'tracepath',
  summary: 'trace the path to a network host, discovering its MTU (iputils)',
  usage: USAGE,
  async run(ctx) {
    try {
      return await run(ctx);
    } catch (e) {
      ctx.stderr.write(`tracepath: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  },
};
