/**
 * <flannel-terminal>: an xterm.js screen bound to one shell session in the page's
 * emulator worker. Keystrokes go to the worker raw (the session edits the line
 * and echoes); whatever the session writes is drawn here.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import * as Comlink from 'comlink';
import '@xterm/xterm/css/xterm.css';
import {
  WORKER_ERROR_EVENT,
  WORKER_RESTART_EVENT,
  sandboxApi,
  sandboxWorld,
  scheduleSave,
  workerFailed,
} from './sandbox';
import type { EditCallback } from '../../sandbox/worker';
import { imeGuard } from './ime-guard';
import { NOTICE_EVENT, type Notice } from './workbench/state';
import { attachComfort } from './workbench/comfort';

/** Narrow screens get a smaller font so a line still holds 40+ columns at 375 px. */
const NARROW_PX = 520;
const MIN_COLS = 20;
/** The width a terminal needs for 64 columns of 13 px DejaVu Sans Mono, with its padding and scrollbar. */
const PAIR_13PX_MIN = 540;

const THEME = {
  background: '#14161a',
  foreground: '#d8dde4',
  cursor: '#f0c674',
  selectionBackground: '#3e4a5c',
  black: '#1d1f21',
  red: '#e06c75',
  green: '#98c379',
  yellow: '#e5c07b',
  blue: '#61afef',
  magenta: '#c678dd',
  cyan: '#56b6c2',
  white: '#d8dde4',
};

export class FlannelTerminal extends HTMLElement {
  private term: Terminal | undefined;
  private sessionId: number | undefined;
  private started = false;
  private resolveSession!: (id: number) => void;
  /** The worker's session id, once the terminal has started. */
  private readonly session = new Promise<number>((resolve) => (this.resolveSession = resolve));
  private cleanup: (() => void)[] = [];

