/**
 * netfilter's INPUT and OUTPUT hooks, port and icmp matches, REJECT, and the
 * iptables listings and errors that go with them, through the shell as a
 * reader types them on the article's two nodes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { article, maskTimes, run } from '../ping/helpers.js';
import { netfilterIfAny, parseRule, nfLocalIn, nfLocalOut } from '../../sandbox/kernel/netfilter.js';
import { emitIpv4 } from '../../sandbox/net/ipv4.js';
import { emitUdp } from '../../sandbox/net/udp.js';

const WORKER = '10-7-111-92';
const CONTROL = '10-7-160-190';
const POD = 'ubuntu-664c5f866b-865jb';
const CROSS_PING = `kubectl exec ${POD} -- ping -c 2 -W 1 10.244.0.4`;

describe('INPUT DROP of UDP 8472 on the receiving node', () => {
  it('breaks the cross-node pod ping, the rule counts the VXLAN datagrams, and deleting it heals', async () => {
    const w = article();
    const reasons: string[] = [];
    w.host(CONTROL)!.ns.env.events.on((e) => {
      const r = (e as { reason?: string }).reason;
      if (r) reasons.push(r);
    });
    expect((await run(w, CONTROL, 'iptables -A INPUT -p udp --dport 8472 -j DROP')).status).toBe(0);
    const broken = await run(w, WORKER, CROSS_PING);
    expect(broken.out).toContain('2 packets transmitted, 0 received, 100% packet loss');
    expect(reasons).toContain('netfilter INPUT DROP');
    const listed = await run(w, CONTROL, 'iptables -L INPUT -n -v');
    expect(listed.out.split('\n')[2]).toBe(
      '    2   268 DROP       udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:8472',
    );
    // Without -n the port is named as /etc/services names it.
    expect((await run(w, CONTROL, 'iptables -L INPUT')).out).toContain(
      'DROP       udp  --  anywhere             anywhere             udp dpt:otv',
    );
    await run(w, CONTROL, 'iptables -D INPUT -p udp -m udp --dport 8472 -j DROP');
    expect((await run(w, CONTROL, 'iptables -S INPUT')).out).toBe('-P INPUT ACCEPT');
    const healed = await run(w, WORKER, CROSS_PING);
    expect(healed.out).toContain('2 packets transmitted, 2 received, 0% packet loss');
  });

  it('shows the diagnosis the exercise asks for: VXLAN on eth0, nothing on flannel.1', async () => {
    const w = article();
    await run(w, CONTROL, 'iptables -A INPUT -p udp --dport 8472 -j DROP');
    const r = await run(
      w,
      CONTROL,
      `tcpdump -i eth0 -n -c 2 udp port 8472 &\ntcpdump -i flannel.1 -n -c 1 icmp &\n${CROSS_PING}\nsleep 2\njobs`,
    );
    expect(r.out.match(/IP 10\.7\.111\.92\.\d+ > 10\.7\.160\.190\.8472: OTV/g)).toHaveLength(2);
    expect(r.out).toContain('[2]+  Running                 tcpdump -i flannel.1 -n -c 1 icmp &');
  });

  it('an ACCEPT inserted in front of the DROP lets VXLAN through and takes the counts', async () => {
    const w = article();
    await run(
      w,
      CONTROL,
      'iptables -A INPUT -p udp --dport 8472 -j DROP\niptables -I INPUT -p udp --dport 8472 -j ACCEPT',
    );
    expect((await run(w, WORKER, CROSS_PING)).out).toContain('2 received');
    const rules = netfilterIfAny(w.host(CONTROL)!.ns)!.tables.get('filter')!.get('INPUT')!.rules;
    expect(rules.map((r) => [r.target, r.packets])).toEqual([
      ['ACCEPT', 2],
      ['DROP', 0],
    ]);
    await run(w, CONTROL, 'iptables -Z INPUT');
    expect(rules.map((r) => r.packets)).toEqual([0, 0]);
  });
});

describe('REJECT', () => {
  it('answers a ping to the node with port unreachable, as ping prints it', async () => {
    const w = article();
    await run(w, CONTROL, 'iptables -A INPUT -p icmp --icmp-type echo-request -j REJECT');
    const r = await run(w, WORKER, 'ping -c 2 10.7.160.190');
    expect(maskTimes(r.out)).toBe(
      [
        'PING 10.7.160.190 (10.7.160.190) 56(84) bytes of data.',
        'From 10.7.160.190 icmp_seq=1 Destination Port Unreachable',
        'From 10.7.160.190 icmp_seq=2 Destination Port Unreachable',
        '',
        '--- 10.7.160.190 ping statistics ---',
        '2 packets transmitted, 0 received, +2 errors, 100% packet loss, time Xms',
        '',
      ].join('\n'),
    );
  });

  it('--reject-with icmp-host-unreachable and admin-prohibited send those codes', async () => {
    const w = article();
    await run(w, CONTROL, 'iptables -A INPUT -p icmp -j REJECT --reject-with icmp-host-unreachable');
    expect((await run(w, WORKER, 'ping -c 1 10.7.160.190')).out).toContain(
      'From 10.7.160.190 icmp_seq=1 Destination Host Unreachable',
    );
    await run(w, CONTROL, 'iptables -F INPUT\niptables -A INPUT -p icmp -j REJECT --reject-with admin-prohib');
    expect((await run(w, CONTROL, 'iptables -S INPUT')).out).toContain(
      '-A INPUT -p icmp -j REJECT --reject-with icmp-admin-prohibited',
    );
    expect((await run(w, WORKER, 'ping -c 1 10.7.160.190')).out).toContain(
      'From 10.7.160.190 icmp_seq=1 Packet filtered',
    );
  });
});

describe('OUTPUT', () => {
  it('a DROP on the sender makes sendmsg fail with EPERM and counts', async () => {
    const w = article();
    await run(w, WORKER, 'iptables -A OUTPUT -d 10.7.160.190/32 -p icmp -j DROP');
    const r = await run(w, WORKER, 'ping -c 1 10.7.160.190');
    expect(r.out).toContain('ping: sendmsg: Operation not permitted');
    expect(r.out).toContain('1 packets transmitted, 0 received');
    // No match after the addresses: the line keeps the destination column's padding, as print_firewall leaves it.
    expect((await run(w, WORKER, 'iptables -L OUTPUT -n -v')).out.split('\n')[2]).toBe(
      '    1    84 DROP       icmp --  *      *       0.0.0.0/0            10.7.160.190        ',
    );
  });

  it("a DROP of the sender's VXLAN datagrams breaks the pod ping from that side", async () => {
    const w = article();
    await run(w, WORKER, 'iptables -A OUTPUT -o eth0 -p udp --dport 8472 -j DROP');
    expect((await run(w, WORKER, CROSS_PING)).out).toContain('0 received');
  });
});

describe('iptables -S / -L formats', () => {
  it('prints ports, ranges, inversions, icmp types and multiport as the extensions do', async () => {
    const w = article();
    const r = await run(
      w,
      CONTROL,
      [
        'iptables -A INPUT -p tcp -m tcp ! --sport 1024:65535 --dport 22 -j ACCEPT',
        'iptables -A INPUT -p udp -m multiport --dports 53,8472 -j ACCEPT',
        'iptables -A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT',
        'iptables -A INPUT -p udp --sport 5000: -j REJECT --reject-with icmp-net-unreachable',
        'iptables -S INPUT',
        'iptables -L INPUT -n',
        'iptables -L INPUT',
      ].join('\n'),
    );
    expect(r.status).toBe(0);
    expect(r.out).toContain(
      [
        '-P INPUT ACCEPT',
        '-A INPUT -p tcp -m tcp ! --sport 1024:65535 --dport 22 -j ACCEPT',
        '-A INPUT -p udp -m multiport --dports 53,8472 -j ACCEPT',
        '-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT',
        '-A INPUT -p udp -m udp --sport 5000:65535 -j REJECT --reject-with icmp-net-unreachable',
      ].join('\n'),
    );
    expect(r.out).toContain(
      [
        'ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp spts:!1024:65535 dpt:22',
        'ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            multiport dports 53,8472',
        'ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 4',
        'REJECT     udp  --  0.0.0.0/0            0.0.0.0/0            udp spts:5000:65535 reject-with icmp-net-unreachable',
      ].join('\n'),
    );
    expect(r.out).toContain('tcp spts:!1024:65535 dpt:ssh');
    expect(r.out).toContain('multiport dports domain,otv');
    expect(r.out).toContain('icmp fragmentation-needed');
  });
});

describe('bad arguments', () => {
  const cases: [string, string, number][] = [
    ['iptables -A INPUT --dport 8472 -j DROP', 'iptables v1.8.7 (nf_tables): unknown option "--dport"', 2],
    ['iptables -A INPUT -p icmp --dport 8472 -j DROP', 'iptables v1.8.7 (nf_tables): unknown option "--dport"', 2],
    ['iptables -A INPUT -p udp --dport 8472 DROP', "iptables v1.8.7 (nf_tables): Bad argument `DROP'", 2],
    [
      'iptables -A INPUT -p udp --dport 65536 -j DROP',
      "iptables v1.8.7 (nf_tables): invalid port/service `65536' specified",
      2,
    ],
    ['iptables -A INPUT -p udp --dport 9:8 -j DROP', 'iptables v1.8.7 (nf_tables): invalid portrange (min > max)', 2],
    [
      'iptables -A INPUT -p icmp --icmp-type bogus -j DROP',
      "iptables v1.8.7 (nf_tables): Invalid ICMP type `bogus'",
      2,
    ],
    ['iptables -A INPUT -j REJECT --reject-with nope', 'iptables v1.8.7 (nf_tables): unknown reject type "nope"', 2],
    ['iptables -A INPUT -j DROP --reject-with icmp-host-unreachable', 'unknown option "--reject-with"', 2],
    ['iptables -A INPUT -m udp --dport 53 -j DROP', "iptables: Invalid argument. Run `dmesg' for more information.", 1],
    [
      'iptables -A INPUT -p udp -j REJECT --reject-with tcp-reset',
      "iptables: Invalid argument. Run `dmesg' for more information.",
      1,
    ],
    ['iptables -t nat -A POSTROUTING -j REJECT', "iptables: Invalid argument. Run `dmesg' for more information.", 1],
    [
      'iptables -A INPUT -m multiport --dports 1,2 -j DROP',
      "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
      2,
    ],
  ];
  for (const [cmd, msg, status] of cases) {
    it(`${cmd} → ${msg}, and nothing changes`, async () => {
      const w = article();
      const before = (await run(w, CONTROL, 'iptables-save')).out;
      const r = await run(w, CONTROL, cmd);
      expect(r.status).toBe(status);
      expect(r.out).toContain(msg);
      expect((await run(w, CONTROL, 'iptables-save')).out).toBe(before);
    });
  }
});

describe('random rule sets', () => {
  const tokens = [
    '!',
    '-p',
    'udp',
    'tcp',
    'icmp',
    'all',
    '--dport',
    '--sport',
    '8472',
    '1:2',
    ':9',
    'http',
    '-m',
    'multiport',
    'udp',
    'icmp',
    '--dports',
    '53,80',
    '--icmp-type',
    'echo-request',
    '3/3',
    'any',
    '-j',
    'DROP',
    'ACCEPT',
    'REJECT',
    '--reject-with',
    'icmp-host-unreachable',
    'tcp-reset',
    '-s',
    '10.7.0.0/16',
    '-i',
    'eth0',
    '-o',
    'flannel.1',
    'RETURN',
    'x',
  ];
  it('never crash the parser, the printer or the hooks', () => {
    const ns = article().host(CONTROL)!.ns;
    const udp = emitIpv4(
      { tos: 0, id: 1, df: false, ttl: 64, protocol: 17, src: 0x0a076f5c, dst: 0x0a07a0be },
      emitUdp({ srcPort: 40000, dstPort: 8472 }, new Uint8Array(8), 0x0a076f5c, 0x0a07a0be),
    );
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...tokens), { maxLength: 8 }), { maxLength: 6 }), (sets) => {
        const nf = netfilterIfAny(ns)!;
        const input = nf.tables.get('filter')!.get('INPUT')!;
        const output = nf.tables.get('filter')!.get('OUTPUT')!;
        input.rules = [];
        output.rules = [];
        for (const args of sets) {
          const p = parseRule(args);
          if (!p.ok) continue;
          if (!['ACCEPT', 'DROP', 'REJECT', 'RETURN', ''].includes(p.rule.target)) continue;
          // The canonical form parses back to itself.
          const again = parseRule(p.rule.spec.match(/"[^"]*"|\S+/g) ?? []);
          expect(again.ok && again.rule.spec).toBe(p.rule.spec);
          input.rules.push(p.rule);
          output.rules.push(p.rule);
        }
        expect(['accept', 'drop', 'reject']).toContain(nfLocalIn(ns, 'eth0', udp).kind);
        expect(['accept', 'drop', 'reject']).toContain(nfLocalOut(ns, 'eth0', udp).kind);
      }),
      { numRuns: 300 },
    );
  });
});
