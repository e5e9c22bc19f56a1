/**
 * The terminal as a foreground command's stdin in a tty session: once the
 * command reads, typed lines go to it (echoed, with Backspace and Ctrl-U, as
 * a cooked-mode terminal does) until Ctrl-D; before that, keys are type-ahead
 * for the shell.
 */
import { ChunkQueue, type StreamInput } from './streams.js';
import { displayWidth } from './width.js';

/** Bound on what waits unread. */
const MAX_BUFFER = 1024 * 1024;

export class TtyStdin implements StreamInput {
  readonly isTerminal = true;
  /** The command has asked for input: keys now belong to it. */
  active = false;
  private readonly queue = new ChunkQueue(MAX_BUFFER);
  private line = '';

  constructor(private readonly echo: (text: string) => void) {}

  read(): Promise<string | undefined> {
    this.active = true;
    return this.queue.read();
  }

  readAll(): Promise<string> {
    this.active = true;
    return this.queue.readAll();
  }

  /** A key typed while the command runs (Ctrl-C is the session's). */
  key(k: string): void {
    if (this.queue.isEnded) return;
    if (k === '\r' || k === '\n') {
      this.echo('\n');
      this.queue.push(this.line + '\n');
      this.line = '';
    } else if (k === '\x04') {
      // Ctrl-D: end of file on an empty line, else hand over what is typed.
      if (this.line === '') this.end();
      else {
        this.queue.push(this.line);
        this.line = '';
      }
    } else if (k === '\x7f' || k === '\b') {
      const chars = Array.from(this.line);
      const last = chars.pop();
      if (last !== undefined) {
        const w = Math.max(1, displayWidth(last));
        this.echo('\b'.repeat(w) + ' '.repeat(w) + '\b'.repeat(w));
        this.line = chars.join('');
      }
    } else if (k === '\x15') {
      const w = displayWidth(this.line);
      if (w > 0) this.echo('\b'.repeat(w) + ' '.repeat(w) + '\b'.repeat(w));
      this.line = '';
    } else if (!k.startsWith('\x1b') && k.codePointAt(0)! >= 0x20) {
      this.line += k;
      this.echo(k);
    }
  }

  end(): void {
    this.queue.end();
  }
}
