/**
 * One terminal's shell: prompt, typed lines, the foreground command, jobs,
 * nested shells (ssh, kubectl exec -it) and Ctrl-C.
 *
 * With `tty: true` it is driven by raw keystrokes from xterm and does its own
 * line editing and echo (output uses "\r\n"). Without, whole lines arrive and
 * each is shown after its prompt, as the CLI's transcripts show them; a line
 * that is exactly `^C`, or a "\x03" byte, is Ctrl-C.
 */
import type { Command, EditorBridge, OutputSink } from './command.js';
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { Interpreter, newFrame, homeOf, type Frame, type SessionServices, type Stdio } from './interpreter.js';
import { JobTable, ProcGroup } from './jobs.js';
import { terminalInput } from './streams.js';
import { commandRegistry } from '../commands/registry.js';
import { LineEditor } from './lineedit.js';
import { completeLine } from './complete.js';
import { TtyStdin } from './ttystdin.js';
import { expandHistory } from './history.js';
import { parseLine } from './parser.js';
import { displayWidth } from './width.js';

export interface SessionOptions {
  output: (text: string) => void;
  cols?: number;
  rows?: number;
  tty: boolean;
  editor?: EditorBridge;
  download?: (name: string, data: Uint8Array) => void;
  /** A history shared with other sessions (one per page); the session appends to it. */
  history?: string[];
  /** Called when the outermost shell exits; without it a new login shell starts. */
  onExit?: (status: number) => void;
  /** The command set; the full registry by default. */
  registry?: ReadonlyMap<string, Command>;
}

/** Bound on the history, as bash's HISTSIZE. */
export const HISTORY_MAX = 1000;
/** Bound on lines typed ahead while a command runs. */
const TYPEAHEAD_MAX = 256;
/** A command continued over `> ` lines may grow to this much text; beyond it, it runs (and fails) as it is. */
const CONTINUED_MAX = 256 * 1024;

export class Session {
  readonly world: World;
  private readonly opts: SessionOptions;
  private readonly registry: ReadonlyMap<string, Command>;
  private readonly interp: Interpreter;
  private readonly frames: Frame[] = [];
  private readonly aliases = new Map<string, string>([['k', 'kubectl']]);
  private readonly jobs = new JobTable();
  private readonly hist: string[];
  private readonly queue: string[] = [];
  private readonly idleCbs = new Set<() => void>();
  private readonly editor = new LineEditor();
  private cols: number;
  private rows: number;
  private running = false;
  private fg: ProcGroup | undefined;
  private exited = false;
  private promptShown = false;
  /** Column of the terminal's cursor after the last output, for line editing. */
  private outCol = 0;
  private tabCount = 0;
  /** The foreground line's terminal input (tty sessions). */
  private stdin: TtyStdin | undefined;
  private activityCount = 0;
  /** The line being started was echoed by the line editor. */
  private echoed = false;
  private editorStartCol = 0;
  /** Errors thrown out of commands: emulator bugs (the CLI exits 70 on them). */
  readonly internalErrors: { where: string; error: unknown }[] = [];
  private readonly termSink: OutputSink;

  constructor(world: World, host: Host, opts: SessionOptions) {
    this.world = world;
    this.opts = opts;
    this.cols = opts.cols ?? 80;
    this.rows = opts.rows ?? 24;
    this.registry = opts.registry ?? commandRegistry();
    this.hist = opts.history ?? [];
    this.termSink = { write: (t) => this.write(t), isTerminal: true };
    this.frames.push(newFrame(host, { interactive: true }));
    this.interp = new Interpreter(this.services());
    if (opts.tty) this.showPrompt();
  }

  /**
   * Lines typed so far of a command that needs more (an open `for`, a quote, a here-document):
   * bash prompts `> ` (PS2) until it is complete, then runs it all.
   */
  private continued: string | undefined;

  /** The prompt bash would show now: `root@HOST:~# `, or `> ` while a command continues. */
  prompt(): string {
    if (this.continued !== undefined) return '> ';
    const f = this.frame;
    const home = f.vars.get('HOME')?.value ?? homeOf(f.host);
    let dir = f.cwd;
    if (dir === home) dir = '~';
    else if (home !== '/' && dir.startsWith(home + '/')) dir = '~' + dir.slice(home.length);
    return `root@${f.host.name}:${dir}# `;
  }

