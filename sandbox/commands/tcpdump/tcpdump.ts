/**
 * tcpdump 4.99: capture on a device of the host's namespace (or read a pcap),
 * filter with pcap-filter, print from the bytes or write a pcap; banner and
 * statistics on stderr as tcpdump prints them.
 */
import { SIGNAL_NUMBERS, type Command, type CommandContext } from '../../shell/command.js';
import { LOCAL_TZ_OFFSET_US, US_PER_S, type TimerHandle } from '../../world/clock.js';
import { FsError, MAX_FILE_BYTES, normalizePath } from '../../world/fs.js';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL2,
  PcapWriter,
  pcapHeader,
  pcapRecord,
  readPcap,
} from '../../net/pcap.js';
import { compileFilter, type Matcher } from './filter/index.js';
import {
  formatTimestamp,
  linktypeName,
  printPacket,
  type CapturedPacket,
  type PrintOptions,
  type Resolvers,
} from './print/index.js';
import { recordObservation, MAX_FRAMES_PER_CAPTURE } from '../../world/observations.js';
import { captureObservation } from '../../exercises/frames.js';
import type { NetDevice } from '../../kernel/netdevice.js';
import { listInterfaces, openCapture, toRecord } from './capture.js';
import { TCPDUMP_USAGE, TCPDUMP_VERSION, parseTcpdumpArgs, type TcpdumpOptions } from './options.js';
import { hostResolvers } from './resolve.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fsMessage(e: unknown): string {
  if (e instanceof FsError) {
    switch (e.code) {
      case 'ENOENT':
        return 'No such file or directory';
      case 'EISDIR':
        return 'Is a directory';
      case 'ENOTDIR':
        return 'Not a directory';
      case 'EFBIG':
        return 'File too large';
      default:
        return e.code;
    }
  }
  return String(e);
}

/** Zones without daylight saving time, by the names TZ may carry. */
const FIXED_ZONES: ReadonlyMap<string, number> = new Map([
  ['UTC', 0],
  ['UTC0', 0],
  ['GMT', 0],
  ['GMT0', 0],
  ['Etc/UTC', 0],
  ['Etc/GMT', 0],
  ['Universal', 0],
  ['Asia/Shanghai', 8],
  ['Asia/Hong_Kong', 8],
  ['Asia/Singapore', 8],
  ['Asia/Taipei', 8],
  ['PRC', 8],
  ['CST-8', 8],
  ['Asia/Tokyo', 9],
  ['Asia/Seoul', 9],
  ['Asia/Kolkata', 5.5],
]);

/**
 * The zone tools print in: the node's own (UTC+8, the article's) unless TZ
 * says otherwise; a TZ glibc cannot find means UTC, as it does for glibc.
 */
function tzOffset(ctx: CommandContext): number {
  const tz = ctx.env.get('TZ');
  if (tz === undefined || tz === '') return LOCAL_TZ_OFFSET_US;
  const hours = FIXED_ZONES.get(tz.replace(/^:/, ''));
  return hours === undefined ? 0 : Math.round(hours * 3600 * US_PER_S);
}

/** Formats records one after another (-t variants need the previous and first timestamps). */
class Printer {
  private first: number | undefined;
  private prev: number | undefined;
  private n = 0;

  private readonly names: Resolvers;
  private readonly popts: PrintOptions;

  constructor(
    private readonly ctx: CommandContext,
    private readonly o: TcpdumpOptions,
    private readonly linktype: number,
  ) {
    const ns = ctx.host.ns;
    this.names = { ...hostResolvers(ctx.host.fs).print, ifName: (i) => ns.dev(i)?.name };
    this.popts = {
      numeric: o.numeric > 0,
      verbose: o.verbose,
      linkHeader: o.linkHeader,
      quiet: o.quiet,
      hex: o.hex,
      hexAscii: o.hexAscii,
      ascii: o.ascii,
      tzOffsetUs: tzOffset(ctx),
    };
  }

  line(pkt: CapturedPacket): string {
    let text = printPacket(pkt, this.linktype, this.popts, this.names);
    if (this.o.timestamps > 0) {
      text = this.stamp(pkt.tsUs) + text.slice(formatTimestamp(pkt.tsUs, this.popts.tzOffsetUs).length);
    }
    this.n++;
    return this.o.number ? `${String(this.n).padStart(5)}  ${text}` : text;
  }

