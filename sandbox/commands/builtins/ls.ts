/**
 * ls: names in columns on a terminal, one a line into a pipe; -l in GNU's
 * long format with times in the node's local zone.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import type { FsEntry } from '../../world/fs.js';
import { normalizePath } from '../../world/fs.js';
import { LOCAL_TZ_OFFSET_US } from '../../world/clock.js';
import { getopt, optError, qf } from './util.js';
import { displayWidth } from '../../shell/width.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function modeString(e: FsEntry): string {
  const m = e.mode;
  const bits = 'rwxrwxrwx';
  let s = e.kind === 'dir' ? 'd' : '-';
  for (let i = 0; i < 9; i++) s += m & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

function lsTime(mtimeUs: number, nowUs: number): string {
  const d = new Date(Math.floor((mtimeUs + LOCAL_TZ_OFFSET_US) / 1000));
  const mon = MONTHS[d.getUTCMonth()]!;
  const day = String(d.getUTCDate()).padStart(2);
  const sixMonthsUs = 182.5 * 86400 * 1e6;
  if (nowUs - mtimeUs > sixMonthsUs || mtimeUs - nowUs > 3600e6) return `${mon} ${day}  ${d.getUTCFullYear()}`;
  return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return (v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v)).toString() + units[u];
}

/** GNU ls's column layout: the most columns that fit, filled top to bottom. */
export function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  const w = names.map((n) => displayWidth(n));
  for (let ncols = Math.min(names.length, Math.max(1, Math.floor(width / 3))); ncols >= 1; ncols--) {
    const rows = Math.ceil(names.length / ncols);
    const real = Math.ceil(names.length / rows);
    const colW: number[] = [];
    for (let c = 0; c < real; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m = Math.max(m, w[c * rows + r] ?? 0);
      colW.push(m + (c < real - 1 ? 2 : 0));
    }
    if (colW.reduce((a, b) => a + b, 0) <= width || ncols === 1) {
      let out = '';
      for (let r = 0; r < rows; r++) {
        let line = '';
        for (let c = 0; c < real; c++) {
          const i = c * rows + r;
          const n = names[i];
          if (n === undefined) continue;
          const last = c === real - 1 || names[(c + 1) * rows + r] === undefined;
          line += last ? n : n + ' '.repeat(colW[c]! - w[i]!);
        }
        out += line + '\n';
      }
      return out;
    }
  }
  return names.join('\n') + '\n';
}

function longListing(
  ctx: CommandContext,
  items: { name: string; entry: FsEntry; path?: string }[],
  human: boolean,
  showTotal: boolean,
): string {
  const size = (e: FsEntry): number => (e.kind === 'dir' ? 4096 : (e.data?.length ?? 0));
  // A directory's link count: its name in its parent, its own `.`, and each subdirectory's `..`.
  const subdirs = (path: string | undefined): number => {
    if (path === undefined || !ctx.host.fs.isDir(path)) return 0;
    return ctx.host.fs.list(path).filter((n) => ctx.host.fs.isDir(`${path === '/' ? '' : path}/${n}`)).length;
  };
  const rows = items.map(({ name, entry, path }) => ({
    mode: modeString(entry),
    links: String(entry.kind === 'dir' ? 2 + subdirs(path) : 1),
    size: human ? humanSize(size(entry)) : String(size(entry)),
    time: lsTime(entry.mtime, ctx.world.clock.now),
    name,
  }));
  const lw = Math.max(0, ...rows.map((r) => r.links.length));
  const sw = Math.max(0, ...rows.map((r) => r.size.length));
  let out = '';
  if (showTotal) {
    const blocks = items.reduce((t, { entry }) => t + Math.ceil(size(entry) / 4096) * 4, 0);
    out += `total ${human ? humanSize(blocks * 1024) : blocks}\n`;
  }
  for (const r of rows)
    out += `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.time} ${r.name}\n`;
  return out;
}

export const ls: Command = {
  name: 'ls',
  summary: 'list directory contents',
  usage: 'Usage: ls [OPTION]... [FILE]...\n',
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'laA1hdrtRF',
      long: { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd' },
    });
    if (o.error) return optError(ctx, 'ls', o.error, 2);
    const long = o.flags.has('l');
    const all = o.flags.has('a');
    const almost = o.flags.has('A');
    const one = o.flags.has('1') || !ctx.stdout.isTerminal;
    const human = o.flags.has('h');
    const fs = ctx.host.fs;
    const operands = o.args.length === 0 ? ['.'] : o.args;
    let status = 0;
    const files: { name: string; entry: FsEntry; path?: string }[] = [];
    const dirs: { name: string; path: string }[] = [];
    for (const a of operands) {
      const path = normalizePath(a, ctx.cwd);
      const entry = fs.stat(path);
      if (!entry) {
        ctx.stderr.write(`ls: cannot access ${qf(a)}: No such file or directory\n`);
        status = 2;
        continue;
      }
      if (entry.kind === 'dir' && !o.flags.has('d')) dirs.push({ name: a, path });
      else files.push({ name: a, entry, path });
    }
    const sortItems = (items: { name: string; entry: FsEntry; path?: string }[]): void => {
      if (o.flags.has('t')) items.sort((x, y) => y.entry.mtime - x.entry.mtime || (x.name < y.name ? -1 : 1));
      if (o.flags.has('r')) items.reverse();
    };
    const render = (items: { name: string; entry: FsEntry; path?: string }[], total: boolean): string => {
      const names = items.map((i) => (o.flags.has('F') && i.entry.kind === 'dir' ? i.name + '/' : i.name));
      if (long)
        return longListing(
          ctx,
          items.map((it, k) => ({ ...it, name: names[k]! })),
          human,
          total,
        );
      if (one) return names.map((n) => n + '\n').join('');
      return columns(names, ctx.cols);
    };
    let out = '';
    sortItems(files);
    if (files.length > 0) out += render(files, false);
    const many = operands.length > 1;
    dirs.forEach((d, i) => {
      const names = fs.list(d.path);
      const items: { name: string; entry: FsEntry; path?: string }[] = [];
      if (all) {
        items.push({ name: '.', entry: fs.stat(d.path)!, path: d.path });
        items.push({ name: '..', entry: fs.stat(normalizePath('..', d.path))!, path: normalizePath('..', d.path) });
      }
      for (const n of names) {
        if (n.startsWith('.') && !all && !almost) continue;
        const p = `${d.path === '/' ? '' : d.path}/${n}`;
        items.push({ name: n, entry: fs.stat(p)!, path: p });
      }
      sortItems(items);
      if (many) out += `${files.length > 0 || i > 0 ? '\n' : ''}${d.name}:\n`;
      out += render(items, true);
    });
    ctx.stdout.write(out);
    return status;
  },
};
