/**
 * Random sequences of netlink-like requests (valid and not) against a node of
 * scenario `article`: nothing throws, refused requests change nothing, and the
 * namespace's invariants hold after every step. Then a ping still works or
 * fails cleanly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { checkNetns } from '../../sandbox/kernel/consistency.js';
import type { Netns } from '../../sandbox/kernel/netns.js';
import { formatRouteRow } from '../../sandbox/kernel/ipv4/route.js';

const NAMES = ['eth0', 'flannel.1', 'cni0', 'veth4891a1c9', 'vethc408576a', 'lo', 'br1', 'vx9', 'va', 'vb', 'd0'];
const IPS = [0, 0x0a070001, 0x0af40000, 0x0af40100, 0x0af40101, 0x0af40102, 0x0af40900, 0xffffffff, 0x7f000001];

const op = fc.oneof(
  fc.record({
    k: fc.constant('linkAdd' as const),
    kind: fc.constantFrom('veth', 'bridge', 'vxlan', 'dummy'),
    name: fc.constantFrom(...NAMES),
    id: fc.integer({ min: -1, max: 3 }),
    mtu: fc.option(fc.integer({ min: 0, max: 70000 })),
  }),
  fc.record({ k: fc.constant('linkDel' as const), name: fc.constantFrom(...NAMES) }),
  fc.record({
    k: fc.constant('linkSet' as const),
    name: fc.constantFrom(...NAMES),
    up: fc.option(fc.boolean()),
    mtu: fc.option(fc.integer({ min: 0, max: 70000 })),
    master: fc.option(fc.constantFrom(...NAMES, '')),
    hairpin: fc.option(fc.boolean()),
    rename: fc.option(fc.constantFrom(...NAMES, 'x'.repeat(16))),
  }),
  fc.record({
    k: fc.constant('addr' as const),
    del: fc.boolean(),
    name: fc.constantFrom(...NAMES),
    ip: fc.constantFrom(...IPS),
    len: fc.integer({ min: -1, max: 33 }),
  }),
  fc.record({
    k: fc.constant('route' as const),
    del: fc.boolean(),
    dst: fc.constantFrom(...IPS),
    len: fc.integer({ min: 0, max: 32 }),
    gw: fc.option(fc.constantFrom(...IPS)),
    dev: fc.option(fc.constantFrom(...NAMES)),
    onlink: fc.boolean(),
    mode: fc.constantFrom('add', 'replace', 'append', 'prepend'),
  }),
  fc.record({
    k: fc.constant('neigh' as const),
    del: fc.boolean(),
    name: fc.constantFrom(...NAMES),
    ip: fc.constantFrom(...IPS),
    mac: fc.constantFrom('be:1d:47:c2:90:0a', 'zz', '00:00:00:00:00:00'),
  }),
  fc.record({
    k: fc.constant('fdb' as const),
    del: fc.boolean(),
    name: fc.constantFrom(...NAMES),
    mac: fc.constantFrom('be:1d:47:c2:90:0a', '00:00:00:00:00:00', 'bad'),
    dst: fc.constantFrom(...IPS),
    master: fc.boolean(),
  }),
  fc.record({ k: fc.constant('time' as const), us: fc.integer({ min: 0, max: 400_000_000 }) }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function snapshot(ns: Netns): string {
  return JSON.stringify({
    d: ns
      .devices()
      .map((d) => [
        d.ifindex,
        d.name,
        d.mtu,
        d.mac,
        d.adminUp,
        d.master?.name,
        d.brport?.hairpin,
        d.addresses.map((a) => [a.address, a.prefixLen]),
      ]),
    r: ns.routes().map(formatRouteRow),
    n: ns.neighbours().map((e) => [e.dev.name, e.ip, e.lladdr, e.state]),
    f: ns.fdbEntries().map((e) => [e.mac, e.dev.name, e.dst, e.state]),
  });
}

function apply(ns: Netns, o: Op): boolean {
  const dev = (n: string | null | undefined) => (n ? ns.dev(n) : undefined);
  switch (o.k) {
    case 'linkAdd': {
      const base = { name: o.name, ...(o.mtu !== null ? { mtu: o.mtu } : {}) };
      if (o.kind === 'veth') return ns.linkAdd({ ...base, kind: 'veth', peer: { name: o.name + 'p' } }).ok;
      if (o.kind === 'vxlan')
        return ns.linkAdd({ ...base, kind: 'vxlan', id: o.id, ...(ns.dev('eth0') ? { dev: ns.dev('eth0')! } : {}) }).ok;
      return ns.linkAdd({ ...base, kind: o.kind }).ok;
    }
    case 'linkDel': {
      const d = dev(o.name);
      return d ? ns.linkDel(d).ok : false;
    }
    case 'linkSet': {
      const d = dev(o.name);
      if (!d) return false;
      const m = o.master === null ? undefined : o.master === '' ? null : ns.dev(o.master);
      if (m === undefined && o.master !== null && o.master !== '') return false;
      return ns.linkSet(d, {
        ...(o.up !== null ? { up: o.up } : {}),
        ...(o.mtu !== null ? { mtu: o.mtu } : {}),
        ...(o.master !== null ? { master: m ?? null } : {}),
        ...(o.hairpin !== null ? { hairpin: o.hairpin } : {}),
        ...(o.rename !== null ? { name: o.rename } : {}),
      }).ok;
    }
    case 'addr': {
      const d = dev(o.name);
      if (!d) return false;
      return o.del
        ? ns.addrDel(d, { address: o.ip, prefixLen: o.len }).ok
        : ns.addrAdd(d, { address: o.ip, prefixLen: o.len }).ok;
    }
    case 'route': {
      const d = dev(o.dev);
      if (o.dev !== null && !d) return false;
      const spec = {
        dst: o.dst,
        prefixLen: o.len,
        ...(o.gw !== null ? { gateway: o.gw } : {}),
        ...(d ? { dev: d } : {}),
      };
      return o.del ? ns.routeDel(spec).ok : ns.routeAdd({ ...spec, onlink: o.onlink }, o.mode).ok;
    }
    case 'neigh': {
      const d = dev(o.name);
      if (!d) return false;
      return o.del ? ns.neighDel(d, o.ip).ok : ns.neighReplace(d, o.ip, { lladdr: o.mac, state: 'PERMANENT' }).ok;
    }
    case 'fdb': {
      const d = dev(o.name);
      if (!d) return false;
      const spec = { mac: o.mac, dst: o.dst, master: o.master, self: !o.master, state: 'permanent' as const };
      return o.del ? ns.fdbDel(d, spec).ok : ns.fdbAppend(d, spec).ok;
    }
    case 'time':
      ns.env.clock.runUntil(ns.env.clock.now + o.us);
      return true;
  }
}

describe('netlink-like API under random requests', () => {
  it('never throws, refused requests change nothing, invariants always hold', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const w = loadScenario('article');
        const ns = w.host('10-7-111-92')!.ns;
        for (const o of ops) {
          const before = o.k === 'time' ? '' : snapshot(ns);
          const target = o.k === 'linkSet' && o.master !== null ? ns.dev(o.name) : undefined;
          const oldMaster = target?.master;
          const ok = apply(ns, o);
          // do_set_master lets the old master go before the new one refuses: the one change a refusal makes.
          const released = target !== undefined && oldMaster && !target.master;
          if (!ok && o.k !== 'time' && !released) expect(snapshot(ns)).toBe(before);
          expect(checkNetns(ns)).toEqual([]);
        }
        for (const h of w.hosts()) expect(checkNetns(h.ns)).toEqual([]);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 80) },
    );
  });
});

describe('ip link set DEV netns', () => {
  it('moves a veth end into a pod: down, addresses gone, ifindex kept when free, link-netnsid follows', () => {
    const w = loadScenario('article');
    const node = w.host('10-7-111-92')!.ns;
    const pod = w.host('ubuntu-664c5f866b-865jb')!.ns;
    const v = node.linkAdd({ kind: 'veth', name: 'vtest', peer: { name: 'vtestp' } });
    expect(v.ok).toBe(true);
    const dev = node.dev('vtestp')!;
    const idx = dev.ifindex;
    node.addrAdd(dev, { address: 0x0a0a0a01, prefixLen: 24 });
    node.linkSet(dev, { up: true });
    expect(node.linkSetNetns(dev, pod).ok).toBe(true);
    expect(node.dev('vtestp')).toBeUndefined();
    expect(pod.dev('vtestp')).toBe(dev);
    expect(dev.ifindex).toBe(idx);
    expect(dev.adminUp).toBe(false);
    expect(dev.addresses).toEqual([]);
    expect(node.routes().some((r) => r.dev === dev)).toBe(false);
    expect(pod.linkNetnsId(dev)).toBe(pod.netnsId(node));
    expect(checkNetns(node)).toEqual([]);
    expect(checkNetns(pod)).toEqual([]);
    const again = pod.linkSetNetns(pod.dev('eth0')!, node);
    expect(again.ok ? '' : again.errno).toBe('EEXIST');
    const br = node.linkSetNetns(node.dev('cni0')!, pod);
    expect(br.ok ? '' : br.errno).toBe('EINVAL');
  });
});
