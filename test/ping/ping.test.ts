import { describe, expect, it } from 'vitest';
import { article, maskTimes, NODE, POD, ref, run } from './helpers.js';
import { loadScenario } from '../../sandbox/scenarios/index.js';

describe('ping on scenario article', () => {
  it('same-node ping prints the reference lines (TTL 64)', async () => {
    const w = article();
    const { out, status } = await run(w, POD, 'ping -c 4 10.244.1.3');
    expect(maskTimes(out + '\n')).toBe(maskTimes(ref('vxlan/pod-10-244-1-2-ping-c4-10.244.1.3.txt')));
    expect(status).toBe(0);
  });

  it('cross-node ping prints the reference lines (TTL 62)', async () => {
    const w = article();
    const { out, status } = await run(w, POD, 'ping -c 4 10.244.0.4');
    expect(maskTimes(out + '\n')).toBe(maskTimes(ref('vxlan/pod-10-244-1-2-ping-c4-10.244.0.4.txt')));
    expect(status).toBe(0);
  });

  it('RTTs resemble the article: ~0.1 ms on a node, ~0.3 ms across, the first cross-node one slower (ARP)', async () => {
    const w = article();
    const same = await run(w, POD, 'ping -c 4 10.244.1.3');
    const cross = await run(w, POD, 'ping -c 4 10.244.0.4');
    const times = (s: string): number[] => [...s.matchAll(/time=([\d.]+) ms/g)].map((m) => Number(m[1]));
    const ts = times(same.out);
    const tc = times(cross.out);
    expect(ts.slice(1).every((t) => t > 0.05 && t < 0.15)).toBe(true);
    expect(tc.slice(1).every((t) => t > 0.2 && t < 0.4)).toBe(true);
    expect(tc[0]!).toBeGreaterThan(Math.max(...tc.slice(1)));
    expect(/time 30\d\dms/.test(cross.out)).toBe(true);
  });

  it('Ctrl-C prints the summary (the article stops ping after four replies)', async () => {
    const w = article();
    const { out, status } = await run(w, POD, 'ping 10.244.0.4\n@4 ^C');
    expect(out).toContain('icmp_seq=4 ttl=62');
    expect(out).not.toContain('icmp_seq=5');
    expect(out).toMatch(
      /\^C\n--- 10\.244\.0\.4 ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time \d+ms\n/,
    );
    expect(status).toBe(0);
  });

  it('is deterministic for a seed', async () => {
    const a = await run(article(), POD, 'ping -c 3 10.244.0.4');
    const b = await run(article(), POD, 'ping -c 3 10.244.0.4');
    expect(a.out).toBe(b.out);
  });

  it('-M do over the MTU is a local error, as iputils reports it', async () => {
    const w = article();
    const { out, status } = await run(w, POD, 'ping -c 2 -M do -s 1400 10.244.0.4');
    expect(out + '\n').toBe(
      'PING 10.244.0.4 (10.244.0.4) 1400(1428) bytes of data.\n' +
        'ping: local error: message too long, mtu=1402\n' +
        'ping: local error: message too long, mtu=1402\n\n' +
        '--- 10.244.0.4 ping statistics ---\n' +
        out.match(/2 packets transmitted, 0 received, \+2 errors, 100% packet loss, time \d+ms\n/)![0] +
        '\n',
    );
    expect(status).toBe(1);
  });

  it('-t 1 across nodes: the node answers Time to live exceeded', async () => {
    const w = article();
    const { out } = await run(w, POD, 'ping -c 1 -t 1 10.244.0.4');
    expect(out).toContain('From 10.244.1.1 icmp_seq=1 Time to live exceeded\n');
  });

  it('bad input gets iputils text and exit codes', async () => {
    const w = article();
    expect(await run(w, POD, 'ping -c abc 10.244.0.4')).toEqual({ out: "ping: invalid argument: 'abc'", status: 1 });
    expect(await run(w, POD, 'ping -c 0 10.244.0.4')).toEqual({
      out: "ping: invalid argument: '0': out of range: 1 <= value <= 9007199254740991",
      status: 1,
    });
    expect(await run(w, POD, 'ping')).toEqual({ out: 'ping: usage error: Destination address required', status: 1 });
    expect(await run(w, POD, 'ping nosuchhost')).toEqual({
      out: 'ping: nosuchhost: Name or service not known',
      status: 2,
    });
    expect(await run(w, POD, 'ping -M maybe 10.244.0.4')).toEqual({
      out: 'ping: invalid -M argument: maybe',
      status: 2,
    });
    const bad = await run(w, POD, 'ping -z 10.244.0.4');
    expect(bad.status).toBe(2);
    expect(bad.out.startsWith("ping: invalid option -- 'z'\n\nUsage\n  ping [options] <destination>\n")).toBe(true);
    const v = await run(w, POD, 'ping -V');
    expect(v.out + '\n').toBe(ref('versions/ping-V.txt'));
  });

  it('no route: connect fails like iputils', async () => {
    const w = loadScenario('article');
    await run(w, POD, 'ip route del default');
    expect(await run(w, POD, 'ping -c 1 8.8.8.8')).toEqual({ out: 'ping: connect: Network is unreachable', status: 2 });
  });

  it('-I with an unknown device', async () => {
    const w = article();
    expect(await run(w, POD, 'ping -c 1 -I nosuch 10.244.0.4')).toEqual({
      out: 'ping: SO_BINDTODEVICE nosuch: No such device',
      status: 2,
    });
  });

  it('a node pings its own pod and the other node', async () => {
    const w = article();
    const a = await run(w, NODE, 'ping -c 1 10.244.1.2');
    expect(a.out).toContain('64 bytes from 10.244.1.2: icmp_seq=1 ttl=64');
    const b = await run(w, NODE, 'ping -c 1 10.7.160.190');
    expect(b.out).toContain('64 bytes from 10.7.160.190: icmp_seq=1 ttl=64');
    const c = await run(w, NODE, 'ping -c 1 10.244.0.4');
    expect(c.out).toContain('64 bytes from 10.244.0.4: icmp_seq=1 ttl=63');
    const lo = await run(w, NODE, 'ping -c 1 127.0.0.1');
    expect(lo.out).toContain('64 bytes from 127.0.0.1: icmp_seq=1 ttl=64');
  });

  it('-q, -s 8 (no timing), -I eth0, -D and -f print what iputils prints', async () => {
    const w = article();
    const q = await run(w, POD, 'ping -q -c 3 10.244.0.4');
    expect(maskTimes(q.out)).toBe(
      'PING 10.244.0.4 (10.244.0.4) 56(84) bytes of data.\n\n--- 10.244.0.4 ping statistics ---\n' +
        '3 packets transmitted, 3 received, 0% packet loss, time Xms\nrtt min/avg/max/mdev = X ms',
    );
    const small = await run(w, POD, 'ping -c 1 -s 8 10.244.1.3');
    expect(maskTimes(small.out)).toBe(
      'PING 10.244.1.3 (10.244.1.3) 8(36) bytes of data.\n16 bytes from 10.244.1.3: icmp_seq=1 ttl=64\n\n' +
        '--- 10.244.1.3 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time Xms\n',
    );
    const dev = await run(w, POD, 'ping -c 1 -I eth0 10.244.1.3');
    expect(dev.out.split('\n')[0]).toBe('PING 10.244.1.3 (10.244.1.3) from 10.244.1.2 eth0: 56(84) bytes of data.');
    const d = await run(w, POD, 'ping -c 1 -D 10.244.1.3');
    expect(d.out.split('\n')[1]).toMatch(/^\[\d{10}\.\d{6}\] 64 bytes from 10\.244\.1\.3: icmp_seq=1 ttl=64 time=/);
    const f = await run(w, POD, 'ping -f -c 50 10.244.0.4');
    expect(f.out).toContain(
      '.\b \b'.repeat(50) + '\n--- 10.244.0.4 ping statistics ---\n50 packets transmitted, 50 received',
    );
    expect(f.out).toMatch(/ipg\/ewma [\d.]+\/[\d.]+ ms$/);
  });

  it('-w deadline: keeps sending until the deadline, exit 1 without replies', async () => {
    const w = article();
    await run(w, '10-7-111-92', 'ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
    const r = await run(w, POD, 'ping -c 2 -W 1 -w 3 10.244.0.4');
    expect(r.out).toMatch(/3 packets transmitted, 0 received, 100% packet loss, time \d+ms/);
    expect(r.status).toBe(1);
  });

  it('fragments a ping larger than the MTU when DF is not required', async () => {
    const w = article();
    const r = await run(w, POD, 'ping -c 1 -s 3000 10.244.0.4');
    expect(r.out).toContain('3008 bytes from 10.244.0.4: icmp_seq=1 ttl=62');
  });

  it('SIGTERM (timeout) ends ping without statistics; SIGINT prints them', async () => {
    const w = article();
    const t = await run(w, POD, 'timeout 3 ping 10.244.1.3');
    expect(t.out).toMatch(/icmp_seq=3 ttl=64 time=[\d.]+ ms$/);
    expect(t.status).toBe(124);
    const i = await run(w, POD, 'timeout -s INT 2 ping 10.244.1.3');
    expect(i.out).toContain('--- 10.244.1.3 ping statistics ---\n2 packets transmitted, 2 received');
  });
});
