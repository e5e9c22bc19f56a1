import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import { BridgeDevice } from '../../sandbox/kernel/bridge/bridge.js';

const NODE = '10-7-111-92';

describe('Linux bridge cni0', () => {
  it('starts cold, learns the pods from their frames, floods the first ARP, then forwards by FDB', async () => {
    const w = loadScenario('article');
    const ns = w.host(NODE)!.ns;
    const br = ns.dev('cni0') as BridgeDevice;
    expect(br.fdb.list(w.clock.now)).toEqual([]);
    const v2 = ns.dev('vethc408576a')!;
    const out2: Uint8Array[] = [];
    v2.addTap((f, dir) => dir === 'out' && out2.push(f.slice()), { promisc: false });
    await runTranscript(w, 'ubuntu-664c5f866b-865jb', 'ping -c 1 10.244.1.3');
    const learned = br.fdb.list(w.clock.now).map((e) => [e.mac, e.port?.name]);
    expect(learned).toContainEqual(['0a:58:0a:f4:01:02', 'veth4891a1c9']);
    expect(learned).toContainEqual(['0a:58:0a:f4:01:03', 'vethc408576a']);
    // The broadcast who-has was flooded to the other port; the echo request then went out by FDB hit.
    expect(out2[0]![12]).toBe(8);
    expect(out2[0]![13]).toBe(6);
    expect(out2.some((f) => f[23] === 1)).toBe(true);
  });

  it('ages learned entries out after ageing_time (300 s) and gc_timer counts down', async () => {
    const w = loadScenario('article');
    const br = w.host(NODE)!.ns.dev('cni0') as BridgeDevice;
    await runTranscript(w, 'ubuntu-664c5f866b-865jb', 'ping -c 1 10.244.1.3');
    // The pods' DELAY → PROBE exchange refreshes the entries a few seconds later; let it happen.
    w.clock.runUntil(w.clock.now + 10_000_000);
    const entries = br.fdb.list(w.clock.now);
    expect(entries.length).toBe(2);
    const learnedAt = Math.max(...entries.map((e) => e.updatedAt));
    const gc = br.fdb.gcRemainingUs(w.clock.now);
    expect(gc).toBeGreaterThan(0);
    expect(gc).toBeLessThanOrEqual(300_000_000);
    w.clock.runUntil(learnedAt + 299_000_000);
    expect(br.fdb.list(w.clock.now).length).toBe(2);
    w.clock.runUntil(learnedAt + 301_000_000);
    expect(br.fdb.list(w.clock.now).length).toBe(0);
  });

  it('a bridge without running ports has no carrier', () => {
    const w = loadScenario('fresh');
    const ns = w.host(NODE)!.ns;
    const br = ns.linkAdd({ kind: 'bridge', name: 'br0', up: true });
    expect(br.ok).toBe(true);
    const dev = br.ok ? br.value : undefined;
    expect(dev!.flagNames()).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    expect(dev!.operstate).toBe('DOWN');
    const v = ns.linkAdd({ kind: 'veth', name: 'va', peer: { name: 'vb' } });
    expect(v.ok).toBe(true);
    ns.linkSet(ns.dev('va')!, { master: dev!, up: true });
    expect(dev!.carrier).toBe(false);
    ns.linkSet(ns.dev('vb')!, { up: true });
    expect(dev!.flagNames()).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
  });

  it('hairpin sends a frame back out the port it came in on, only when set', () => {
    const w = loadScenario('article');
    const ns = w.host(NODE)!.ns;
    const br = ns.dev('cni0') as BridgeDevice;
    const port = ns.dev('veth4891a1c9')!;
    expect(port.brport?.hairpin).toBe(true);
    const seen: number[] = [];
    port.addTap((_f, dir) => dir === 'out' && seen.push(1), { promisc: false });
    const frame = new Uint8Array(60);
    frame.set([0x0a, 0x58, 0x0a, 0xf4, 0x01, 0x02], 0); // to the pod itself
    frame.set([0x02, 0, 0, 0, 0, 0x42], 6);
    frame.set([0x08, 0x00], 12);
    br.fdb.learn('0a:58:0a:f4:01:02', port, w.clock.now);
    br.handlePortFrame(port, { data: frame, traceId: 0 });
    expect(seen.length).toBe(1);
    ns.linkSet(port, { hairpin: false });
    br.handlePortFrame(port, { data: frame, traceId: 0 });
    expect(seen.length).toBe(1);
  });
});

describe('bridge FDB rows', () => {
  it('without vlan_filtering a port has one local row for its MAC, in no VLAN', () => {
    const w = loadScenario('article', { seed: 1 });
    const ns = w.host('10-7-111-92')!.ns;
    const rows = ns.fdbEntries(ns.dev('veth4891a1c9')).map((r) => `${r.mac} ${r.vlan ?? '-'} ${r.state}`);
    expect(rows).toEqual(['3e:8a:3e:5c:12:02 - permanent']);
  });
});

describe('a local entry added on the bridge itself', () => {
  it('takes frames to its MAC up to the bridge instead of flooding them to the other ports', async () => {
    const w = loadScenario('article', { seed: 1 });
    const ns = w.host(NODE)!.ns;
    expect(ns.fdbAdd(ns.dev('cni0')!, { mac: '02:00:00:00:00:09', self: true }).ok).toBe(true);
    const seen: Record<string, number> = { cni0: 0, vethc408576a: 0 };
    const isOurs = (f: Uint8Array): boolean => f[0] === 2 && f[5] === 9;
    for (const d of Object.keys(seen)) ns.dev(d)!.addTap((f) => void (isOurs(f) && seen[d]!++));
    const pod = 'ubuntu-664c5f866b-865jb';
    const r = await runTranscript(
      w,
      pod,
      'ip neigh replace 10.244.1.1 dev eth0 lladdr 02:00:00:00:00:09\nping -c 1 -W 1 10.244.1.1 >/dev/null; echo $?',
    );
    // ip_rcv drops it there (not the bridge's own address: PACKET_OTHERHOST), so no reply.
    expect(r.text.trim().split('\n').pop()).toBe('1');
    expect(seen).toEqual({ cni0: 1, vethc408576a: 0 });
  });
});
