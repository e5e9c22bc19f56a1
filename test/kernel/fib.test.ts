import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FibTable } from '../../sandbox/kernel/ipv4/fib.js';
import type { Route } from '../../sandbox/kernel/ipv4/route.js';
import { formatRouteRow } from '../../sandbox/kernel/ipv4/route.js';
import { prefixMask } from '../../sandbox/net/addr.js';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { ip, twoHosts } from './helpers.js';
import { iproute2Message } from '../../sandbox/kernel/errno.js';

function route(dst: number, len: number, metric = 0, tag = 0): Route {
  return {
    table: 254,
    type: 'unicast',
    dst: (dst & prefixMask(len)) >>> 0,
    prefixLen: len,
    tos: 0,
    metric,
    proto: 'boot',
    scope: 'global',
    prefsrc: undefined,
    gateway: tag,
    dev: undefined,
    onlink: false,
    nhScope: 'link',
  };
}

describe('FIB longest-prefix match', () => {
  it('prefers the longest prefix, then the lowest metric', () => {
    const t = new FibTable(254);
    t.insert(route(0, 0, 0, 1), 'add', () => false);
    t.insert(route(ip('10.244.0.0'), 16, 0, 2), 'add', () => false);
    t.insert(route(ip('10.244.1.0'), 24, 100, 3), 'add', () => false);
    t.insert(route(ip('10.244.1.0'), 24, 10, 4), 'add', () => false);
    const gw = (d: string): number | undefined => {
      const r = t.lookup({ dst: ip(d) });
      return r && 'route' in r ? r.route.gateway : undefined;
    };
    expect(gw('10.244.1.7')).toBe(4);
    expect(gw('10.244.9.7')).toBe(2);
    expect(gw('8.8.8.8')).toBe(1);
  });

  it('add of an existing prefix+metric is EEXIST, append keeps both, replace swaps', () => {
    const t = new FibTable(254);
    expect(t.insert(route(ip('10.1.0.0'), 16, 0, 1), 'add', () => false)).toEqual({});
    expect(t.insert(route(ip('10.1.0.0'), 16, 0, 2), 'add', () => false)).toEqual({ error: 'EEXIST' });
    expect(t.insert(route(ip('10.1.0.0'), 16, 0, 2), 'append', () => false)).toEqual({});
    expect(t.list().map((r) => r.gateway)).toEqual([1, 2]);
    t.insert(route(ip('10.1.0.0'), 16, 0, 9), 'replace', () => false);
    expect(t.list().map((r) => r.gateway)).toEqual([9, 2]);
  });

  it('dumps by destination, longer prefixes of the same key first (fib_trie order)', () => {
    const t = new FibTable(254);
    for (const [d, l] of [
      ['10.244.0.0', 16],
      ['0.0.0.0', 0],
      ['10.244.0.0', 24],
      ['10.7.0.0', 16],
    ] as const) {
      t.insert(route(ip(d), l), 'add', () => false);
    }
    expect(t.list().map((r) => formatRouteRow(r).split(' ')[0])).toEqual([
      'default',
      '10.7.0.0/16',
      '10.244.0.0/24',
      '10.244.0.0/16',
    ]);
  });

  it('agrees with a naive linear longest-prefix match on random tables', () => {
    const prefix = fc.record({
      dst: fc.integer({ min: 0, max: 0xffffffff }),
      len: fc.integer({ min: 0, max: 32 }),
      metric: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(prefix, { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 20 }),
        (routes, dsts) => {
          const t = new FibTable(254);
          const naive: Route[] = [];
          routes.forEach((p, i) => {
            const r = route(p.dst, p.len, p.metric, i + 1);
            if (!t.insert(r, 'add', () => false).error) naive.push(r);
          });
          for (const d of dsts) {
            let best: Route | undefined;
            for (const r of naive) {
              if ((d & prefixMask(r.prefixLen)) >>> 0 !== r.dst) continue;
              if (!best || r.prefixLen > best.prefixLen || (r.prefixLen === best.prefixLen && r.metric < best.metric))
                best = r;
            }
            const got = t.lookup({ dst: d });
            expect(got && 'route' in got ? got.route.gateway : undefined).toBe(best?.gateway);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a lookup among thousands of routes does not scan them', () => {
    const t = new FibTable(254);
    for (let i = 0; i < 5000; i++) t.insert(route((10 << 24) | (i << 8), 24, 0, i), 'add', () => false);
    const t0 = performance.now();
    let hits = 0;
    for (let i = 0; i < 100_000; i++) {
      const r = t.lookup({ dst: ((10 << 24) | ((i % 5000) << 8) | 7) >>> 0 });
      if (r) hits++;
    }
    expect(hits).toBe(100_000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('route add checks (fib_create_info) and their messages', () => {
  const node = (): ReturnType<typeof loadScenario> => loadScenario('article');
  const ns = (w: ReturnType<typeof loadScenario>) => w.host('10-7-111-92')!.ns;

  it('a gateway not on a connected subnet is refused without onlink', () => {
    const w = node();
    const n = ns(w);
    const fl = n.dev('flannel.1')!;
    const r1 = n.routeAdd({ dst: ip('10.244.9.0'), prefixLen: 24, gateway: ip('10.244.9.0'), dev: fl });
    expect(r1.ok ? '' : iproute2Message(r1)).toBe('Error: Nexthop has invalid gateway.');
    const r2 = n.routeAdd({ dst: ip('10.244.9.0'), prefixLen: 24, gateway: ip('10.9.0.1') });
    expect(r2.ok ? '' : iproute2Message(r2)).toBe('Error: Nexthop has invalid gateway.');
    const r3 = n.routeAdd({ dst: ip('10.244.9.0'), prefixLen: 24, gateway: ip('10.244.9.0'), dev: fl, onlink: true });
    expect(r3.ok).toBe(true);
  });

  it('duplicates and missing routes give File exists / No such process', () => {
    const w = node();
    const n = ns(w);
    const r = n.routeAdd({ dst: ip('10.244.0.0'), prefixLen: 24, gateway: ip('10.7.160.190'), dev: n.dev('eth0')! });
    expect(r.ok ? '' : iproute2Message(r)).toBe('RTNETLINK answers: File exists');
    const d = n.routeDel({ dst: ip('10.244.9.0'), prefixLen: 24 });
    expect(d.ok ? '' : iproute2Message(d)).toBe('RTNETLINK answers: No such process');
    const d2 = n.routeDel({ dst: ip('10.244.0.0'), prefixLen: 24, gateway: ip('10.7.160.190'), dev: n.dev('eth0')! });
    expect(d2.ok ? '' : iproute2Message(d2)).toBe('RTNETLINK answers: No such process');
  });

  it('a route through a down device is refused', () => {
    const w = node();
    const n = ns(w);
    const d = n.linkAdd({ kind: 'dummy', name: 'dummy0' });
    expect(d.ok).toBe(true);
    const r = n.routeAdd({ dst: ip('192.168.5.0'), prefixLen: 24, dev: d.ok ? d.value : undefined });
    expect(r.ok ? '' : iproute2Message(r)).toBe('Error: Device for nexthop is not up.');
  });

  it('link down removes the routes through the device and its neighbours; up restores the kernel routes only', () => {
    const { world, a } = twoHosts();
    void world;
    const n = a.ns;
    const eth = n.dev('eth0')!;
    expect(n.routeAdd({ dst: 0, prefixLen: 0, gateway: ip('10.0.0.254') }).ok).toBe(true);
    expect(n.neighAdd(eth, ip('10.0.0.9'), { lladdr: '02:00:00:00:00:09', state: 'PERMANENT' }).ok).toBe(true);
    n.linkSet(eth, { up: false });
    const rows = n.routes().map(formatRouteRow);
    expect(rows).toEqual([
      'local 10.0.0.1 dev eth0 proto kernel scope host src 10.0.0.1',
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1',
      'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1',
      'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1',
    ]);
    expect(n.neighbours(eth)).toEqual([]);
    n.linkSet(eth, { up: true });
    expect(n.routes(254).map(formatRouteRow)).toEqual(['10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1']);
  });

  it('ip route get picks the source address Linux picks', () => {
    const w = node();
    const n = ns(w);
    const g = n.routeGet(ip('10.244.0.4'));
    expect(g.ok && [g.value.gateway, g.value.dev.name, g.value.src]).toEqual([
      ip('10.244.0.0'),
      'flannel.1',
      ip('10.244.1.0'),
    ]);
    const g2 = n.routeGet(ip('1.2.0.3'));
    expect(g2.ok && [g2.value.gateway, g2.value.dev.name, g2.value.src]).toEqual([
      ip('10.7.0.1'),
      'eth0',
      ip('10.7.111.92'),
    ]);
    const g3 = n.routeGet(ip('10.7.111.92'));
    expect(g3.ok && [g3.value.type, g3.value.dev.name]).toEqual(['local', 'lo']);
  });
});

describe('FIB bookkeeping', () => {
  it('keeps its size right through removals, and removing many routes is not quadratic', () => {
    const t = new FibTable(254);
    for (let i = 0; i < 20_000; i++) t.insert(route(((10 << 24) | (i << 8)) >>> 0, 24, 0, i % 7), 'add', () => false);
    expect(t.size).toBe(20_000);
    expect(t.remove({ dst: (10 << 24) >>> 0, prefixLen: 24 })).toBeDefined();
    expect(t.size).toBe(19_999);
    const t0 = performance.now();
    const gone = t.removeWhere((r) => r.gateway === 3);
    expect(t.size).toBe(19_999 - gone.length);
    expect(t.list().length).toBe(t.size);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
