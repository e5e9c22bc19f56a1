import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../sandbox/commands/tcpdump/filter/index.js';
import { LINKTYPE_ETHERNET } from '../../sandbox/net/pcap.js';
import { ethernetCorpus } from './corpus.js';

/**
 * Which frames of the corpus the real tcpdump 4.99.3 (libpcap 1.10.3) keeps for
 * each filter, recorded with `tcpdump -q -n -r corpus.pcap FILTER`, so the
 * compiler stays checked where the real tool is not installed.
 */
const RECORDED: [string, number[]][] = [
  ['udp[39]=1', [6, 7, 8, 10]],
  ['udp[14]=1', [6, 7, 8, 9, 10]],
  ['icmp', [0, 1, 11, 12, 14, 15, 16, 17, 18, 19, 21]],
  ['arp', [2, 3, 4, 5]],
  ['host 10.244.1.3', [0, 1, 2, 3, 4, 11, 12, 21, 23]],
  ['src host 10.244.1.2', [0, 2, 4, 11, 12, 13, 20, 21, 23]],
  ['net 10.244.0.0/16', [0, 1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23]],
  ['port 8472', [6, 7, 9, 10]],
  ['dst port 4789', [8]],
  ['portrange 33434-33534', [13]],
  ['len > 100', [6, 7, 8, 10, 14, 15, 16, 17, 18, 19, 21]],
  ['icmp[icmptype] = icmp-echo', [0, 11, 12]],
  ['ip[6:2] & 0x1fff != 0', [21]],
  ['ether broadcast', [2, 5, 22]],
  ['ether src 0a:58:0a:f4:01:03', [1, 3]],
  ['not arp and not ip', [22]],
  ['host 10.244.1.3 or 10.244.0.4', [0, 1, 2, 3, 4, 11, 12, 13, 15, 21, 23]],
  ['udp[39] = 0 or ip', [0, 1, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23]],
  ['ip[100]=1 or icmp', [16, 17, 18, 19, 21]],
  ['not udp[1000] = 1', [0, 1, 2, 3, 4, 5, 11, 12, 14, 15, 16, 17, 18, 19, 21, 22]],
];

const ERRORS: [string, string][] = [
  ['udp[', "can't parse filter expression: syntax error"],
  ['host nosuchhost', "unknown host 'nosuchhost'"],
  ['net 10.0.0.1/8', 'non-network bits set in "10.0.0.1/8"'],
  ['port 99999', 'illegal port number 99999 > 65535'],
  ['udp[1:3]=1', 'data size must be 1, 2, or 4'],
  ['tcp and udp', 'expression rejects all packets'],
  ['10.0.0.1', "can't parse filter expression: syntax error"],
];

describe('pcap-filter, as recorded from the real tcpdump', () => {
  // The first 24 frames are the ones the results were recorded on.
  const corpus = ethernetCorpus().slice(0, 24);
  for (const [filter, kept] of RECORDED) {
    it(filter, () => {
      const c = compileFilter(filter, LINKTYPE_ETHERNET);
      if (!c.ok) throw new Error(c.error);
      expect(corpus.flatMap((f, i) => (c.match(f.data, f.data.length) ? [i] : []))).toEqual(kept);
    });
  }
  it("gives libpcap's errors", () => {
    for (const [filter, error] of ERRORS)
      expect(compileFilter(filter, LINKTYPE_ETHERNET)).toEqual({ ok: false, error });
  });
});
