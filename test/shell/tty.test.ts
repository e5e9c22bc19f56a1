import { describe, expect, it } from 'vitest';
import { Session } from '../../sandbox/shell/session.js';
import { InstantDriver } from '../../sandbox/shell/driver.js';
import { bareWorld, NODE, OTHER_NODE } from './helpers.js';
import { Screen } from './screen.js';

const P = `root@${NODE}:~# `;

/** What a screen shows of a text: blanks at the ends of rows are not visible. */
const seen = (s: string): string => s.replace(/[ ]+$/gm, '');

async function terminal(
  cols = 80,
): Promise<{ type: (s: string) => Promise<void>; screen: Screen; session: Session; raw: () => string }> {
  const world = bareWorld();
  const screen = new Screen(cols);
  let raw = '';
  const session = new Session(world, world.host(NODE)!, {
    output: (t) => {
      raw += t;
      screen.write(t);
    },
    tty: true,
    cols,
  });
  const driver = new InstantDriver(world);
  const type = async (s: string): Promise<void> => {
    session.input(s);
    await driver.runUntil(() => !session.busy, world.clock.now + 5_000_000);
  };
  return { type, screen, session, raw: () => raw };
}

describe('tty session', () => {
  it('shows a prompt, echoes typing, runs the line; CJK inserted once', async () => {
    const t = await terminal();
    expect(t.screen.text()).toBe(seen(P));
    await t.type('echo 你好 && nosuchcmd; echo $?');
    await t.type('\r');
    expect(t.screen.text()).toBe(
      seen(`${P}echo 你好 && nosuchcmd; echo $?\n你好\nbash: nosuchcmd: command not found\n127\n${P}`),
    );
    expect(t.raw()).toContain('你好\r\n');
  });

  it('edits with arrows, Home/End, Backspace and Delete', async () => {
    const t = await terminal();
    await t.type('echo world');
    await t.type('\x1b[H');
    for (let i = 0; i < 5; i++) await t.type('\x1b[C');
    await t.type('hello ');
    await t.type('\x1b[F!!\x7f');
    await t.type('\x01\x1b[3~e\r');
    expect(t.screen.text()).toBe(seen(`${P}echo hello world!\nhello world!\n${P}`));
  });

  it('moves over wide characters by whole characters', async () => {
    const t = await terminal();
    await t.type('echo 你好');
    await t.type('\x1b[D');
    expect(t.screen.cursor()).toEqual({ row: 0, col: P.length + 5 + 2 });
    await t.type('X\r');
    expect(t.screen.text()).toBe(seen(`${P}echo 你X好\n你X好\n${P}`));
  });

  it('Ctrl-U, Ctrl-K, Ctrl-W, Ctrl-A/E', async () => {
    const t = await terminal();
    await t.type('junk\x15echo a b c\x17\x17d\x01\x05 e\x02\x02\x0b\r');
    expect(t.screen.text()).toBe(seen(`${P}echo a d\na d\n${P}`));
  });

  it('↑ brings back the previous line, ↓ returns to the new one', async () => {
    const t = await terminal();
    await t.type('echo one\r');
    await t.type('echo two\r');
    await t.type('par');
    await t.type('\x1b[A\x1b[A');
    expect(t.screen.text().split('\n').pop()).toBe(seen(`${P}echo one`));
    await t.type('\x1b[B\x1b[B');
    expect(t.screen.text().split('\n').pop()).toBe(seen(`${P}par`));
    await t.type('\x15\x1b[A\r');
    expect(t.screen.text().endsWith(seen(`${P}echo two\ntwo\n${P}`))).toBe(true);
  });

  it('Ctrl-C during sleep gives a prompt at once and $? 130', async () => {
    const t = await terminal();
    t.session.input('sleep 100\r');
    await new Promise((r) => setImmediate(r));
    expect(t.session.busy).toBe(true);
    await t.type('\x03');
    expect(t.session.busy).toBe(false);
    expect(t.screen.text()).toBe(seen(`${P}sleep 100\n^C\n${P}`));
    await t.type('echo $?\r');
    expect(t.screen.text().endsWith(seen(`${P}echo $?\n130\n${P}`))).toBe(true);
  });

  it('Ctrl-C at the prompt abandons the line', async () => {
    const t = await terminal();
    await t.type('echo nope\x03');
    expect(t.screen.text()).toBe(seen(`${P}echo nope^C\n${P}`));
  });

  it('wraps long lines and keeps the cursor right when editing them', async () => {
    const t = await terminal(30);
    const long = 'echo ' + 'abcdefghij'.repeat(4);
    await t.type(long);
    await t.type('\x01');
    expect(t.screen.cursor()).toEqual({ row: 0, col: P.length });
    await t.type('\x1b[C'.repeat(5) + '你');
    await t.type('\r');
    const out = t.screen.text().split('\n');
    const shown = (P + 'echo 你' + 'abcdefghij'.repeat(4)).length;
    expect(out.slice(0, 3).join('')).toBe((P + 'echo 你' + 'abcdefghij'.repeat(4)).replace(/\s+$/, ''));
    expect(shown).toBeGreaterThan(30);
    expect(t.screen.text()).toContain('你' + 'abcdefghij'.repeat(2));
  });

  it('pasting several lines runs each', async () => {
    const t = await terminal();
    await t.type('echo a\recho b\r');
    expect(t.screen.text()).toBe(seen(`${P}echo a\na\n${P}echo b\nb\n${P}`));
  });

  it('bracketed paste inserts text; its newlines run lines', async () => {
    const t = await terminal();
    await t.type('\x1b[200~echo x\necho y\x1b[201~\r');
    expect(t.screen.text()).toBe(seen(`${P}echo x\nx\n${P}echo y\ny\n${P}`));
  });

  it('Tab completes a command; a second Tab lists candidates', async () => {
    const t = await terminal();
    await t.type('hostn\t');
    expect(t.screen.text()).toBe(seen(`${P}hostname `));
    await t.type('\r');
    await t.type('ssh 10-7-1\t');
    expect(t.screen.text().split('\n').pop()).toBe(seen(`${P}ssh 10-7-1`));
    await t.type('\t');
    const lines = t.screen.text().split('\n');
    // readline pads each candidate to the longest plus two
    expect(lines).toContain(`${NODE}   ${OTHER_NODE}`);
    expect(lines[lines.length - 1]).toBe(seen(`${P}ssh 10-7-1`));
    await t.type('6\t');
    expect(t.screen.text().split('\n').pop()).toBe(seen(`${P}ssh ${OTHER_NODE} `));
  });

  it('Ctrl-D leaves an ssh login with logout and Connection closed', async () => {
    const t = await terminal();
    await t.type(`ssh ${OTHER_NODE}\r`);
    expect(t.screen.text().split('\n').pop()).toBe(seen(`root@${OTHER_NODE}:~# `));
    await t.type('\x04');
    expect(t.screen.text().split('\n').slice(-3)).toEqual([
      `root@${OTHER_NODE}:~# logout`,
      `Connection to ${OTHER_NODE} closed.`,
      seen(P),
    ]);
  });

  it('Ctrl-L clears the screen and keeps the line', async () => {
    const t = await terminal();
    await t.type('echo a\r');
    await t.type('ech\x0c');
    expect(t.screen.text()).toBe(seen(`${P}ech`));
  });

  it('a background job writing while the reader types keeps the typed line', async () => {
    const world = bareWorld();
    const screen = new Screen(80);
    const session = new Session(world, world.host(NODE)!, { output: (t) => screen.write(t), tty: true });
    const driver = new InstantDriver(world);
    session.input('sleep 1 && echo bg &\r');
    await driver.runUntil(() => !session.busy, world.clock.now);
    session.input('echo typ');
    await driver.advanceTo(world.clock.now + 2_000_000);
    const lines = screen.text().split('\n');
    expect(lines.slice(-2)).toEqual(['bg', `${P}echo typ`]);
  });
});

