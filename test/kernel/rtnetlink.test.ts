/**
 * rtnetlink answers as a Linux 6.18 kernel gives them, seen through iproute2's
 * `ip` and `bridge` (extack → `Error: <text>.`, else `RTNETLINK answers: <strerror>`).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const P = 'root@10-7-111-92:~# ';

async function run(lines: string[]): Promise<{ text: string; status: number }> {
  return runTranscript(loadScenario('article', { seed: 1 }), NODE, lines.join('\n'));
}

describe('ip route add', () => {
  it('with neither dev nor gateway: ENODEV without an extended ack', async () => {
    const r = await run(['ip route add 10.1.0.0/16; echo $?', 'ip route show 10.1.0.0/16']);
    expect(r.text).toBe(
      `${P}ip route add 10.1.0.0/16; echo $?\nRTNETLINK answers: No such device\n2\n${P}ip route show 10.1.0.0/16\n`,
    );
  });
});

describe('ip link set NAME', () => {
  it('renames a device that is up', async () => {
    const r = await run(['ip link set eth0 name foo; echo $?', 'ip -br link show foo', 'ip -4 -o addr show foo']);
    expect(r.text).toBe(
      `${P}ip link set eth0 name foo; echo $?\n0\n${P}ip -br link show foo\n` +
        'foo              UP             52:54:00:07:6f:5c <BROADCAST,MULTICAST,UP,LOWER_UP> \n' +
        `${P}ip -4 -o addr show foo\n` +
        '2: foo    inet 10.7.111.92/16 brd 10.7.255.255 scope global foo\\       valid_lft forever preferred_lft forever\n',
    );
  });
});

describe('ip link set DEV master', () => {
  it('a bridge enslaved to a bridge (itself included): the extended ack of br_add_if', async () => {
    const r = await run(['ip link set cni0 master cni0; echo $?']);
    expect(r.text).toBe(`${P}ip link set cni0 master cni0; echo $?\nError: Can not enslave a bridge to a bridge.\n2\n`);
  });

  it('a device that cannot be a master: the old master is dropped before the refusal (do_set_master)', async () => {
    const r = await run(['ip link set veth4891a1c9 master eth0; echo $?', 'ip -o link show master cni0 | wc -l']);
    expect(r.text).toBe(
      `${P}ip link set veth4891a1c9 master eth0; echo $?\nRTNETLINK answers: Operation not supported\n2\n` +
        `${P}ip -o link show master cni0 | wc -l\n1\n`,
    );
  });

  it('loopback: br_add_if refuses it without an extended ack', async () => {
    const r = await run(['ip link set lo master cni0; echo $?']);
    expect(r.text).toBe(`${P}ip link set lo master cni0; echo $?\nRTNETLINK answers: Invalid argument\n2\n`);
  });

  it('the same master again changes nothing', async () => {
    const r = await run(['ip link set veth4891a1c9 master cni0; echo $?', 'ip -o link show master cni0 | wc -l']);
    expect(r.text).toBe(
      `${P}ip link set veth4891a1c9 master cni0; echo $?\n0\n${P}ip -o link show master cni0 | wc -l\n2\n`,
    );
  });
});

describe('ip neigh add', () => {
  it('a permanent entry without lladdr on an Ethernet device is refused and not created', async () => {
    const r = await run(['ip neigh add 10.244.1.9 dev cni0; echo $?', 'ip neigh show 10.244.1.9']);
    expect(r.text).toBe(
      `${P}ip neigh add 10.244.1.9 dev cni0; echo $?\nError: No link layer address given.\n2\n` +
        `${P}ip neigh show 10.244.1.9\n`,
    );
  });

  it('replace without lladdr keeps the address of a valid entry', async () => {
    const r = await run([
      'ip neigh add 10.244.1.9 dev cni0 lladdr 02:00:00:00:00:09',
      'ip neigh replace 10.244.1.9 dev cni0 nud reachable; echo $?',
      'ip neigh show 10.244.1.9',
    ]);
    expect(r.text).toBe(
      `${P}ip neigh add 10.244.1.9 dev cni0 lladdr 02:00:00:00:00:09\n` +
        `${P}ip neigh replace 10.244.1.9 dev cni0 nud reachable; echo $?\n0\n` +
        `${P}ip neigh show 10.244.1.9\n10.244.1.9 dev cni0 lladdr 02:00:00:00:00:09 REACHABLE \n`,
    );
  });
});

describe('ip link add TYPE veth', () => {
  it('registers the peer first: in one namespace the peer has the lower ifindex', async () => {
    const r = await run(['ip link add va type veth peer name vb', 'ip -o link show type veth | cut -d: -f1,2']);
    expect(r.text).toBe(
      `${P}ip link add va type veth peer name vb\n${P}ip -o link show type veth | cut -d: -f1,2\n` +
        '5: veth4891a1c9@if2\n6: vethc408576a@if2\n7: vb@va\n8: va@vb\n',
    );
  });
});

describe('bridge fdb add … dev BRIDGE self', () => {
  it('adds a local entry on the bridge device itself, listed before its own MAC', async () => {
    const r = await run([
      'bridge fdb add 02:00:00:00:00:09 dev cni0 self; echo $?',
      'bridge fdb show dev cni0 | grep master',
      'bridge fdb add 02:00:00:00:00:09 dev cni0 self; echo $?',
      'bridge fdb add 02:00:00:00:00:0a dev cni0 self static; echo $?',
      'bridge fdb del 02:00:00:00:00:09 dev cni0 self; echo $?',
      'bridge fdb show dev cni0 | grep master',
    ]);
    expect(r.text).toBe(
      `${P}bridge fdb add 02:00:00:00:00:09 dev cni0 self; echo $?\n0\n` +
        `${P}bridge fdb show dev cni0 | grep master\n` +
        '02:00:00:00:00:09 master cni0 permanent\n2e:f3:0b:42:6c:49 master cni0 permanent\n' +
        `${P}bridge fdb add 02:00:00:00:00:09 dev cni0 self; echo $?\nRTNETLINK answers: File exists\n255\n` +
        `${P}bridge fdb add 02:00:00:00:00:0a dev cni0 self static; echo $?\nRTNETLINK answers: Invalid argument\n255\n` +
        `${P}bridge fdb del 02:00:00:00:00:09 dev cni0 self; echo $?\n0\n` +
        `${P}bridge fdb show dev cni0 | grep master\n2e:f3:0b:42:6c:49 master cni0 permanent\n`,
    );
  });
});
