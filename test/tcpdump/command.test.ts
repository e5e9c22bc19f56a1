import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';
import { LINKTYPE_LINUX_SLL2, PcapWriter } from '../../sandbox/net/pcap.js';
import { ethernetCorpus, sll2Corpus } from './corpus.js';
import { realTcpdump, skipRealTcpdump } from './real-tcpdump.js';

const NODE = '10-7-111-92';
const T0 = Date.UTC(2023, 4, 15, 10, 0, 0) * 1000;

function corpusPcap(): Uint8Array {
  const w = new PcapWriter();
  ethernetCorpus().forEach((f, i) => w.add(T0 + i * 1_234_567, f.data));
  return w.bytes();
}

function sll2Pcap(): Uint8Array {
  const w = new PcapWriter(262144, LINKTYPE_LINUX_SLL2);
  sll2Corpus().forEach((f, i) => w.add(T0 + i * 1_234_567, f.data));
  return w.bytes();
}

/** Our transcript of one tcpdump line on the node, with f.pcap (the corpus) and notpcap in /root. */
async function ours(args: string): Promise<{ out: string; status: number }> {
  const world = loadScenario('article', { seed: 1 });
  const fs = world.host(NODE)!.fs;
  fs.put('/root/f.pcap', corpusPcap());
  fs.put('/root/notpcap', 'hello, this is not a capture file\n');
  fs.put('/root/cut.pcap', corpusPcap().subarray(0, 300));
  fs.put('/root/short.pcap', corpusPcap().subarray(0, 10));
  fs.put('/root/empty.pcap', new Uint8Array());
  fs.put('/root/any.pcap', sll2Pcap());
  const r = await runTranscriptDetailed(world, NODE, `tcpdump ${args}\n`);
  expect(r.internalErrors).toEqual([]);
  const prompt = `root@10-7-111-92:~# tcpdump ${args}\n`;
  expect(r.text.startsWith(prompt)).toBe(true);
  return { out: r.text.slice(prompt.length), status: r.status };
}

let dir: string | undefined;
function real(argv: string[]): { out: string; status: number } {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'flannel-lab-tcpdump-cmd-'));
    writeFileSync(join(dir, 'f.pcap'), corpusPcap());
    writeFileSync(join(dir, 'notpcap'), 'hello, this is not a capture file\n');
    writeFileSync(join(dir, 'cut.pcap'), corpusPcap().subarray(0, 300));
    writeFileSync(join(dir, 'short.pcap'), corpusPcap().subarray(0, 10));
    writeFileSync(join(dir, 'empty.pcap'), new Uint8Array());
    writeFileSync(join(dir, 'any.pcap'), sll2Pcap());
  }
  const r = spawnSync(realTcpdump(), argv, {
    argv0: 'tcpdump',
    cwd: dir,
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    encoding: 'utf8',
  });
  // On a terminal: the `reading from file` line (and its warning), the packets, then any later error.
  const err = r.stderr.split(/(?<=\n)/);
  let head = '';
  while (err[0]?.startsWith('reading from file') || err[0]?.startsWith('Warning: ')) head += err.shift()!;
  return { out: head + r.stdout + err.join(''), status: r.status ?? -1 };
}

