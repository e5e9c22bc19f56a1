/**
 * Commands that act on the shell itself: true/false, exit, cd, pwd, export,
 * unset, alias, history, clear, help, jobs, wait, kill, bash.
 */
import type { Command, CommandContext, Signal } from '../../shell/command.js';
import { SIGNAL_NUMBERS } from '../../shell/command.js';
import { normalizePath } from '../../world/fs.js';

const trueCmd: Command = { name: 'true', summary: 'do nothing, successfully', usage: 'true', run: () => 0 };
const falseCmd: Command = { name: 'false', summary: 'do nothing, unsuccessfully', usage: 'false', run: () => 1 };
const colon: Command = {
  name: ':',
  summary: 'null command (does nothing, successfully)',
  usage: ':: : [arguments]',
  run: () => 0,
};

function lastStatus(ctx: CommandContext): number {
  const v = ctx.shell.getVar('?');
  return v === undefined ? 0 : Number(v);
}

function exitLike(name: 'exit' | 'logout'): Command {
  return {
    name,
    summary: name === 'exit' ? 'exit the shell' : 'exit a login shell',
    usage: `${name}: ${name} [n]`,
    run(ctx) {
      const arg = ctx.argv[1];
      let status = lastStatus(ctx);
      if (arg !== undefined) {
        if (!/^-?\d+$/.test(arg)) {
          ctx.stderr.write(`bash: ${name}: ${arg}: numeric argument required\n`);
          status = 2;
        } else status = Number(arg) & 0xff;
      }
      if (!ctx.shell.leave()) ctx.shell.exitSession(status);
      return status;
    },
  };
}

const cd: Command = {
  name: 'cd',
  summary: 'change the shell working directory',
  usage: 'cd: cd [-L|[-P [-e]] [-@]] [dir]',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
    if (args.length > 1) {
      ctx.stderr.write('bash: cd: too many arguments\n');
      return 1;
    }
    let target = args[0] ?? ctx.env.get('HOME') ?? '/root';
    let print = false;
    if (target === '-') {
      const old = ctx.env.get('OLDPWD');
      if (old === undefined) {
        ctx.stderr.write('bash: cd: OLDPWD not set\n');
        return 1;
      }
      target = old;
      print = true;
    }
    const path = normalizePath(target, ctx.cwd);
    const st = ctx.host.fs.stat(path);
    if (!st) {
      ctx.stderr.write(`bash: cd: ${target}: No such file or directory\n`);
      return 1;
    }
    if (st.kind !== 'dir') {
      ctx.stderr.write(`bash: cd: ${target}: Not a directory\n`);
      return 1;
    }
    ctx.shell.chdir(path);
    if (print) ctx.stdout.write(path + '\n');
    return 0;
  },
};

const pwd: Command = {
  name: 'pwd',
  summary: 'print the name of the current working directory',
  usage: 'pwd: pwd [-LP]',
  run(ctx) {
    ctx.stdout.write(ctx.cwd + '\n');
    return 0;
  },
};

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

const exportCmd: Command = {
  name: 'export',
  summary: 'set export attribute for shell variables',
  usage: 'export: export [-fn] [name[=value] ...] or export -p',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== '-p');
    if (args.length === 0) {
      for (const [k, v] of [...ctx.env].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (k === '?') continue;
        ctx.stdout.write(`declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        ctx.stderr.write(`bash: export: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      const value = eq >= 0 ? a.slice(eq + 1) : (ctx.shell.getVar(name) ?? '');
      ctx.shell.setVar(name, value, true);
    }
    return status;
  },
};

const unset: Command = {
  name: 'unset',
  summary: 'unset values and attributes of shell variables',
  usage: 'unset: unset [-f] [-v] [-n] [name ...]',
  run(ctx) {
    for (const a of ctx.argv.slice(1)) {
      if (a.startsWith('-')) continue;
      ctx.shell.setVar(a, undefined);
    }
    return 0;
  },
};

