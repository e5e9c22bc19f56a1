import { describe, expect, it } from 'vitest';
import { PcapWriter, LINKTYPE_LINUX_SLL2, LINKTYPE_ETHERNET } from '../../sandbox/net/pcap.js';
import { DEFAULT_PRINT_OPTIONS, printPacket, type PrintOptions } from '../../sandbox/commands/tcpdump/print/index.js';
import { ethernetCorpus, sll2Corpus, type CorpusFrame } from './corpus.js';
import { runRealTcpdump, skipRealTcpdump, writeTemp } from './real-tcpdump.js';

const T0 = Date.UTC(2023, 4, 15, 10, 0, 0) * 1000;

const FLAG_SETS: [string[], Partial<PrintOptions>][] = [
  [['-n'], { numeric: true }],
  [['-n', '-e'], { numeric: true, linkHeader: true }],
  [['-n', '-v'], { numeric: true, verbose: 1 }],
  [['-n', '-e', '-vv'], { numeric: true, linkHeader: true, verbose: 2 }],
  [['-n', '-q'], { numeric: true, quiet: 1 }],
  [['-n', '-q', '-e'], { numeric: true, quiet: 1, linkHeader: true }],
  [['-n', '-x'], { numeric: true, hex: 1 }],
  [['-n', '-xx'], { numeric: true, hex: 2 }],
  [['-n', '-X'], { numeric: true, hexAscii: 1 }],
  [['-n', '-XX', '-v'], { numeric: true, hexAscii: 2, verbose: 1 }],
  [['-n', '-q', '-vv'], { numeric: true, quiet: 1, verbose: 2 }],
  [['-n', '-A', '-e'], { numeric: true, ascii: true, linkHeader: true }],
  [['-n', '-vvv', '-qq'], { numeric: true, verbose: 3, quiet: 2 }],
];

function check(frames: CorpusFrame[], linktype: number, label: string, snaplen = 262144): void {
  const w = new PcapWriter(snaplen, linktype);
  frames.forEach((f, i) => w.add(T0 + i * 1001, f.data));
  const file = writeTemp(`${label}.pcap`, w.bytes());
  for (const [args, opts] of FLAG_SETS) {
    const real = runRealTcpdump(file, args);
    const ours = frames
      .map((f, i) =>
        printPacket(
          { tsUs: T0 + i * 1001, data: f.data.subarray(0, snaplen), origLen: f.data.length },
          linktype,
          {
            ...DEFAULT_PRINT_OPTIONS,
            ...opts,
          },
          { ifName: (n) => (n === 1 ? 'lo' : undefined) },
        ),
      )
      .join('');
    const realLines = real.split(/\n(?=\d\d:\d\d)/);
    const ourLines = ours.split(/\n(?=\d\d:\d\d)/);
    for (let i = 0; i < frames.length; i++) {
      expect(ourLines[i], `${label} ${args.join(' ')}: ${frames[i]!.name}`).toBe(realLines[i]);
    }
  }
}

describe.skipIf(skipRealTcpdump)('printer against the real tcpdump -r', () => {
  it('prints every Ethernet frame of the corpus the same way, with every flag set', () => {
    check(ethernetCorpus(), LINKTYPE_ETHERNET, 'ethernet');
  });
  for (const snaplen of [20, 34, 40, 42, 50, 60, 64, 70, 80, 100]) {
    it(`prints frames cut at a snapshot length of ${snaplen} the same way`, () => {
      check(ethernetCorpus(), LINKTYPE_ETHERNET, `ethernet-s${snaplen}`, snaplen);
    });
  }
  it('prints LINUX_SLL2 (-i any) the same way', () => {
    check(sll2Corpus(), LINKTYPE_LINUX_SLL2, 'sll2');
  });
});