const CASES: string[][] = [
  ['-r', 'f.pcap', '-n'],
  ['-r', 'f.pcap', '-n', '-c', '3', '-e'],
  ['-nr', 'f.pcap', '-c3', 'icmp'],
  ['-r', 'f.pcap', 'arp', '-n', '-vv'],
  ['-r', 'f.pcap', '-n', '-A', '-c', '2'],
  ['-r', 'f.pcap', '-n', '-q', '-tttt', '-c', '4'],
  ['-r', 'f.pcap', '-n', '-ttt', '-c', '4'],
  ['-r', 'f.pcap', '-n', '-tt', '-c', '4', '-#'],
  ['-r', 'f.pcap', '-n', '-t', '-c', '4', '--number'],
  ['-r', 'f.pcap', '-n', '-s', '60', '-x', '-c', '3'],
  ['-r', 'f.pcap', '-n', 'udp[39]=1'],
  ['-r', 'f.pcap', '--count'],
  ['-r', 'f.pcap', '--count', '-c', '1'],
  ['-r', 'f.pcap', '--count', 'arp'],
  ['-r', 'f.pcap', '-q', '-e', '-n', 'arp'],
  ['-r', 'any.pcap', '-n', '-c', '2'],
  ['-r', 'f.pcap', '-n', 'inbound'],
  ['-r', 'f.pcap', '-n', 'udp', 'and', 'not', 'port', '8472'],
  ['-r', 'f.pcap', '-n', 'host', 'nosuchhost'],
  ['-r', 'f.pcap', '-n', 'udp[39'],
  ['-r', 'nosuch.pcap'],
  ['-r', 'notpcap'],
  ['-r', 'cut.pcap', '-n'],
  ['-r', 'cut.pcap', '-n', '-c', '1'],
  ['-r', 'short.pcap'],
  ['-r', 'empty.pcap'],
  ['-c', '0'],
  ['-c', 'x'],
  ['-s', '300000'],
  ['-Q', 'foo'],
  ['-Z'],
  ['-i'],
  ['--foo'],
  ['-k'],
  ['--version'],
  ['-h'],
  ['--help'],
];

describe.skipIf(skipRealTcpdump)('tcpdump command lines against the real tcpdump', () => {
  for (const argv of CASES) {
    it(`tcpdump ${argv.join(' ')}`, async () => {
      const expected = real(argv);
      const got = await ours(argv.map((a) => (/[\s[\]!()]/.test(a) ? `'${a}'` : a)).join(' '));
      expect(got.out).toBe(expected.out);
      expect(got.status).toBe(expected.status);
    });
  }
});

