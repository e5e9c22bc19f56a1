/**
 * The contract between the shell and every command. Commands are modules
 * registered in sandbox/commands/registry.ts; each gets a CommandContext and
 * returns its exit status. Long-running commands (ping, tcpdump, sleep,
 * kubectl -w) await ctx.sleep()/ctx.interrupted, which resolve on the world's
 * virtual clock, never on real time.
 */
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';

export type Signal = 'INT' | 'TERM' | 'KILL' | 'PIPE';

/** Signal numbers as Linux has them: a command killed by a signal exits 128 + this. */
export const SIGNAL_NUMBERS: Readonly<Record<Signal, number>> = { INT: 2, KILL: 9, PIPE: 13, TERM: 15 };

export interface OutputSink {
  write(text: string): void;
  /** True when this is the terminal (ls prints columns there, one name a line into a pipe). */
  readonly isTerminal?: boolean;
}

export interface InputSource {
  /** Everything the previous stage of a pipe wrote (or a here-string / file). */
  readAll(): Promise<string>;
  /** The next chunk as the previous stage writes it, undefined at end of file (pipes and files offer it). */
  read?(): Promise<string | undefined>;
  /** True when stdin is the terminal rather than a pipe. */
  readonly isTerminal: boolean;
}

/** What a command may ask of the shell that runs it. */
export interface ShellControl {
  /**
   * Run one command (no shell parsing) on a host with this command's streams, as `kubectl exec POD -- CMD`
   * does. Returns 127 without printing anything when argv[0] is no command (the caller prints its tool's
   * message). `signal` delivers a signal to it later (timeout).
   */
  exec(
    host: Host,
    argv: string[],
    opts?: { stdin?: InputSource; signal?: Promise<Signal>; cwd?: string },
  ): Promise<number>;
  /**
   * Open an interactive nested shell on another host (ssh NODE, kubectl exec -it POD -- bash). Leaving it
   * prints `onExit` (default `exit`, what bash says; ssh passes `logout` and `Connection to NODE closed.`).
   */
  enter(host: Host, opts: { cwd?: string; onExit?: string[] }): void;
  /** Leave the current nested shell (exit / logout). Returns false at the outermost shell. */
  leave(): boolean;
  /** Change the session's working directory (already validated). */
  chdir(path: string): void;
  /** Ask the page to open an editor; in the CLI, undefined. */
  readonly editor?: EditorBridge;
  /** Ask the page to download a file; in the CLI, undefined (the command writes it itself). */
  readonly download?: (name: string, data: Uint8Array) => void;
  /** The session's command history, oldest first. */
  history(): readonly string[];
  clearHistory(): void;
  clearScreen(): void;
  /** Background jobs of this session. */
  jobs(): readonly JobInfo[];
  /** Wait for a job (or all when undefined); resolves with its status. */
  waitJob(id?: number): Promise<number>;
  /** Send a signal to a job (by %N) or a pid. Returns false if there is none. */
  killJob(target: { job?: number; pid?: number }, sig: Signal): boolean;
  aliases(): Map<string, string>;
  /** Commands known to the registry and installed on `host` (default: this shell's host), for help and which. */
  commandNames(host?: Host): string[];
  /** A shell variable or special parameter (`?` is the last status), undefined when unset. */
  getVar(name: string): string | undefined;
  /** Set (or, with undefined, unset) a shell variable; `exported` marks it for the environment. */
  setVar(name: string, value: string | undefined, exported?: boolean): void;
  /** Define (or, with undefined, remove) an alias. */
  setAlias(name: string, value: string | undefined): void;
  /** Summary line of every registered command, for help. */
  commandSummary(name: string): string | undefined;
  /** Run a command line through this shell's parser on a host, as `bash -c LINE` does. */
  execLine(host: Host, line: string, opts?: { stdin?: InputSource; cwd?: string }): Promise<number>;
  /** Leave the outermost shell (exit at the first prompt). */
  exitSession(status: number): void;
  /** How deep the current shell is nested (0 = the terminal's own shell). */
  depth(): number;
}

export interface EditorBridge {
  /** Open `text` for editing; resolves with the saved text, or undefined if the reader cancelled. */
  edit(opts: {
    title: string;
    text: string;
    language: 'yaml' | 'json' | 'text' | 'routes';
  }): Promise<string | undefined>;
}

export interface JobInfo {
  id: number;
  pid: number;
  command: string;
  state: 'Running' | 'Done' | 'Exit' | 'Terminated' | 'Interrupt' | 'Killed';
  status?: number;
}

export interface CommandContext {
  readonly world: World;
  /** The host (node, pod or router) the command runs on. */
  readonly host: Host;
  /** argv[0] is the command name as typed (after alias expansion). */
  readonly argv: readonly string[];
  readonly stdin: InputSource;
  readonly stdout: OutputSink;
  readonly stderr: OutputSink;
  readonly env: ReadonlyMap<string, string>;
  readonly cwd: string;
  /** Terminal width, for tools that wrap. */
  readonly cols: number;
  readonly pid: number;
  readonly shell: ShellControl;
  /** Sleep on the virtual clock. Resolves true after `us` microseconds, false at once if a signal arrives. */
  sleep(us: number): Promise<boolean>;
  /** The signal that ended the wait, if any (Ctrl-C is 'INT'). */
  readonly signal: Signal | undefined;
  /** Resolves when a signal arrives. */
  readonly signalled: Promise<Signal>;
}

/*
 * Signals, as the shell delivers them. Ctrl-C echoes `^C` (no newline) and sends INT to
 * the foreground job: ctx.sleep() resolves false and ctx.signal is 'INT'. A command that
 * handles it (ping, tcpdump) prints its summary starting with "\n" and returns its own
 * status; a command that returns 128 + SIGNAL_NUMBERS[sig] (or does not end within the
 * same turn of the event loop) counts as killed, and the shell ends the `^C` line itself.
 */

export interface Command {
  readonly name: string;
  /** One line for `help`. */
  readonly summary: string;
  /** Shown by `CMD --help` where the real tool does, and on usage errors. */
  readonly usage: string;
  /** Subcommands or words for Tab completion after the command name. */
  complete?(ctx: CompletionContext, words: readonly string[]): string[];
  /**
   * Whether the command is installed on a host (a pod's image may lack it); the shell treats it as absent
   * (`command not found`, 127) where this says false. Without it the command exists everywhere.
   */
  availableOn?(host: Host): boolean;
  run(ctx: CommandContext): Promise<number> | number;
}

/** The registry's command for `name` if it is installed on `host`. */
export function lookupCommand(registry: ReadonlyMap<string, Command>, name: string, host: Host): Command | undefined {
  const c = registry.get(name);
  return c && (c.availableOn?.(host) ?? true) ? c : undefined;
}

export interface CompletionContext {
  readonly world: World;
  readonly host: Host;
  readonly cwd: string;
}
