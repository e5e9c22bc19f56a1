/**
 * Runs parsed command lines: alias and word expansion, redirections to the
 * host's file system, pipelines, `&&`/`||`, background jobs, and the
 * ShellControl each command gets.
 *
 * Pipeline stages start together and exchange chunks through Pipes, so a
 * reader sees text as soon as the writer produces it and a writer whose
 * reader has gone gets SIGPIPE. The status of a pipeline is its last stage's.
 */
import type { Command, CommandContext, EditorBridge, InputSource, OutputSink, ShellControl } from './command.js';
import { lookupCommand } from './command.js';
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { FsError, fsErrorText, normalizePath } from '../world/fs.js';
import {
  isCompound,
  parseLine,
  type AndOr,
  type CompoundCommand,
  type Pipeline,
  type SimpleCommand,
  type Word,
  type WordPart,
} from './parser.js';
import { evalArith } from './arith.js';
import { expandJoined, expandWord, type ExpandEnv } from './expand.js';
import { GatedSink, Pipe, TextInput, type StreamInput } from './streams.js';
import { Proc, allocPid, signalStatus } from './process.js';
import { ProcGroup, finishedState, type Job, type JobTable } from './jobs.js';
import { macrotask, scheduleMacrotask } from './macrotask.js';

export interface Var {
  value: string;
  exported: boolean;
}

/** One shell: the terminal's own, a nested interactive one (ssh, exec -it), or a `bash -c` script. */
export interface Frame {
  host: Host;
  cwd: string;
  vars: Map<string, Var>;
  lastStatus: number;
  lastBgPid?: number;
  interactive: boolean;
  pid: number;
  /** Lines printed when this nested shell is left (`logout`, `Connection to … closed.`). */
  onExit?: string[];
  /** Set by `exit` in a script frame: stop running its remaining items. */
  exitRequested?: boolean;
  /** How bash prefixes its messages here, when not as the frame's kind says (a `$(…)` inside a prompt's line). */
  messagePrefix?: string;
  /** Shell functions defined in this shell (shared with its subshells' copies). */
  functions?: Map<string, CompoundCommand>;
  /** `$1`…, `$#`, `$@` inside a function call. */
  positional?: string[];
  /** Depth of function calls running; `return` ends the innermost. */
  funcDepth?: number;
  returning?: boolean;
}

export interface Stdio {
  stdin: StreamInput | InputSource;
  stdout: OutputSink;
  stderr: OutputSink;
}

