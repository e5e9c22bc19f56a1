/**
 * Breaking flannel's per-peer trio on node 10-7-111-92, one entry at a time.
 *
 * Route deleted (recorded in reference/failures/vxlan-route-deleted.txt): the
 * pod's packets follow the node's default route to the gateway un-encapsulated;
 * the gateway has neither a route to 10.244.0.4 nor one back to 10.244.1.2, so
 * it cannot even send an error: ping only loses packets. Without the default
 * route as well, ip_route_input fails on the node and ip_error() answers
 * ICMP net unreachable from the node's cni0 address.
 *
 * Neighbour entry deleted (not recorded; worked out from Linux): the route
 * `10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink` still matches, so the
 * node needs 10.244.0.0's MAC on flannel.1. flannel.1 is a normal ARP device
 * (no NOARP), and without l3miss/proxy the kernel runs plain ARP
 * (net/ipv4/arp.c): the entry goes INCOMPLETE, the packet waits in the
 * unresolved queue and arp_solicit() sends a broadcast who-has from
 * flannel.1's address 10.244.1.0. vxlan_xmit() (drivers/net/vxlan/vxlan_core.c)
 * looks ff:ff:ff:ff:ff:ff up in the FDB, finds nothing, falls back to the
 * all-zeros entry flanneld never creates, and drops it (tx_dropped) — after
 * dev_queue_xmit_nit() showed it to captures, so tcpdump -i flannel.1 sees
 * three ARP requests, eth0 sees nothing. With mcast_probes=3 the entry turns
 * FAILED after ~3 s; neigh_invalidate() reports every queued packet through
 * arp_error_report() → ipv4_link_failure() → icmp_send(HOST_UNREACH), sourced
 * from the address routing back to the pod (10.244.1.1 on cni0). So ping prints
 * `From 10.244.1.1 icmp_seq=N Destination Host Unreachable` for seq 1-3 at ~3 s.
 *
 * FDB entry deleted: the neighbour entry still gives be:1d:47:c2:90:0a, the
 * inner frame is built and handed to flannel.1 (captures on flannel.1 see the
 * echo request), but vxlan_xmit() has no entry for that MAC and no all-zeros
 * default, so the frame is dropped silently: nothing on eth0, no ICMP error,
 * ping reports 100% loss.
 */
import { describe, expect, it } from 'vitest';
import { article, maskTimes, NODE, POD, ref, run } from './helpers.js';
import { parseIpv4 } from '../../sandbox/net/addr.js';
import type { World } from '../../sandbox/world/world.js';

function tap(w: World, host: string, dev: string): Uint8Array[] {
  const frames: Uint8Array[] = [];
  w.host(host)!
    .ns.dev(dev)!
    .addTap((f) => frames.push(f.slice()));
  return frames;
}

const ethertype = (f: Uint8Array): number => (f[12]! << 8) | f[13]!;

