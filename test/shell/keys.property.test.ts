/**
 * Random keystrokes into a terminal session (arrows, Home/End, Ctrl keys,
 * Tab, wide characters, pastes, Enter): nothing throws, and after Ctrl-C and
 * an `echo` the terminal is back at a prompt that shows the echo's output.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Session } from '../../sandbox/shell/session.js';
import { InstantDriver } from '../../sandbox/shell/driver.js';
import { bareWorld, NODE } from './helpers.js';
import { Screen } from './screen.js';

const KEYS = [
  '\x1b[A',
  '\x1b[B',
  '\x1b[C',
  '\x1b[D',
  '\x1b[H',
  '\x1b[F',
  '\x1b[1~',
  '\x1b[4~',
  '\x1bOH',
  '\x1bOF',
  '\x1b[3~',
  '\x1bb',
  '\x1bf',
  '\x01',
  '\x12',
  '\x12e',
  '\x07',
  '\x02',
  '\x04',
  '\x05',
  '\x06',
  '\x0b',
  '\x0c',
  '\x0e',
  '\x10',
  '\x15',
  '\x17',
  '\x7f',
  '\b',
  '\t',
  '\t\t',
  '\x03',
  '\r',
  '\x1b[200~ls\necho 中\x1b[201~',
  '\x1b',
  '\x1b[',
  '\x1b[99;99X',
  'a',
  'e',
  ' ',
  'echo ',
  'ls',
  'sleep 1',
  'cat\r',
  'grep a\r',
  'ssh 10-7-160-190',
  'exit',
  '你',
  '好',
  '中文',
  '👍',
  'é',
  '\u0301',
  '"',
  "'",
  '|',
  '&',
  ';',
  '$?',
];

describe('random keys in a terminal', () => {
  it('never throws and always comes back to a working prompt', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...KEYS), { maxLength: 60 }),
        fc.integer({ min: 8, max: 100 }),
        async (keys, cols) => {
          const world = bareWorld();
          const screen = new Screen(cols);
          const session = new Session(world, world.host(NODE)!, { output: (t) => screen.write(t), tty: true, cols });
          const driver = new InstantDriver(world);
          for (const k of keys) {
            session.input(k);
            await driver.runUntil(() => !session.busy, world.clock.now + 2_000_000);
            if (session.busy) session.input('\x03');
          }
          await driver.runUntil(() => !session.busy, world.clock.now + 2_000_000);
          session.input('\x03');
          await driver.runUntil(() => !session.busy, world.clock.now + 2_000_000);
          session.input('echo done-$((0))x\r'.replace('$((0))', 'ok'));
          await driver.runUntil(() => !session.busy, world.clock.now + 2_000_000);
          expect(session.internalErrors).toEqual([]);
          const rows = screen.text().split('\n');
          expect(rows).toContain('done-okx');
          expect(rows[rows.length - 1]).toMatch(/#$/);
          expect(rows.join('')).toMatch(/root@[0-9a-z-]+:[^#]*#$/);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  }, 120_000);
});

const EDIT_KEYS = [
  '\x1b[C',
  '\x1b[D',
  '\x1b[H',
  '\x1b[F',
  '\x1b[3~',
  '\x1bb',
  '\x1bf',
  '\x01',
  '\x02',
  '\x05',
  '\x06',
  '\x0b',
  '\x15',
  '\x17',
  '\x7f',
  'a',
  'b',
  'xyz',
  ' ',
  '你',
  '好中',
  '👍',
  'é',
  '-',
];

/** Where the cursor of a prompt + line sits, laid out as xterm does (wide characters wrap whole). */
function layout(text: string, cols: number): { row: number; col: number } {
  let row = 0;
  let col = 0;
  for (const ch of text) {
    const w = /[\u4e00-\u9fff]|\p{Extended_Pictographic}/u.test(ch) ? 2 : 1;
    if (col + w > cols) {
      row++;
      col = 0;
    }
    col += w;
  }
  if (col >= cols) return { row: row + 1, col: 0 };
  return { row, col };
}

describe('what the screen shows while editing', () => {
  it('is the prompt and the line, with the cursor where the editor has it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...EDIT_KEYS), { maxLength: 80 }),
        fc.integer({ min: 10, max: 60 }),
        async (keys, cols) => {
          const world = bareWorld();
          const screen = new Screen(cols);
          const session = new Session(world, world.host(NODE)!, { output: (t) => screen.write(t), tty: true, cols });
          for (const k of keys) session.input(k);
          const { line, beforeCursor } = session.editing;
          const prompt = session.prompt();
          expect(screen.text().replace(/[\s]/g, '')).toBe((prompt + line).replace(/[\s]/g, ''));
          expect(screen.cursor()).toEqual(layout(prompt + beforeCursor, cols));
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});
