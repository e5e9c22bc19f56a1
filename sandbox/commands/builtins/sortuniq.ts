/** sort (-n -r -u -k -t -b -f -h) and uniq (-c -d -u -i), over all of stdin or files. */
import type { Command, CommandContext } from '../../shell/command.js';
import { getopt, optError, q } from './util.js';
import { fsErrorText, operandLines } from './files.js';
import { normalizePath } from '../../world/fs.js';

interface Key {
  start: number;
  end: number | undefined;
  numeric: boolean;
  reverse: boolean;
}

function fieldsOf(line: string, sep: string | undefined): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (sep !== undefined) {
    let s = 0;
    for (;;) {
      const i = line.indexOf(sep, s);
      if (i < 0) {
        out.push({ start: s, end: line.length });
        return out;
      }
      out.push({ start: s, end: i });
      s = i + sep.length;
    }
  }
  // Without -t a field is its leading blanks plus the non-blank run after them.
  let i = 0;
  while (i < line.length) {
    const s = i;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    out.push({ start: s, end: i });
  }
  return out;
}

function keyText(line: string, k: Key, sep: string | undefined): string {
  const f = fieldsOf(line, sep);
  const a = f[k.start - 1];
  if (!a) return '';
  const b = k.end === undefined ? f[f.length - 1]! : (f[k.end - 1] ?? f[f.length - 1]!);
  return line.slice(a.start, Math.max(a.start, b.end));
}

const HUMAN: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5, k: 1 };

function numeric(s: string, human: boolean): number {
  const m = /^\s*(-?\d*\.?\d+)([KMGTPk]?)/.exec(s);
  if (!m) return 0;
  return Number(m[1]) * (human ? 1024 ** (HUMAN[m[2]!] ?? 0) : 1);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sort: Command = {
  name: 'sort',
  summary: 'sort lines of text',
  usage: 'Usage: sort [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'nrubfhsV',
      withValue: 'ktTo',
      long: {
        'numeric-sort': 'n',
        reverse: 'r',
        unique: 'u',
        key: 'k',
        'field-separator': 't',
        'ignore-case': 'f',
        'human-numeric-sort': 'h',
        stable: 's',
        output: 'o',
      },
    });
    if (o.error) return optError(ctx, 'sort', o.error, 2);
    const sep = o.values.get('t');
    if (sep !== undefined && [...sep].length !== 1) {
      ctx.stderr.write(`sort: multi-character tab ${q(sep)}\n`);
      return 2;
    }
    const keys: Key[] = [];
    const argv = ctx.argv.slice(1);
    for (let i = 0; i < argv.length; i++) {
      let spec: string | undefined;
      if (argv[i] === '-k' || argv[i] === '--key') spec = argv[++i];
      else if (argv[i]!.startsWith('-k')) spec = argv[i]!.slice(2);
      else if (argv[i]!.startsWith('--key=')) spec = argv[i]!.slice(6);
      if (spec === undefined) continue;
      const m = /^(\d+)(?:\.\d+)?([a-zA-Z]*)(?:,(\d+)(?:\.\d+)?([a-zA-Z]*))?$/.exec(spec);
      if (m && Number(m[1]) === 0) {
        ctx.stderr.write(`sort: field number is zero: invalid field specification ${q(spec)}\n`);
        return 2;
      }
      if (!m) {
        ctx.stderr.write(`sort: invalid number at field start: invalid count at start of ${q(spec)}\n`);
        return 2;
      }
      const flags = (m[2] ?? '') + (m[4] ?? '');
      keys.push({
        start: Number(m[1]),
        end: m[3] ? Number(m[3]) : undefined,
        numeric: flags.includes('n') || flags.includes('h'),
        reverse: flags.includes('r'),
      });
    }
    const lines: string[] = [];
    const state = { failed: false };
    for await (const l of operandLines(ctx, 'sort', o.args, undefined, state)) lines.push(l);
    if (state.failed) return 2;
    const num = o.flags.has('n') || o.flags.has('h');
    const human = o.flags.has('h');
    const fold = o.flags.has('f');
    const rev = o.flags.has('r');
    const compareText = (a: string, b: string, asNumber: boolean): number => {
      if (asNumber) return numeric(a, human) - numeric(b, human);
      return fold ? cmpStr(a.toUpperCase(), b.toUpperCase()) : cmpStr(a, b);
    };
    const compare = (a: string, b: string): number => {
      for (const k of keys) {
        const c = compareText(keyText(a, k, sep), keyText(b, k, sep), k.numeric || num);
        if (c !== 0) return k.reverse ? -c : c;
      }
      if (keys.length === 0) {
        const c = compareText(a, b, num);
        if (c !== 0 || o.flags.has('u')) return c;
      } else if (o.flags.has('u')) return 0;
      return o.flags.has('s') ? 0 : cmpStr(a, b);
    };
    const sorted = lines
      .map((l, i) => ({ l, i }))
      .sort((x, y) => (rev ? -compare(x.l, y.l) : compare(x.l, y.l)) || x.i - y.i);
    const out: string[] = [];
    for (const { l } of sorted) {
      if (o.flags.has('u') && out.length > 0 && compare(out[out.length - 1]!, l) === 0) continue;
      out.push(l);
    }
    const text = out.map((l) => l + '\n').join('');
    const dest = o.values.get('o');
    if (dest !== undefined) {
      try {
        ctx.host.fs.write(normalizePath(dest, ctx.cwd), text);
      } catch (e) {
        ctx.stderr.write(`sort: open failed: ${dest}: ${fsErrorText(e)}\n`);
        return 2;
      }
      return 0;
    }
    ctx.stdout.write(text);
    return 0;
  },
};

function uniqRun(ctx: CommandContext): Promise<number> {
  return (async () => {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'cdui',
      long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' },
    });
    if (o.error) return optError(ctx, 'uniq', o.error);
    const [input, output] = o.args;
    const eq = (a: string, b: string): boolean => (o.flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
    let prev: string | undefined;
    let n = 0;
    let out = '';
    const flush = (): void => {
      if (prev === undefined) return;
      if (o.flags.has('d') && n < 2) return;
      if (o.flags.has('u') && n > 1) return;
      const line = o.flags.has('c') ? `${String(n).padStart(7)} ${prev}\n` : `${prev}\n`;
      if (output === undefined) ctx.stdout.write(line);
      else out += line;
    };
    const state = { failed: false };
    for await (const l of operandLines(ctx, 'uniq', input === undefined ? [] : [input], undefined, state)) {
      if (prev !== undefined && eq(prev, l)) {
        n++;
        continue;
      }
      flush();
      prev = l;
      n = 1;
    }
    if (state.failed) return 1;
    flush();
    if (output !== undefined) {
      try {
        ctx.host.fs.write(normalizePath(output, ctx.cwd), out);
      } catch (e) {
        ctx.stderr.write(`uniq: ${output}: ${fsErrorText(e)}\n`);
        return 1;
      }
    }
    return 0;
  })();
}

export const uniq: Command = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  usage: 'Usage: uniq [OPTION]... [INPUT [OUTPUT]]\n',
  run: uniqRun,
};
