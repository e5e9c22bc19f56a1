import { describe, expect, it } from 'vitest';
import { PcapWriter, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2 } from '../../sandbox/net/pcap.js';
import { compileFilter } from '../../sandbox/commands/tcpdump/filter/index.js';
import { parseIpv4 } from '../../sandbox/net/addr.js';
import { ethernetCorpus, sll2Corpus, type CorpusFrame } from './corpus.js';
import { runRealTcpdumpFull, skipRealTcpdump, writeTemp } from './real-tcpdump.js';

const T0 = Date.UTC(2023, 4, 15, 10, 0, 0) * 1000;

const FILTERS = [
  'udp[39]=1',
  'udp[14]=1',
  'udp[39] = 1 and udp[14] = 1',
  'ip[9]=17',
  'ip[9] == 1',
  'icmp',
  'arp',
  'udp',
  'tcp',
  'ip',
  'not arp',
  '!icmp',
  'host 10.244.1.3',
  'src host 10.244.1.2',
  'dst host 10.244.1.2',
  'host 10.244.1.2 and host 10.244.1.3',
  'host 10.244.1.3 or 10.244.0.4',
  'ip host 10.244.1.3',
  'arp host 10.244.1.3',
  'src or dst host 10.7.0.1',
  'src and dst net 10.244.0.0/16',
  'net 10.244.0.0/16',
  'net 10.244.1.0/24',
  'dst net 10.244.0.0 mask 255.255.0.0',
  'net 10.7',
  'net 10',
  'host 10.244.1',
  'port 8472',
  'udp port 8472',
  'dst port 4789',
  'src port 36329',
  'port 8472 or 4789',
  'portrange 33434-33534',
  'udp portrange 4000-9000',
  'tcp port 8472',
  'len > 100',
  'len <= 98',
  'greater 100',
  'less 98',
  'icmp[icmptype] = icmp-echo',
  'icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply',
  'icmp[0] = 3 and icmp[1] = 4',
  'ip[6:2] & 0x1fff = 0',
  'ip[6:2] & 0x1fff != 0',
  'ip[8] < 64',
  'ip[2:2] - 20 > 60',
  'ip[2:2] / 2 * 2 = ip[2:2]',
  'ip[1] & 0xfc = 0xc0',
  '(ip[0] & 0xf) << 2 = 20',
  'ether[12:2] = 0x0806',
  'ether host 0a:58:0a:f4:01:02',
  'ether src 0a:58:0a:f4:01:03',
  'ether dst ff:ff:ff:ff:ff:ff',
  'ether broadcast',
  'broadcast',
  'ether multicast',
  'ether proto 0x88b5',
  'ip proto 17',
  'proto 1',
  'ip proto \\udp',
  'udp and (port 8472 or port 4789) and not udp[39]=1',
  '(icmp or arp) and host 10.244.1.2',
  'icmp and not (host 10.244.1.3 or host 10.244.0.4)',
  'not not icmp',
  'arp or udp and port 8472',
  'udp[8:4] = 0x08000000',
  'udp[1000] = 1 or arp',
  'icmp[8+16:4] = 0x0af40104',
  'tcp[tcpflags] & tcp-syn != 0',
  'link[0] & 1 = 1',
  '1 = 1',
  '-1 = 0xffffffff',
  'len - 14 = ip[2:2]',
  'udp[4:2] % 256 = 114',
];

const ERRORS = [
  'udp[',
  'foo',
  'host nosuchhost',
  'net 10.0.0.1/8',
  'port 99999',
  'udp and',
  'udp[1:3]=1',
  '(',
  'not',
  'dst port nosuchsvc',
  'net 10.244.0.0 mask 255.0.255.0',
  'host 10.244.0.0/16',
  'tcp host 10.0.0.1',
  'host 0a:58:0a:f4:01:02',
  'ether host 10.0.0.1',
  'ether src nosuch',
  'icmp port 80',
  'host 10.0.0.1 and',
  '10.0.0.1',
  'udp 53',
  ')',
  'ip[0] = ',
  'a and b',
  'port 80 or',
  'net 10.0.0.0/33',
];

const NAMES = {
  host: (n: string): number | undefined => (n === 'localhost' ? parseIpv4('127.0.0.1') : undefined),
  port: (n: string): number | undefined => ({ domain: 53, ssh: 22, http: 80 })[n],
};

