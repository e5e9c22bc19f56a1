/** The site's own UI strings (Starlight translates its own). Keys must match zh-cn.ts. */
export const en = {
  'terminal.label': 'Terminal on {host}',
  'terminal.loading': 'starting…',
  'terminal.ready': 'ready',
  'terminal.journalFull': 'journal full: no longer saved',
  'terminal.failed': 'the emulator failed to start',
  'terminal.hint': 'Click to type. Tab completes, ↑ recalls, Ctrl-C interrupts.',
  'terminal.input': 'Terminal input',
  'terminal.tooMuchOutput': 'Too much output to announce, navigate to rows manually to read',
} as const;

export type UiKey = keyof typeof en;
