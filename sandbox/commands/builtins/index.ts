import type { Command } from '../../shell/command.js';
import { echo } from './echo.js';
import { hostname } from './hostname.js';
import { sleep } from './sleep.js';
import { shellBuiltins } from './shell.js';
import { cat } from './cat.js';
import { ls } from './ls.js';
import { cp, mkdir, mv, rm, rmdir, touch } from './fileops.js';
import { grep } from './grep.js';
import { head, tail } from './headtail.js';
import { wc } from './wc.js';
import { sort, uniq } from './sortuniq.js';
import { tee } from './tee.js';
import { sed } from './sed.js';
import { printf } from './printf.js';
import { date, env, id, type, uname, which, whoami } from './system.js';
import { download, ssh, timeout } from './remote.js';
import { cut, less, more, seq, xargs } from './textmore.js';
import { awk } from './awk.js';
import { nano, vi, vim } from './editor.js';
import { bracket, test } from './test.js';
import { sudo, watch } from './run.js';
import { sysctl } from './sysctl.js';
import { lsmod, modprobe } from './modules.js';
import { ps } from './ps.js';

/** `CMD --help` prints the usage and succeeds, as the GNU tools do. */
function withHelp(cmd: Command): Command {
  return {
    ...cmd,
    run(ctx) {
      if (ctx.argv.length === 2 && ctx.argv[1] === '--help') {
        ctx.stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
        return 0;
      }
      return cmd.run(ctx);
    },
  };
}

const GNU_TOOLS = new Set([
  'cat',
  'ls',
  'mkdir',
  'rmdir',
  'rm',
  'touch',
  'cp',
  'mv',
  'grep',
  'head',
  'tail',
  'wc',
  'sort',
  'uniq',
  'tee',
  'sed',
  'date',
  'uname',
  'whoami',
  'id',
  'env',
  'cut',
  'seq',
  'xargs',
  'hostname',
  'sleep',
  'timeout',
  'download',
]);

/** The builtins and text tools, registered by sandbox/commands/registry.ts. */
export const builtinsCommands: Command[] = [
  ...shellBuiltins,
  echo,
  printf,
  hostname,
  sleep,
  cat,
  ls,
  mkdir,
  rmdir,
  rm,
  touch,
  cp,
  mv,
  grep,
  head,
  tail,
  wc,
  sort,
  uniq,
  tee,
  sed,
  awk,
  cut,
  seq,
  xargs,
  less,
  more,
  date,
  uname,
  whoami,
  id,
  env,
  type,
  which,
  ssh,
  timeout,
  download,
  test,
  bracket,
  sudo,
  watch,
  sysctl,
  lsmod,
  modprobe,
  ps,
  vi,
  vim,
  nano,
].map((c) => (GNU_TOOLS.has(c.name) ? withHelp(c) : c));
