/**
 * Terminal comfort: font size (kept per browser), xterm's screen-reader mode (announces
 * output), a key bar for touch screens (Tab, Ctrl-C, ↑, ↓, |, -) and the way out of the
 * terminal for keyboard users (Esc, then Tab moves focus on instead of completing).
 */
import type { Terminal } from '@xterm/xterm';
import { wb } from './strings';

const FONT_KEY = 'flannel-lab:font-size';
const SR_KEY = 'flannel-lab:screen-reader';
const KEYS: [string, string][] = [
  ['Tab', '\t'],
  ['Ctrl-C', '\x03'],
  ['↑', '\x1b[A'],
  ['↓', '\x1b[B'],
  ['|', '|'],
  ['-', '-'],
];

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the setting lasts for this page only.
  }
}

/**
 * Returns the key filter for xterm's custom key handler: false for the Tab that follows Esc,
 * so the browser moves the focus out of the terminal.
 */
export function attachComfort(
  host: HTMLElement,
  term: Terminal,
  send: (data: string) => void,
  refit: () => void,
): (ev: KeyboardEvent) => boolean {
  const bar = host.querySelector('.ft-bar');
  const font = Number(stored(FONT_KEY));
  if (font >= 9 && font <= 24) term.options.fontSize = font;
  if (stored(SR_KEY) === '1') term.options.screenReaderMode = true;

  const button = (text: string, title: string, onClick: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'ft-tool';
    b.textContent = text;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', onClick);
    return b;
  };
  const size = (delta: number): void => {
    const n = Math.min(24, Math.max(9, (term.options.fontSize ?? 13) + delta));
    term.options.fontSize = n;
    store(FONT_KEY, String(n));
    refit();
  };
  const sr = button('SR', wb('screenReader'), () => {
    const on = !term.options.screenReaderMode;
    term.options.screenReaderMode = on;
    sr.setAttribute('aria-pressed', String(on));
    store(SR_KEY, on ? '1' : '0');
  });
  sr.setAttribute('aria-pressed', String(Boolean(term.options.screenReaderMode)));
  bar?.append(
    button('A−', `${wb('fontSize')} −`, () => size(-1)),
    button('A+', `${wb('fontSize')} +`, () => size(1)),
    sr,
  );

  const keys = document.createElement('div');
  keys.className = 'ft-keys';
  keys.setAttribute('role', 'toolbar');
  for (const [label, seq] of KEYS) {
    const b = button(label, label, () => {
      send(seq);
      term.focus();
    });
    // Keep the on-screen keyboard up: the terminal keeps the focus while a key is tapped.
    b.addEventListener('pointerdown', (e) => e.preventDefault());
    keys.append(b);
  }
  host.append(keys);

  let escaped = false;
  return (ev) => {
    if (ev.type !== 'keydown') return true;
    if (ev.key === 'Escape') {
      escaped = true;
      return true;
    }
    if (ev.key === 'Tab' && escaped && !ev.ctrlKey && !ev.altKey) {
      escaped = false;
      return false;
    }
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(ev.key)) escaped = false;
    return true;
  };
}