/** What the interpreter needs from the session that owns it. */
export interface SessionServices {
  readonly world: World;
  readonly registry: ReadonlyMap<string, Command>;
  readonly aliases: Map<string, string>;
  readonly jobs: JobTable;
  /** The terminal, where job notices go. */
  readonly terminal: OutputSink;
  readonly cols: number;
  readonly editor?: EditorBridge;
  readonly download?: (name: string, data: Uint8Array) => void;
  history(): readonly string[];
  clearHistory(): void;
  clearScreen(): void;
  enter(host: Host, opts: { cwd?: string; onExit?: string[] }): void;
  /** Leave an interactive frame; false at the outermost shell. */
  leave(frame: Frame): boolean;
  exitSession(status: number): void;
  depth(): number;
  internalError(err: unknown, where: string): void;
  /** The foreground made progress (a command started, a loop turned). */
  tick(): void;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function homeOf(host: Host): string {
  void host;
  return '/root';
}

export function newFrame(host: Host, opts: { cwd?: string; interactive: boolean; inherit?: Frame }): Frame {
  const vars = new Map<string, Var>();
  if (opts.inherit) {
    for (const [k, v] of opts.inherit.vars) if (v.exported) vars.set(k, { ...v });
  }
  const set = (k: string, v: string): void => {
    if (!vars.has(k)) vars.set(k, { value: v, exported: true });
  };
  set('HOME', homeOf(host));
  set('PATH', DEFAULT_PATH);
  set('USER', 'root');
  set('LOGNAME', 'root');
  set('SHELL', '/bin/bash');
  set('TERM', 'xterm-256color');
  set('LANG', 'C.UTF-8');
  vars.set('HOSTNAME', { value: host.name, exported: true });
  const cwd = opts.cwd ?? (host.kind === 'pod' ? '/' : homeOf(host));
  vars.set('PWD', { value: cwd, exported: true });
  return { host, cwd, vars, lastStatus: 0, interactive: opts.interactive, pid: allocPid(host) };
}

function expandEnvOf(frame: Frame): ExpandEnv {
  return {
    getVar: (name) => {
      switch (name) {
        case '?':
          return String(frame.lastStatus);
        case '$':
          return String(frame.pid);
        case '!':
          return frame.lastBgPid === undefined ? '' : String(frame.lastBgPid);
        case '0':
          return 'bash';
        case '#':
          return String(frame.positional?.length ?? 0);
        case '-':
          return frame.interactive ? 'himBHs' : 'hBc';
        case '@':
        case '*':
          return (frame.positional ?? []).join(' ');
        default:
          if (/^[1-9]$/.test(name)) return frame.positional?.[Number(name) - 1] ?? '';
          return frame.vars.get(name)?.value;
      }
    },
    home: () => frame.vars.get('HOME')?.value ?? '/root',
    fs: frame.host.fs,
    cwd: frame.cwd,
  };
}

/** bash's prefix for its own messages: `bash: ` at a prompt, `bash: line 1: ` in `bash -c`. */
function shellPrefix(frame: Frame): string {
  return frame.messagePrefix ?? (frame.interactive ? 'bash: ' : 'bash: line 1: ');
}

function hasSubstitution(cmd: SimpleCommand): boolean {
  const has = (w: Word): boolean => w.parts.some((p) => p.kind === 'sub');
  return cmd.words.some(has) || cmd.assigns.some((a) => has(a.value));
}

/** Bound on the words a `for` loop walks through. */
const MAX_LOOP_WORDS = 100_000;

/** Bound on what `$(…)` captures. */
const MAX_SUBSTITUTION = 1024 * 1024;

/** A sink appending to a file of the host, created (or truncated) when opened. */
class FileSink implements OutputSink {
  constructor(
    private readonly host: Host,
    private readonly path: string,
  ) {}
  write(text: string): void {
    try {
      this.host.fs.append(this.path, text);
    } catch {
      // Full or removed under us: the data is lost, as with a real ENOSPC.
    }
  }
}

export class Interpreter {
  constructor(private readonly svc: SessionServices) {}

  /** Run one line in a frame. Foreground processes join `group` (Ctrl-C reaches them). */
  async runLine(frame: Frame, line: string, io: Stdio, group: ProcGroup): Promise<number> {
    const parsed = parseLine(line);
    if (!parsed.ok) {
      io.stderr.write(`${shellPrefix(frame)}${parsed.error}\n`);
      if (!frame.interactive && parsed.error.startsWith('syntax error near'))
        io.stderr.write(`bash: line 1: \`${line}'\n`);
      frame.lastStatus = 2;
      return 2;
    }
    return this.runList(frame, parsed.items, io, group);
  }

  /** Run the items of a list (a line, or the body of a loop or an if). */
  private async runList(frame: Frame, items: readonly AndOr[], io: Stdio, group: ProcGroup): Promise<number> {
    for (const item of items) {
      if (frame.exitRequested || frame.returning || group.interrupted) break;
      if (item.background) {
        this.startBackground(frame, item, io);
        frame.lastStatus = 0;
        continue;
      }
      await this.runAndOr(frame, item, io, group);
    }
    return frame.lastStatus;
  }

