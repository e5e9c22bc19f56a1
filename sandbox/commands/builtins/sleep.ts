import type { Command } from '../../shell/command.js';
import { SIGNAL_NUMBERS } from '../../shell/command.js';
import { US_PER_S } from '../../world/clock.js';
import { q, usageError } from './util.js';

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** coreutils' interval syntax: a decimal number with an optional s/m/h/d suffix; undefined if invalid. */
export function parseInterval(s: string): number | undefined {
  const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(s);
  if (!m) return s === 'inf' || s === 'infinity' ? Infinity : undefined;
  return Number(m[1]) * UNITS[m[2]!]!;
}

export const sleep: Command = {
  name: 'sleep',
  summary: 'delay for a specified amount of (virtual) time',
  usage: 'Usage: sleep NUMBER[SUFFIX]...\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) return usageError(ctx, 'sleep', 'missing operand');
    let seconds = 0;
    for (const a of args) {
      if (a.startsWith('-') && a !== '-' && !/^-\d/.test(a))
        return usageError(ctx, 'sleep', `invalid option -- '${a[1]}'`);
      const v = parseInterval(a);
      if (v === undefined) return usageError(ctx, 'sleep', `invalid time interval ${q(a)}`);
      seconds += v;
    }
    // Virtual time still needs a bound: a "forever" sleep waits for a signal.
    const us = Number.isFinite(seconds) ? Math.round(seconds * US_PER_S) : Number.MAX_SAFE_INTEGER / 4;
    const ok = await ctx.sleep(us);
    if (!ok) return 128 + SIGNAL_NUMBERS[ctx.signal ?? 'INT'];
    return 0;
  },
};