describe('tcpdump live errors', () => {
  it('refuses an unknown interface, a down one and a bad filter, each with status 1', async () => {
    expect(await ours('-i nosuch')).toEqual({
      out: 'tcpdump: nosuch: No such device exists\n(No such device exists)\n',
      status: 1,
    });
    expect(await ours('-i eth0 udp[')).toEqual({
      out: "tcpdump: can't parse filter expression: syntax error\n",
      status: 1,
    });
    expect(await ours('-i eth0 -w /nonexist/x.pcap')).toEqual({
      out: 'tcpdump: /nonexist/x.pcap: No such file or directory\n',
      status: 1,
    });
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(world, NODE, 'ip link set cni0 down\ntcpdump -i cni0\necho $?\n');
    expect(r.text).toContain('tcpdump -i cni0\ntcpdump: cni0: That device is not up\n');
    expect(r.text).toContain('echo $?\n1\n');
  });

  it('lists interfaces with -D in libpcap order', async () => {
    expect((await ours('-D')).out).toBe(
      '1.eth0 [Up, Running, Connected]\n' +
        '2.flannel.1 [Up, Running, Connected]\n' +
        '3.cni0 [Up, Running, Connected]\n' +
        '4.veth4891a1c9 [Up, Running, Connected]\n' +
        '5.vethc408576a [Up, Running, Connected]\n' +
        '6.any (Pseudo-device that captures on all interfaces) [Up, Running]\n' +
        '7.lo [Up, Running, Loopback]\n' +
        '8.bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]\n' +
        '9.nflog (Linux netfilter log (NFLOG) interface) [none]\n' +
        '10.nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]\n' +
        '11.dbus-system (D-Bus system bus) [none]\n' +
        '12.dbus-session (D-Bus session bus) [none]\n',
    );
  });

  it('captures in a pod on its own eth0 by default', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(
      world,
      NODE,
      'kubectl exec ubuntu-664c5f866b-865jb -- tcpdump -c 1 -n icmp &\nkubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.1.3\n',
    );
    expect(r.text).toContain('listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n');
    expect(r.text).toMatch(
      /\d\d:\d\d:\d\d\.\d{6} IP 10\.244\.1\.2 > 10\.244\.1\.3: ICMP echo request, id \d+, seq 1, length 64\n/,
    );
  });

  it('on Ctrl-C with -w prints no newline, so the count follows ^C', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(world, NODE, 'tcpdump -i eth0 -w e.pcap\n@2 ^C\nls\n');
    expect(r.text).toContain('^C0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n');
    expect(r.text).toContain('e.pcap');
  });

  it('killed with SIGKILL it prints no statistics', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(world, NODE, 'tcpdump -i eth0 -n &\nkill -9 %1\nsleep 1\n');
    expect(r.text).not.toContain('packets captured');
  });

  it("stops with pcap_loop's error when its interface goes down or is deleted", async () => {
    for (const cmd of ['ip link set vethc408576a down', 'ip link del vethc408576a']) {
      const world = loadScenario('article', { seed: 1 });
      const r = await runTranscriptDetailed(world, NODE, `tcpdump -i vethc408576a -n &\n${cmd}\ntrue\n`);
      expect(r.text).toContain(
        'tcpdump: pcap_loop: The interface went down\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n',
      );
      expect(r.text).toContain('[1]+  Exit 1                  tcpdump -i vethc408576a -n\n');
    }
  });

  it('-i any also captures on links created while it runs', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(
      world,
      NODE,
      'tcpdump -i any -n -c 1 &\nip link add d0 type dummy\nip link set d0 up\nip addr add 192.168.99.1/24 dev d0\nping -c 1 -W 1 192.168.99.2\ntrue\n',
    );
    expect(r.text).toMatch(/\n\d\d:\d\d:\d\d\.\d{6} d0 {4}Out /);
  });

  it('shows loopback traffic once, as libpcap skips the outgoing copy', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(world, NODE, 'tcpdump -i lo -n &\nping -c 1 127.0.0.1\nkill -INT %1\n');
    expect(r.text.match(/ICMP echo request/g)).toHaveLength(1);
    expect(r.text.match(/ICMP echo reply/g)).toHaveLength(1);
    expect(r.text).toContain('2 packets captured\n4 packets received by filter\n');
  });

  it('with -w and -v reports the count once a second', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(
      world,
      NODE,
      'tcpdump -i cni0 -w c.pcap -v &\nkubectl exec ubuntu-664c5f866b-865jb -- ping -c 3 -q 10.244.1.3\nkill -INT %1\n',
    );
    expect(r.text).toMatch(/\nGot \d+\rGot \d+\r\n--- 10.244.1.3 ping statistics ---/);
    expect(r.text).toContain('kill -INT %1\n8 packets captured\n');
  });

  it('knows inbound and outbound on a live Ethernet capture', async () => {
    const world = loadScenario('article', { seed: 1 });
    const r = await runTranscriptDetailed(
      world,
      NODE,
      'tcpdump -i cni0 -n -c 2 inbound and icmp &\nkubectl exec ubuntu-664c5f866b-865jb -- ping -c 2 10.244.0.4\n',
    );
    expect(r.text.match(/IP 10\.244\.1\.2 > 10\.244\.0\.4: ICMP echo request/g)).toHaveLength(2);
    expect(r.text).not.toMatch(/\d{6} IP 10\.244\.0\.4 > 10\.244\.1\.2: ICMP echo reply/);
  });

  it('passes a pcap through a pipe with -w - and -r -', async () => {
    const { out } = await ours("-r f.pcap -w - 'icmp[0]=8' | tcpdump -r - -n");
    expect(out).toBe(
      'reading from file f.pcap, link-type EN10MB (Ethernet), snapshot length 262144\n' +
        'reading from file -, link-type EN10MB (Ethernet), snapshot length 262144\n' +
        '18:00:00.000000 IP 10.244.1.2 > 10.244.1.3: ICMP echo request, id 20544, seq 1, length 64\n' +
        '18:00:13.580237 IP 10.244.1.2 > 10.244.1.3: ICMP echo request, id 20544, seq 9, length 64\n' +
        '18:00:14.814804 IP 10.244.1.2 > 10.244.1.3: ICMP echo request, id 20544, seq 10, length 64\n',
    );
  });
});
