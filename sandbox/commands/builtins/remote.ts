/** ssh to another node, timeout, and download (a file of the emulated host to the reader's machine). */
import type { Command, Signal } from '../../shell/command.js';
import { SIGNAL_NUMBERS } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';
import type { Host } from '../../world/host.js';
import type { World } from '../../world/world.js';
import { US_PER_S } from '../../world/clock.js';
import { localFileWriter } from '../../shell/localfiles.js';
import { parseInterval } from './sleep.js';
import { q } from './util.js';

/** A node by its name, or by its IP (the article's nodes are named after their addresses). */
function resolveNode(world: World, target: string): Host | undefined {
  const direct = world.host(target);
  if (direct && direct.kind !== 'pod') return direct;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(target)) {
    const h = world.host(target.replace(/\./g, '-'));
    if (h && h.kind !== 'pod') return h;
  }
  return undefined;
}

const SSH_USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`;

export const ssh: Command = {
  name: 'ssh',
  summary: 'log in to another node (ssh NODE) or run a command there (ssh NODE CMD)',
  usage: SSH_USAGE,
  complete(ctx) {
    return ctx.world.hosts('node').map((h) => h.name);
  },
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let dest: string | undefined;
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (/^-[46AaCfGgKkMNnqsTtVvXxYy]+$/.test(a)) continue;
      if (/^-[BbcDEeFIiJLlmOopQRSWw]$/.test(a)) {
        i++;
        continue;
      }
      if (a.startsWith('-')) {
        ctx.stderr.write(`ssh: illegal option -- ${a[1] ?? ''}\n${SSH_USAGE}`);
        return 255;
      }
      dest = a;
      i++;
      break;
    }
    if (dest === undefined) {
      ctx.stderr.write(SSH_USAGE);
      return 255;
    }
    const hostPart = dest.includes('@') ? dest.slice(dest.lastIndexOf('@') + 1) : dest;
    const host = resolveNode(ctx.world, hostPart);
    if (!host) {
      ctx.stderr.write(`ssh: Could not resolve hostname ${hostPart}: Name or service not known\n`);
      return 255;
    }
    const command = args.slice(i);
    if (command.length > 0) return ctx.shell.execLine(host, command.join(' '), { cwd: '/root' });
    ctx.shell.enter(host, { cwd: '/root', onExit: ['logout', `Connection to ${hostPart} closed.`] });
    return 0;
  },
};

export const timeout: Command = {
  name: 'timeout',
  summary: 'run a command with a time limit',
  usage: 'Usage: timeout [OPTION] DURATION COMMAND [ARG]...\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let sig: Signal = 'TERM';
    let preserve = false;
    let killAfter: number | undefined;
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const a = args.shift()!;
      if (a === '--') break;
      if (a === '--preserve-status') preserve = true;
      else if (a === '--foreground') continue;
      else if (a === '-s' || a === '--signal') {
        const s = (args.shift() ?? '').toUpperCase().replace(/^SIG/, '');
        const found = (Object.keys(SIGNAL_NUMBERS) as Signal[]).find((k) => k === s || String(SIGNAL_NUMBERS[k]) === s);
        if (!found) {
          ctx.stderr.write(`timeout: ${q(s)}: invalid signal\nTry 'timeout --help' for more information.\n`);
          return 125;
        }
        sig = found;
      } else if (a === '-k' || a === '--kill-after') {
        killAfter = parseInterval(args.shift() ?? '');
      } else {
        ctx.stderr.write(`timeout: invalid option -- '${a.slice(1)}'\nTry 'timeout --help' for more information.\n`);
        return 125;
      }
    }
    const dur = args.shift();
    if (dur === undefined || args.length === 0) {
      ctx.stderr.write(`timeout: missing operand\nTry 'timeout --help' for more information.\n`);
      return 125;
    }
    const seconds = parseInterval(dur);
    if (seconds === undefined) {
      ctx.stderr.write(`timeout: invalid time interval ${q(dur)}\nTry 'timeout --help' for more information.\n`);
      return 125;
    }
    if (!ctx.shell.commandNames().includes(args[0]!)) {
      ctx.stderr.write(`timeout: failed to run command ${q(args[0]!)}: No such file or directory\n`);
      return 127;
    }
    let fired = false;
    let fire: (s: Signal) => void = () => {};
    const signal = new Promise<Signal>((resolve) => (fire = resolve));
    const clock = ctx.world.clock;
    const timers = [
      seconds > 0 && Number.isFinite(seconds)
        ? clock.after(Math.round(seconds * US_PER_S), () => {
            fired = true;
            fire(sig);
          })
        : undefined,
    ];
    if (killAfter !== undefined && seconds > 0) {
      timers.push(clock.after(Math.round((seconds + killAfter) * US_PER_S), () => fire('KILL')));
    }
    const status = await ctx.shell.exec(ctx.host, args, { signal, cwd: ctx.cwd });
    for (const t of timers) t?.cancel();
    if (fired && !preserve) return 124;
    return status;
  },
};

export const download: Command = {
  name: 'download',
  summary: "save a file of this host's current folder on your computer",
  usage: 'usage: download FILE',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length !== 1) {
      ctx.stderr.write('usage: download FILE\n');
      return 2;
    }
    const name = args[0]!;
    if (name.includes('/') || name === '.' || name === '..' || name === '') {
      ctx.stderr.write(`download: ${name}: give a plain file name from the current folder (cd there first)\n`);
      return 1;
    }
    const path = normalizePath(name, ctx.cwd);
    const st = ctx.host.fs.stat(path);
    if (!st) {
      ctx.stderr.write(`download: ${name}: No such file or directory\n`);
      return 1;
    }
    if (st.kind === 'dir') {
      ctx.stderr.write(`download: ${name}: Is a directory\n`);
      return 1;
    }
    const data = ctx.host.fs.readBytes(path);
    if (ctx.shell.download) {
      ctx.shell.download(name, data);
    } else {
      const writer = localFileWriter();
      if (!writer) {
        ctx.stderr.write('download: nowhere to save files here\n');
        return 1;
      }
      const r = writer(name, data);
      if (!r.ok) {
        ctx.stderr.write(r.message + '\n');
        return 1;
      }
    }
    ctx.stdout.write(`saved ${name} (${data.length} bytes)\n`);
    return 0;
  },
};
