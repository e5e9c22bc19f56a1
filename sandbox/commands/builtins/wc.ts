import type { Command } from '../../shell/command.js';
import { readChunk } from '../../shell/streams.js';
import { getopt, optError } from './util.js';
import { readFileText } from './files.js';

interface Counts {
  lines: number;
  words: number;
  chars: number;
  bytes: number;
  maxLine: number;
}

function count(text: string): Counts {
  const bytes = new TextEncoder().encode(text).length;
  let lines = 0;
  let maxLine = 0;
  let cur = 0;
  for (const ch of text) {
    if (ch === '\n') {
      lines++;
      maxLine = Math.max(maxLine, cur);
      cur = 0;
    } else cur++;
  }
  maxLine = Math.max(maxLine, cur);
  const words = text.split(/\s+/).filter((w) => w !== '').length;
  return { lines, words, chars: [...text].length, bytes, maxLine };
}

export const wc: Command = {
  name: 'wc',
  summary: 'print newline, word, and byte counts',
  usage: 'Usage: wc [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'lwcmL',
      long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' },
    });
    if (o.error) return optError(ctx, 'wc', o.error);
    let show = (['l', 'w', 'm', 'c', 'L'] as const).filter((f) => o.flags.has(f));
    if (show.length === 0) show = ['l', 'w', 'c'];
    const files = o.args.length === 0 ? ['-'] : o.args;
    const results: { name: string; c: Counts; regular: boolean }[] = [];
    let status = 0;
    for (const f of files) {
      let text: string | undefined;
      if (f === '-') {
        text = '';
        const st = { done: false };
        for (;;) {
          const c = await readChunk(ctx.stdin, st);
          if (c === undefined) break;
          text += c;
        }
      } else text = readFileText(ctx, 'wc', f);
      if (text === undefined) {
        status = 1;
        continue;
      }
      results.push({ name: o.args.length === 0 ? '' : f, c: count(text), regular: f !== '-' });
    }
    const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
    for (const r of results) {
      total.lines += r.c.lines;
      total.words += r.c.words;
      total.chars += r.c.chars;
      total.bytes += r.c.bytes;
      total.maxLine = Math.max(total.maxLine, r.c.maxLine);
    }
    // GNU wc's column width: the digits of the total size of regular files, 7 when a pipe is read.
    let width = 1;
    if (!(show.length === 1 && files.length === 1)) {
      let minimum = 1;
      let regularTotal = 0;
      for (const r of results) {
        if (r.regular) regularTotal += r.c.bytes;
        else minimum = 7;
      }
      for (; regularTotal >= 10; regularTotal = Math.floor(regularTotal / 10)) width++;
      width = Math.max(width, minimum);
    }
    const pick = (c: Counts, f: string): number =>
      f === 'l' ? c.lines : f === 'w' ? c.words : f === 'm' ? c.chars : f === 'c' ? c.bytes : c.maxLine;
    const line = (c: Counts, name: string): string =>
      show.map((f) => String(pick(c, f)).padStart(width)).join(' ') + (name ? ` ${name}` : '') + '\n';
    for (const r of results) ctx.stdout.write(line(r.c, r.name));
    if (files.length > 1) ctx.stdout.write(line(total, 'total'));
    return status;
  },
};
