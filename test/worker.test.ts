import { describe, expect, it } from 'vitest';
import { createSandboxApi, splitKeys, type SandboxApi } from '../sandbox/worker.js';

/** Let the worker's microtask-batched output and the shell's macrotasks run. */
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** A tiny terminal: enough of VT100 (CR, LF, erase, cursor moves) to read what the screen shows. */
function plain(s: string): string {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (): string[] => (lines[row] ??= []);
  const re = /\x1b\[([0-9;?]*)([A-Za-z])|([\s\S])/gu;
  for (const m of s.matchAll(re)) {
    const n = Number(m[1] || '1');
    if (m[2] === 'C') col += n;
    else if (m[2] === 'D') col = Math.max(0, col - n);
    else if (m[2] === 'A') row = Math.max(0, row - n);
    else if (m[2] === 'B') row += n;
    else if (m[2] === 'J' || m[2] === 'K') line().length = Math.min(line().length, col);
    else if (m[2] === 'H') {
      row = 0;
      col = 0;
    } else if (m[2]) continue;
    else if (m[3] === '\r') col = 0;
    else if (m[3] === '\n') {
      row += 1;
      line();
    } else if (m[3] === '\x07') continue;
    else {
      const l = line();
      while (l.length < col) l.push(' ');
      const wide =
        /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(m[3]!);
      l.splice(col, wide ? 2 : 1, m[3]!, ...(wide ? [''] : []));
      col += wide ? 2 : 1;
    }
  }
  return lines.map((l) => l.join('')).join('\n');
}

async function open(api: SandboxApi, host = '10-7-111-92', scenario = 'article') {
  const world = await api.load(scenario);
  let out = '';
  const id = await api.open(world, host, (t) => (out += t), { cols: 80, rows: 24 });
  return { world, id, out: () => plain(out) };
}

describe('sandbox worker API', () => {
  it('opens a shell session that shows a prompt and runs a line', async () => {
    const api = createSandboxApi({ realtime: true });
    const s = await open(api);
    await settle();
    expect(s.out()).toBe('root@10-7-111-92:~# ');
    api.input(s.id, 'echo 你好 && nosuchcmd; echo $?\r');
    await settle();
    expect(s.out()).toBe(
      'root@10-7-111-92:~# echo 你好 && nosuchcmd; echo $?\n你好\nbash: nosuchcmd: command not found\n127\nroot@10-7-111-92:~# ',
    );
  });

  it('terminals of one sandbox are sessions of one world', async () => {
    const api = createSandboxApi({ realtime: true });
    const world = await api.load('article');
    const outs = ['', ''];
    const a = await api.open(world, '10-7-111-92', (t) => (outs[0] += t));
    const b = await api.open(world, '10-7-160-190', (t) => (outs[1] += t));
    api.input(a, 'hostname\r');
    api.input(b, 'hostname\r');
    await settle();
    expect(plain(outs[0]!)).toContain('hostname\n10-7-111-92\n');
    expect(plain(outs[1]!)).toContain('hostname\n10-7-160-190\n');
    const topo = await api.topology(world);
    expect(topo.hosts.map((h) => h.name)).toEqual(expect.arrayContaining(['10-7-111-92', '10-7-160-190']));
  });

  it('Ctrl-C ends a running sleep at once, in real time', async () => {
    const api = createSandboxApi({ realtime: true });
    const s = await open(api);
    api.input(s.id, 'sleep 100\r');
    await settle(100);
    expect(s.out().endsWith('sleep 100\n')).toBe(true);
    api.input(s.id, '\x03');
    await settle();
    expect(s.out().endsWith('sleep 100\n^C\nroot@10-7-111-92:~# ')).toBe(true);
  });

  it('the clock steps one scheduled instant at a time while paused', async () => {
    const api = createSandboxApi({ realtime: true });
    const s = await open(api);
    await api.time(s.world, { op: 'pause' });
    api.input(s.id, 'ping -c 3 10.7.160.190\r');
    await settle(100);
    const replies = (): number => (s.out().match(/bytes from 10\.7\.160\.190/g) ?? []).length;
    const before = replies();
    const t0 = (await api.time(s.world)).now;
    // Paused: real time passes, the world does not.
    await settle(300);
    expect((await api.time(s.world)).now).toBe(t0);
    expect(replies()).toBe(before);
    // Each step runs the next instant only; a second's worth of steps brings the next echo.
    let st = await api.time(s.world, { op: 'step' });
    expect(st.paused).toBe(true);
    expect(st.now).toBeGreaterThanOrEqual(t0);
    for (let i = 0; i < 50 && replies() === before; i++) st = await api.time(s.world, { op: 'step' });
    await settle(60);
    expect(replies()).toBe(before + 1);
    expect(st.now - t0).toBeLessThanOrEqual(1_100_000);
    expect(st.next).toBeGreaterThan(st.now - 1);
  });

  it('refuses an unknown scenario and an unknown world', async () => {
    const api = createSandboxApi();
    await expect(api.load('nope')).rejects.toThrow('unknown scenario: nope');
    await expect(api.open(99, 'x', () => {})).rejects.toThrow('no world 99');
  });
});

describe('splitKeys', () => {
  it('splits input into keys as a terminal sends them', () => {
    expect(splitKeys('ls\r')).toEqual(['l', 's', '\r']);
    expect(splitKeys('\x1b[A\x1b[1;5C\x1bOH你\x03')).toEqual(['\x1b[A', '\x1b[1;5C', '\x1bOH', '你', '\x03']);
    expect(splitKeys('\x1b')).toEqual(['\x1b']);
  });

  it('a pasted line echoes once, as typed', async () => {
    const api = createSandboxApi({ realtime: true });
    const s = await open(api);
    api.input(s.id, 'echo one\recho two\r');
    await settle(60);
    expect(s.out()).toBe('root@10-7-111-92:~# echo one\none\nroot@10-7-111-92:~# echo two\ntwo\nroot@10-7-111-92:~# ');
  });
});
