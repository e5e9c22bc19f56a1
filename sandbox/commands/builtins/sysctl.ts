/**
 * `sysctl` (procps-ng 4): read and write the kernel tunables under /proc/sys, through the
 * host's file system so `cat /proc/sys/…` and `echo 1 > /proc/sys/…` agree with it.
 */
import type { Command, CommandContext } from '../../shell/command.js';
import { FsError, fsErrorText } from '../../world/fs.js';
import { getopt } from './util.js';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -h, --help           display this help and exit
  -V, --version        output version information and exit

For more details see sysctl(8).
`;

const PROC = '/proc/sys';

interface Mode {
  values: boolean;
  names: boolean;
  binary: boolean;
  ignore: boolean;
  quiet: boolean;
}

/** `net.ipv4.ip_forward` or `net/ipv4/ip_forward` → its /proc path and its dotted name. */
function locate(key: string): { path: string; name: string } {
  const slashed = key.includes('/') ? key.replace(/^\/+/, '') : key.split('.').join('/');
  return { path: `${PROC}/${slashed}`, name: slashed.split('/').join('.') };
}

function show(ctx: CommandContext, m: Mode, name: string, value: string): void {
  const lines = value.replace(/\n$/, '').split('\n');
  for (const line of lines) {
    if (m.names) ctx.stdout.write(`${name}\n`);
    else if (m.values) ctx.stdout.write(m.binary ? line : `${line}\n`);
    else ctx.stdout.write(`${name} = ${line}\n`);
  }
}

function displayAll(ctx: CommandContext, m: Mode, dir: string): void {
  const fs = ctx.host.fs;
  for (const child of fs.list(dir)) {
    const p = `${dir}/${child}`;
    if (fs.isDir(p)) displayAll(ctx, m, p);
    else
      show(
        ctx,
        m,
        p
          .slice(PROC.length + 1)
          .split('/')
          .join('.'),
        fs.readText(p),
      );
  }
}

/** procps' stat() of the key's file: the status to return when it is missing (0 under -e), else undefined. */
function statFails(ctx: CommandContext, m: Mode, path: string): number | undefined {
  if (ctx.host.fs.exists(path)) return undefined;
  if (m.ignore) return 0;
  ctx.stderr.write(`sysctl: cannot stat ${path}: No such file or directory\n`);
  return 1;
}

function readSetting(ctx: CommandContext, m: Mode, key: string): number {
  const { path, name } = locate(key);
  const fs = ctx.host.fs;
  const missing = statFails(ctx, m, path);
  if (missing !== undefined) return missing;
  if (fs.isDir(path)) displayAll(ctx, m, path);
  else show(ctx, m, name, fs.readText(path));
  return 0;
}

function writeSetting(ctx: CommandContext, m: Mode, setting: string): number {
  const eq = setting.indexOf('=');
  if (eq <= 0) {
    ctx.stderr.write(`sysctl: "${setting}" must be of the form name=value\n`);
    return 1;
  }
  const key = setting.slice(0, eq).trim();
  const value = setting.slice(eq + 1).trim();
  const { path, name } = locate(key);
  const fs = ctx.host.fs;
  const missing = statFails(ctx, m, path);
  if (missing !== undefined) return missing;
  if (fs.isDir(path)) {
    ctx.stderr.write(`sysctl: setting key "${name}": Is a directory\n`);
    return 1;
  }
  // A container's /proc/sys is mounted read-only.
  if (ctx.host.kind === 'pod') {
    ctx.stderr.write(`sysctl: setting key "${name}", ignoring: Read-only file system\n`);
    return 1;
  }
  try {
    fs.write(path, `${value}\n`);
  } catch (e) {
    ctx.stderr.write(`sysctl: setting key "${name}": ${e instanceof FsError ? fsErrorText(e) : String(e)}\n`);
    return 1;
  }
  if (m.quiet) return 0;
  if (m.names) ctx.stdout.write(`${name}\n`);
  else if (m.values) ctx.stdout.write(`${value}\n`);
  else ctx.stdout.write(`${name} = ${value}\n`);
  return 0;
}

/** `-p [FILE]`: `key = value` lines; `#` and `;` begin comments; a leading `-` ignores errors. */
function preload(ctx: CommandContext, m: Mode, file: string): number {
  const fs = ctx.host.fs;
  let text: string;
  try {
    text = fs.readText(file.startsWith('/') ? file : `${ctx.cwd}/${file}`);
  } catch (e) {
    ctx.stderr.write(`sysctl: cannot open "${file}": ${fsErrorText(e)}\n`);
    return 1;
  }
  let rc = 0;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const ignore = line.startsWith('-');
    if (ignore) line = line.slice(1);
    const eq = line.indexOf('=');
    if (eq < 0) {
      ctx.stderr.write(`sysctl: ${file}: line without '=' ignored: ${line}\n`);
      continue;
    }
    const r = writeSetting(
      ctx,
      { ...m, ignore: m.ignore || ignore },
      `${line.slice(0, eq).trim()}=${line.slice(eq + 1).trim()}`,
    );
    if (!ignore) rc |= r;
  }
  return rc;
}

export const sysctl: Command = {
  name: 'sysctl',
  summary: 'configure kernel parameters at runtime',
  usage: USAGE.trimStart(),
  run(ctx) {
    const o = getopt(ctx.argv.slice(1), {
      flags: 'aAXbeNnpfqwhVo',
      long: {
        all: 'a',
        binary: 'b',
        ignore: 'e',
        names: 'N',
        values: 'n',
        load: 'p',
        quiet: 'q',
        write: 'w',
        help: 'h',
        version: 'V',
      },
    });
    if (o.error) {
      const what =
        o.error.kind === 'invalid' ? `invalid option -- '${o.error.opt}'` : `unrecognized option '${o.error.opt}'`;
      ctx.stderr.write(`sysctl: ${what}\n${USAGE}`);
      return 1;
    }
    const f = o.flags;
    if (f.has('h')) {
      ctx.stdout.write(USAGE);
      return 0;
    }
    if (f.has('V')) {
      ctx.stdout.write('sysctl from procps-ng 4.0.2\n');
      return 0;
    }
    const m: Mode = {
      values: f.has('n') || f.has('b'),
      names: f.has('N'),
      binary: f.has('b'),
      ignore: f.has('e'),
      quiet: f.has('q'),
    };
    if (f.has('p') || f.has('f')) {
      const files = o.args.length > 0 ? o.args : ['/etc/sysctl.conf'];
      let rc = 0;
      for (const file of files) rc |= preload(ctx, m, file);
      return rc;
    }
    if (f.has('a') || f.has('A') || f.has('X')) {
      displayAll(ctx, m, PROC);
      return 0;
    }
    if (o.args.length === 0) {
      ctx.stderr.write("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
      return 1;
    }
    let rc = 0;
    for (const arg of o.args) {
      rc |= f.has('w') || arg.includes('=') ? writeSetting(ctx, m, arg) : readSetting(ctx, m, arg);
    }
    return rc;
  },
};