  connectedCallback(): void {
    const begin = (): void => this.start();
    // Start when the terminal is about to be seen, or as soon as the reader reaches for it.
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) begin();
      },
      { rootMargin: '400px 0px' },
    );
    io.observe(this);
    this.addEventListener('focusin', begin, { once: true });
    this.addEventListener('pointerdown', begin, { once: true });
    this.cleanup.push(() => io.disconnect());
    // Load the world ahead of the reader, off the main thread, so the prompt is there when they
    // get to the terminal; not for every terminal at once, or a far one would delay a near one.
    const warm = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        warm.disconnect();
        void sandboxWorld(this.sandboxName, this.scenario).catch(() => {});
      },
      { rootMargin: '150% 0px' },
    );
    warm.observe(this);
    this.cleanup.push(() => warm.disconnect());
  }

  private get sandboxName(): string {
    return this.dataset.sandbox ?? 'main';
  }

  private get scenario(): string {
    return this.dataset.scenario ?? 'article';
  }

  disconnectedCallback(): void {
    for (const fn of this.cleanup.splice(0)) fn();
    if (this.sessionId !== undefined) void sandboxApi().close(this.sessionId);
    this.term?.dispose();
  }

  /**
   * Type a command line into this terminal as if the reader had (the chapters' run buttons):
   * a running command gets Ctrl-C first, then the line and Enter.
   */
  async run(line: string): Promise<void> {
    this.start();
    const id = await this.session;
    const api = sandboxApi();
    if (await api.busy(id)) {
      void api.input(id, '\x03');
      for (let i = 0; i < 50 && (await api.busy(id)); i++) await new Promise((r) => setTimeout(r, 20));
    }
    void api.input(id, line.replace(/\n/g, '\r') + '\r');
    this.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    this.term?.focus();
  }

  /** The visible screen as lines, with each line xterm wrapped joined again (what a copy would give). */
  screenLines(): string[] {
    const t = this.term;
    if (!t) return [];
    const b = t.buffer.active;
    const out: string[] = [];
    for (let y = b.viewportY; y < b.viewportY + t.rows; y++) {
      const line = b.getLine(y);
      if (!line) break;
      const text = line.translateToString(true);
      if (line.isWrapped && out.length > 0) out[out.length - 1] += text;
      else out.push(text);
    }
    return out;
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (const fn of this.cleanup.splice(0)) fn();
    void this.boot().catch((e: unknown) => this.fail(e));
  }

  private async boot(): Promise<void> {
    const screen = this.querySelector<HTMLElement>('.ft-screen')!;
    const host = this.dataset.host ?? '10-7-111-92';
    const rows = Number(this.dataset.rows ?? '16') || 16;
    // Narrow screens, and a half of a side-by-side pair with room for under 64 columns of 13 px
    // type, get 12 px: 60+ columns there.
    const pairGrid = this.parentElement?.classList.contains('tp-grid') ? this.parentElement : null;
    const sideBySide = pairGrid !== null && getComputedStyle(pairGrid).display === 'grid';
    const width = this.getBoundingClientRect().width;
    const narrow = width < NARROW_PX || (sideBySide && width < PAIR_13PX_MIN);

    // xterm's own screen-reader strings, in the page's language (one language per page).
    if (this.dataset.labelInput) Terminal.strings.promptLabel = this.dataset.labelInput;
    if (this.dataset.labelTooMuch) Terminal.strings.tooMuchOutput = this.dataset.labelTooMuch;
    const term = new Terminal({
      rows,
      cols: 80,
      fontSize: narrow ? 12 : 13,
      fontFamily: '"DejaVu Sans Mono", "Noto Sans Mono CJK SC", ui-monospace, Menlo, Consolas, monospace',
      cursorBlink: true,
      convertEol: true,
      scrollback: 2000,
      theme: THEME,
      allowProposedApi: false,
    });
    this.term = term;
    const fit = new FitAddon();
    term.loadAddon(fit);
    screen.replaceChildren();
    term.open(screen);
    this.fitCols(fit);

    const comfort = attachComfort(
      this,
      term,
      (data) => {
        if (this.sessionId !== undefined) void sandboxApi().input(this.sessionId, data);
      },
      () => this.fitCols(fit),
    );
    // Ctrl-Shift-C copies as in a desktop terminal; plain Ctrl-C stays an interrupt.
    term.attachCustomKeyEventHandler((ev) => {
      // Esc then Tab leaves the terminal (the focus is never trapped).
      if (!comfort(ev)) return false;
      if (ev.type === 'keydown' && ev.ctrlKey && ev.shiftKey && (ev.key === 'C' || ev.key === 'c')) {
        const sel = term.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel).catch(() => {});
        return false;
      }
      // Let the browser paste (it fires a paste event xterm turns into input).
      if (ev.ctrlKey && ev.shiftKey && (ev.key === 'V' || ev.key === 'v')) return false;
      return true;
    });

    const onWorkerError = (ev: Event): void => this.fail((ev as CustomEvent<string>).detail);
    document.addEventListener(WORKER_ERROR_EVENT, onWorkerError);
    this.cleanup.push(() => document.removeEventListener(WORKER_ERROR_EVENT, onWorkerError));
    let first = true;
    const onOutput = (text: string): void => {
      // After xterm has parsed it, so a listener can time keystroke → echo (npm run bench:page).
      term.write(text, () => this.dispatchEvent(new CustomEvent('ft-output')));
      if (first) {
        first = false;
        this.dataset.readyMs = performance.now().toFixed(0);
        this.setStatus('ready');
      }
    };
    /** A session in the sandbox's world; again after the worker was restarted. */
    const connect = async (): Promise<number> => {
      const world = await Promise.race([sandboxWorld(this.sandboxName, this.scenario), workerFailed]);
      const id = await Promise.race([
        sandboxApi().open(
          world,
          host,
          Comlink.proxy(onOutput),
          { cols: term.cols, rows: term.rows },
          Comlink.proxy(saveFile),
          Comlink.proxy(this.edit),
        ),
        workerFailed,
      ]);
      this.sessionId = id;
      return id;
    };
    const id = await connect();
    this.resolveSession(id);
    // The worker died and was started again from the last saved state: this terminal joins it.
    const onRestart = (): void => {
      term.write(`\r\n\x1b[33m${this.dataset.labelRestarted ?? 'restarted'}\x1b[0m\r\n`);
      void connect().catch((e: unknown) => this.fail(e));
    };
    document.addEventListener(WORKER_RESTART_EVENT, onRestart);
    this.cleanup.push(() => document.removeEventListener(WORKER_RESTART_EVENT, onRestart));
    // Pages without a workbench still say when this sandbox's state stops being saved.
    const onNotice = (ev: Event): void => {
      const n = (ev as CustomEvent<Notice>).detail;
      if (n.kind !== 'journal-full' || n.sandbox !== this.sandboxName) return;
      const el = this.querySelector<HTMLElement>('.ft-status');
      if (el) el.textContent = this.dataset.labelJournalFull ?? 'not saved';
      this.dataset.saving = 'off';
    };
    document.addEventListener(NOTICE_EVENT, onNotice);
    this.cleanup.push(() => document.removeEventListener(NOTICE_EVENT, onNotice));

    const textarea = term.textarea;
    const guard = textarea ? imeGuard(textarea) : undefined;
    term.onData((data) => {
      const text = guard ? guard.filter(data) : data;
      if (text === '' || this.sessionId === undefined) return;
      void sandboxApi().input(this.sessionId, text);
      // A command line was entered: the sandbox's journal is saved (restored on reload).
      if (/[\r\x03]/.test(text)) scheduleSave(this.sandboxName);
    });
    term.onResize(({ cols, rows: r }) => {
      if (this.sessionId !== undefined) void sandboxApi().resize(this.sessionId, cols, r);
    });

    const ro = new ResizeObserver(() => this.fitCols(fit));
    ro.observe(this);
    this.cleanup.push(
      () => ro.disconnect(),
      () => guard?.dispose(),
    );
  }

  /** `kubectl edit`, `vi FILE`: the editor panel under this terminal (Monaco arrives only now). */
  private readonly edit: EditCallback = async (opts) => {
    const { openEditor } = await import('./workbench/editor');
    const text = await openEditor(this, opts);
    scheduleSave(this.sandboxName, 1500);
    this.term?.focus();
    return text;
  };

  /** Fit the width only: the height stays the number of rows the page asked for. */
  private fitCols(fit: FitAddon): void {
    const term = this.term;
    if (!term) return;
    const dims = fit.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols)) return;
    const cols = Math.max(MIN_COLS, dims.cols);
    if (cols !== term.cols) term.resize(cols, term.rows);
    this.dataset.cols = String(term.cols);
  }

  private setStatus(state: 'ready' | 'failed'): void {
    this.dataset.state = state;
    const el = this.querySelector<HTMLElement>('.ft-status');
    if (el) el.textContent = this.dataset[state === 'ready' ? 'labelReady' : 'labelFailed'] ?? state;
  }

  private fail(e: unknown): void {
    if (this.dataset.state === 'failed') return;
    this.setStatus('failed');
    console.error('flannel-lab terminal:', e);
    this.term?.write(`\r\n\x1b[31m${this.dataset.labelFailed ?? 'failed'}: ${String(e)}\x1b[0m\r\n`);
  }
}

/** `download FILE` in a terminal: hand the bytes to the browser as a file. */
function saveFile(name: string, data: Uint8Array): void {
  const blob = new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Run buttons anywhere on the page dispatch `flannel-run` on document with the line and the
 * terminal to type it into; the first terminal of that host and sandbox takes it.
 */
export interface RunRequest {
  line: string;
  host: string;
  sandbox?: string;
}

function onRunRequest(ev: Event): void {
  const req = (ev as CustomEvent<RunRequest>).detail;
  if (!req || typeof req.line !== 'string') return;
  const sandbox = req.sandbox ?? 'main';
  const target = [...document.querySelectorAll<FlannelTerminal>('flannel-terminal')].find(
    (t) => t.dataset.host === req.host && (t.dataset.sandbox ?? 'main') === sandbox,
  );
  if (target) void target.run(req.line);
  else console.warn(`flannel-lab: no terminal for ${req.host} in sandbox ${sandbox}`);
}

if (!customElements.get('flannel-terminal')) {
  document.addEventListener('flannel-run', onRunRequest);
}

if (!customElements.get('flannel-terminal')) customElements.define('flannel-terminal', FlannelTerminal);
