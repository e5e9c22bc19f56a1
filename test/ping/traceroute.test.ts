import { describe, expect, it } from 'vitest';
import { article, POD, run } from './helpers.js';

const ms = (s: string): string => s.replace(/\d+\.\d{3} ?ms/g, 'Xms');

describe('traceroute -n, tracepath -n and trace', () => {
  it('traceroute shows the node, the peer VTEP address, then the pod', async () => {
    const { out, status } = await run(article(), POD, 'traceroute -n 10.244.0.4');
    expect(ms(out)).toBe(
      'traceroute to 10.244.0.4 (10.244.0.4), 30 hops max, 60 byte packets\n' +
        ' 1  10.244.1.1  Xms  Xms  Xms\n' +
        ' 2  10.244.0.0  Xms  Xms  Xms\n' +
        ' 3  10.244.0.4  Xms  Xms  Xms',
    );
    expect(status).toBe(0);
  });

  it('traceroute prints * for silent hops (the gateway cannot answer pods)', async () => {
    const w = article();
    await run(w, '10-7-111-92', 'ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    const { out } = await run(w, POD, 'traceroute -n -m 3 -w 1 10.244.0.4');
    expect(ms(out)).toBe(
      'traceroute to 10.244.0.4 (10.244.0.4), 3 hops max, 60 byte packets\n' +
        ' 1  10.244.1.1  Xms  Xms  Xms\n' +
        ' 2  * * *\n' +
        ' 3  * * *',
    );
  });

  it('ICMP errors are rate-limited per destination (burst 6, then 1/s)', async () => {
    const { out } = await run(article(), POD, 'traceroute -n -q 8 -m 1 -w 1 10.244.0.4');
    expect(ms(out).split('\n')[1]).toBe(' 1  10.244.1.1' + '  Xms'.repeat(6) + ' *  Xms');
  });

  it('tracepath finds the path MTU and the hops', async () => {
    const { out, status } = await run(article(), POD, 'tracepath -n 10.244.0.4');
    const hop = (n: string, a: string, tail = ''): string => `${n}:  ${a.padEnd(52)}  Xms ${tail}`;
    expect(ms(out)).toBe(
      [
        ' 1?: [LOCALHOST]                      pmtu 1402',
        hop(' 1', '10.244.1.1'),
        hop(' 1', '10.244.1.1'),
        hop(' 2', '10.244.0.0'),
        hop(' 3', '10.244.0.4', 'reached'),
        '     Resume: pmtu 1402 hops 3 back 3 ',
      ].join('\n'),
    );
    expect(status).toBe(0);
  });

  it('trace lists the decisions of the last ping, naming the rows used', async () => {
    const w = article();
    await run(w, POD, 'ping -c 1 10.244.0.4');
    const { out, status } = await run(w, POD, 'trace');
    expect(status).toBe(0);
    expect(out).toContain('trace of `ping -c 1 10.244.0.4` on ubuntu-664c5f866b-865jb: 1 packet');
    for (const row of [
      'route 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink',
      'neigh 10.244.0.0 dev flannel.1 lladdr be:1d:47:c2:90:0a PERMANENT',
      'fdb be:1d:47:c2:90:0a dst 10.7.160.190 self permanent',
      'decap vxlan vni 1 from 10.7.111.92',
      'bridge cni0: fdb hit 0a:58:0a:f4:00:04 dev veth4c2d9f04',
      'deliver to ping socket id',
    ]) {
      expect(out).toContain(row);
    }
    expect(out).toMatch(/encap vxlan vni 1 10\.7\.111\.92:\d+ → 10\.7\.160\.190:8472/);
    // Numbered, in order: the route on the node comes before the encapsulation.
    expect(out.indexOf('dev flannel.1 onlink')).toBeLessThan(out.indexOf('encap vxlan'));
  });

  it('trace shows a drop with its reason', async () => {
    const w = article();
    const ns = w.host('10-7-111-92')!.ns;
    ns.fdbDel(ns.dev('flannel.1')!, { mac: 'be:1d:47:c2:90:0a', self: true });
    await run(w, POD, 'ping -c 1 -W 1 10.244.0.4');
    const { out } = await run(w, POD, 'trace');
    expect(out).toContain(
      'drop: vxlan: no remote for destination MAC — fdb be:1d:47:c2:90:0a: no entry and no 00:00:00:00:00:00 default',
    );
  });

  it('trace before anything ran', async () => {
    expect(await run(article(), POD, 'trace')).toEqual({
      out: 'trace: nothing recorded yet — run ping, traceroute or tracepath first',
      status: 1,
    });
  });
});