  /** for, while/until, if, { } and ( ): each iteration yields to the event loop, so Ctrl-C always gets through. */
  private async runCompound(
    frame: Frame,
    cmd: CompoundCommand,
    io: Stdio,
    group: ProcGroup,
    inPipeline: boolean,
  ): Promise<number> {
    const stdio = this.redirect(frame, cmd, io);
    if (!stdio) return 1;
    const f: Frame = inPipeline || cmd.kind === 'subshell' ? { ...frame, vars: new Map(frame.vars) } : frame;
    const stop = (): boolean => group.cancelled() || f.exitRequested === true || f.returning === true;
    let status = 0;
    switch (cmd.kind) {
      case 'group':
      case 'subshell':
        return this.runList(f, cmd.body, stdio, group);
      case 'function':
        frame.functions ??= new Map();
        frame.functions.set(cmd.name, cmd.body);
        return 0;
      case 'if':
        for (const c of cmd.clauses) {
          if ((await this.runList(f, c.cond, stdio, group)) === 0 && !stop())
            return this.runList(f, c.body, stdio, group);
          if (stop()) return f.lastStatus;
        }
        return cmd.otherwise ? this.runList(f, cmd.otherwise, stdio, group) : 0;
      case 'for': {
        let values: string[] = [];
        if (cmd.words) {
          const resolved = await this.substitute(f, { words: cmd.words, assigns: [], redirects: [] }, stdio, group);
          if (!resolved) return 1;
          const env = expandEnvOf(f);
          for (const w of resolved.words) values.push(...expandWord(w, env));
        }
        if (values.length > MAX_LOOP_WORDS) values = values.slice(0, MAX_LOOP_WORDS);
        for (const v of values) {
          if (stop()) break;
          const old = f.vars.get(cmd.name);
          f.vars.set(cmd.name, { value: v, exported: old?.exported ?? false });
          status = await this.runList(f, cmd.body, stdio, group);
          this.svc.tick();
          await macrotask();
        }
        return status;
      }
      case 'case': {
        const resolved = await this.substitute(
          f,
          { words: [cmd.word, ...cmd.items.flatMap((i) => i.patterns)], assigns: [], redirects: [] },
          stdio,
          group,
        );
        if (!resolved) return 1;
        const env = expandEnvOf(f);
        const [word, ...pats] = resolved.words;
        const subject = expandJoined(word!, env);
        let k = 0;
        for (const item of cmd.items) {
          const mine = pats.slice(k, k + item.patterns.length);
          k += item.patterns.length;
          if (mine.some((p) => globMatch(expandJoined(p, env), subject))) {
            return item.body.length ? this.runList(f, item.body, stdio, group) : 0;
          }
        }
        return 0;
      }
      case 'while':
      case 'until':
        for (;;) {
          this.svc.tick();
          await macrotask();
          if (stop()) break;
          const c = await this.runList(f, cmd.cond, stdio, group);
          if (stop() || (cmd.kind === 'while' ? c !== 0 : c === 0)) break;
          status = await this.runList(f, cmd.body, stdio, group);
        }
        return status;
    }
  }

  private startBackground(frame: Frame, item: AndOr, io: Stdio): void {
    const group = new ProcGroup();
    const bgIo: Stdio = { stdin: new TextInput(''), stdout: io.stdout, stderr: io.stderr };
    // bash forks a subshell for the item: changes to variables stay in it.
    const sub: Frame = { ...frame, vars: new Map(frame.vars), interactive: frame.interactive };
    if (!frame.interactive) {
      void this.runAndOr(sub, item, bgIo, group, (pids) => {
        frame.lastBgPid = pids[pids.length - 1];
      });
      return;
    }
    const job = this.svc.jobs.add({
      pid: 0,
      command: item.text,
      group,
      state: 'Running',
      reported: false,
      done: Promise.resolve(0),
    });
    // `[1] PID` comes from the shell as it forks, before the job can print anything.
    const done = this.runAndOr(sub, item, bgIo, group, (pids) => {
      job.pid = pids[pids.length - 1]!;
      frame.lastBgPid = job.pid;
      this.svc.terminal.write(`[${job.id}] ${job.pid}\n`);
    });
    job.done = done.then((status) => {
      const lastSig = [...group.procs].map((p) => p.signal).find((s) => s !== undefined);
      const fin = finishedState(status, lastSig);
      job.state = fin.state;
      job.status = fin.status;
      return status;
    });
  }

  private async runAndOr(
    frame: Frame,
    item: AndOr,
    io: Stdio,
    group: ProcGroup,
    onStart?: (pids: number[]) => void,
  ): Promise<number> {
    let status = await this.runPipeline(frame, item.first, io, group, onStart);
    frame.lastStatus = status;
    for (const { op, pipeline } of item.rest) {
      if (group.interrupted || frame.exitRequested || frame.returning) break;
      if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue;
      status = await this.runPipeline(frame, pipeline, io, group);
      frame.lastStatus = status;
    }
    return status;
  }