function frameLines(frames: CorpusFrame[], linktype: number, label: string): string {
  const w = new PcapWriter(262144, linktype);
  frames.forEach((f, i) => w.add(T0 + i * 1001, f.data));
  return writeTemp(`${label}.pcap`, w.bytes());
}

/** Which frames the real tcpdump keeps, by their timestamps. */
function realKept(file: string, filter: string, count: number): number[] {
  const r = runRealTcpdumpFull(file, ['-n', '-q', '--', filter]);
  if (r.status !== 0) throw new Error(`real tcpdump refused ${filter}: ${r.stderr}`);
  const kept: number[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^10:00:(\d\d)\.(\d{6}) /.exec(line);
    if (m) kept.push(Math.round((Number(m[1]) * 1e6 + Number(m[2])) / 1001));
  }
  return kept.filter((i) => i < count);
}

describe.skipIf(skipRealTcpdump)('pcap-filter against the real tcpdump', () => {
  for (const [label, frames, linktype] of [
    ['ethernet', ethernetCorpus(), LINKTYPE_ETHERNET],
    ['sll2', sll2Corpus(), LINKTYPE_LINUX_SLL2],
  ] as const) {
    it(`keeps the same ${label} frames for every filter`, () => {
      const file = frameLines(frames, linktype, `filter-${label}`);
      for (const f of FILTERS) {
        if (label === 'sll2' && /ether (host|src|dst)|broadcast|multicast|link\[/.test(f)) continue;
        const c = compileFilter(f, linktype, NAMES);
        if (!c.ok) throw new Error(`${f}: ${c.error}`);
        const ours = frames.flatMap((fr, i) => (c.match(fr.data, fr.data.length) ? [i] : []));
        expect(ours, f).toEqual(realKept(file, f, frames.length));
      }
    });
  }

  it('knows the direction LINUX_SLL2 records carry', () => {
    const frames = sll2Corpus();
    const file = frameLines(frames, LINKTYPE_LINUX_SLL2, 'filter-sll2-direction');
    for (const f of [
      'inbound',
      'outbound',
      'inbound and icmp',
      'not outbound and arp',
      'ether proto 0x0806 or outbound',
    ]) {
      const c = compileFilter(f, LINKTYPE_LINUX_SLL2, NAMES);
      if (!c.ok) throw new Error(`${f}: ${c.error}`);
      const ours = frames.flatMap((fr, i) => (c.match(fr.data, fr.data.length) ? [i] : []));
      expect(ours, f).toEqual(realKept(file, f, frames.length));
    }
  });

  it('refuses what the link type cannot do, as libpcap does', () => {
    const sll2 = frameLines(sll2Corpus(), LINKTYPE_LINUX_SLL2, 'filter-sll2-errors');
    const eth = frameLines(ethernetCorpus(), LINKTYPE_ETHERNET, 'filter-eth-errors');
    for (const [file, linktype, f] of [
      [sll2, LINKTYPE_LINUX_SLL2, 'ether host 0a:58:0a:f4:01:02'],
      [sll2, LINKTYPE_LINUX_SLL2, 'icmp or ether src 0a:58:0a:f4:01:02'],
      [sll2, LINKTYPE_LINUX_SLL2, 'ether broadcast'],
      [sll2, LINKTYPE_LINUX_SLL2, 'broadcast'],
      [sll2, LINKTYPE_LINUX_SLL2, 'ether multicast'],
      [eth, LINKTYPE_ETHERNET, 'inbound'],
      [eth, LINKTYPE_ETHERNET, 'icmp and outbound'],
    ] as const) {
      const real = runRealTcpdumpFull(file, ['-n', '--', f]);
      const c = compileFilter(f, linktype, NAMES);
      const realMsg = real.stderr.split('\n').find((l) => l.startsWith('tcpdump: '));
      expect(c.ok ? '' : `tcpdump: ${c.error}`, f).toBe(realMsg);
    }
  });

  it('gives the same error text for bad filters', () => {
    const file = frameLines(ethernetCorpus(), LINKTYPE_ETHERNET, 'filter-errors');
    for (const f of ERRORS) {
      const real = runRealTcpdumpFull(file, ['-n', f]);
      const c = compileFilter(f, LINKTYPE_ETHERNET, NAMES);
      expect(c.ok, f).toBe(false);
      expect(real.status, f).toBe(1);
      const realMsg = real.stderr.split('\n').find((l) => l.startsWith('tcpdump: '));
      expect(c.ok ? '' : `tcpdump: ${c.error}`, f).toBe(realMsg);
    }
  });
});