  private stamp(ts: number): string {
    this.first ??= ts;
    const delta = (from: number | undefined): string => {
      const d = from === undefined ? 0 : ts - from;
      const s = Math.floor(d / 1e6);
      const p2 = (n: number): string => String(n).padStart(2, '0');
      return ` ${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}.${String(d % 1e6).padStart(6, '0')} `;
    };
    let out: string;
    switch (this.o.timestamps) {
      case 1:
        out = '';
        break;
      case 2:
        out = `${Math.floor(ts / 1e6)}.${String(ts % 1e6).padStart(6, '0')} `;
        break;
      case 3:
        out = delta(this.prev);
        break;
      case 4: {
        const d = new Date(Math.floor((ts + this.popts.tzOffsetUs) / 1000));
        const p2 = (n: number): string => String(n).padStart(2, '0');
        out = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${formatTimestamp(ts, this.popts.tzOffsetUs)}`;
        break;
      }
      default:
        out = delta(this.first);
    }
    this.prev = ts;
    return out;
  }
}

function names(ctx: CommandContext): ReturnType<typeof hostResolvers>['filter'] {
  return hostResolvers(ctx.host.fs).filter;
}

function compile(ctx: CommandContext, o: TcpdumpOptions, linktype: number, live: boolean): Matcher | undefined {
  const c = compileFilter(o.expression, linktype, names(ctx), { live });
  if (!c.ok) {
    ctx.stderr.write(`tcpdump: ${c.error}\n`);
    return undefined;
  }
  return c.match;
}

/**
 * Pipes between commands carry text: a pcap crosses one (`tcpdump -w - | tcpdump -r -`)
 * as one character per byte.
 */
function bytesToLatin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

function latin1ToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
  return b;
}

/** A pcap being written with -w, kept in the host's file system as it grows. */
class DumpFile {
  private readonly w: PcapWriter;
  private pending = 0;
  full = false;

  constructor(
    private readonly ctx: CommandContext,
    readonly path: string,
    snaplen: number,
    linktype: number,
  ) {
    this.w = new PcapWriter(snaplen, linktype);
  }

  /** `-w -`: the pcap goes to stdout, each record as it is captured. */
  private get toStdout(): boolean {
    return this.path === '-';
  }

  /** Create (truncate) the file now, as pcap_dump_open does. Returns an error text on failure. */
  open(): string | undefined {
    if (this.toStdout) {
      this.ctx.stdout.write(bytesToLatin1(pcapHeader(this.w.snaplen, this.w.linktype)));
      return undefined;
    }
    try {
      this.ctx.host.fs.write(this.path, this.w.bytes());
      return undefined;
    } catch (e) {
      return fsMessage(e);
    }
  }

  add(p: CapturedPacket): void {
    if (this.toStdout) {
      this.ctx.stdout.write(bytesToLatin1(pcapRecord(p.tsUs, p.data, p.origLen, this.w.snaplen)));
      return;
    }
    if (this.full) return;
    if (this.w.length + p.data.length + 16 > MAX_FILE_BYTES) {
      this.full = true;
      return;
    }
    this.w.add(p.tsUs, p.data, p.origLen);
    // Like stdio's buffer the file lags behind; rewrites grow geometrically so a long capture stays linear.
    this.pending += p.data.length + 16;
    if (this.pending >= 4096 && this.pending * 8 >= this.w.length) this.flush();
  }

  flush(): void {
    if (this.toStdout) return;
    this.pending = 0;
    try {
      this.ctx.host.fs.write(this.path, this.w.bytes());
    } catch {
      // The file's directory went away meanwhile: like a full disk, the capture goes on unsaved.
    }
  }
}

function dumpPath(ctx: CommandContext, file: string): string {
  return file === '-' ? '-' : normalizePath(file, ctx.cwd);
}

async function readFile(ctx: CommandContext, o: TcpdumpOptions, file: string): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes =
      file === '-' ? latin1ToBytes(await ctx.stdin.readAll()) : ctx.host.fs.readBytes(normalizePath(file, ctx.cwd));
  } catch (e) {
    if (e instanceof FsError && e.code === 'EISDIR')
      ctx.stderr.write('tcpdump: error reading dump file: Is a directory\n');
    else ctx.stderr.write(`tcpdump: ${file}: ${fsMessage(e)}\n`);
    return 1;
  }
  const r = readPcap(bytes);
  if ('error' in r) {
    ctx.stderr.write(`tcpdump: ${r.error}\n`);
    return 1;
  }
  ctx.stderr.write(`reading from file ${file}, link-type ${linktypeName(r.linktype)}, snapshot length ${r.snaplen}\n`);
  // The ifindexes in the file are looked up on this host, which need not be where it was captured.
  if (r.linktype === LINKTYPE_LINUX_SLL2) ctx.stderr.write('Warning: interface names might be incorrect\n');
  const match = compile(ctx, o, r.linktype, false);
  if (!match) return 1;
  let dump: DumpFile | undefined;
  if (o.writeFile !== undefined) {
    dump = new DumpFile(ctx, dumpPath(ctx, o.writeFile), r.snaplen, r.linktype);
    const err = dump.open();
    if (err) {
      ctx.stderr.write(`tcpdump: ${o.writeFile}: ${err}\n`);
      return 1;
    }
  }
  const printer = new Printer(ctx, o, r.linktype);
  let n = 0;
  for (const rec of r.records) {
    if (o.count !== undefined && n >= o.count) break;
    if (!match(rec.data, rec.origLen)) continue;
    n++;
    const pkt = rec;
    if (dump) dump.add(pkt);
    if ((!dump || o.print) && !o.countOnly) ctx.stdout.write(printer.line(pkt));
  }
  dump?.flush();
  if (o.countOnly) ctx.stdout.write(`${plural(n, 'packet')}\n`);
  if (r.truncated && (o.count === undefined || n < o.count)) {
    ctx.stderr.write(`tcpdump: pcap_loop: ${r.truncated}\n`);
    return 1;
  }
  return 0;
}

async function live(ctx: CommandContext, o: TcpdumpOptions): Promise<number> {
  const opened = openCapture(ctx.host.ns, o.interface);
  if (!opened.ok) {
    ctx.stderr.write(`tcpdump: ${opened.message}\n`);
    return 1;
  }
  const src = opened.source;
  if (src.announceSll2) ctx.stderr.write('tcpdump: data link type LINUX_SLL2\n');
  const match = compile(ctx, o, src.linktype, true);
  if (!match) return 1;
  let dump: DumpFile | undefined;
  if (o.writeFile !== undefined) {
    dump = new DumpFile(ctx, dumpPath(ctx, o.writeFile), o.snaplen, src.linktype);
    const err = dump.open();
    if (err) {
      ctx.stderr.write(`tcpdump: ${o.writeFile}: ${err}\n`);
      return 1;
    }
  }
  ctx.stderr.write(
    `${!o.verbose && !dump ? 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' : 'tcpdump: '}` +
      `listening on ${src.name}, link-type ${linktypeName(src.linktype)}, snapshot length ${o.snaplen} bytes\n`,
  );
  const printer = new Printer(ctx, o, src.linktype);
  // What this capture showed, for the exercises (bounded; the count is kept separately).
  const shown: CapturedPacket[] = [];
  const startedAt = ctx.world.clock.now;
  let captured = 0;
  let received = 0;
  let finish: (() => void) | undefined;
  const countReached = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const untaps: (() => void)[] = [];
  const stop = (): void => {
    for (const u of untaps.splice(0)) u();
  };
  let failure: unknown;
  const tap = (dev: NetDevice): void => {
    untaps.push(
      dev.addTap(
        (frame, dir, tsUs) => {
          if (o.count !== undefined && captured >= o.count) return;
          if (o.direction !== 'inout' && o.direction !== dir) return;
          // The kernel may rewrite the frame later (TTL, checksums): keep our own copy.
          const pkt = toRecord(src, dev, frame, dir, tsUs, o.snaplen);
          if (!match(pkt.data, pkt.origLen, dir)) return;
          received++;
          // libpcap drops the outgoing copy on loopback: the packet comes back in as incoming.
          if (dir === 'out' && dev.isLoopback) return;
          captured++;
          if (shown.length < MAX_FRAMES_PER_CAPTURE) shown.push(pkt);
          if (dump) dump.add(pkt);
          if (!dump || o.print) {
            try {
              ctx.stdout.write(printer.line(pkt));
            } catch (e) {
              // The kernel would swallow it; keep it to rethrow once the capture ends, as the emulator bug it is.
              failure ??= e;
            }
          }
          if (o.count !== undefined && captured >= o.count) {
            stop();
            finish?.();
          }
        },
        { promisc: o.promisc && src.linktype === LINKTYPE_ETHERNET },
      ),
    );
  };
  for (const dev of src.devices) tap(dev);
  // A packet socket bound to one device gets ENETDOWN when the device goes down or away.
  let wentDown: (() => void) | undefined;
  const down = new Promise<'down'>((resolve) => {
    wentDown = () => resolve('down');
  });
  const dev = src.name !== 'any' ? src.devices[0] : undefined;
  const unlisten = ctx.world.events.on((e) => {
    const k = e as { type: string; ns?: string; detail?: string };
    if (k.type !== 'kernel.link' || k.ns !== ctx.host.ns.name || k.detail === undefined) return;
    if (dev) {
      if (k.detail === `${dev.name} down` || k.detail === `del ${dev.name}`) wentDown?.();
    } else if (k.detail.startsWith('add ')) {
      // The any device sees links created while it runs (a pod's veth, a new bridge).
      const added = ctx.host.ns.dev(k.detail.slice(4));
      if (added && untaps.length > 0) tap(added);
    }
  });
  // Writing a file with -v (and no --print): once a second, the count so far, if it changed.
  let reported: number | undefined;
  let ticker: TimerHandle | undefined;
  const tick = (): void => {
    if (reported !== captured) ctx.stderr.write(`Got ${captured}\r`);
    reported = captured;
    ticker = ctx.world.clock.after(US_PER_S, tick);
  };
  if (dump && o.verbose > 0 && !o.print) ticker = ctx.world.clock.after(US_PER_S, tick);
  const how = await Promise.race([countReached.then(() => 'count' as const), ctx.signalled, down]);
  ticker?.cancel();
  unlisten();
  stop();
  recordObservation(
    ctx.world,
    captureObservation({
      host: ctx.host.name,
      iface: src.name,
      filter: o.expression,
      start: startedAt,
      end: ctx.world.clock.now,
      frames: shown,
      packets: captured,
      linktype: src.linktype,
    }),
  );
  if (how === 'KILL') {
    // SIGKILL cannot be caught: no statistics, and the pcap holds only what was flushed before.
    return 128 + SIGNAL_NUMBERS.KILL;
  }
  dump?.flush();
  if (how === 'down') ctx.stderr.write('tcpdump: pcap_loop: The interface went down\n');
  // On a signal tcpdump ends the line the terminal's ^C left open (not when writing a file).
  else if (how !== 'count' && !dump) ctx.stdout.write('\n');
  ctx.stderr.write(
    `${plural(captured, 'packet')} captured\n${plural(received, 'packet')} received by filter\n0 packets dropped by kernel\n`,
  );
  if (failure !== undefined) throw failure;
  return how === 'down' ? 1 : 0;
}

export const tcpdump: Command = {
  name: 'tcpdump',
  summary: 'dump traffic on a network (tcpdump 4.99)',
  usage: TCPDUMP_USAGE,
  complete(ctx, words) {
    const prev = words[words.length - 1];
    if (prev === '-i') return ['any', ...ctx.host.ns.devices().map((d) => d.name)];
    return ['-i', '-n', '-nn', '-v', '-vv', '-e', '-c', '-x', '-X', '-XX', '-w', '-r', '-q', '-l', '-s', '-D'];
  },
  async run(ctx) {
    const parsed = parseTcpdumpArgs(ctx.argv.slice(1));
    if (!parsed.ok) {
      ctx.stderr.write(`tcpdump: ${parsed.message}\n`);
      if (parsed.usage) ctx.stderr.write(TCPDUMP_VERSION + TCPDUMP_USAGE);
      return 1;
    }
    const o = parsed.opts;
    if (o.help) {
      ctx.stdout.write(TCPDUMP_VERSION + TCPDUMP_USAGE);
      return 0;
    }
    if (o.version) {
      ctx.stdout.write(TCPDUMP_VERSION);
      return 0;
    }
    if (o.listInterfaces) {
      ctx.stdout.write(listInterfaces(ctx.host.ns).join('\n') + '\n');
      return 0;
    }
    if (o.readFile !== undefined) return readFile(ctx, o, o.readFile);
    return live(ctx, o);
  },
};