  private async runPipeline(
    frame: Frame,
    p: Pipeline,
    io: Stdio,
    group: ProcGroup,
    onStart?: (pids: number[]) => void,
  ): Promise<number> {
    const n = p.commands.length;
    // Every stage gets its pid before any of them runs, as fork() does.
    const pids = p.commands.map(() => allocPid(frame.host));
    onStart?.(pids);
    const runs: Promise<number>[] = [];
    let stdin = io.stdin;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const pipe = last ? undefined : new Pipe();
      const stageIo: Stdio = { stdin, stdout: pipe ?? io.stdout, stderr: io.stderr };
      const upstream = stdin instanceof Pipe ? stdin : undefined;
      const c = p.commands[i]!;
      let run: Promise<number>;
      if (isCompound(c)) {
        const sub = new ProcGroup(group);
        if (pipe) pipe.onBrokenPipe = () => sub.kill('PIPE');
        run = this.runCompound(frame, c, stageIo, sub, n > 1);
      } else {
        run = this.runSimple(frame, c, stageIo, group, n > 1, pids[i]!, (proc) => {
          if (pipe) pipe.onBrokenPipe = () => proc.kill('PIPE');
        });
      }
      run = run.finally(() => {
        pipe?.end();
        upstream?.closeReader();
      });
      runs.push(run);
      if (pipe) stdin = pipe;
    }
    const statuses = await Promise.all(runs);
    const status = statuses[n - 1]!;
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  private expandAlias(frame: Frame, cmd: SimpleCommand): SimpleCommand {
    if (!frame.interactive) return cmd;
    const seen = new Set<string>();
    let cur = cmd;
    for (let depth = 0; depth < 16; depth++) {
      const first = cur.words[0];
      if (!first || first.parts.length !== 1 || first.parts[0]!.kind !== 'lit' || first.parts[0]!.quoted) break;
      const name = first.raw;
      const value = this.svc.aliases.get(name);
      if (value === undefined || seen.has(name)) break;
      seen.add(name);
      const parsed = parseLine(value);
      if (!parsed.ok || parsed.items.length !== 1) break;
      const item = parsed.items[0]!;
      if (item.rest.length > 0 || item.first.commands.length !== 1 || item.background) break;
      const a = item.first.commands[0]!;
      if (isCompound(a)) break;
      cur = {
        assigns: [...cur.assigns, ...a.assigns],
        words: [...a.words, ...cur.words.slice(1)],
        redirects: [...a.redirects, ...cur.redirects],
      };
    }
    return cur;
  }

