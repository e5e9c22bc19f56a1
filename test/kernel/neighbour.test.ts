import { describe, expect, it } from 'vitest';
import { ip, twoHosts } from './helpers.js';
import { emitIcmp } from '../../sandbox/net/icmp.js';
import type { World } from '../../sandbox/world/world.js';
import type { Host } from '../../sandbox/world/host.js';

function sendEcho(h: Host, dst: string, seq = 1): void {
  const icmp = emitIcmp({ kind: 'echo', type: 8, id: 77, seq, data: new Uint8Array(8) });
  const r = h.ns.ipSend(
    { tos: 0, df: true, ttl: 64, protocol: 1, src: h.ns.addresses()[1]!.addr.address, dst: ip(dst) },
    icmp,
    0,
  );
  expect(r.ok).toBe(true);
}

function arpFrames(frames: { f: Uint8Array; at: number }[]): { op: number; dstMac: string; at: number }[] {
  return frames
    .filter(({ f }) => f[12] === 8 && f[13] === 6)
    .map(({ f, at }) => ({
      op: f[21]!,
      dstMac: [...f.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':'),
      at,
    }));
}

function capture(w: World, h: Host, dev = 'eth0'): { f: Uint8Array; at: number }[] {
  const out: { f: Uint8Array; at: number }[] = [];
  h.ns.dev(dev)!.addTap((f, dir, at) => {
    if (dir === 'out') out.push({ f: f.slice(), at });
  });
  void w;
  return out;
}

describe('neighbour state machine', () => {
  it('resolves with one broadcast request: INCOMPLETE → REACHABLE; the target learns the sender as STALE', () => {
    const { world, a, b } = twoHosts();
    const seen = capture(world, a);
    sendEcho(a, '10.0.0.2');
    const e = a.ns.neighbours(a.ns.dev('eth0')).find((x) => x.ip === ip('10.0.0.2'))!;
    expect(e.state).toBe('INCOMPLETE');
    world.clock.runUntil(world.clock.now + 10_000);
    expect(e.state).toBe('REACHABLE');
    expect(e.lladdr).toBe('02:00:00:00:00:02');
    expect(arpFrames(seen).map((x) => [x.op, x.dstMac])).toEqual([[1, 'ff:ff:ff:ff:ff:ff']]);
    const back = b.ns.neighbours(b.ns.dev('eth0')).find((x) => x.ip === ip('10.0.0.1'))!;
    // The request made b learn a (STALE); sending the echo reply then moved it to DELAY.
    expect(['STALE', 'DELAY']).toContain(back.state);
  });

  it('an unanswered address: 3 broadcast probes 1 s apart, FAILED at 3 s, queued packets reported', () => {
    const { world, a } = twoHosts();
    const seen = capture(world, a);
    const t0 = world.clock.now;
    sendEcho(a, '10.0.0.99', 1);
    world.clock.runUntil(t0 + 1_500_000);
    sendEcho(a, '10.0.0.99', 2);
    world.clock.runUntil(t0 + 10_000_000);
    const probes = arpFrames(seen);
    expect(probes.map((p) => p.at - t0)).toEqual([0, 1_000_000, 2_000_000]);
    expect(probes.every((p) => p.dstMac === 'ff:ff:ff:ff:ff:ff')).toBe(true);
    const e = a.ns.neighbours().find((x) => x.ip === ip('10.0.0.99'))!;
    expect(e.state).toBe('FAILED');
    expect(e.queue.length).toBe(0);
  });

  it('REACHABLE goes STALE after reachable_time (15–45 s); using it again: DELAY, then a unicast probe, REACHABLE', () => {
    const { world, a } = twoHosts();
    const seen = capture(world, a);
    sendEcho(a, '10.0.0.2');
    world.clock.runUntil(world.clock.now + 10_000);
    const e = a.ns.neighbours().find((x) => x.ip === ip('10.0.0.2'))!;
    expect(e.state).toBe('REACHABLE');
    const reach = a.ns.neigh.reachableUs;
    expect(reach).toBeGreaterThanOrEqual(15_000_000);
    expect(reach).toBeLessThan(45_000_000);
    world.clock.runUntil(world.clock.now + 46_000_000);
    expect(a.ns.neighbours().find((x) => x.ip === ip('10.0.0.2'))!.state).toBe('STALE');
    const before = arpFrames(seen).length;
    sendEcho(a, '10.0.0.2', 2);
    expect(e.state).toBe('DELAY');
    world.clock.runUntil(world.clock.now + 5_100_000);
    const probes = arpFrames(seen).slice(before);
    expect(probes.length).toBe(1);
    expect(probes[0]!.dstMac).toBe('02:00:00:00:00:02');
    expect(e.state).toBe('REACHABLE');
  });

  it('permanent entries are used as they are and survive; ip neigh add twice is EEXIST', () => {
    const { a } = twoHosts();
    const eth = a.ns.dev('eth0')!;
    expect(a.ns.neighAdd(eth, ip('10.0.0.50'), { lladdr: '02:00:00:00:00:50', state: 'PERMANENT' }).ok).toBe(true);
    const again = a.ns.neighAdd(eth, ip('10.0.0.50'), { lladdr: '02:00:00:00:00:50', state: 'PERMANENT' });
    expect(again.ok ? '' : again.errno).toBe('EEXIST');
    const del = a.ns.neighDel(eth, ip('10.0.0.51'));
    expect(del.ok ? '' : del.errno).toBe('ENOENT');
  });
});