describe('a command reading the terminal', () => {
  it('gets the typed lines (echoed, Backspace works) until Ctrl-D', async () => {
    const t = await terminal();
    await t.type('cat > f\r');
    for (const k of ['h', 'e', 'x', '\x7f', 'l', 'l', 'o', '\r', '你', '\r']) await t.type(k);
    expect(t.session.busy).toBe(true);
    await t.type('\x04');
    await t.type('cat f\r');
    expect(t.screen.text()).toBe(seen(`${P}cat > f\nhello\n你\n${P}cat f\nhello\n你\n${P}`));
  });

  it('Ctrl-C ends it; keys typed before a command reads stay type-ahead', async () => {
    const t = await terminal();
    await t.type('grep x\r');
    await t.type('\x03');
    expect(t.screen.text()).toBe(seen(`${P}grep x\n^C\n${P}`));
    t.session.input('sleep 1\r');
    t.session.input('echo after\r');
    await t.type('');
    expect(t.screen.text().endsWith(seen(`${P}sleep 1\n${P}echo after\nafter\n${P}`))).toBe(true);
  });
});

describe('Ctrl-R', () => {
  it('searches the history backwards and runs the match on Enter', async () => {
    const t = await terminal();
    await t.type('echo one\r');
    await t.type('echo two\r');
    await t.type('\x12');
    await t.type('o');
    expect(t.screen.text().split('\n').pop()).toBe("(reverse-i-search)`o': echo two");
    await t.type('n');
    expect(t.screen.text().split('\n').pop()).toBe("(reverse-i-search)`on': echo one");
    await t.type('x');
    expect(t.screen.text().split('\n').pop()).toBe("(failed reverse-i-search)`onx': echo one");
    await t.type('\x7f\r');
    expect(t.screen.text().endsWith(seen(`${P}echo one\none\n${P}`))).toBe(true);
  });

  it('Ctrl-G gives up and restores the line; another key keeps the match to edit', async () => {
    const t = await terminal();
    await t.type('echo one\r');
    await t.type('ls\x12one\x07');
    expect(t.screen.text().split('\n').pop()).toBe(`${P}ls`);
    await t.type('\x15\x12one\x05!\r');
    expect(t.screen.text().endsWith(seen(`${P}echo one!\none!\n${P}`))).toBe(true);
  });
});
