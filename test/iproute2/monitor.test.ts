/**
 * `ip monitor`: what each change in the namespace prints, as `ip … show` prints the object,
 * `Deleted ` before a removal, `[ROUTE]`-style labels with `all`, and bad arguments refused.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const P = `root@${NODE}:~# `;

describe('ip monitor', () => {
  it('prints routes, addresses (with their kernel routes), links and neighbours as they change', async () => {
    const r = await runTranscript(
      loadScenario('article'),
      NODE,
      [
        'ip monitor &',
        'ip route add 10.70.0.0/16 via 10.7.0.1',
        'ip route replace 10.70.0.0/16 dev eth0',
        'ip route del 10.70.0.0/16',
        'ip addr add 10.9.9.9/24 dev eth0',
        'ip link set cni0 mtu 1400',
        'ping -c 1 10.7.0.1 >/dev/null',
        'kill %1',
      ].join('\n'),
    );
    expect(r.text).toBe(
      [
        `${P}ip monitor &`,
        '[1] 4212',
        `${P}ip route add 10.70.0.0/16 via 10.7.0.1`,
        '10.70.0.0/16 via 10.7.0.1 dev eth0 ',
        `${P}ip route replace 10.70.0.0/16 dev eth0`,
        '10.70.0.0/16 dev eth0 scope link ',
        `${P}ip route del 10.70.0.0/16`,
        'Deleted 10.70.0.0/16 dev eth0 scope link ',
        `${P}ip addr add 10.9.9.9/24 dev eth0`,
        '2: eth0    inet 10.9.9.9/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '10.9.9.0/24 dev eth0 proto kernel scope link src 10.9.9.9 ',
        'local 10.9.9.9 dev eth0 table local proto kernel scope host src 10.9.9.9 ',
        'broadcast 10.9.9.255 dev eth0 table local proto kernel scope link src 10.9.9.9 ',
        `${P}ip link set cni0 mtu 1400`,
        '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        '    link/ether 2e:f3:0b:42:6c:49 brd ff:ff:ff:ff:ff:ff',
        `${P}ping -c 1 10.7.0.1 >/dev/null`,
        '10.7.0.1 dev eth0 lladdr 52:54:00:07:00:01 REACHABLE ',
        `${P}kill %1`,
        '',
      ].join('\n'),
    );
  });

  it('`all` labels each message; `dev` keeps one device; -ts stamps; unknown arguments are refused', async () => {
    const r = await runTranscript(
      loadScenario('article'),
      NODE,
      [
        'ip monitor all dev eth0 &',
        'ip route add 10.71.0.0/16 via 10.7.0.1',
        'ip link set cni0 mtu 1400',
        'kill %1',
        'ip -ts monitor route &',
        'ip route del 10.71.0.0/16',
        'kill %2',
        'ip monitor foo; echo $?',
      ].join('\n'),
    );
    const out = r.text.split('\n');
    expect(out).toContain('[ROUTE]10.71.0.0/16 via 10.7.0.1 dev eth0 ');
    expect(out.some((l) => l.includes('cni0: <'))).toBe(false);
    expect(
      out.some((l) => /^\[2023-05-15T18:00:\d\d\.\d{6}\] Deleted 10\.71\.0\.0\/16 via 10\.7\.0\.1 dev eth0 $/.test(l)),
    ).toBe(true);
    expect(out).toContain('[1]+  Terminated              ip monitor all dev eth0');
    expect(r.text).toContain('Argument "foo" is unknown, try "ip monitor help".\n255\n');
  });
});

describe('bridge monitor', () => {
  it('prints FDB entries as the bridge learns them and as they are added and deleted, and port changes', async () => {
    const r = await runTranscript(
      loadScenario('article'),
      NODE,
      [
        'bridge monitor &',
        'kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.1.3 >/dev/null',
        'bridge fdb add 02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99',
        'bridge fdb del 02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99',
        'ip link set veth4891a1c9 down',
        'kill %1',
        'bridge monitor nope; echo $?',
      ].join('\n'),
    );
    expect(r.text).toBe(
      [
        `${P}bridge monitor &`,
        '[1] 4212',
        `${P}kubectl exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.1.3 >/dev/null`,
        '0a:58:0a:f4:01:02 dev veth4891a1c9 master cni0 ',
        '0a:58:0a:f4:01:03 dev vethc408576a master cni0 ',
        `${P}bridge fdb add 02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99`,
        '02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99 self permanent',
        `${P}bridge fdb del 02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99`,
        'Deleted 02:00:00:00:00:99 dev flannel.1 dst 10.7.0.99 self permanent',
        `${P}ip link set veth4891a1c9 down`,
        '5: veth4891a1c9@eth0: <BROADCAST,MULTICAST> mtu 1402 master cni0 state disabled priority 32 cost 2 ',
        'Deleted 0a:58:0a:f4:01:02 dev veth4891a1c9 master cni0 ',
        `${P}kill %1`,
        '[1]+  Terminated              bridge monitor',
        `${P}bridge monitor nope; echo $?`,
        'Argument "nope" is unknown, try "bridge monitor help".',
        '255',
        '',
      ].join('\n'),
    );
  });
});