const alias: Command = {
  name: 'alias',
  summary: 'define or display aliases',
  usage: 'alias: alias [-p] [name[=value] ... ]',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== '-p');
    const all = ctx.shell.aliases();
    if (args.length === 0) {
      for (const [k, v] of [...all].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
        ctx.stdout.write(`alias ${k}=${shellQuote(v)}\n`);
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        ctx.shell.setAlias(a.slice(0, eq), a.slice(eq + 1));
        continue;
      }
      const v = all.get(a);
      if (v === undefined) {
        ctx.stderr.write(`bash: alias: ${a}: not found\n`);
        status = 1;
      } else ctx.stdout.write(`alias ${a}=${shellQuote(v)}\n`);
    }
    return status;
  },
};

const unalias: Command = {
  name: 'unalias',
  summary: 'remove alias definitions',
  usage: 'unalias: unalias [-a] name [name ...]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      ctx.stderr.write('unalias: usage: unalias [-a] name [name ...]\n');
      return 2;
    }
    if (args.includes('-a')) {
      for (const k of [...ctx.shell.aliases().keys()]) ctx.shell.setAlias(k, undefined);
      return 0;
    }
    let status = 0;
    for (const a of args) {
      if (!ctx.shell.aliases().has(a)) {
        ctx.stderr.write(`bash: unalias: ${a}: not found\n`);
        status = 1;
      } else ctx.shell.setAlias(a, undefined);
    }
    return status;
  },
};

const history: Command = {
  name: 'history',
  summary: 'display the command history',
  usage: 'history: history [-c] [n]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '-c') {
      ctx.shell.clearHistory();
      return 0;
    }
    const h = ctx.shell.history();
    let start = 0;
    if (args[0] !== undefined) {
      if (!/^\d+$/.test(args[0])) {
        ctx.stderr.write(`bash: history: ${args[0]}: numeric argument required\n`);
        return 1;
      }
      start = Math.max(0, h.length - Number(args[0]));
    }
    for (let i = start; i < h.length; i++) ctx.stdout.write(`${String(i + 1).padStart(5)}  ${h[i]}\n`);
    return 0;
  },
};

const clear: Command = {
  name: 'clear',
  summary: 'clear the terminal screen',
  usage: 'Usage: clear [options]',
  run(ctx) {
    ctx.shell.clearScreen();
    return 0;
  },
};

const help: Command = {
  name: 'help',
  summary: 'list the commands this terminal knows',
  usage: 'help: help [command]',
  run(ctx) {
    const names = ctx.shell.commandNames();
    const which = ctx.argv[1];
    if (which !== undefined) {
      const s = ctx.shell.commandSummary(which);
      if (s === undefined) {
        ctx.stderr.write(
          `bash: help: no help topics match \`${which}'.  Try \`help help' or \`man -k ${which}' or \`info ${which}'.\n`,
        );
        return 1;
      }
      ctx.stdout.write(`${which} - ${s}\n`);
      return 0;
    }
    const width = Math.max(...names.map((n) => n.length)) + 2;
    for (const n of names) ctx.stdout.write(`${n.padEnd(width)}${ctx.shell.commandSummary(n) ?? ''}\n`);
    return 0;
  },
};

function parseJobSpec(ctx: CommandContext, name: string, spec: string): { job?: number; pid?: number } | undefined {
  if (spec.startsWith('%')) {
    const rest = spec.slice(1);
    const jobs = ctx.shell.jobs();
    if (rest === '' || rest === '%' || rest === '+') {
      const j = jobs[jobs.length - 1];
      return j ? { job: j.id } : { job: -1 };
    }
    if (rest === '-') {
      const j = jobs[jobs.length - 2] ?? jobs[jobs.length - 1];
      return j ? { job: j.id } : { job: -1 };
    }
    if (/^\d+$/.test(rest)) return { job: Number(rest) };
    const j = jobs.find((x) => x.command.startsWith(rest));
    return j ? { job: j.id } : { job: -1 };
  }
  if (/^\d+$/.test(spec)) return { pid: Number(spec) };
  void name;
  return undefined;
}

