/** date, uname, whoami, id, env, which/type: what a node says about itself. */
import type { Command, CommandContext } from '../../shell/command.js';
import { LOCAL_TZ_OFFSET_US } from '../../world/clock.js';
import { getopt, optError, q } from './util.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The kernel the nodes run (Debian 12's at the time of the article). */
export const KERNEL_RELEASE = '6.1.0-9-amd64';
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.27-1 (2023-05-08)';

const p2 = (n: number): string => String(n).padStart(2, '0');

/** strftime over virtual time; `utc` picks UTC instead of the nodes' UTC+8 (CST). */
export function strftime(fmt: string, us: number, utc: boolean): string {
  const offset = utc ? 0 : LOCAL_TZ_OFFSET_US;
  const d = new Date(Math.floor((us + offset) / 1000));
  const zone = utc ? 'UTC' : 'CST';
  const zoneNum = utc ? '+0000' : '+0800';
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const f = fmt[++i]!;
    switch (f) {
      case 'Y':
        out += d.getUTCFullYear();
        break;
      case 'y':
        out += p2(d.getUTCFullYear() % 100);
        break;
      case 'm':
        out += p2(d.getUTCMonth() + 1);
        break;
      case 'd':
        out += p2(d.getUTCDate());
        break;
      case 'e':
        out += String(d.getUTCDate()).padStart(2);
        break;
      case 'H':
        out += p2(d.getUTCHours());
        break;
      case 'I':
        out += p2(((d.getUTCHours() + 11) % 12) + 1);
        break;
      case 'M':
        out += p2(d.getUTCMinutes());
        break;
      case 'S':
        out += p2(d.getUTCSeconds());
        break;
      case 'N':
        out += String(Math.floor(us % 1_000_000) * 1000).padStart(9, '0');
        break;
      case 's':
        out += Math.floor(us / 1_000_000);
        break;
      case 'a':
        out += DAYS[d.getUTCDay()];
        break;
      case 'A':
        out += DAYS_LONG[d.getUTCDay()];
        break;
      case 'b':
      case 'h':
        out += MONTHS[d.getUTCMonth()];
        break;
      case 'B':
        out += MONTHS_LONG[d.getUTCMonth()];
        break;
      case 'p':
        out += d.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'Z':
        out += zone;
        break;
      case 'z':
        out += zoneNum;
        break;
      case 'T':
        out += `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
        break;
      case 'R':
        out += `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
        break;
      case 'D':
        out += `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
        break;
      case 'F':
        out += `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
        break;
      case 'j': {
        const start = Date.UTC(d.getUTCFullYear(), 0, 1);
        out += String(Math.floor((d.getTime() - start) / 86400000) + 1).padStart(3, '0');
        break;
      }
      case 'u':
        out += d.getUTCDay() === 0 ? 7 : d.getUTCDay();
        break;
      case 'w':
        out += d.getUTCDay();
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '%':
        out += '%';
        break;
      default:
        out += '%' + f;
    }
  }
  return out;
}

export const date: Command = {
  name: 'date',
  summary: 'print the (virtual) system date and time',
  usage: 'Usage: date [OPTION]... [+FORMAT]\n',
  run(ctx) {
    let utc = false;
    let fmt = '%a %b %e %H:%M:%S %Z %Y';
    for (const a of ctx.argv.slice(1)) {
      if (a === '-u' || a === '--utc' || a === '--universal') utc = true;
      else if (a === '-R' || a === '--rfc-email') fmt = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a === '--iso-8601') fmt = '%F';
      else if (a.startsWith('+')) fmt = a.slice(1);
      else if (a.startsWith('-'))
        return optError(ctx, 'date', {
          kind: a.startsWith('--') ? 'unrecognized' : 'invalid',
          opt: a.startsWith('--') ? a : a[1]!,
        });
      else {
        ctx.stderr.write(`date: invalid date ${q(a)}\n`);
        return 1;
      }
    }
    ctx.stdout.write(strftime(fmt, ctx.world.clock.now, utc) + '\n');
    return 0;
  },
};

