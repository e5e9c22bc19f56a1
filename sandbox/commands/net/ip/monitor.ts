/**
 * `ip monitor`: the rtnetlink notifications of one namespace, printed as the `ip` show commands
 * print objects, until Ctrl-C. The kernel here reports that something changed (netns.notify);
 * what changed is found by comparing the namespace's tables before and after, object by
 * object, so a new route prints its line, a deleted one `Deleted <line>`, a neighbour that
 * went STALE its new line.
 */
import { SIGNAL_NUMBERS, type CommandContext } from '../../../shell/command.js';
import type { WorldEventBase } from '../../../world/events.js';
import type { IpOutput } from '../iproute2/print.js';
import { isPrefix } from '../iproute2/utils.js';
import { LOCAL_TZ_OFFSET_US } from '../../../world/clock.js';

export type MonitorObject = 'link' | 'address' | 'route' | 'neigh';

export interface MonitorRequest {
  objects: MonitorObject[];
  /** `all` or `label`: each message starts with `[LINK]`, `[ADDR]`, `[ROUTE]`, `[NEIGH]`. */
  banner: boolean;
  /** Only messages about this device (`dev NAME`). */
  dev?: string;
  /** -t: a `Timestamp:` line before each message; -ts: a short `[…]` prefix. */
  timestamp: 0 | 1 | 2;
}

const ALL: MonitorObject[] = ['link', 'address', 'route', 'neigh'];
const BANNER: Record<MonitorObject, string> = {
  link: '[LINK]',
  address: '[ADDR]',
  route: '[ROUTE]',
  neigh: '[NEIGH]',
};
/** Objects ip monitor knows but this kernel never reports: accepted, silent. */
const QUIET = ['mroute', 'prefix', 'netconf', 'rule', 'nsid', 'nexthop', 'stats', 'maddress', 'acaddress'];

const USAGE =
  'Usage: ip monitor [ all | OBJECTS ] [ FILE ] [ label ] [ all-nsid ]\n' +
  '                  [ dev DEVICE ]\n' +
  'OBJECTS :=  address | link | mroute | neigh | netconf |\n' +
  '            nexthop | nsid | prefix | route | rule | stats\n' +
  'FILE := file FILENAME\n';

/** Parse `ip monitor` arguments; a number is an exit status after a message. */
export function parseMonitor(argv: readonly string[], io: IpOutput, timestamp: 0 | 1 | 2): MonitorRequest | number {
  const req: MonitorRequest = { objects: [], banner: false, timestamp };
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (isPrefix(a, 'label')) req.banner = true;
    else if (a === 'all') req.banner = true;
    else if (a === 'dev') {
      const d = argv[++i];
      if (d === undefined) {
        io.err('Command line is not complete. Try option "help"\n');
        return 255;
      }
      req.dev = d;
    } else if (isPrefix(a, 'file')) {
      io.err('ip monitor file: not modelled by this emulator\n');
      return 255;
    } else if (isPrefix(a, 'help')) {
      io.err(USAGE);
      return 255;
    } else if (a === 'all-nsid') {
      /* one namespace is all there is to hear */
    } else {
      const obj = ALL.find((o) => isPrefix(a, o) || (o === 'neigh' && (a === 'neighbor' || a === 'neighbour')));
      if (obj) {
        if (!req.objects.includes(obj)) req.objects.push(obj);
      } else if (QUIET.some((q) => isPrefix(a, q))) quiet = true;
      else {
        io.err(`Argument "${a}" is unknown, try "ip monitor help".\n`);
        return 255;
      }
    }
  }
  if (req.objects.length === 0 && !quiet) req.objects = [...ALL];
  return req;
}

/** One object as the show command prints it, with the key that names it across changes. */
export interface Row {
  key: string;
  text: string;
}

export type Dump = (argv: string[]) => string;

function rows(obj: MonitorObject, dump: Dump): Row[] {
  switch (obj) {
    case 'route':
      return dump(['route', 'show', 'table', 'all'])
        .split('\n')
        .filter((l) => l !== '')
        .map((text) => {
          const w = text.split(' ');
          const typed = /^(local|broadcast|unreachable|blackhole|prohibit|throw|anycast|multicast|nat)$/.test(w[0]!);
          const dst = typed ? `${w[0]} ${w[1]}` : w[0]!;
          const table = /\btable (\S+)/.exec(text)?.[1] ?? 'main';
          const metric = /\bmetric (\d+)/.exec(text)?.[1] ?? '0';
          return { key: `${table} ${dst} ${metric}`, text: text + '\n' };
        });
    case 'neigh':
      return dump(['neigh', 'show', 'nud', 'all'])
        .split('\n')
        .filter((l) => l !== '')
        .map((text) => ({ key: text.split(' ').slice(0, 3).join(' '), text: text + '\n' }));
    case 'link':
      return dump(['link', 'show'])
        .split(/\n(?=\d+: )/)
        .filter((l) => l.trim() !== '')
        .map((text) => ({ key: /^(\d+):/.exec(text)?.[1] ?? text, text: text.endsWith('\n') ? text : text + '\n' }));
    case 'address':
      // One address per line with -o; the monitor prints the lifetime on its own line, as `ip addr` does.
      return dump(['-o', 'addr', 'show'])
        .split('\n')
        .filter((l) => l !== '')
        .map((line) => {
          const m = /^(\d+): (\S+)\s+(\S+) (\S+)/.exec(line);
          return {
            key: m ? `${m[1]} ${m[3]} ${m[4]}` : line,
            text: line.replace(/\\\s+(valid_lft)/, '\n       $1') + '\n',
          };
        });
  }
}

