import { describe, expect, it } from 'vitest';
import { createSandboxApi, type SandboxApi } from '../../sandbox/worker.js';
import { validateJournal } from '../../sandbox/workbench/journal.js';

const settle = (ms = 40) => new Promise((r) => setTimeout(r, ms));
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

async function run(api: SandboxApi, id: number, out: () => string, line: string): Promise<string> {
  const before = out().length;
  api.input(id, line + '\r');
  for (let i = 0; i < 100; i++) {
    await settle(10);
    if (!(await api.busy(id)) && strip(out().slice(before)).trimEnd().endsWith('#')) break;
  }
  return strip(out().slice(before));
}

describe('journal: a saved world replays to the same state', () => {
  it('restores a route change, the screen and an editor save', async () => {
    const api = createSandboxApi();
    const world = await api.load('article');
    let out = '';
    const edits: string[] = [];
    const id = await api.open(
      world,
      '10-7-111-92',
      (t) => (out += t),
      { cols: 120, rows: 24 },
      undefined,
      (o) => {
        edits.push(o.title);
        return 'hello from the editor\n';
      },
    );
    await settle();
    await run(api, id, () => out, 'ip route add 10.99.0.0/16 via 10.7.0.1');
    await run(api, id, () => out, 'vi /root/note.txt');
    expect(edits).toEqual(['/root/note.txt']);
    const snap = await api.snapshot(world);
    expect(validateJournal(snap).ok).toBe(true);
    expect(snap.slots).toEqual(['10-7-111-92']);
    // Keystrokes of a line are one entry, the editor result another.
    expect(snap.entries.map((e) => ('d' in e ? e.d : 'e' in e ? `edit:${e.e}` : 'answer'))).toEqual([
      'ip route add 10.99.0.0/16 via 10.7.0.1\r',
      'vi /root/note.txt\r',
      'edit:hello from the editor\n',
    ]);

    // A fresh worker (a reload, a share link) rebuilds it from the JSON alone.
    const api2 = createSandboxApi();
    const world2 = await api2.load('article', JSON.parse(JSON.stringify(snap)));
    let out2 = '';
    const id2 = await api2.open(world2, '10-7-111-92', (t) => (out2 += t), { cols: 120, rows: 24 });
    await settle();
    // The restored terminal shows what the reader had typed.
    expect(strip(out2)).toContain('root@10-7-111-92:~# ip route add 10.99.0.0/16 via 10.7.0.1');
    const r = await run(api2, id2, () => out2, 'ip r; cat /root/note.txt');
    expect(r).toContain('10.99.0.0/16 via 10.7.0.1 dev eth0');
    expect(r).toContain('hello from the editor');
    const again = await api2.snapshot(world2);
    expect(again.entries.length).toBe(snap.entries.length + 1);
  });

  it('refuses hostile or broken journals with a reason, before touching a world', async () => {
    const api = createSandboxApi();
    const base = await api.snapshot(await api.load('article'));
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...base, v: 2 }, /version/],
      [{ ...base, scenario: '../x' }, /scenario/],
      [{ ...base, now: base.start + 10 ** 15 }, /times/],
      [{ ...base, slots: ['10-7-111-92'], entries: [{ t: base.start, s: 3, d: 'x' }] }, /session index/],
      [{ ...base, slots: ['<script>'] }, /host name/],
      [{ ...base, slots: ['a'], entries: [{ t: base.start, s: 0, d: 'x'.repeat(70000) }] }, /input/],
    ];
    for (const [j, re] of cases) {
      const v = validateJournal(j);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.reason).toMatch(re);
      await expect(api.load('article', j as never)).rejects.toThrow(/saved state refused/);
    }
    await expect(api.load('fresh', base)).rejects.toThrow(/another scenario/);
  });
});

describe('route editor: the table applied as its difference', () => {
  it('adds, replaces and deletes; on a kernel error nothing changes; replays', async () => {
    const api = createSandboxApi();
    const world = await api.load('article');
    const host = '10-7-111-92';
    const before = await api.routes(world, host);
    expect(before).toBe(
      'default via 10.7.0.1 dev eth0 \n10.7.0.0/16 dev eth0 proto kernel scope link src 10.7.111.92 \n' +
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n',
    );
    // A gateway the kernel cannot reach: its error at its line, the first line's change undone.
    const bad =
      before.replace('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink', '10.244.0.0/24 via 10.7.160.190 dev eth0') +
      '10.50.0.0/16 via 10.9.9.9\n';
    const problems = await api.applyRoutes(world, host, bad);
    expect(problems).toEqual([
      { line: 5, column: 1, message: 'ip route add 10.50.0.0/16 via 10.9.9.9: Error: Nexthop has invalid gateway.' },
    ]);
    expect(await api.routes(world, host)).toBe(before);
    // host-gw by hand: the replace goes through.
    const good = bad.replace('10.50.0.0/16 via 10.9.9.9\n', '');
    expect(await api.applyRoutes(world, host, good)).toEqual([]);
    const after = await api.routes(world, host);
    expect(after).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0 \n');
    expect(after).not.toContain('flannel.1');
    const api2 = createSandboxApi();
    const w2 = await api2.load('article', await api.snapshot(world));
    expect(await api2.routes(w2, host)).toBe(after);
  });
});

describe('packet panel: frames on the wire decoded field by field', () => {
  it('shows a cross-node ping as outer Ethernet/IPv4/UDP/VXLAN and inner Ethernet/IPv4/ICMP', async () => {
    const api = createSandboxApi({ realtime: true });
    const world = await api.load('article');
    api.onEvent(world, () => {});
    let out = '';
    const id = await api.open(world, '10-7-160-190', (t) => (out += t), { cols: 120, rows: 24 });
    await run(api, id, () => out, 'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4');
    const frames = await api.frames(world);
    const vx = frames.find((f) => f.summary.includes('VXLAN') && f.summary.includes('echo request'));
    expect(vx).toMatchObject({
      host: '10-7-111-92',
      dev: 'eth0',
      len: 148,
      summary: '10.7.111.92 > 10.7.160.190 VXLAN vni 1 [10.244.1.2 > 10.244.0.4 ICMP echo request]',
    });
    const layers = await api.decode(world, vx!.id, 'zh');
    expect(layers.map((l) => l.name)).toEqual([
      'Ethernet',
      'IPv4',
      'UDP',
      'VXLAN',
      '内层 Ethernet',
      '内层 IPv4',
      'ICMP',
    ]);
    const field = (layer: number, label: string) => layers[layer]!.fields.find((f) => f.label === label)?.value;
    expect(field(1, '总长度')).toBe('134');
    expect(field(2, '目的端口')).toBe('8472');
    expect(field(3, 'VNI')).toBe('1');
    expect(field(5, 'TTL')).toBe('63');
    expect(field(6, '类型')).toBe('8 (echo request)');
    expect(field(1, '首部校验和')).toMatch(/（正确）$/);
  });
});
