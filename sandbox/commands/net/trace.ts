/**
 * trace — ours, not a Linux tool (think pwru for this model): the decisions
 * the kernels took for the packets of the last ping, traceroute or tracepath,
 * as a numbered list per packet, each naming the table row it used.
 */
import type { Command } from '../../shell/command.js';
import { lastTrace } from './trace-log.js';
import type { PacketEvent } from '../../kernel/trace.js';

const USAGE = `Usage: trace [-p N] [-a]
Show the kernel's decisions for the packets of the last ping, traceroute or tracepath:
routes matched, neighbour and FDB entries used, bridging, VXLAN encapsulation, delivery, drops.
  -p N   only the N-th packet sent (default: all)
  -a     also list each event's virtual time
`;

function line(e: PacketEvent): string {
  if (e.decision === 'drop') return `drop: ${e.reason ?? 'dropped'} — ${e.row}`;
  return e.row;
}

export const trace: Command = {
  name: 'trace',
  summary: "show the kernel's decisions for the last ping's packets (routes, neighbours, FDB, encapsulation, drops)",
  usage: USAGE,
  run(ctx) {
    const args = ctx.argv.slice(1);
    let only: number | undefined;
    let times = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-a') times = true;
      else if (a === '-p' && i + 1 < args.length && /^\d+$/.test(args[i + 1]!)) only = Number(args[++i]);
      else if (a === '-h' || a === '--help') {
        ctx.stdout.write(USAGE);
        return 0;
      } else {
        ctx.stderr.write(`trace: invalid argument '${a}'\n${USAGE}`);
        return 2;
      }
    }
    const log = lastTrace(ctx.world);
    if (!log) {
      ctx.stderr.write('trace: nothing recorded yet — run ping, traceroute or tracepath first\n');
      return 1;
    }
    const byPacket = new Map<number, PacketEvent[]>();
    for (const e of log.events) {
      let l = byPacket.get(e.traceId);
      if (!l) byPacket.set(e.traceId, (l = []));
      l.push(e);
    }
    const ids = [...byPacket.keys()].sort((a, b) => a - b);
    let out = `trace of \`${log.command}\` on ${log.host}: ${ids.length} packet${ids.length === 1 ? '' : 's'}\n`;
    if (ids.length === 0) out += '(no packet left the command)\n';
    const width = Math.max(...log.events.map((e) => e.ns.length), 0);
    ids.forEach((id, i) => {
      if (only !== undefined && only !== i + 1) return;
      const evs = byPacket.get(id)!;
      out += `\npacket ${i + 1}\n`;
      const t0 = evs[0]!.at;
      evs.forEach((e, j) => {
        const t = times ? `+${((e.at - t0) / 1000).toFixed(3)}ms `.padStart(12) : '';
        out += `${String(j + 1).padStart(3)}. ${t}${e.ns.padEnd(width)}  ${line(e)}\n`;
      });
    });
    if (only !== undefined && (only < 1 || only > ids.length)) {
      ctx.stderr.write(`trace: no packet ${only} (there ${ids.length === 1 ? 'is' : 'are'} ${ids.length})\n`);
      return 1;
    }
    if (log.truncated) out += `(more decisions were made; only the first ${log.events.length} were kept)\n`;
    ctx.stdout.write(out);
    return 0;
  },
};