  /** Set up redirections; undefined (after printing bash's message) when one fails. */
  private redirect(frame: Frame, cmd: Pick<SimpleCommand, 'redirects'>, io: Stdio): Stdio | undefined {
    const fds: [InputSource, OutputSink, OutputSink] = [io.stdin, io.stdout, io.stderr];
    const env = expandEnvOf(frame);
    for (const r of cmd.redirects) {
      const here = r.op === '<<' || r.op === '<<-';
      const fields = r.op === '<<<' || here ? [''] : expandWord(r.target, env);
      if (fields.length !== 1) {
        io.stderr.write(`${shellPrefix(frame)}${r.target.raw}: ambiguous redirect\n`);
        return undefined;
      }
      if (here) {
        // A here-document: its body, expanded (unless the delimiter was quoted) but never split.
        if (r.fd === 0) fds[0] = new TextInput(expandJoined(r.target, env));
        continue;
      }
      if (r.op === '<<<') {
        // A here-string: the word, expanded but not split, and a newline.
        if (r.fd === 0) fds[0] = new TextInput(expandJoined(r.target, env) + '\n');
        continue;
      }
      const target = fields[0]!;
      const path = normalizePath(target, frame.cwd);
      try {
        if (r.op === '>&' || r.op === '<&') {
          if (target === '-') continue;
          if (!/^[0-9]+$/.test(target)) {
            if (r.op === '>&' && r.fd === 1) {
              const sink = this.openOut(frame, path, false);
              fds[1] = sink;
              fds[2] = sink;
              continue;
            }
            io.stderr.write(`${shellPrefix(frame)}${target}: ambiguous redirect\n`);
            return undefined;
          }
          const src = Number(target);
          if (src > 2 || r.fd > 2) {
            io.stderr.write(`${shellPrefix(frame)}${src}: Bad file descriptor\n`);
            return undefined;
          }
          if (r.fd === 0) fds[0] = fds[src] as InputSource;
          else fds[r.fd as 1 | 2] = fds[src] as OutputSink;
        } else if (path === '/dev/null' || path === '/dev/stdout' || path === '/dev/stderr' || path === '/dev/tty') {
          // Devices every Linux has, whatever the host's file system holds.
          if (r.op === '<') fds[0] = new TextInput('');
          else {
            const sink: OutputSink =
              path === '/dev/null'
                ? { write: () => {} }
                : path === '/dev/stderr'
                  ? fds[2]
                  : path === '/dev/tty'
                    ? this.svc.terminal
                    : fds[1];
            if (r.op === '&>' || r.op === '&>>') {
              fds[1] = sink;
              fds[2] = sink;
            } else if (r.fd === 1 || r.fd === 2) fds[r.fd] = sink;
          }
        } else if (r.op === '<') {
          if (!frame.host.fs.exists(path)) throw new FsError('ENOENT', path);
          const text = frame.host.fs.readText(path);
          if (r.fd === 0) fds[0] = new TextInput(text);
        } else {
          const sink = this.openOut(frame, path, r.op === '>>' || r.op === '&>>');
          if (r.op === '&>' || r.op === '&>>') {
            fds[1] = sink;
            fds[2] = sink;
          } else if (r.fd === 1 || r.fd === 2) fds[r.fd] = sink;
        }
      } catch (e) {
        io.stderr.write(`${shellPrefix(frame)}${target}: ${fsErrorText(e)}\n`);
        return undefined;
      }
    }
    return { stdin: fds[0], stdout: fds[1], stderr: fds[2] };
  }

  private openOut(frame: Frame, path: string, append: boolean): OutputSink {
    const fs = frame.host.fs;
    if (fs.isDir(path)) throw new FsError('EISDIR', path);
    if (!append || !fs.exists(path)) fs.write(path, '');
    return new FileSink(frame.host, path);
  }

  private async runSimple(
    frame: Frame,
    raw: SimpleCommand,
    io: Stdio,
    group: ProcGroup,
    inPipeline: boolean,
    pid: number,
    onSpawn: (p: Proc) => void,
  ): Promise<number> {
    const cmd = await this.substitute(frame, this.expandAlias(frame, raw), io, group);
    if (!cmd) return 1;
    const env = expandEnvOf(frame);
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...expandWord(w, env));
    const assigns = cmd.assigns.map((a) => ({ name: a.name, value: expandJoined(a.value, env) }));
    const stdio = this.redirect(frame, cmd, io);
    if (!stdio) return 1;
    if (argv.length === 0) {
      // Assignments alone set shell variables (in a pipeline they would die with its subshell).
      if (!inPipeline) {
        for (const a of assigns) {
          const old = frame.vars.get(a.name);
          frame.vars.set(a.name, { value: a.value, exported: old?.exported ?? false });
        }
      }
      // Its status is that of the last command substitution in it, as in bash.
      return cmd === raw || !hasSubstitution(raw) ? 0 : frame.lastStatus;
    }
    const name = argv[0]!;
    const fn = frame.functions?.get(name);
    if (fn) return this.callFunction(frame, fn, argv, stdio, group);
    if (name === 'return' || name === 'local') return this.functionBuiltin(frame, argv, stdio);
    const command = lookupCommand(this.svc.registry, name, frame.host);
    if (!command) {
      return this.notFound(frame, name, stdio.stderr);
    }
    const envMap = new Map<string, string>();
    for (const [k, v] of frame.vars) if (v.exported) envMap.set(k, v.value);
    for (const a of assigns) envMap.set(a.name, a.value);
    return this.spawn(frame, command, argv, envMap, stdio, group, onSpawn, pid);
  }

