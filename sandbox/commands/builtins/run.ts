/** sudo (already root: it just runs the command) and watch (re-runs a command every few virtual seconds). */
import type { Command } from '../../shell/command.js';
import { SIGNAL_NUMBERS } from '../../shell/command.js';
import { US_PER_S } from '../../world/clock.js';
import { strftime } from './system.js';
import { q } from './util.js';

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./=:,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export const sudo: Command = {
  name: 'sudo',
  summary: 'run a command as root (the nodes are logged in as root already)',
  usage: 'usage: sudo [-E] command [arg ...]\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    while (args[0] === '-E' || args[0] === '-i' || args[0] === '-s' || args[0] === '--') args.shift();
    if (args.length === 0) {
      ctx.stderr.write(this.usage);
      return 1;
    }
    if (!ctx.shell.commandNames().includes(args[0]!)) {
      ctx.stderr.write(`sudo: ${args[0]}: command not found\n`);
      return 1;
    }
    return ctx.shell.execLine(ctx.host, args.map(shellWord).join(' '), { cwd: ctx.cwd });
  },
};

export const watch: Command = {
  name: 'watch',
  summary: 'run a command every few (virtual) seconds, full screen',
  usage: 'Usage:\n watch [options] command\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let interval = 2;
    let title = true;
    while (args[0]?.startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n' || a === '--interval') {
        const v = Number(args.shift());
        if (!Number.isFinite(v)) {
          ctx.stderr.write(`watch: failed to parse argument: ${q(String(v))}\n`);
          return 1;
        }
        interval = Math.max(0.1, v);
      } else if (/^-n[\d.]+$/.test(a)) interval = Math.max(0.1, Number(a.slice(2)));
      else if (a === '-t' || a === '--no-title') title = false;
      else if (a === '--') break;
      else {
        ctx.stderr.write(`watch: invalid option -- '${a.slice(1)}'\n${this.usage}`);
        return 1;
      }
    }
    if (args.length === 0) {
      ctx.stderr.write(this.usage);
      return 1;
    }
    const line = args.join(' ');
    for (;;) {
      ctx.stdout.write('\x1b[H\x1b[2J');
      if (title) {
        const left = `Every ${interval.toFixed(1)}s: ${line}`;
        const right = `${ctx.host.name}: ${strftime('%a %b %e %H:%M:%S %Y', ctx.world.clock.now, false)}`;
        const pad = Math.max(1, ctx.cols - left.length - right.length);
        ctx.stdout.write(`${left}${' '.repeat(pad)}${right}\n\n`);
      }
      await ctx.shell.execLine(ctx.host, line, { cwd: ctx.cwd });
      if (!(await ctx.sleep(Math.round(interval * US_PER_S)))) break;
    }
    return 128 + SIGNAL_NUMBERS[ctx.signal ?? 'INT'];
  },
};
