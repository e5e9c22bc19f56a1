/** head and tail: -n N, -N, -c N; tail also +N and -f (polling the file each virtual second). */
import type { Command, CommandContext } from '../../shell/command.js';
import { inputLines, readChunk } from '../../shell/streams.js';
import { q, usageError } from './util.js';
import { readFileText, resolve } from './files.js';

interface Opts {
  lines: number;
  /** tail +N: from line N; head -n -N: all but the last N. */
  fromStart: boolean;
  allBut: boolean;
  bytes: number | undefined;
  quiet: boolean;
  verbose: boolean;
  follow: boolean;
  files: string[];
}

function parse(ctx: CommandContext, name: 'head' | 'tail'): Opts | number {
  const o: Opts = {
    lines: 10,
    fromStart: false,
    allBut: false,
    bytes: undefined,
    quiet: false,
    verbose: false,
    follow: false,
    files: [],
  };
  const argv = ctx.argv.slice(1);
  const count = (v: string | undefined, what: 'lines' | 'bytes'): number | undefined => {
    if (v === undefined) {
      usageError(ctx, name, `option requires an argument -- '${what === 'lines' ? 'n' : 'c'}'`);
      return undefined;
    }
    let s = v;
    if (name === 'tail' && s.startsWith('+')) {
      o.fromStart = true;
      s = s.slice(1);
    } else if (s.startsWith('-')) {
      if (name === 'head') o.allBut = true;
      s = s.slice(1);
    }
    if (!/^\d+$/.test(s)) {
      ctx.stderr.write(`${name}: invalid number of ${what}: ${q(v)}\n`);
      return undefined;
    }
    return Number(s);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      o.files.push(...argv.slice(i + 1));
      break;
    }
    if (/^-\d+$/.test(a)) o.lines = Number(a.slice(1));
    else if (name === 'tail' && /^\+\d+$/.test(a) && o.files.length === 0) {
      o.lines = Number(a.slice(1));
      o.fromStart = true;
    } else if (a === '-n' || a === '--lines') {
      const n = count(argv[++i], 'lines');
      if (n === undefined) return 1;
      o.lines = n;
    } else if (a.startsWith('-n')) {
      const n = count(a.slice(2), 'lines');
      if (n === undefined) return 1;
      o.lines = n;
    } else if (a.startsWith('--lines=')) {
      const n = count(a.slice(8), 'lines');
      if (n === undefined) return 1;
      o.lines = n;
    } else if (a === '-c' || a === '--bytes') {
      const n = count(argv[++i], 'bytes');
      if (n === undefined) return 1;
      o.bytes = n;
    } else if (a === '-q' || a === '--quiet' || a === '--silent') o.quiet = true;
    else if (a === '-v' || a === '--verbose') o.verbose = true;
    else if (name === 'tail' && (a === '-f' || a === '-F' || a === '--follow')) o.follow = true;
    else if (a.startsWith('-') && a !== '-') {
      return usageError(ctx, name, a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1]}'`);
    } else o.files.push(a);
  }
  return o;
}

function header(ctx: CommandContext, o: Opts, f: string, i: number, n: number): void {
  if ((n > 1 && !o.quiet) || o.verbose)
    ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${f === '-' ? 'standard input' : f} <==\n`);
}

async function allText(ctx: CommandContext, name: string, f: string): Promise<string | undefined> {
  if (f === '-') {
    let s = '';
    const st = { done: false };
    for (;;) {
      const c = await readChunk(ctx.stdin, st);
      if (c === undefined) return s;
      s += c;
    }
  }
  return readFileText(ctx, name, f);
}

function splitKeep(text: string): string[] {
  const parts = text.split(/(?<=\n)/);
  return parts[parts.length - 1] === '' ? parts.slice(0, -1) : parts;
}

export const head: Command = {
  name: 'head',
  summary: 'output the first part of files',
  usage: 'Usage: head [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = parse(ctx, 'head');
    if (typeof o === 'number') return o;
    const files = o.files.length === 0 ? ['-'] : o.files;
    let status = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      if (f === '-' && o.bytes === undefined && !o.allBut) {
        // Stream: stop reading once enough lines came (the writer then gets SIGPIPE).
        header(ctx, o, f, i, files.length);
        if (o.lines === 0) continue;
        let n = 0;
        for await (const line of inputLines(ctx.stdin)) {
          ctx.stdout.write(line + '\n');
          if (++n >= o.lines) break;
        }
        continue;
      }
      const text = await allText(ctx, 'head', f);
      if (text === undefined) {
        status = 1;
        continue;
      }
      header(ctx, o, f, i, files.length);
      if (o.bytes !== undefined) {
        const bytes = new TextEncoder().encode(text);
        const cut = o.allBut ? bytes.slice(0, Math.max(0, bytes.length - o.bytes)) : bytes.slice(0, o.bytes);
        ctx.stdout.write(new TextDecoder().decode(cut));
        continue;
      }
      const lines = splitKeep(text);
      ctx.stdout.write(
        (o.allBut ? lines.slice(0, Math.max(0, lines.length - o.lines)) : lines.slice(0, o.lines)).join(''),
      );
    }
    return status;
  },
};

export const tail: Command = {
  name: 'tail',
  summary: 'output the last part of files',
  usage: 'Usage: tail [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = parse(ctx, 'tail');
    if (typeof o === 'number') return o;
    const files = o.files.length === 0 ? ['-'] : o.files;
    let status = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const text = await allText(ctx, 'tail', f);
      if (text === undefined) {
        status = 1;
        continue;
      }
      header(ctx, o, f, i, files.length);
      if (o.bytes !== undefined) {
        const bytes = new TextEncoder().encode(text);
        const cut = o.fromStart
          ? bytes.slice(Math.max(0, o.bytes - 1))
          : bytes.slice(Math.max(0, bytes.length - o.bytes));
        ctx.stdout.write(new TextDecoder().decode(cut));
        continue;
      }
      const lines = splitKeep(text);
      ctx.stdout.write(
        (o.fromStart ? lines.slice(Math.max(0, o.lines - 1)) : o.lines === 0 ? [] : lines.slice(-o.lines)).join(''),
      );
    }
    if (o.follow && status === 0) {
      const last = files[files.length - 1]!;
      if (last === '-') return status;
      const path = resolve(ctx, last);
      let seen = ctx.host.fs.exists(path) ? ctx.host.fs.readBytes(path).length : 0;
      while (await ctx.sleep(1_000_000)) {
        if (!ctx.host.fs.exists(path)) continue;
        const bytes = ctx.host.fs.readBytes(path);
        if (bytes.length < seen) {
          ctx.stderr.write(`tail: ${last}: file truncated\n`);
          seen = 0;
        }
        if (bytes.length > seen) {
          ctx.stdout.write(new TextDecoder().decode(bytes.slice(seen)));
          seen = bytes.length;
        }
      }
      return 130;
    }
    return status;
  },
};
