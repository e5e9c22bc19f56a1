/**
 * The literate test's own pieces: reading Cmd blocks, matching outputs, agreeing with the
 * reference recordings. If these were lax, the literate test would pass on a drifted page.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAttrs, parsePage } from './parse.js';
import { agreesWithReference, diff, matches, maskVolatile } from './compare.js';

const ref = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/reference/${name}`, import.meta.url)), 'utf8');

describe('parseAttrs', () => {
  test('reads double, single, template-literal and boolean attributes', () => {
    const a = parseAttrs(
      ` host="10-7-111-92" code='tcpdump "udp[39]=1"' bg stop="4" note={\`it's "both" \\\` \\\\n\`}`,
    );
    expect(a.get('host')).toBe('10-7-111-92');
    expect(a.get('code')).toBe('tcpdump "udp[39]=1"');
    expect(a.get('bg')).toBe(true);
    expect(a.get('stop')).toBe('4');
    expect(a.get('note')).toBe('it\'s "both" ` \\n');
  });

  test('refuses interpolation and unterminated values', () => {
    expect(() => parseAttrs('code={`a ${b}`}')).toThrow(/interpolation/);
    expect(() => parseAttrs('code="abc')).toThrow(/unterminated/);
  });
});

describe('parsePage', () => {
  const page = [
    "import Cmd from '~/components/Cmd.astro';",
    '<Terminal host="10-7-111-92" sandbox="lab" scenario="l3" />',
    '',
    '```mdx',
    '<Cmd host="ignored" code="inside a fence" />',
    '```',
    '',
    '<Cmd host="10-7-111-92" sandbox="lab" code="ip r" ref="vxlan/node111-ip-r.txt">',
    '',
    '```text',
    'default via 10.7.0.1 dev eth0 ',
    '…',
    '```',
    '',
    '</Cmd>',
    '',
    '<Cmd host="10-7-160-190" code="tcpdump -i cni0 -n" bg stop="5" />',
  ].join('\n');

  test('finds terminals and commands in order, not inside fences, trailing spaces kept', () => {
    const p = parsePage(page);
    expect(p.terminals).toEqual([{ host: '10-7-111-92', sandbox: 'lab', scenario: 'l3' }]);
    expect(p.cmds.map((c) => c.code)).toEqual(['ip r', 'tcpdump -i cni0 -n']);
    expect(p.cmds[0]).toMatchObject({ sandbox: 'lab', ref: 'vxlan/node111-ip-r.txt', line: 8, bg: false });
    expect(p.cmds[0]!.expected).toEqual(['default via 10.7.0.1 dev eth0 ', '…']);
    expect(p.cmds[1]).toMatchObject({ sandbox: 'main', bg: true, stop: 5 });
    expect(p.cmds[1]!.expected).toBeUndefined();
    const [a, b] = p.cmds[0]!.outputRange!;
    expect(page.slice(a, b)).toBe('default via 10.7.0.1 dev eth0 \n…\n');
  });

  test('a Cmd body without a text block is an error', () => {
    expect(() => parsePage('<Cmd host="h" code="ls">\n\nhello\n\n</Cmd>')).toThrow(/text/);
  });
});

describe('matching outputs', () => {
  test('exact, including trailing spaces', () => {
    expect(matches(['a '], ['a '])).toBe(true);
    expect(matches(['a '], ['a'])).toBe(false);
    expect(matches(['a'], ['a', 'b'])).toBe(false);
  });

  test('… stands for any number of lines', () => {
    expect(matches(['a', '…', 'z'], ['a', 'z'])).toBe(true);
    expect(matches(['a', '…', 'z'], ['a', 'b', 'c', 'z'])).toBe(true);
    expect(matches(['a', '…', 'z'], ['a', 'b', 'c'])).toBe(false);
  });

  test('diff shows both sides', () => {
    expect(diff(['a', 'b '], ['a', 'c'])).toBe('  a\n+ c\n- b·');
  });
});

describe('agreeing with the reference recordings', () => {
  const ping = ref('vxlan/pod-10-244-1-2-ping-c4-10.244.0.4.txt');
  const shown = [
    'PING 10.244.0.4 (10.244.0.4) 56(84) bytes of data.',
    '64 bytes from 10.244.0.4: icmp_seq=1 ttl=62 time=0.600 ms',
    '64 bytes from 10.244.0.4: icmp_seq=2 ttl=62 time=0.309 ms',
    '64 bytes from 10.244.0.4: icmp_seq=3 ttl=62 time=0.300 ms',
    '64 bytes from 10.244.0.4: icmp_seq=4 ttl=62 time=0.294 ms',
    '^C',
  ];

  test('RTTs may differ, TTLs may not', () => {
    expect(agreesWithReference(shown, ping)).toBe(true);
    const wrongTtl = shown.map((l) => l.replace('ttl=62', 'ttl=63'));
    expect(agreesWithReference(wrongTtl, ping)).toBe(false);
    expect(agreesWithReference(shown.slice(0, 3), ping)).toBe(false);
  });

  test('captures: timestamps, ids and the VXLAN source port are volatile; lengths are not', () => {
    const cap = ref('vxlan/capture-crossnode-node111-eth0-udp39.txt');
    const lines = cap
      .trimEnd()
      .split('\n')
      .map((l) =>
        l
          .replace(/^14:11/, '18:00')
          .replace('36329', '51234')
          .replace(/id \d+/, 'id 7'),
      );
    expect(agreesWithReference(['tcpdump: listening on eth0 …', ...lines], cap)).toBe(true);
    const shorter = lines.map((l) => l.replace('length 134', 'length 120'));
    expect(agreesWithReference(shorter, cap)).toBe(false);
    expect(maskVolatile('    10.7.111.92.36329 > 10.7.160.190.8472: OTV')).toBe(
      '    10.7.111.92.SPORT > 10.7.160.190.8472: OTV',
    );
  });

  test('ip r must agree byte for byte', () => {
    const r = ref('vxlan/node111-ip-r.txt');
    const lines = r.replace(/\n$/, '').split('\n');
    expect(agreesWithReference(lines, r)).toBe(true);
    expect(
      agreesWithReference(
        lines.map((l) => l.trimEnd()),
        r,
      ),
    ).toBe(false);
  });
});