describe('flannel.1 route deleted (reference/failures/vxlan-route-deleted.txt)', () => {
  it('follows the recorded transcript, variant A then B, then restore', async () => {
    const w = article();
    const text = ref('failures/vxlan-route-deleted.txt');
    const stdoutOf = (step: number): string => {
      const m = new RegExp(
        `=== step ${step} \\|[^\\n]*\\n\\$ [^\\n]*\\n--- stdout \\(\\d+ bytes\\) ---\\n([\\s\\S]*?)--- stderr`,
      ).exec(text);
      return m![1]!;
    };
    const s1 = await run(w, NODE, 'ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(s1).toEqual({ out: '', status: 0 });
    expect((await run(w, NODE, 'ip r')).out + '\n').toBe(stdoutOf(2));
    expect((await run(w, NODE, 'ip route get 10.244.0.4')).out + '\n').toBe(stdoutOf(3));
    const eth0 = tap(w, NODE, 'eth0');
    const a = await run(w, POD, 'ping -c 2 -W 1 10.244.0.4');
    expect(maskTimes(a.out + '\n')).toBe(maskTimes(stdoutOf(4)));
    expect(a.status).toBe(1);
    // The echo requests leave eth0 un-encapsulated towards the gateway's MAC, TTL 63.
    const icmp = eth0.filter((f) => ethertype(f) === 0x0800 && f[23] === 1);
    expect(icmp.length).toBe(2);
    expect([...icmp[0]!.subarray(0, 6)]).toEqual([0x52, 0x54, 0, 7, 0, 1]);
    expect(icmp[0]![22]).toBe(63);
    expect(await run(w, NODE, 'ip route del default via 10.7.0.1 dev eth0')).toEqual({ out: '', status: 0 });
    expect(await run(w, NODE, 'ip route get 10.244.0.4')).toEqual({
      out: 'RTNETLINK answers: Network is unreachable',
      status: 2,
    });
    const b = await run(w, POD, 'ping -c 2 -W 1 10.244.0.4');
    expect(maskTimes(b.out + '\n')).toBe(maskTimes(stdoutOf(7)));
    expect(b.status).toBe(1);
    await run(w, NODE, 'ip route add default via 10.7.0.1 dev eth0');
    await run(w, NODE, 'ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    const c = await run(w, POD, 'ping -c 1 -W 2 10.244.0.4');
    expect(maskTimes(c.out + '\n')).toBe(maskTimes(stdoutOf(10)));
    expect(c.status).toBe(0);
  });
});

describe('flannel.1 neighbour entry deleted', () => {
  it('ARP into the tunnel goes nowhere; after 3 probes the node reports host unreachable', async () => {
    const w = article();
    expect(await run(w, NODE, 'ip neigh del 10.244.0.0 dev flannel.1')).toEqual({ out: '', status: 0 });
    const fl = tap(w, NODE, 'flannel.1');
    const eth0 = tap(w, NODE, 'eth0');
    const vx = w.host(NODE)!.ns.dev('flannel.1')!;
    const dropped = vx.stats.txDropped;
    const start = w.clock.now;
    const r = await run(w, POD, 'ping -c 3 10.244.0.4');
    expect(r.out).toContain(
      'From 10.244.1.1 icmp_seq=1 Destination Host Unreachable\n' +
        'From 10.244.1.1 icmp_seq=2 Destination Host Unreachable\n' +
        'From 10.244.1.1 icmp_seq=3 Destination Host Unreachable\n',
    );
    expect(r.out).toMatch(/3 packets transmitted, 0 received, \+3 errors, 100% packet loss, time \d+ms\npipe 3\n?$/);
    expect(r.status).toBe(1);
    // Three broadcast who-has 10.244.0.0 tell 10.244.1.0 on flannel.1, one a second.
    const arps = fl.filter((f) => ethertype(f) === 0x0806);
    expect(arps.length).toBe(3);
    for (const f of arps) {
      expect([...f.subarray(0, 6)]).toEqual([255, 255, 255, 255, 255, 255]);
      expect([...f.subarray(14 + 14, 14 + 18)]).toEqual([10, 244, 1, 0]);
      expect([...f.subarray(14 + 24, 14 + 28)]).toEqual([10, 244, 0, 0]);
    }
    expect(vx.stats.txDropped - dropped).toBe(3);
    // Nothing was encapsulated.
    expect(eth0.filter((f) => ethertype(f) === 0x0800 && f[23] === 17).length).toBe(0);
    const failedAt = w.clock.now - start;
    expect(failedAt).toBeGreaterThan(2_900_000);
    const n = w
      .host(NODE)!
      .ns.neighbours(vx)
      .find((e) => e.ip === parseIpv4('10.244.0.0'));
    expect(n?.state).toBe('FAILED');
    expect((await run(w, NODE, 'ip neigh show dev flannel.1')).out).toMatch(/^10\.244\.0\.0 .*FAILED/);
  });
});

describe('flannel.1 FDB entry deleted', () => {
  it('the inner frame reaches flannel.1 and dies there; nothing on eth0; ping loses everything silently', async () => {
    const w = article();
    const ns = w.host(NODE)!.ns;
    const vx = ns.dev('flannel.1')!;
    const del = ns.fdbDel(vx, { mac: 'be:1d:47:c2:90:0a', dst: parseIpv4('10.7.160.190')!, self: true });
    expect(del.ok).toBe(true);
    const fl = tap(w, NODE, 'flannel.1');
    const eth0 = tap(w, NODE, 'eth0');
    const r = await run(w, POD, 'ping -c 2 -W 1 10.244.0.4');
    expect(maskTimes(r.out)).toBe(
      'PING 10.244.0.4 (10.244.0.4) 56(84) bytes of data.\n\n--- 10.244.0.4 ping statistics ---\n' +
        '2 packets transmitted, 0 received, 100% packet loss, time Xms\n',
    );
    expect(r.status).toBe(1);
    const echo = fl.filter((f) => ethertype(f) === 0x0800 && f[23] === 1);
    expect(echo.length).toBe(2);
    expect(eth0.filter((f) => ethertype(f) === 0x0800).length).toBe(0);
    expect(vx.stats.txDropped).toBe(2);
    expect(vx.stats.txPackets).toBe(0);
  });
});
