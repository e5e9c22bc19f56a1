import type { Command } from '../../shell/command.js';
import { readChunk } from '../../shell/streams.js';
import { getopt, optError } from './util.js';
import { readFileText } from './files.js';

export const cat: Command = {
  name: 'cat',
  summary: 'concatenate files and print on the standard output',
  usage: 'Usage: cat [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'nAEsTbuv',
      long: { number: 'n', 'show-ends': 'E', 'show-all': 'A' },
    });
    if (o.error) return optError(ctx, 'cat', o.error);
    const number = o.flags.has('n');
    const ends = o.flags.has('E') || o.flags.has('A');
    let lineNo = 0;
    let atLineStart = true;
    const emit = (text: string): void => {
      if (!number && !ends) {
        ctx.stdout.write(text);
        return;
      }
      let out = '';
      for (const ch of text) {
        if (atLineStart && number) out += `${String(++lineNo).padStart(6)}\t`;
        atLineStart = false;
        if (ch === '\n') {
          out += ends ? '$\n' : '\n';
          atLineStart = true;
        } else out += ch;
      }
      ctx.stdout.write(out);
    };
    let status = 0;
    const files = o.args.length === 0 ? ['-'] : o.args;
    for (const f of files) {
      if (f === '-') {
        const state = { done: false };
        for (;;) {
          const chunk = await readChunk(ctx.stdin, state);
          if (chunk === undefined) break;
          emit(chunk);
        }
        continue;
      }
      const text = readFileText(ctx, 'cat', f);
      if (text === undefined) status = 1;
      else emit(text);
    }
    return status;
  },
};
