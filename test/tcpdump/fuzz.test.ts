import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, PcapWriter } from '../../sandbox/net/pcap.js';
import { DEFAULT_PRINT_OPTIONS, printPacket } from '../../sandbox/commands/tcpdump/print/index.js';
import { compileFilter } from '../../sandbox/commands/tcpdump/filter/index.js';
import { ethernetCorpus } from './corpus.js';
import { runRealTcpdumpFull, skipRealTcpdump, writeTemp } from './real-tcpdump.js';

const corpus = ethernetCorpus();

/** A frame of the corpus with some bytes changed and maybe cut short. */
const mutatedFrame = fc
  .record({
    base: fc.integer({ min: 0, max: corpus.length - 1 }),
    edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ base, edits, cut }) => {
    const d = corpus[base]!.data.slice();
    for (const e of edits) d[e.at % d.length] = e.value;
    return cut === undefined ? d : d.subarray(0, cut % (d.length + 1));
  });

const printFlags = fc.record({
  numeric: fc.boolean(),
  verbose: fc.integer({ min: 0, max: 3 }),
  linkHeader: fc.boolean(),
  quiet: fc.integer({ min: 0, max: 2 }),
  hex: fc.integer({ min: 0, max: 2 }),
  hexAscii: fc.integer({ min: 0, max: 2 }),
  ascii: fc.boolean(),
});

