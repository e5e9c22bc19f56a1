/**
 * Standard streams between commands: pipes that deliver chunks as they are
 * written (so `tcpdump | grep` prints matches before Ctrl-C and `ping | head
 * -n 3` ends when head has its lines), the terminal, and files.
 */
import type { InputSource, OutputSink } from './command.js';

/** A reader that also offers chunks as they arrive; `undefined` is end of file. */
export interface StreamInput extends InputSource {
  read(): Promise<string | undefined>;
}

/** Bound on what a pipe holds unread, so a runaway writer cannot eat memory. */
export const PIPE_MAX_BUFFER = 4 * 1024 * 1024;

/**
 * Chunks waiting for one reader: `read()` resolves with everything written so far, or
 * `undefined` once the writer has ended and nothing is left. Pipes and the terminal's cooked
 * stdin both queue this way.
 */
export class ChunkQueue {
  private chunks: string[] = [];
  private buffered = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly maxBuffer: number) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /** Drops what does not fit, as a full pipe would block a writer that then gets killed. */
  push(text: string): void {
    if (this.ended || text === '') return;
    if (this.buffered + text.length > this.maxBuffer) return;
    this.chunks.push(text);
    this.buffered += text.length;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  clear(): void {
    this.chunks = [];
    this.buffered = 0;
  }

  async read(): Promise<string | undefined> {
    while (this.chunks.length === 0) {
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    const text = this.chunks.join('');
    this.clear();
    return text;
  }

  async readAll(): Promise<string> {
    let out = '';
    for (;;) {
      const chunk = await this.read();
      if (chunk === undefined) return out;
      out += chunk;
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

export class Pipe implements OutputSink, StreamInput {
  readonly isTerminal = false;
  private readonly queue = new ChunkQueue(PIPE_MAX_BUFFER);
  private readerGone = false;
  /** Called when a write finds the reader gone (the writer would get SIGPIPE). */
  onBrokenPipe: (() => void) | undefined;

  write(text: string): void {
    if (this.readerGone) {
      this.onBrokenPipe?.();
      return;
    }
    this.queue.push(text);
  }

  /** The writer closed its end. */
  end(): void {
    this.queue.end();
  }

  /** The reader closed its end; later writes break the pipe. */
  closeReader(): void {
    this.readerGone = true;
    this.queue.clear();
  }

  read(): Promise<string | undefined> {
    return this.queue.read();
  }

  readAll(): Promise<string> {
    return this.queue.readAll();
  }
}

/** Fixed text as input: a file (`< file`) or a string. */
export class TextInput implements StreamInput {
  readonly isTerminal: boolean;
  private done = false;
  constructor(
    private readonly text: string,
    isTerminal = false,
  ) {
    this.isTerminal = isTerminal;
  }
  read(): Promise<string | undefined> {
    if (this.done || this.text === '') return Promise.resolve(undefined);
    this.done = true;
    return Promise.resolve(this.text);
  }
  readAll(): Promise<string> {
    const t = this.done ? '' : this.text;
    this.done = true;
    return Promise.resolve(t);
  }
}

/** The terminal as stdin: typed lines go to the shell, so commands see end of file at once. */
export function terminalInput(): StreamInput {
  return new TextInput('', true);
}

/** Read stdin chunk by chunk whether or not the source streams. */
export async function readChunk(input: InputSource, state: { done: boolean }): Promise<string | undefined> {
  if (state.done) return undefined;
  const r = (input as Partial<StreamInput>).read;
  if (typeof r === 'function') {
    const chunk = await r.call(input);
    if (chunk === undefined) state.done = true;
    return chunk;
  }
  state.done = true;
  return input.readAll();
}

/** Iterate complete lines of stdin as they arrive (without their "\n"; a last unterminated line included). */
export async function* inputLines(input: InputSource): AsyncGenerator<string> {
  const state = { done: false };
  let pending = '';
  for (;;) {
    const chunk = await readChunk(input, state);
    if (chunk === undefined) break;
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      yield pending.slice(0, nl);
      pending = pending.slice(nl + 1);
    }
  }
  if (pending !== '') yield pending;
}

/** A sink that collects text (command substitution, tests). */
export class StringSink implements OutputSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

/** A sink whose target can be cut off (a killed process's output goes nowhere). */
export class GatedSink implements OutputSink {
  open = true;
  constructor(readonly target: OutputSink) {}
  get isTerminal(): boolean {
    return this.target.isTerminal === true;
  }
  write(text: string): void {
    if (this.open) this.target.write(text);
  }
}
