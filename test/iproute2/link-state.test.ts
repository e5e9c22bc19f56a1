/**
 * Carrier follows the veth peer and a bridge follows its ports: what `ip`
 * and `bridge` show when the node's side of a pod's veth goes down, as
 * recorded on Linux 6.18 (there the pod's namespace had a name, so `link-netns
 * node` below reads `link-netnsid 0`, and its eth0 had the default MTU).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';

describe('links going down', () => {
  it('a pod sees NO-CARRIER and linkdown routes when the node side of its veth is down', async () => {
    const world = loadScenario('article');
    await runTranscript(world, NODE, 'ip link set veth4891a1c9 down');
    const r = await runTranscript(world, POD, 'ip link show eth0\nip r\nip -br l');
    expect(r.text).toBe(
      [
        'root@ubuntu-664c5f866b-865jb:/# ip link show eth0',
        '2: eth0@if5: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1402 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether 0a:58:0a:f4:01:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
        'root@ubuntu-664c5f866b-865jb:/# ip r',
        'default via 10.244.1.1 dev eth0 linkdown ',
        '10.244.0.0/16 via 10.244.1.1 dev eth0 linkdown ',
        '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2 linkdown ',
        'root@ubuntu-664c5f866b-865jb:/# ip -br l',
        'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ',
        'eth0@if5         DOWN           0a:58:0a:f4:01:02 <NO-CARRIER,BROADCAST,MULTICAST,UP> ',
        '',
      ].join('\n'),
    );
  });

  it('a bridge whose ports are all down has no carrier; its ports are disabled', async () => {
    const world = loadScenario('article');
    const r = await runTranscript(
      world,
      NODE,
      'ip link set veth4891a1c9 down\nip link show veth4891a1c9\nip link set vethc408576a down\nip link show cni0\nip r\nbridge link\nip -br l',
    );
    expect(r.text).toBe(
      [
        'root@10-7-111-92:~# ip link set veth4891a1c9 down',
        'root@10-7-111-92:~# ip link show veth4891a1c9',
        '5: veth4891a1c9@if2: <BROADCAST,MULTICAST> mtu 1402 qdisc noqueue master cni0 state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether 3e:8a:3e:5c:12:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
        'root@10-7-111-92:~# ip link set vethc408576a down',
        'root@10-7-111-92:~# ip link show cni0',
        '4: cni0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1402 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000',
        '    link/ether 2e:f3:0b:42:6c:49 brd ff:ff:ff:ff:ff:ff',
        'root@10-7-111-92:~# ip r',
        'default via 10.7.0.1 dev eth0 ',
        '10.7.0.0/16 dev eth0 proto kernel scope link src 10.7.111.92 ',
        '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 linkdown ',
        'root@10-7-111-92:~# bridge link',
        '5: veth4891a1c9@eth0: <BROADCAST,MULTICAST> mtu 1402 master cni0 state disabled priority 32 cost 2 ',
        '6: vethc408576a@eth0: <BROADCAST,MULTICAST> mtu 1402 master cni0 state disabled priority 32 cost 2 ',
        'root@10-7-111-92:~# ip -br l',
        'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ',
        'eth0             UP             52:54:00:07:6f:5c <BROADCAST,MULTICAST,UP,LOWER_UP> ',
        'flannel.1        UNKNOWN        06:74:ad:94:9f:06 <BROADCAST,MULTICAST,UP,LOWER_UP> ',
        'cni0             DOWN           2e:f3:0b:42:6c:49 <NO-CARRIER,BROADCAST,MULTICAST,UP> ',
        'veth4891a1c9@if2 DOWN           3e:8a:3e:5c:12:02 <BROADCAST,MULTICAST> ',
        'vethc408576a@if2 DOWN           3e:b7:1d:0e:03:03 <BROADCAST,MULTICAST> ',
        '',
      ].join('\n'),
    );
  });

  it('ports of a bridge that is down are disabled; they forward once it is up (br_stp_enable_bridge)', async () => {
    const world = loadScenario('article');
    const script = [
      'ip link add br9 type bridge',
      'ip link add v1 type veth peer name v2',
      'ip link set v1 master br9',
      'ip link set v1 up',
      'ip link set v2 up',
      'bridge link show dev v1',
      'ip link set br9 up',
      'bridge link show dev v1',
      'ip link set br9 down',
      'ip -d link show v1 | grep -o "bridge_slave state [a-z]*"',
    ].join('\n');
    const out = await runTranscript(world, NODE, script);
    const states = [...out.text.matchAll(/master br9 state (\w+)|bridge_slave state (\w+)/g)].map((m) => m[1] ?? m[2]);
    expect(states).toEqual(['disabled', 'forwarding', 'disabled']);
  });
});
