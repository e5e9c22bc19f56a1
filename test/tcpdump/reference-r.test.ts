import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const fixtureBytes = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../fixtures/tcpdump/${name}`, import.meta.url)));
const fixture = (name: string): string => readFileSync(new URL(`../fixtures/tcpdump/${name}`, import.meta.url), 'utf8');

/** Run `line` on the node with the reference pcaps in /root; return what it printed after the prompt line. */
async function run(line: string): Promise<string> {
  const world = loadScenario('article', { seed: 1 });
  const fs = world.host(NODE)!.fs;
  for (const f of ['crossnode-node111-eth0-udp39.pcap', 'samenode-node111-cni0.pcap'])
    fs.put(`/root/${f}`, fixtureBytes(f));
  const r = await runTranscript(world, NODE, `${line}\n`);
  return r.text.slice(r.text.indexOf('\n') + 1);
}

const READING = (f: string): string => `reading from file ${f}, link-type EN10MB (Ethernet), snapshot length 262144\n`;

describe('our tcpdump -r on the reference pcaps (the recording machine printed UTC)', () => {
  for (const base of ['crossnode-node111-eth0-udp39', 'samenode-node111-cni0']) {
    it(`prints ${base}.tcpdump-r.txt exactly`, async () => {
      expect(await run(`TZ=UTC tcpdump -r ${base}.pcap -n -e -vv`)).toBe(
        READING(`${base}.pcap`) + fixture(`${base}.tcpdump-r.txt`),
      );
    });
  }

  // These two and the -XX dump were printed from a second copy of the capture whose first
  // timestamp is 2 µs earlier; everything else is identical.
  const stamps = (s: string): string => s.replace(/^\d\d:\d\d:\d\d\.\d{6} /gm, 'T ');
  for (const [filter, file] of [
    ['udp[14]=1', 'tcpdump-r-udp14-vni-filter.txt'],
    ['udp[39]=1', 'tcpdump-r-udp39-icmp-filter.txt'],
  ] as const) {
    it(`filters with '${filter}' as ${file}`, async () => {
      const out = await run(`TZ=UTC tcpdump -r crossnode-node111-eth0-udp39.pcap -n '${filter}'`);
      expect(stamps(out)).toBe(stamps(READING('crossnode-node111-eth0-udp39.pcap') + fixture(file)));
    });
  }

  it('dumps the first VXLAN frame with -XX as tcpdump-r-XX-one-vxlan-packet.txt', async () => {
    const out = await run('TZ=UTC tcpdump -r crossnode-node111-eth0-udp39.pcap -n -e -vv -XX -c 1');
    expect(stamps(out)).toBe(
      stamps(READING('crossnode-node111-eth0-udp39.pcap') + fixture('tcpdump-r-XX-one-vxlan-packet.txt')),
    );
  });

  it("prints local time (UTC+8) without TZ, as the article's nodes do", async () => {
    const out = await run('tcpdump -r samenode-node111-cni0.pcap -n -c 1');
    expect(out).toContain(
      '\n22:11:09.047260 IP 10.244.1.2 > 10.244.1.3: ICMP echo request, id 20357, seq 1, length 64\n',
    );
  });

  it("keeps nothing with a VNI the capture does not carry ('udp[14]=2')", async () => {
    expect(await run("TZ=UTC tcpdump -r crossnode-node111-eth0-udp39.pcap -n 'udp[14]=2'")).toBe(
      READING('crossnode-node111-eth0-udp39.pcap'),
    );
  });
});
