import type { Command } from '../../shell/command.js';
import { readChunk } from '../../shell/streams.js';
import { normalizePath } from '../../world/fs.js';
import { getopt, optError } from './util.js';
import { fsErrorText } from './files.js';

export const tee: Command = {
  name: 'tee',
  summary: 'read from standard input and write to standard output and files',
  usage: 'Usage: tee [OPTION]... [FILE]...\n',
  async run(ctx) {
    const o = getopt(ctx.argv.slice(1), { flags: 'ai', long: { append: 'a' } });
    if (o.error) return optError(ctx, 'tee', o.error);
    const fs = ctx.host.fs;
    let status = 0;
    const targets: string[] = [];
    for (const f of o.args) {
      const path = normalizePath(f, ctx.cwd);
      try {
        if (!o.flags.has('a') || !fs.exists(path)) fs.write(path, '');
        targets.push(path);
      } catch (e) {
        ctx.stderr.write(`tee: ${f}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    const state = { done: false };
    for (;;) {
      const chunk = await readChunk(ctx.stdin, state);
      if (chunk === undefined) break;
      ctx.stdout.write(chunk);
      for (const t of targets) {
        try {
          fs.append(t, chunk);
        } catch {
          status = 1;
        }
      }
    }
    return status;
  },
};