const jobsCmd: Command = {
  name: 'jobs',
  summary: 'display status of jobs',
  usage: 'jobs: jobs [-lnprs] [jobspec ...]',
  run(ctx) {
    const showPid = ctx.argv.includes('-l');
    const pidsOnly = ctx.argv.includes('-p');
    const jobs = ctx.shell.jobs();
    const n = jobs.length;
    for (let i = 0; i < n; i++) {
      const j = jobs[i]!;
      if (pidsOnly) {
        ctx.stdout.write(`${j.pid}\n`);
        continue;
      }
      const mark = i === n - 1 ? '+' : i === n - 2 ? '-' : ' ';
      const state = j.state === 'Exit' ? `Exit ${j.status ?? 1}` : j.state;
      const cmd = j.state === 'Running' ? `${j.command} &` : j.command;
      ctx.stdout.write(`[${j.id}]${mark}  ${showPid ? `${j.pid} ` : ''}${state.padEnd(24)}${cmd}\n`);
    }
    return 0;
  },
};

const wait: Command = {
  name: 'wait',
  summary: 'wait for job completion and return exit status',
  usage: 'wait: wait [-fn] [-p var] [id ...]',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const targets: (number | undefined)[] = [];
    for (const a of args) {
      const t = parseJobSpec(ctx, 'wait', a);
      if (!t) {
        ctx.stderr.write(`bash: wait: \`${a}': not a pid or valid job spec\n`);
        return 2;
      }
      if (t.job !== undefined) {
        if (t.job < 0 || !ctx.shell.jobs().some((j) => j.id === t.job)) {
          ctx.stderr.write(`bash: wait: ${a}: no such job\n`);
          return 127;
        }
        targets.push(t.job);
      } else {
        const j = ctx.shell.jobs().find((x) => x.pid === t.pid);
        if (!j) {
          ctx.stderr.write(`bash: wait: pid ${a} is not a child of this shell\n`);
          return 127;
        }
        targets.push(j.id);
      }
    }
    if (targets.length === 0) targets.push(undefined);
    let status = 0;
    for (const t of targets) {
      const r = await Promise.race([ctx.shell.waitJob(t), ctx.signalled.then((s) => -SIGNAL_NUMBERS[s])]);
      if (r < 0) return 128 - r;
      status = r;
    }
    return args.length === 0 ? 0 : status;
  },
};

const SIGNAL_BY_NAME: Record<string, Signal> = {
  INT: 'INT',
  TERM: 'TERM',
  KILL: 'KILL',
  PIPE: 'PIPE',
  '2': 'INT',
  '9': 'KILL',
  '13': 'PIPE',
  '15': 'TERM',
};

const kill: Command = {
  name: 'kill',
  summary: 'send a signal to a job or process',
  usage: 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sig: Signal = 'TERM';
    if (args[0] === '-l') {
      ctx.stdout.write(' 2) SIGINT\t 9) SIGKILL\t13) SIGPIPE\t15) SIGTERM\n');
      return 0;
    }
    if (args[0] === '-s' || args[0] === '-n') {
      args.shift();
      const s = args.shift();
      const found = s === undefined ? undefined : SIGNAL_BY_NAME[s.toUpperCase().replace(/^SIG/, '')];
      if (!found) {
        ctx.stderr.write(`bash: kill: ${s ?? ''}: invalid signal specification\n`);
        return 1;
      }
      sig = found;
    } else if (args[0]?.startsWith('-') && args[0].length > 1) {
      const s = args.shift()!.slice(1);
      const found = SIGNAL_BY_NAME[s.toUpperCase().replace(/^SIG/, '')];
      if (!found) {
        ctx.stderr.write(`bash: kill: ${s}: invalid signal specification\n`);
        return 1;
      }
      sig = found;
    }
    if (args.length === 0) {
      ctx.stderr.write(`${this.usage}\n`);
      return 2;
    }
    let status = 0;
    for (const a of args) {
      const t = parseJobSpec(ctx, 'kill', a);
      if (!t) {
        ctx.stderr.write(`bash: kill: ${a}: arguments must be process or job IDs\n`);
        status = 1;
        continue;
      }
      if (!ctx.shell.killJob(t, sig)) {
        if (t.job !== undefined) ctx.stderr.write(`bash: kill: ${a}: no such job\n`);
        else ctx.stderr.write(`bash: kill: (${a}) - No such process\n`);
        status = 1;
      }
    }
    return status;
  },
};

