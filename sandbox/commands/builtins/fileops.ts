/** mkdir, rmdir, rm, touch, cp, mv over the host's virtual file system, with coreutils' messages. */
import type { Command, CommandContext } from '../../shell/command.js';
import { basename, dirname, normalizePath } from '../../world/fs.js';
import { getopt, optError, q, qf, usageError } from './util.js';
import { fsErrorText } from './files.js';

export const mkdir: Command = {
  name: 'mkdir',
  summary: 'make directories',
  usage: 'Usage: mkdir [OPTION]... DIRECTORY...\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'pv',
      withValue: 'm',
      long: { parents: 'p', verbose: 'v', mode: 'm' },
    });
    if (o.error) return optError(ctx, 'mkdir', o.error);
    if (o.args.length === 0) return usageError(ctx, 'mkdir', 'missing operand');
    const fs = ctx.host.fs;
    let status = 0;
    for (const a of o.args) {
      const path = normalizePath(a, ctx.cwd);
      try {
        if (o.flags.has('p')) {
          fs.mkdirp(path);
          continue;
        }
        if (fs.exists(path)) {
          ctx.stderr.write(`mkdir: cannot create directory ${q(a)}: File exists\n`);
          status = 1;
          continue;
        }
        if (!fs.isDir(dirname(path))) {
          ctx.stderr.write(
            `mkdir: cannot create directory ${q(a)}: ${fs.exists(dirname(path)) ? 'Not a directory' : 'No such file or directory'}\n`,
          );
          status = 1;
          continue;
        }
        fs.mkdirp(path);
        if (o.flags.has('v')) ctx.stdout.write(`mkdir: created directory ${qf(a)}\n`);
      } catch (e) {
        ctx.stderr.write(`mkdir: cannot create directory ${q(a)}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
};

export const rmdir: Command = {
  name: 'rmdir',
  summary: 'remove empty directories',
  usage: 'Usage: rmdir [OPTION]... DIRECTORY...\n',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) return usageError(ctx, 'rmdir', 'missing operand');
    const fs = ctx.host.fs;
    let status = 0;
    for (const a of args) {
      const path = normalizePath(a, ctx.cwd);
      const st = fs.stat(path);
      let err: string | undefined;
      if (!st) err = 'No such file or directory';
      else if (st.kind !== 'dir') err = 'Not a directory';
      else if (fs.list(path).length > 0) err = 'Directory not empty';
      if (err) {
        ctx.stderr.write(`rmdir: failed to remove ${qf(a)}: ${err}\n`);
        status = 1;
      } else fs.remove(path);
    }
    return status;
  },
};

export const rm: Command = {
  name: 'rm',
  summary: 'remove files or directories',
  usage: 'Usage: rm [OPTION]... [FILE]...\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), { flags: 'rRfvid', long: { recursive: 'r', force: 'f', verbose: 'v' } });
    if (o.error) return optError(ctx, 'rm', o.error);
    const force = o.flags.has('f');
    const recursive = o.flags.has('r') || o.flags.has('R');
    if (o.args.length === 0) {
      if (force) return 0;
      return usageError(ctx, 'rm', 'missing operand');
    }
    const fs = ctx.host.fs;
    let status = 0;
    for (const a of o.args) {
      const path = normalizePath(a, ctx.cwd);
      const st = fs.stat(path);
      if (!st) {
        if (!force) {
          ctx.stderr.write(`rm: cannot remove ${qf(a)}: No such file or directory\n`);
          status = 1;
        }
        continue;
      }
      if (path === '/') {
        ctx.stderr.write(
          `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`,
        );
        status = 1;
        continue;
      }
      if (st.kind === 'dir' && !recursive) {
        ctx.stderr.write(`rm: cannot remove ${qf(a)}: Is a directory\n`);
        status = 1;
        continue;
      }
      try {
        fs.remove(path, true);
      } catch (e) {
        // /proc/sys and the like: the kernel's files cannot be removed.
        ctx.stderr.write(`rm: cannot remove ${qf(a)}: ${fsErrorText(e)}\n`);
        status = 1;
        continue;
      }
      if (o.flags.has('v')) ctx.stdout.write(`removed ${qf(a)}\n`);
    }
    return status;
  },
};

export const touch: Command = {
  name: 'touch',
  summary: 'change file timestamps (create empty files)',
  usage: 'Usage: touch [OPTION]... FILE...\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), { flags: 'acm', long: { 'no-create': 'c' } });
    if (o.error) return optError(ctx, 'touch', o.error);
    if (o.args.length === 0) return usageError(ctx, 'touch', 'missing file operand');
    const fs = ctx.host.fs;
    let status = 0;
    for (const a of o.args) {
      const path = normalizePath(a, ctx.cwd);
      try {
        if (fs.exists(path)) {
          const st = fs.stat(path)!;
          if (st.kind === 'file') fs.write(path, fs.readBytes(path));
          else st.mtime = ctx.world.clock.now;
        } else if (!o.flags.has('c')) fs.write(path, '');
      } catch (e) {
        ctx.stderr.write(`touch: cannot touch ${qf(a)}: ${fsErrorText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
};

function copyTree(ctx: CommandContext, from: string, to: string): void {
  const fs = ctx.host.fs;
  const st = fs.stat(from)!;
  if (st.kind === 'dir') {
    fs.mkdirp(to);
    for (const n of fs.list(from)) copyTree(ctx, `${from === '/' ? '' : from}/${n}`, `${to}/${n}`);
  } else fs.write(to, fs.readBytes(from), st.mode);
}

function copyOrMove(name: 'cp' | 'mv'): Command {
  return {
    name,
    summary: name === 'cp' ? 'copy files and directories' : 'move (rename) files',
    usage: `Usage: ${name} [OPTION]... SOURCE... DIRECTORY\n`,
    run(ctx) {
      const o = getopt(ctx.argv.slice(1), { flags: 'rRafvip', long: { recursive: 'r', force: 'f', verbose: 'v' } });
      if (o.error) return optError(ctx, name, o.error);
      const fs = ctx.host.fs;
      if (o.args.length === 0) return usageError(ctx, name, 'missing file operand');
      if (o.args.length === 1) return usageError(ctx, name, `missing destination file operand after ${qf(o.args[0]!)}`);
      const dest = o.args[o.args.length - 1]!;
      const sources = o.args.slice(0, -1);
      const destPath = normalizePath(dest, ctx.cwd);
      const destIsDir = fs.isDir(destPath);
      if (sources.length > 1 && !destIsDir) {
        ctx.stderr.write(`${name}: target ${qf(dest)} is not a directory\n`);
        return 1;
      }
      let status = 0;
      for (const s of sources) {
        const from = normalizePath(s, ctx.cwd);
        const st = fs.stat(from);
        if (!st) {
          ctx.stderr.write(
            name === 'cp'
              ? `cp: cannot stat ${qf(s)}: No such file or directory\n`
              : `mv: cannot stat ${qf(s)}: No such file or directory\n`,
          );
          status = 1;
          continue;
        }
        if (name === 'cp' && st.kind === 'dir' && !(o.flags.has('r') || o.flags.has('R') || o.flags.has('a'))) {
          ctx.stderr.write(`cp: -r not specified; omitting directory ${qf(s)}\n`);
          status = 1;
          continue;
        }
        const to = destIsDir ? `${destPath === '/' ? '' : destPath}/${basename(from)}` : destPath;
        if (s === '.' || s === '..' || from === '/') {
          ctx.stderr.write(
            `${name}: cannot ${name === 'cp' ? 'copy' : 'move'} ${qf(s)} to ${qf(dest)}: Device or resource busy\n`,
          );
          status = 1;
          continue;
        }
        if (to === from || to.startsWith(from + '/')) {
          ctx.stderr.write(
            `${name}: cannot ${name === 'cp' ? 'copy' : 'move'} ${qf(s)} to a subdirectory of itself, ${qf(dest)}\n`,
          );
          status = 1;
          continue;
        }
        try {
          if (fs.isDir(to) && st.kind !== 'dir') throw new Error('Is a directory');
          copyTree(ctx, from, to);
          if (name === 'mv') fs.remove(from, true);
          if (o.flags.has('v')) ctx.stdout.write(`${qf(s)} -> ${qf(dest)}\n`);
        } catch (e) {
          ctx.stderr.write(`${name}: cannot create regular file ${qf(dest)}: ${fsErrorText(e)}\n`);
          status = 1;
        }
      }
      return status;
    },
  };
}

export const cp = copyOrMove('cp');
export const mv = copyOrMove('mv');