  /** A shell function: its body with `$1`… set to the arguments, until it ends or `return`s. */
  private async callFunction(
    frame: Frame,
    body: CompoundCommand,
    argv: string[],
    io: Stdio,
    group: ProcGroup,
  ): Promise<number> {
    const depth = frame.funcDepth ?? 0;
    // bash's FUNCNEST is unlimited, but its stack is not: a runaway recursion ends here instead.
    if (depth >= 100) {
      io.stderr.write(`${shellPrefix(frame)}${argv[0]}: maximum function nesting level exceeded (100)\n`);
      return 1;
    }
    const saved = frame.positional;
    frame.positional = argv.slice(1);
    frame.funcDepth = depth + 1;
    try {
      const status = await this.runCompound(frame, body, io, group, false);
      const returned = frame.returning === true;
      frame.returning = false;
      return returned ? frame.lastStatus : status;
    } finally {
      frame.positional = saved;
      frame.funcDepth = depth;
    }
  }

  /** `return [N]` and `local NAME[=VALUE]…`, which only make sense inside a function. */
  private functionBuiltin(frame: Frame, argv: string[], io: Stdio): number {
    const name = argv[0]!;
    if (!frame.funcDepth) {
      io.stderr.write(
        name === 'return'
          ? `${shellPrefix(frame)}return: can only \`return' from a function or sourced script\n`
          : `${shellPrefix(frame)}local: can only be used in a function\n`,
      );
      return 1;
    }
    if (name === 'return') {
      const arg = argv[1];
      if (arg !== undefined && !/^-?\d+$/.test(arg)) {
        io.stderr.write(`${shellPrefix(frame)}return: ${arg}: numeric argument required\n`);
        frame.lastStatus = 2;
      } else frame.lastStatus = arg === undefined ? frame.lastStatus : Number(arg) & 0xff;
      frame.returning = true;
      return frame.lastStatus;
    }
    // Variables are not scoped here: `local` sets them as a plain assignment would.
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const key = eq < 0 ? a : a.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        io.stderr.write(`${shellPrefix(frame)}local: \`${a}': not a valid identifier\n`);
        return 1;
      }
      const old = frame.vars.get(key);
      frame.vars.set(key, { value: eq < 0 ? (old?.value ?? '') : a.slice(eq + 1), exported: old?.exported ?? false });
    }
    return 0;
  }

  /** Run the `$(…)` and `$((…))` of a command (in bash's subshell) and put their results in its words. */
  private async substitute(
    frame: Frame,
    cmd: SimpleCommand,
    io: Stdio,
    group: ProcGroup,
  ): Promise<SimpleCommand | undefined> {
    const has = (w: Word): boolean => w.parts.some((p) => p.kind === 'sub' || p.kind === 'arith');
    if (!cmd.words.some(has) && !cmd.assigns.some((a) => has(a.value)) && !cmd.redirects.some((r) => has(r.target)))
      return cmd;
    let failed = false;
    const resolve = async (w: Word): Promise<Word> => {
      if (!has(w)) return w;
      const parts: WordPart[] = [];
      for (const p of w.parts) {
        if (failed) break;
        if (p.kind === 'sub') {
          let text = '';
          const sink: OutputSink = {
            write: (t) => {
              if (text.length + t.length <= MAX_SUBSTITUTION) text += t;
            },
          };
          const sub: Frame = {
            ...frame,
            vars: new Map(frame.vars),
            interactive: false,
            exitRequested: false,
            messagePrefix: shellPrefix(frame),
          };
          await this.runLine(
            sub,
            p.text,
            { stdin: new TextInput(''), stdout: sink, stderr: io.stderr },
            new ProcGroup(group),
          );
          frame.lastStatus = sub.lastStatus;
          parts.push({ ...p, value: text.replace(/\n+$/, '') });
        } else if (p.kind === 'arith') {
          const env = expandEnvOf(frame);
          const expr = p.expr.replace(
            /\$\{?([A-Za-z_][A-Za-z0-9_]*|[?$#!0-9])\}?/g,
            (_m, n: string) => env.getVar(n) ?? '',
          );
          try {
            parts.push({ ...p, value: String(evalArith(expr, (n) => env.getVar(n))) });
          } catch (e) {
            io.stderr.write(`${shellPrefix(frame)}${expr.trim()}: ${e instanceof Error ? e.message : String(e)}\n`);
            failed = true;
          }
        } else parts.push(p);
      }
      return { ...w, parts };
    };
    const words: Word[] = [];
    for (const w of cmd.words) words.push(await resolve(w));
    const assigns: SimpleCommand['assigns'] = [];
    for (const a of cmd.assigns) assigns.push({ name: a.name, value: await resolve(a.value) });
    const redirects: SimpleCommand['redirects'] = [];
    for (const r of cmd.redirects) redirects.push({ ...r, target: await resolve(r.target) });
    if (failed || group.interrupted) return undefined;
    return { words, assigns, redirects };
  }

  private notFound(frame: Frame, name: string, stderr: OutputSink): number {
    if (name.includes('/')) {
      const path = normalizePath(name, frame.cwd);
      const st = frame.host.fs.stat(path);
      if (!st) {
        stderr.write(`${shellPrefix(frame)}${name}: No such file or directory\n`);
        return 127;
      }
      stderr.write(`${shellPrefix(frame)}${name}: ${st.kind === 'dir' ? 'Is a directory' : 'Permission denied'}\n`);
      return 126;
    }
    stderr.write(`${shellPrefix(frame)}${name}: command not found\n`);
    return 127;
  }

  /** Start a command as a new process of `group` and wait for it. */
  spawn(
    frame: Frame,
    command: Command,
    argv: string[],
    env: Map<string, string>,
    io: Stdio,
    group: ProcGroup,
    onSpawn?: (p: Proc) => void,
    pid: number = allocPid(frame.host),
  ): Promise<number> {
    const proc = new Proc(pid, this.svc.world);
    this.svc.tick();
    group.add(proc);
    onSpawn?.(proc);
    const out = new GatedSink(io.stdout);
    const err = new GatedSink(io.stderr);
    const ctx: CommandContext = {
      world: this.svc.world,
      host: frame.host,
      argv,
      stdin: io.stdin,
      stdout: out,
      stderr: err,
      env,
      cwd: frame.cwd,
      cols: this.svc.cols,
      pid: proc.pid,
      shell: this.control(frame, group, io),
      sleep: (us) => proc.sleep(us),
      get signal() {
        return proc.signal;
      },
      signalled: proc.signalled,
    };
    return new Promise<number>((resolve) => {
      let settled = false;
      const finish = (status: number): void => {
        if (settled) return;
        settled = true;
        proc.finished = true;
        off();
        if (status === signalStatus('INT') && proc.signal === 'INT') {
          for (let g: ProcGroup | undefined = group; g; g = g.parent) g.interrupted = true;
        }
        resolve(status);
      };
      // A command that does not end soon after a signal was killed by it (the default disposition).
      const off = proc.onSignal((sig) => {
        const cut = (): void => {
          if (settled) return;
          out.open = false;
          err.open = false;
          finish(signalStatus(sig));
        };
        if (sig === 'KILL') cut();
        else scheduleMacrotask(cut);
      });
      let result: Promise<number> | number;
      try {
        result = command.run(ctx);
      } catch (e) {
        this.svc.internalError(e, argv[0]!);
        finish(70);
        return;
      }
      Promise.resolve(result).then(
        (status) => finish(typeof status === 'number' && Number.isInteger(status) ? status & 0xff : 0),
        (e: unknown) => {
          this.svc.internalError(e, argv[0]!);
          finish(70);
        },
      );
    });
  }

  /** The ShellControl a command running in `frame` sees. */
  control(frame: Frame, group: ProcGroup, io: Stdio): ShellControl {
    const svc = this.svc;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the methods below are plain functions
    const interp = this;
    return {
      exec(host, argv, opts) {
        const name = argv[0];
        const command = name === undefined ? undefined : lookupCommand(svc.registry, name, host);
        if (!command) return Promise.resolve(127);
        const sub = newFrame(host, {
          cwd: opts?.cwd,
          interactive: false,
          inherit: frame.host === host ? frame : undefined,
        });
        const childGroup = new ProcGroup(group);
        void opts?.signal?.then((sig) => childGroup.kill(sig));
        const env = new Map<string, string>();
        for (const [k, v] of sub.vars) if (v.exported) env.set(k, v.value);
        return interp.spawn(
          sub,
          command,
          [...argv],
          env,
          { stdin: opts?.stdin ?? io.stdin, stdout: io.stdout, stderr: io.stderr },
          childGroup,
        );
      },
      execLine(host, line, opts) {
        const sub = newFrame(host, {
          cwd: opts?.cwd,
          interactive: false,
          inherit: frame.host === host ? frame : undefined,
        });
        const childGroup = new ProcGroup(group);
        return interp.runLine(
          sub,
          line,
          { stdin: opts?.stdin ?? io.stdin, stdout: io.stdout, stderr: io.stderr },
          childGroup,
        );
      },
      enter(host, opts) {
        svc.enter(host, opts);
      },
      leave() {
        // Whatever follows `exit` on the line is not run.
        frame.exitRequested = true;
        if (!frame.interactive) return true;
        return svc.leave(frame);
      },
      chdir(path) {
        frame.cwd = path;
        const old = frame.vars.get('PWD')?.value ?? path;
        frame.vars.set('OLDPWD', { value: old, exported: true });
        frame.vars.set('PWD', { value: path, exported: true });
      },
      editor: svc.editor,
      download: svc.download,
      history: () => svc.history(),
      clearHistory: () => svc.clearHistory(),
      clearScreen: () => svc.clearScreen(),
      jobs: () =>
        svc.jobs.all().map((j) => {
          // A finished job that `jobs` (or wait/kill) has seen gets no notice later, as in bash.
          if (j.state !== 'Running') j.reported = true;
          return { id: j.id, pid: j.pid, command: j.command, state: j.state, status: j.status };
        }),
      waitJob: async (id) => {
        const jobs = id === undefined ? [...svc.jobs.all()] : svc.jobs.all().filter((j) => j.id === id);
        if (id !== undefined && jobs.length === 0) return 127;
        let status = 0;
        for (const j of jobs) {
          status = await j.done;
          j.reported = true;
        }
        return status;
      },
      killJob(target, sig) {
        const job: Job | undefined =
          target.job !== undefined
            ? svc.jobs.get(target.job)
            : target.pid !== undefined
              ? svc.jobs.byPid(target.pid)
              : undefined;
        if (job) {
          if (job.state !== 'Running') return false;
          job.group.kill(sig);
          return true;
        }
        if (target.pid !== undefined) {
          for (const p of group.procs) {
            if (p.pid === target.pid && !p.finished) {
              p.kill(sig);
              return true;
            }
          }
        }
        return false;
      },
      aliases: () => svc.aliases,
      commandNames: (host) =>
        [...svc.registry.keys()].filter((n) => lookupCommand(svc.registry, n, host ?? frame.host)).sort(),
      commandSummary: (name) => lookupCommand(svc.registry, name, frame.host)?.summary,
      getVar: (name) => expandEnvOf(frame).getVar(name),
      setVar(name, value, exported) {
        if (value === undefined) {
          frame.vars.delete(name);
          return;
        }
        const old = frame.vars.get(name);
        frame.vars.set(name, { value, exported: exported ?? old?.exported ?? false });
      },
      setAlias(name, value) {
        if (value === undefined) svc.aliases.delete(name);
        else svc.aliases.set(name, value);
      },
      exitSession: (status) => svc.exitSession(status),
      depth: () => svc.depth(),
    };
  }
}

/** A `case` pattern (fnmatch without FNM_PATHNAME): `*`, `?`, `[…]` with ranges and `!`/`^`, `\\` escapes. */
export function globMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, close);
        const neg = set.startsWith('!') || set.startsWith('^');
        if (neg) set = set.slice(1);
        re += `[${neg ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$').test(text);
  } catch {
    return pattern === text;
  }
}