describe('the printer and the filter never throw', () => {
  it('prints any mangled frame with any flags, under both link types', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutatedFrame, fc.uint8Array({ maxLength: 200 })),
        printFlags,
        fc.boolean(),
        (data, flags, sll) => {
          const out = printPacket(
            { tsUs: 0, data, origLen: data.length + 4 },
            sll ? LINKTYPE_LINUX_SLL2 : LINKTYPE_ETHERNET,
            {
              ...DEFAULT_PRINT_OPTIONS,
              ...flags,
            },
          );
          expect(out.endsWith('\n')).toBe(true);
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('compiles any string to a matcher or an error, and matchers take any bytes', () => {
    const words = [
      'host',
      'net',
      'port',
      'src',
      'dst',
      'and',
      'or',
      'not',
      '(',
      ')',
      '[',
      ']',
      ':',
      'udp',
      'ip',
      'arp',
      'icmp',
      'ether',
      'len',
      '=',
      '!=',
      '>',
      '<',
      '+',
      '-',
      '*',
      '/',
      '&',
      '|',
      '<<',
      '10.244.1.2',
      '1',
      '0x10',
      '39',
      'mask',
      '255.255.0.0',
      '/',
      '16',
      'portrange',
      '1-2',
      'greater',
      'proto',
      'broadcast',
      '!',
      '&&',
      '||',
    ];
    const phrase = fc.array(fc.constantFrom(...words), { maxLength: 10 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.oneof(phrase, fc.string({ maxLength: 30 })), fc.uint8Array({ maxLength: 120 }), (text, bytes) => {
        const c = compileFilter(text, LINKTYPE_ETHERNET);
        if (c.ok) expect(typeof c.match(bytes, bytes.length)).toBe('boolean');
        else expect(c.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
});

describe.skipIf(skipRealTcpdump)('random filters against the real tcpdump', () => {
  it('accepts, refuses and matches like libpcap', () => {
    const T0 = Date.UTC(2023, 4, 15, 10, 0, 0) * 1000;
    const w = new PcapWriter();
    corpus.forEach((f, i) => w.add(T0 + i * 1001, f.data));
    const file = writeTemp('fuzz.pcap', w.bytes());
    const atom = fc.oneof(
      fc.constantFrom(
        'ip',
        'arp',
        'udp',
        'icmp',
        'tcp',
        'broadcast',
        'ether multicast',
        'ip proto 17',
        'proto 1',
        'ether proto 0x0806',
        'greater 100',
        'less 60',
        'ether host 0a:58:0a:f4:01:02',
        'ether src 0a:58:0a:f4:01:03',
        'ether dst ff:ff:ff:ff:ff:ff',
        'host 10.244.1.2 or 10.244.0.4',
        'src host (10.244.1.2 or 10.244.1.1)',
        'net 10.244.0.0 mask 255.255.0.0',
        'dst net 10.244.1.0/24',
        'port 8472 or 4789 or 33434',
        'not host 10.244.1.3 and not 10.7.0.1',
      ),
      fc
        .tuple(
          fc.constantFrom('', 'src ', 'dst ', 'src or dst ', 'src and dst ', 'ip ', 'arp ', 'ip src '),
          fc.constantFrom(
            'host 10.244.1.2',
            'host 10.244.1.3',
            'host 10.7.0.1',
            'net 10.244.0.0/16',
            'net 10.7',
            'host 10.244',
          ),
        )
        .map(([q, a]) => q + a),
      fc
        .tuple(
          fc.constantFrom('', 'udp ', 'tcp ', 'src ', 'dst '),
          fc.constantFrom('port 8472', 'port 4789', 'portrange 30000-40000', 'port 33434'),
        )
        .map(([q, a]) => q + a),
      fc
        .tuple(
          fc.constantFrom(
            'udp[39]',
            'udp[14]',
            'ip[9]',
            'ip[8]',
            'len',
            'icmp[0]',
            'ip[6:2] & 0x1fff',
            'ether[0] & 1',
            'udp[2:2]',
            'arp[7]',
            'ip[2:2] - 20',
            'icmp[icmptype]',
          ),
          fc.constantFrom('=', '!=', '>', '<', '>=', '<='),
          fc.constantFrom('0', '1', '3', '17', '64', '100', '8472', 'icmp-echo'),
        )
        .map(([l, op, r]) => `${l} ${op} ${r}`),
    );
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc
          .tuple(tie('e'), fc.constantFrom(' and ', ' or ', ' && ', ' || '), tie('e'))
          .map(([a, op, b]) => `${a}${op}${b}`),
        tie('e').map((e) => `not ${e}`),
        tie('e').map((e) => `(${e})`),
      ),
    })).e as fc.Arbitrary<string>;
    fc.assert(
      fc.property(expr, (f) => {
        const real = runRealTcpdumpFull(file, ['-n', '-q', '--', f]);
        const c = compileFilter(f, LINKTYPE_ETHERNET);
        if (real.status !== 0) {
          expect(c.ok, f).toBe(false);
          return;
        }
        const kept = real.stdout
          .split('\n')
          .flatMap((l) => (/^\d\d:\d\d:\d\d\.(\d{6}) /.exec(l) ? [Math.round(Number(l.slice(9, 15)) / 1001)] : []));
        if (!c.ok) {
          // We prove some contradictions libpcap's optimizer misses (it cannot always see through
          // `host`, which also tests ARP); such a filter keeps nothing in tcpdump either.
          expect(c.error, f).toBe('expression rejects all packets');
          expect(kept, f).toEqual([]);
          return;
        }
        const ours = corpus.flatMap((fr, i) => (c.match(fr.data, fr.data.length) ? [i] : []));
        expect(ours, f).toEqual(kept);
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 150), seed: Number(process.env['FUZZ_SEED'] ?? 3) },
    );
  });
});

describe('the tcpdump command never fails inside', () => {
  it('runs hundreds of random -r command lines without an internal error', async () => {
    const { loadScenario } = await import('../../sandbox/scenarios/index.js');
    const { runTranscriptDetailed } = await import('../../sandbox/shell/transcript.js');
    const world = loadScenario('article', { seed: 1 });
    const w = new PcapWriter();
    corpus.forEach((f, i) => w.add(i * 1000, f.data));
    world.host('10-7-111-92')!.fs.put('/root/f.pcap', w.bytes());
    const words = [
      '-n',
      '-nn',
      '-v',
      '-vv',
      '-vvv',
      '-e',
      '-q',
      '-x',
      '-xx',
      '-X',
      '-XX',
      '-A',
      '-t',
      '-tt',
      '-ttt',
      '-tttt',
      '-ttttt',
      '-#',
      '--count',
      '--print',
      '-c',
      '3',
      '-c0',
      '-s',
      '64',
      '-s0',
      '-Q',
      'in',
      '-l',
      '-p',
      '-D',
      '-w',
      'out.pcap',
      '--',
      'udp',
      'and',
      'or',
      'not',
      "'udp[39]=1'",
      "'ip[9]",
      '=',
      '17',
      'host',
      '10.244.1.2',
      'port',
      '8472',
      '(',
      ')',
      '-i',
      'cni0',
      '--version',
      '-Z',
      '--nano',
      '--bogus',
      '-k',
      'x',
      '1e9',
      '-c',
      '-1',
    ];
    const line = fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => `tcpdump -r f.pcap ${w.join(' ')}`);
    const lines = fc.sample(line, { numRuns: 300, seed: 5 });
    const r = await runTranscriptDetailed(world, '10-7-111-92', lines.join('\n') + '\n');
    expect(r.internalErrors).toEqual([]);
    expect(r.text).not.toContain('Error:');
  });
});
