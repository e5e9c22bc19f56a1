import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import type { World } from '../../sandbox/world/world.js';
import { runRealTcpdumpFull, skipRealTcpdump, writeTemp } from './real-tcpdump.js';

const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb'; // 10.244.1.2
const ping = (dst: string, n: number): string => `kubectl exec ${POD} -- ping -c ${n} ${dst}`;

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/tcpdump/${name}`, import.meta.url), 'utf8');

/** What differs from run to run on a real kernel: timestamps, IP and ICMP ids, the VXLAN source port. */
function normalize(text: string): string {
  return text
    .replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, '')
    .replace(/\bid \d+,/g, 'id N,')
    .replace(/(\d+\.\d+\.\d+\.\d+)\.\d+ > (\d+\.\d+\.\d+\.\d+)\.8472:/g, '$1.P > $2.8472:');
}

/** tcpdump's packet lines out of a transcript that interleaves them with ping's. */
function packetLines(transcript: string): string {
  return transcript
    .split('\n')
    .filter((l) => /^\d\d:\d\d:\d\d\.\d{6} |^ {4}\S|^IP |^ARP/.test(l))
    .map((l) => `${l}\n`)
    .join('');
}

async function session(script: string): Promise<{ world: World; text: string }> {
  const world = loadScenario('article', { seed: 1 });
  const r = await runTranscript(world, NODE, script);
  return { world, text: r.text };
}

describe('tcpdump on node 10-7-111-92 during the article pings (reference/vxlan/capture-*)', () => {
  for (const [dev, file] of [
    ['cni0', 'capture-crossnode-node111-cni0'],
    ['flannel.1', 'capture-crossnode-node111-flannel.1'],
  ] as const) {
    it(`cross-node on ${dev}`, async () => {
      const { text } = await session(
        `${ping('10.244.0.4', 2)}\ntcpdump -i ${dev} -c 6 -n &\n${ping('10.244.0.4', 4)}\n`,
      );
      expect(normalize(packetLines(text))).toBe(normalize(fixture(`${file}.txt`)));
      expect(text).toContain(fixture(`${file}.stderr.txt`).split('\n').slice(0, 2).join('\n'));
      expect(text).toContain(fixture(`${file}.stderr.txt`).split('\n').slice(2).join('\n'));
    });
  }

  it("cross-node on eth0 with the article's 'udp[39]=1' -nv", async () => {
    const { text } = await session(
      `${ping('10.244.0.4', 2)}\ntcpdump 'udp[39]=1' -nv -i eth0 -c 4 &\n${ping('10.244.0.4', 4)}\n`,
    );
    expect(normalize(packetLines(text))).toBe(normalize(fixture('capture-crossnode-node111-eth0-udp39.txt')));
    const stderr = fixture('capture-crossnode-node111-eth0-udp39.stderr.txt').split('\n');
    expect(text).toContain(`\n${stderr[0]}\n`);
    expect(text).toContain(stderr.slice(1).join('\n'));
  });

  it('same-node on cni0', async () => {
    const { text } = await session(`${ping('10.244.1.3', 2)}\ntcpdump -i cni0 -c 6 -n &\n${ping('10.244.1.3', 4)}\n`);
    expect(normalize(packetLines(text))).toBe(normalize(fixture('capture-samenode-node111-cni0.txt')));
  });

  it('same-node on flannel.1 stays silent until Ctrl-C', async () => {
    const { text } = await session(`${ping('10.244.1.3', 4)} &\ntcpdump -i flannel.1 -c 6 -n\n@5 ^C\n`);
    expect(packetLines(text)).toBe('');
    expect(text).toContain(
      'root@10-7-111-92:~# tcpdump -i flannel.1 -c 6 -n\n' +
        'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' +
        'listening on flannel.1, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n',
    );
    expect(text).toContain(
      '^C\n' + fixture('capture-samenode-node111-flannel.1.stderr.txt').split('\n').slice(2).join('\n'),
    );
  });

  it("after flannel.1's route is deleted, the ICMP leaves eth0 unencapsulated for the gateway (reference/failures)", async () => {
    const { text } = await session(
      'ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink\n' +
        'tcpdump -i eth0 -n -e -v icmp &\n' +
        `${ping('10.244.0.4', 2)} -W 1\n` +
        'kill -INT %1\n',
    );
    expect(normalize(packetLines(text))).toBe(
      normalize(fixture('failures-vxlan-route-deleted-capture-node111-eth0.txt')),
    );
    expect(text).toContain(
      'kill -INT %1\n\n2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n',
    );
  });

  it('-i any names the device and direction of every copy', async () => {
    const { text } = await session(
      `${ping('10.244.0.4', 1)}\ntcpdump -i any -n -c 4 icmp &\n${ping('10.244.0.4', 1)}\n`,
    );
    expect(text).toContain('tcpdump: data link type LINUX_SLL2\n');
    expect(
      packetLines(text)
        .replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, '')
        .replace(/id \d+/g, 'id N'),
    ).toBe(
      'veth4891a1c9 P   IP 10.244.1.2 > 10.244.0.4: ICMP echo request, id N, seq 1, length 64\n' +
        'cni0  In  IP 10.244.1.2 > 10.244.0.4: ICMP echo request, id N, seq 1, length 64\n' +
        'flannel.1 Out IP 10.244.1.2 > 10.244.0.4: ICMP echo request, id N, seq 1, length 64\n' +
        'flannel.1 In  IP 10.244.0.4 > 10.244.1.2: ICMP echo reply, id N, seq 1, length 64\n',
    );
  });

  it('prints local time (UTC+8) from the virtual clock', async () => {
    const { text } = await session(`tcpdump -i cni0 -c 1 -n &\n${ping('10.244.1.3', 1)}\n`);
    expect(packetLines(text)).toMatch(/^18:00:00\.\d{6} /);
  });
});

describe.skipIf(skipRealTcpdump)('pcaps written with -w, read by the real tcpdump', () => {
  it('prints the same lines as our tcpdump -r -n -e -vv, and every checksum verifies', async () => {
    // Cold caches: the first pings put ARP on the wire too.
    const files = ['cni0', 'flannel.1', 'eth0', 'any'];
    const script = [
      ...files.map((d) => `tcpdump -i ${d} -w /root/${d}.pcap &`),
      ping('10.244.0.4', 3),
      ping('10.244.1.3', 2),
      ...files.map((_, i) => `kill -INT %${i + 1}`),
      'sleep 1',
      ...files.map((d) => `tcpdump -r /root/${d}.pcap -n -e -vv`),
    ].join('\n');
    const { world, text } = await session(script);
    const fs = world.host(NODE)!.fs;
    for (const d of files) {
      const bytes = fs.readBytes(`/root/${d}.pcap`);
      const real = runRealTcpdumpFull(writeTemp(`${d}.pcap`, bytes), ['-n', '-e', '-vv']);
      expect(real.status, real.stderr).toBe(0);
      expect(real.stdout).not.toContain('bad');
      expect(real.stdout.length, d).toBeGreaterThan(0);
      const start = text.indexOf(`# tcpdump -r /root/${d}.pcap -n -e -vv\n`);
      const after = text
        .slice(start)
        .split('\n')
        .slice(2)
        .filter((l) => !l.startsWith('Warning: interface names might be incorrect'));
      const end = after.findIndex((l) => l.startsWith('root@'));
      const ours = after
        .slice(0, end < 0 ? undefined : end)
        .join('\n')
        .replace(/\n*$/, '\n');
      // For LINUX_SLL2 the real tcpdump names ifindexes after this machine's own interfaces.
      const strip = (s: string): string =>
        s.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, '').replace(/^(?:\S+ +|\S+ )(In |Out|B  |M  |P  ) /gm, '$1 ');
      expect(strip(ours), d).toBe(strip(real.stdout));
    }
    expect(text).toContain('[udp sum ok] OTV, flags [I] (0x08), overlay 0, instance 1');
    expect(text).toContain('ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Request who-has');
  });
});
