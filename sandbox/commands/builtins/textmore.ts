/** cut, seq, xargs, and the pagers (less/more, which only print in this terminal). */
import type { Command } from '../../shell/command.js';
import { getopt, optError, q, usageError } from './util.js';
import { operandLines } from './files.js';
import { inputLines } from '../../shell/streams.js';

/** A cut list like 1,3-5,7- as a membership test on 1-based positions. */
function parseList(spec: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) return undefined;
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (lo === 0 || hi < lo) return undefined;
    ranges.push([lo, hi]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cut: Command = {
  name: 'cut',
  summary: 'remove sections from each line of files',
  usage: 'Usage: cut OPTION... [FILE]...\n',
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 's',
      withValue: 'bcdf',
      long: { bytes: 'b', characters: 'c', delimiter: 'd', fields: 'f', 'only-delimited': 's' },
    });
    if (o.error) return optError(ctx, 'cut', o.error);
    const mode = (['f', 'c', 'b'] as const).filter((m) => o.values.has(m));
    if (mode.length === 0) return usageError(ctx, 'cut', 'you must specify a list of bytes, characters, or fields');
    if (mode.length > 1) return usageError(ctx, 'cut', 'only one type of list may be specified');
    const spec = o.values.get(mode[0]!)!;
    const inList = parseList(spec);
    if (!inList) return usageError(ctx, 'cut', `invalid field value ${q(spec)}`);
    const delim = o.values.get('d') ?? '\t';
    if ([...delim].length !== 1) return usageError(ctx, 'cut', 'the delimiter must be a single character');
    const state = { failed: false };
    for await (const line of operandLines(ctx, 'cut', o.args, undefined, state)) {
      if (mode[0] === 'f') {
        if (!line.includes(delim)) {
          if (!o.flags.has('s')) ctx.stdout.write(line + '\n');
          continue;
        }
        ctx.stdout.write(
          line
            .split(delim)
            .filter((_, i) => inList(i + 1))
            .join(delim) + '\n',
        );
      } else {
        ctx.stdout.write([...line].filter((_, i) => inList(i + 1)).join('') + '\n');
      }
    }
    return state.failed ? 1 : 0;
  },
};

export const seq: Command = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  usage:
    'Usage: seq [OPTION]... LAST\n  or:  seq [OPTION]... FIRST LAST\n  or:  seq [OPTION]... FIRST INCREMENT LAST\n',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    while (args[0] === '-s' || args[0] === '-w') {
      if (args.shift() === '-s') sep = args.shift() ?? '\n';
    }
    if (args.length === 0 || args.length > 3)
      return usageError(ctx, 'seq', args.length === 0 ? 'missing operand' : `extra operand ${q(args[3]!)}`);
    const nums = args.map(Number);
    const bad = args.find((a, i) => !Number.isFinite(nums[i]!) || a.trim() === '');
    if (bad !== undefined) return usageError(ctx, 'seq', `invalid floating point argument: ${q(bad)}`);
    const [first, step, last] =
      nums.length === 1
        ? [1, 1, nums[0]!]
        : nums.length === 2
          ? [nums[0]!, 1, nums[1]!]
          : [nums[0]!, nums[1]!, nums[2]!];
    if (step === 0) return usageError(ctx, 'seq', `invalid Zero increment value: ${q(args[1]!)}`);
    const out: string[] = [];
    // Bounded: a sequence longer than this is cut short rather than fill the terminal.
    for (let v = first, n = 0; (step > 0 ? v <= last : v >= last) && n < 100_000; v += step, n++)
      out.push(String(Math.round(v * 1e9) / 1e9));
    if (out.length > 0) ctx.stdout.write(out.join(sep) + '\n');
    return 0;
  },
};

export const xargs: Command = {
  name: 'xargs',
  summary: 'build and run a command line from standard input',
  usage: 'Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let perRun = Infinity;
    let replace: string | undefined;
    while (args[0]?.startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n') perRun = Number(args.shift());
      else if (/^-n\d+$/.test(a)) perRun = Number(a.slice(2));
      else if (a === '-I') replace = args.shift();
      else if (a === '-r' || a === '--no-run-if-empty' || a === '-t') continue;
      else return usageError(ctx, 'xargs', `invalid option -- '${a.slice(1)}'`);
    }
    if (!(perRun > 0)) return usageError(ctx, 'xargs', 'value for -n option should be >= 1');
    const cmd = args.length > 0 ? args : ['echo'];
    const items: string[] = [];
    const lines: string[] = [];
    for await (const line of inputLines(ctx.stdin)) {
      lines.push(line);
      items.push(...(line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, '')));
    }
    const quote = (w: string): string => (/^[A-Za-z0-9_./=:,@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
    let status = 0;
    const runOne = async (words: string[]): Promise<void> => {
      const st = await ctx.shell.execLine(ctx.host, words.map(quote).join(' '), { cwd: ctx.cwd });
      if (st !== 0) status = 123;
    };
    if (replace !== undefined) {
      for (const l of lines) {
        if (ctx.signal) break;
        await runOne(cmd.map((c) => c.split(replace).join(l)));
      }
      return status;
    }
    if (items.length === 0) {
      if (args.length > 0 && !ctx.argv.includes('-r')) await runOne(cmd);
      return status;
    }
    for (let i = 0; i < items.length && !ctx.signal; i += perRun === Infinity ? items.length : perRun) {
      await runOne([...cmd, ...items.slice(i, perRun === Infinity ? undefined : i + perRun)]);
    }
    return status;
  },
};

function pager(name: string): Command {
  return {
    name,
    summary: `page through text (here it prints it)`,
    usage: `Usage: ${name} [FILE]...\n`,
    async run(ctx) {
      const o = getopt(ctx.argv.slice(1), { flags: 'RSFXNr' });
      if (o.error) return optError(ctx, name, o.error);
      const state = { failed: false };
      for await (const line of operandLines(ctx, name, o.args, undefined, state)) ctx.stdout.write(line + '\n');
      return state.failed ? 1 : 0;
    },
  };
}

export const less = pager('less');
export const more = pager('more');