  get busy(): boolean {
    return this.running || this.queue.length > 0;
  }

  /** True while a foreground command runs. */
  get foregroundRunning(): boolean {
    return this.running;
  }

  get host(): Host {
    return this.frame.host;
  }

  get cwd(): string {
    return this.frame.cwd;
  }

  get lastStatus(): number {
    return this.frame.lastStatus;
  }

  /** The line being typed at the prompt and the text before the cursor (tty), for tests and the page. */
  get editing(): { line: string; beforeCursor: string } {
    return { line: this.editor.text, beforeCursor: this.editor.textBeforeCursor() };
  }

  /** Grows while the foreground does work (commands start, loops turn, output appears): a driver's sign of progress. */
  get activity(): number {
    return this.activityCount;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  onIdle(cb: () => void): () => void {
    this.idleCbs.add(cb);
    return () => this.idleCbs.delete(cb);
  }

  resize(cols: number, rows: number): void {
    this.editor.invalidate();
    if (Number.isInteger(cols) && cols > 0) this.cols = cols;
    if (Number.isInteger(rows) && rows > 0) this.rows = rows;
  }

  /** Keystrokes (tty) or whole lines. */
  input(data: string): void {
    if (this.exited) return;
    if (this.opts.tty) this.ttyInput(data);
    else this.lineInput(data);
  }

  /** Ctrl-C. */
  interrupt(): void {
    if (this.exited) return;
    if (this.running && this.fg) {
      this.write('^C');
      if (this.opts.tty) this.queue.length = 0;
      // With no command running (a loop between two commands) the shell itself takes the signal.
      if (this.fg.live().length === 0) this.fg.interrupted = true;
      this.fg.sigint = true;
      this.fg.kill('INT');
      return;
    }
    if (this.opts.tty) {
      this.opts.output(this.editor.finish(this.cols));
      this.promptShown = false;
      this.editor.clear();
      this.write('^C\n');
      this.frame.lastStatus = 130;
      this.continued = undefined;
      this.showPrompt();
    } else {
      this.write(`${this.noticesText()}${this.prompt()}^C\n`);
      this.frame.lastStatus = 130;
      this.continued = undefined;
    }
  }

  /** End every job and the foreground silently (end of a script). */
  shutdown(): void {
    this.exited = true;
    this.queue.length = 0;
    for (const j of this.jobs.all()) {
      j.group.interrupted = true;
      j.group.kill('KILL');
    }
    if (this.fg) this.fg.interrupted = true;
    this.fg?.kill('KILL');
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private lineInput(data: string): void {
    const lines = data.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const raw of lines) {
      const line = raw.replace(/\r$/, '');
      if (line === '^C' || line === '\x03') {
        this.interrupt();
        continue;
      }
      if (this.queue.length < TYPEAHEAD_MAX) this.queue.push(line);
      this.pump();
    }
  }

  private ttyInput(data: string): void {
    if (this.running) {
      const stdin = this.stdin;
      if (stdin?.active) {
        // The command reads the terminal: keys are its input.
        for (const k of data.match(/\x1b\[[0-?]*[ -/]*[@-~]|\x1bO.|\x1b[^[O]|[\s\S]/gu) ?? []) {
          if (k === '\x03') this.interrupt();
          else stdin.key(k);
        }
        return;
      }
      // Type-ahead: keys wait for the prompt, except Ctrl-C.
      for (const ch of data) {
        if (ch === '\x03') this.interrupt();
      }
      const rest = data.replace(/\x03/g, '');
      if (rest)
        this.editor.typeahead(rest, (line) => {
          if (this.queue.length < TYPEAHEAD_MAX) this.queue.push(line);
        });
      return;
    }
    this.editor.feed(data, this.hist, (a) => {
      if (this.running || this.exited) {
        if (a.kind === 'line' && this.queue.length < TYPEAHEAD_MAX) this.queue.push(a.line);
        if (a.kind === 'interrupt') this.interrupt();
        return;
      }
      switch (a.kind) {
        case 'render':
          this.render();
          break;
        case 'line':
          this.tabCount = 0;
          this.promptShown = false;
          this.write(a.finish + '\n');
          this.queue.push(a.line);
          this.echoed = true;
          this.pump();
          break;
        case 'interrupt':
          this.interrupt();
          break;
        case 'eof':
          this.eof();
          break;
        case 'clear':
          this.promptShown = false;
          this.write('\x1b[H\x1b[2J');
          this.outCol = 0;
          this.showPrompt();
          break;
        case 'tab':
          this.complete();
          break;
        case 'bell':
          this.write('\x07');
          break;
      }
    });
  }

  private eof(): void {
    this.promptShown = false;
    this.editor.clear();
    if (this.continued !== undefined) {
      // Ctrl-D at `> `: bash gives up on the unfinished command.
      this.continued = undefined;
      this.write('\nbash: syntax error: unexpected end of file\n');
      this.frame.lastStatus = 2;
      this.showPrompt();
      return;
    }
    const f = this.frame;
    if (this.frames.length > 1) {
      this.frames.pop();
      this.write(`${(f.onExit ?? []).join('\n')}\n`);
    } else {
      this.write('logout\n');
      this.exitOutermost(f.lastStatus);
      if (this.exited) return;
    }
    this.promptShown = false;
    this.showPrompt();
  }

  private pump(): void {
    if (this.running || this.exited) return;
    const line = this.queue.shift();
    if (line === undefined) {
      if (this.opts.tty) this.showPrompt();
      for (const cb of [...this.idleCbs]) cb();
      return;
    }
    void this.runTyped(line);
  }

  private async runTyped(line: string): Promise<void> {
    this.running = true;
    // A line typed at the prompt is on the screen already; one typed ahead is shown now.
    if (!(this.opts.tty && this.echoed)) this.write(this.noticesText() + this.prompt() + line + '\n');
    this.echoed = false;
    this.promptShown = false;
    const expanded = expandHistory(line, this.hist);
    if (!expanded.ok) {
      this.write(`bash: ${expanded.event}: event not found\n`);
      this.frame.lastStatus = 1;
      this.running = false;
      this.pump();
      return;
    }
    if (expanded.changed) {
      // bash shows the line it is about to run.
      line = expanded.line;
      this.write(line + '\n');
    }
    if (line.trim() !== '' && this.continued === undefined) {
      this.hist.push(line);
      if (this.hist.length > HISTORY_MAX) this.hist.splice(0, this.hist.length - HISTORY_MAX);
    }
    const text = this.continued === undefined ? line : `${this.continued}\n${line}`;
    const parsed = parseLine(text);
    if (!parsed.ok && parsed.incomplete && text.length < CONTINUED_MAX) {
      this.continued = text;
      this.running = false;
      this.pump();
      return;
    }
    this.continued = undefined;
    line = text;
    const group = new ProcGroup();
    this.fg = group;
    const frame = this.frame;
    // In a terminal a command may read what the reader types; a script's lines are all for the shell.
    this.stdin = this.opts.tty ? new TtyStdin((t) => this.write(t)) : undefined;
    const io: Stdio = { stdin: this.stdin ?? terminalInput(), stdout: this.termSink, stderr: this.termSink };
    try {
      await this.interp.runLine(frame, line, io, group);
    } catch (e) {
      this.internalError(e, 'bash');
      frame.lastStatus = 70;
    }
    if (group.interrupted) {
      frame.lastStatus = 130;
      this.write('\n');
    }
    // A nested shell that exited hands its status to the shell it returns to (`$?` after ssh, bash).
    if (!this.frames.includes(frame)) this.frame.lastStatus = frame.lastStatus;
    this.fg = undefined;
    this.stdin?.end();
    this.stdin = undefined;
    this.running = false;
    this.pump();
  }

  private noticesText(): string {
    const lines = this.jobs.takeNotices();
    return lines.map((l) => l + '\n').join('');
  }

  private showPrompt(): void {
    if (!this.opts.tty || this.exited || this.running) return;
    if (this.promptShown) return;
    const notices = this.noticesText();
    if (notices) this.write(notices);
    this.editor.startLine(this.outCol);
    this.editorStartCol = this.outCol;
    this.promptShown = true;
    this.render(true);
  }

  private render(initial = false): void {
    const seq = this.editor.render(this.prompt(), this.cols, initial);
    if (seq) this.opts.output(seq);
  }

  private complete(): void {
    this.tabCount++;
    const f = this.frame;
    const r = completeLine(this.editor.textBeforeCursor(), {
      world: this.world,
      host: f.host,
      cwd: f.cwd,
      registry: this.registry,
      aliases: this.aliases,
    });
    if (r.insert) {
      this.tabCount = 0;
      this.editor.insert(r.insert);
      this.render();
      return;
    }
    if (r.candidates.length > 1) {
      if (this.tabCount >= 2) {
        this.opts.output(this.editor.finish(this.cols));
        this.promptShown = false;
        this.write('\n' + formatColumns(r.candidates, this.cols));
        this.showPrompt();
      } else this.write('\x07');
    } else {
      this.write('\x07');
    }
  }

  private exitOutermost(status: number): void {
    if (this.opts.onExit) {
      this.exited = true;
      this.queue.length = 0;
      for (const j of this.jobs.all()) j.group.kill('KILL');
      this.opts.onExit(status);
      return;
    }
    // In the page the terminal stays: a new login shell starts.
    const host = this.frames[0]!.host;
    this.frames.length = 0;
    this.frames.push(newFrame(host, { interactive: true }));
  }

  private write(text: string): void {
    if (text === '') return;
    this.activityCount++;
    if (this.promptShown && this.opts.tty) {
      // Output while the reader types (a background job): print it above a redrawn prompt.
      this.promptShown = false;
      this.opts.output(this.editor.erase());
      this.outCol = this.editorStartCol;
      this.write(text);
      this.showPrompt();
      return;
    }
    const lastNl = text.lastIndexOf('\n');
    this.outCol = lastNl >= 0 ? displayWidth(text.slice(lastNl + 1)) : this.outCol + displayWidth(text);
    this.opts.output(this.opts.tty ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  private internalError(error: unknown, where: string): void {
    if (this.internalErrors.length < 100) this.internalErrors.push({ where, error });
    const msg = error instanceof Error ? error.message : String(error);
    this.write(`bash: ${where}: internal error: ${msg}\n`);
  }

  private services(): SessionServices {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const s = this;
    return {
      world: this.world,
      registry: this.registry,
      aliases: this.aliases,
      jobs: this.jobs,
      terminal: this.termSink,
      get cols() {
        return s.cols;
      },
      editor: this.opts.editor,
      download: this.opts.download,
      history: () => this.hist,
      clearHistory: () => {
        this.hist.length = 0;
      },
      clearScreen: () => {
        this.write('\x1b[H\x1b[2J');
        this.outCol = 0;
      },
      enter: (host, o) => {
        const f = newFrame(host, { cwd: o.cwd, interactive: true });
        f.onExit = o.onExit ?? ['exit'];
        this.frames.push(f);
      },
      leave: (frame) => {
        if (this.frames.length <= 1 || this.frame !== frame) return false;
        this.frames.pop();
        if (frame.onExit?.length) this.write(frame.onExit.join('\n') + '\n');
        return true;
      },
      exitSession: (status) => {
        this.write('logout\n');
        this.exitOutermost(status);
      },
      depth: () => this.frames.length - 1,
      internalError: (e, where) => this.internalError(e, where),
      tick: () => {
        this.activityCount++;
      },
    };
  }
}

/** Candidates in columns, as bash lists completions. */
export function formatColumns(items: string[], cols: number): string {
  const width = Math.max(...items.map((i) => displayWidth(i))) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(items.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const item = items[c * rows + r];
      if (item === undefined) continue;
      const next = items[(c + 1) * rows + r];
      line += next === undefined ? item : item + ' '.repeat(width - displayWidth(item));
    }
    out += line + '\n';
  }
  return out;
}