export const uname: Command = {
  name: 'uname',
  summary: 'print system information',
  usage: 'Usage: uname [OPTION]...\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'asnrvmpio',
      long: {
        all: 'a',
        'kernel-name': 's',
        nodename: 'n',
        'kernel-release': 'r',
        'kernel-version': 'v',
        machine: 'm',
        processor: 'p',
        'hardware-platform': 'i',
        'operating-system': 'o',
      },
    });
    if (o.error) return optError(ctx, 'uname', o.error);
    if (o.args.length > 0) {
      ctx.stderr.write(`uname: extra operand ${q(o.args[0]!)}\nTry 'uname --help' for more information.\n`);
      return 1;
    }
    const f = o.flags;
    const parts: string[] = [];
    const all = f.has('a');
    if (all || f.has('s') || f.size === 0) parts.push('Linux');
    if (all || f.has('n')) parts.push(ctx.host.name);
    if (all || f.has('r')) parts.push(KERNEL_RELEASE);
    if (all || f.has('v')) parts.push(KERNEL_VERSION);
    if (all || f.has('m')) parts.push('x86_64');
    if (!all && f.has('p')) parts.push('unknown');
    if (!all && f.has('i')) parts.push('unknown');
    if (all || f.has('o')) parts.push('GNU/Linux');
    ctx.stdout.write(parts.join(' ') + '\n');
    return 0;
  },
};

export const whoami: Command = {
  name: 'whoami',
  summary: 'print effective user name',
  usage: 'Usage: whoami [OPTION]...\n',
  run(ctx) {
    ctx.stdout.write('root\n');
    return 0;
  },
};

export const id: Command = {
  name: 'id',
  summary: 'print user and group information',
  usage: 'Usage: id [OPTION]... [USER]...\n',
  run(ctx) {
    const a = ctx.argv[1];
    if (a === '-u' || a === '-g') ctx.stdout.write('0\n');
    else if (a === '-un' || a === '-gn' || a === '-nu' || a === '-ng') ctx.stdout.write('root\n');
    else ctx.stdout.write('uid=0(root) gid=0(root) groups=0(root)\n');
    return 0;
  },
};

export const env: Command = {
  name: 'env',
  summary: 'print the environment',
  usage: 'Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const vars = new Map(ctx.env);
    while (args.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[0]!)) {
      const a = args.shift()!;
      const eq = a.indexOf('=');
      vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    if (args.length > 0) {
      const line = [
        ...[...vars].filter(([k]) => ctx.env.get(k) !== vars.get(k)).map(([k, v]) => `${k}=${shellWord(v)}`),
        ...args.map(shellWord),
      ].join(' ');
      return ctx.shell.execLine(ctx.host, line, { cwd: ctx.cwd });
    }
    for (const [k, v] of vars) ctx.stdout.write(`${k}=${v}\n`);
    return 0;
  },
};

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Where a command would be found on a Debian node. */
function pathOf(name: string): string {
  const sbin = ['ip', 'bridge', 'brctl', 'tcpdump', 'sysctl', 'modprobe', 'iptables', 'ifconfig', 'route', 'arp', 'ss'];
  return sbin.includes(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

const SHELL_BUILTINS = new Set([
  'cd',
  'pwd',
  'echo',
  'printf',
  'export',
  'unset',
  'alias',
  'unalias',
  'history',
  'jobs',
  'wait',
  'kill',
  'exit',
  'logout',
  'help',
  'true',
  'false',
  'type',
]);

function typeOf(ctx: CommandContext, name: string): string | undefined {
  const alias = ctx.shell.aliases().get(name);
  if (alias !== undefined) return `${name} is aliased to \`${alias}'`;
  if (SHELL_BUILTINS.has(name)) return `${name} is a shell builtin`;
  if (ctx.shell.commandNames().includes(name)) return `${name} is ${pathOf(name)}`;
  return undefined;
}

export const type: Command = {
  name: 'type',
  summary: 'tell how a command name would be interpreted',
  usage: 'type: usage: type [-afptP] name [name ...]',
  run(ctx) {
    let status = 0;
    for (const n of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const t = typeOf(ctx, n);
      if (t === undefined) {
        ctx.stderr.write(`bash: type: ${n}: not found\n`);
        status = 1;
      } else ctx.stdout.write(t + '\n');
    }
    return status;
  },
};

export const which: Command = {
  name: 'which',
  summary: 'locate a command',
  usage: 'Usage: which [-a] args',
  run(ctx) {
    let status = 0;
    for (const n of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      if (
        ctx.shell.commandNames().includes(n) &&
        ![
          'cd',
          'export',
          'unset',
          'alias',
          'unalias',
          'history',
          'jobs',
          'wait',
          'exit',
          'logout',
          'help',
          'type',
        ].includes(n)
      ) {
        ctx.stdout.write(pathOf(n === 'sh' ? 'sh' : n) + '\n');
      } else status = 1;
    }
    return status;
  },
};