/** Pick the job a `fg`/`bg` argument names (the current job without one); undefined after printing bash's error. */
function jobFor(ctx: CommandContext, name: string): number | undefined {
  const arg = ctx.argv[1];
  const jobs = ctx.shell.jobs();
  if (arg === undefined) {
    const j = jobs[jobs.length - 1];
    if (!j) ctx.stderr.write(`bash: ${name}: current: no such job\n`);
    return j?.id;
  }
  const t = parseJobSpec(ctx, name, arg.startsWith('%') ? arg : `%${arg}`);
  const j = t?.job === undefined ? undefined : jobs.find((x) => x.id === t.job);
  if (!j) ctx.stderr.write(`bash: ${name}: ${arg}: no such job\n`);
  return j?.id;
}

const fg: Command = {
  name: 'fg',
  summary: 'move a background job to the foreground',
  usage: 'fg: fg [job_spec]',
  async run(ctx) {
    const id = jobFor(ctx, 'fg');
    if (id === undefined) return 1;
    const job = ctx.shell.jobs().find((j) => j.id === id)!;
    ctx.stdout.write(`${job.command}\n`);
    if (job.state !== 'Running') return job.status ?? 0;
    // The job is in the foreground now: Ctrl-C reaches it.
    void ctx.signalled.then((sig) => ctx.shell.killJob({ job: id }, sig));
    return ctx.shell.waitJob(id);
  },
};

const bg: Command = {
  name: 'bg',
  summary: 'resume a job in the background',
  usage: 'bg: bg [job_spec ...]',
  run(ctx) {
    const id = jobFor(ctx, 'bg');
    if (id === undefined) return 1;
    ctx.stderr.write(`bash: bg: job ${id} already in background\n`);
    return 0;
  },
};

const bash: Command = {
  name: 'bash',
  summary: 'run a command line (-c) or open a nested shell',
  usage: 'Usage:\tbash [GNU long option] [option] ...\n\tbash [GNU long option] [option] script-file ...\n',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const c = args.indexOf('-c');
    if (c >= 0) {
      const line = args[c + 1];
      if (line === undefined) {
        ctx.stderr.write('bash: -c: option requires an argument\n');
        return 2;
      }
      return ctx.shell.execLine(ctx.host, line, { cwd: ctx.cwd });
    }
    if (args.length > 0 && !args[0]!.startsWith('-')) {
      ctx.stderr.write(`bash: ${args[0]}: No such file or directory\n`);
      return 127;
    }
    ctx.shell.enter(ctx.host, { cwd: ctx.cwd, onExit: ['exit'] });
    return 0;
  },
};

const sh: Command = { ...bash, name: 'sh', summary: 'run a command line (-c) or open a nested shell' };

export const shellBuiltins: Command[] = [
  trueCmd,
  falseCmd,
  colon,
  exitLike('exit'),
  exitLike('logout'),
  cd,
  pwd,
  exportCmd,
  unset,
  alias,
  unalias,
  history,
  clear,
  help,
  jobsCmd,
  wait,
  kill,
  fg,
  bg,
  bash,
  sh,
];