function devOf(obj: MonitorObject, text: string): string | undefined {
  if (obj === 'link') return /^\d+: ([^:@]+)/.exec(text)?.[1];
  if (obj === 'address') return /^\d+: (\S+)/.exec(text)?.[1];
  return /\bdev (\S+)/.exec(text)?.[1];
}

function stamp(kind: 1 | 2, us: number): string {
  const d = new Date((us + LOCAL_TZ_OFFSET_US) / 1000);
  const usec = String(Math.floor(us % 1_000_000)).padStart(6, '0');
  if (kind === 2) return `[${d.toISOString().slice(0, 19)}.${usec}] `;
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `Timestamp: ${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} ${usec} usec\n`
  );
}

/** One kind of object a monitor follows: its rows now, and which kernel reports may change them. */
export interface WatchSection {
  banner: string;
  events: readonly string[];
  rows(): Row[];
  /** Rows not to announce when they appear or change (states the kernel moves to without a message). */
  quiet?(text: string): boolean;
  dev?(text: string): string | undefined;
}

export interface WatchOptions {
  banner: boolean;
  dev?: string;
  timestamp: 0 | 1 | 2;
}

/**
 * Print every change to the sections' rows, in section order, until Ctrl-C or a kill: the status
 * of a command the signal ended (130 for Ctrl-C).
 */
export async function runWatch(
  ctx: CommandContext,
  sections: readonly WatchSection[],
  o: WatchOptions,
): Promise<number> {
  const nsName = ctx.host.ns.name;
  const snapshot = (sec: WatchSection): Map<string, string> => new Map(sec.rows().map((r) => [r.key, r.text]));
  const seen = sections.map(snapshot);
  const events = new Set(sections.flatMap((sec) => sec.events));
  // One change may touch several tables (an address brings its local and broadcast routes): all are compared.
  const check = (at: number): void => {
    let out = '';
    sections.forEach((sec, i) => {
      const before = seen[i]!;
      const now = snapshot(sec);
      const emit = (text: string, deleted: boolean): void => {
        if (o.dev !== undefined && sec.dev?.(text) !== o.dev) return;
        if (o.timestamp) out += stamp(o.timestamp, at);
        out += (o.banner ? sec.banner : '') + (deleted ? 'Deleted ' : '') + text;
      };
      for (const [key, text] of before) if (!now.has(key)) emit(text, true);
      for (const [key, text] of now) {
        if (sec.quiet?.(text)) continue;
        if (before.get(key) !== text) emit(text, false);
      }
      seen[i] = now;
    });
    if (out) ctx.stdout.write(out);
  };
  const off = ctx.world.events.on((e: WorldEventBase) => {
    if (!events.has(e.type) || (e as { ns?: string }).ns !== nsName) return;
    check(e.at);
  });
  try {
    const sig = await ctx.signalled;
    return 128 + SIGNAL_NUMBERS[sig];
  } finally {
    off();
  }
}

const EVENTS: Record<MonitorObject, string[]> = {
  link: ['kernel.link'],
  address: ['kernel.addr', 'kernel.link'],
  route: ['kernel.route', 'kernel.addr', 'kernel.link'],
  neigh: ['kernel.neigh', 'kernel.link'],
};

/** `ip monitor`: one section per object asked for. */
export function runMonitor(ctx: CommandContext, req: MonitorRequest, dump: Dump): Promise<number> {
  const sections = req.objects.map((obj): WatchSection => ({
    banner: BANNER[obj],
    events: EVENTS[obj],
    rows: () => rows(obj, dump),
    dev: (text) => devOf(obj, text),
    // The neighbour timer moves entries to INCOMPLETE, DELAY and PROBE without a notification.
    ...(obj === 'neigh' ? { quiet: (text: string) => / (INCOMPLETE|DELAY|PROBE) \n$/.test(text) } : {}),
  }));
  return runWatch(ctx, sections, req);
}
