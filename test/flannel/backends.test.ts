/**
 * flanneld's backends on the kernel model: the switch to host-gw and back on
 * the article's cluster (routes, TTLs, what crosses eth0), host-gw's 10 s
 * route check against vxlan's none, l3 where host-gw fails and DirectRouting
 * falls back to VXLAN, and clusters it was never shown.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript, outputOf, handBuilt, manifestWith } from './helpers.js';
import { applyManifest, switchBackend } from '../../sandbox/scenarios/cluster.js';
import { US_PER_S } from '../../sandbox/world/clock.js';
import { KUBE_FLANNEL_YML } from '../../sandbox/k8s/manifests/kube-flannel.js';

const NODE = '10-7-111-92';
const SWITCH_TO = (t: string, extra = ''): string =>
  `kubectl -n kube-flannel patch cm kube-flannel-cfg --type merge -p '{"data":{"net-conf.json":"{\\"Network\\": \\"10.244.0.0/16\\", \\"Backend\\": {\\"Type\\": \\"${t}\\"${extra}}}"}}'\n` +
  'kubectl -n kube-flannel rollout restart ds/kube-flannel-ds\nkubectl -n kube-flannel rollout status ds/kube-flannel-ds';

describe('switching the article cluster to host-gw and back', () => {
  it('routes, TTL 62 and plain ICMP on eth0, then VXLAN again', async () => {
    const w = loadScenario('article');
    const script = [
      SWITCH_TO('host-gw'),
      'ip r',
      'tcpdump -ni eth0 -c 2 icmp &',
      'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4',
      'wait',
      SWITCH_TO('vxlan'),
      'ip r',
      'tcpdump -ni eth0 -c 2 udp &',
      'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4',
      'wait',
    ].join('\n');
    const { text } = await runTranscript(w, NODE, script);
    expect(outputOf(text, 'ip r', 0)).toBe(
      [
        'default via 10.7.0.1 dev eth0 ',
        '10.7.0.0/16 dev eth0 proto kernel scope link src 10.7.111.92 ',
        '10.244.0.0/24 via 10.7.160.190 dev eth0 ',
        '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ',
      ].join('\n'),
    );
    const firstPing = outputOf(text, 'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4', 0);
    expect(firstPing).toMatch(/64 bytes from 10\.244\.0\.4: icmp_seq=1 ttl=62 /);
    expect(firstPing).toMatch(/IP 10\.244\.1\.2 > 10\.244\.0\.4: ICMP echo request/);
    expect(firstPing).not.toMatch(/UDP|OTV|8472/);
    expect(outputOf(text, 'ip r', 1)).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ');
    const second = outputOf(text, 'k exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4', 1);
    expect(second).toMatch(/ttl=62 /);
    expect(second).toMatch(
      /IP 10\.7\.111\.92\.\d+ > 10\.7\.160\.190\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1\nIP 10\.244\.1\.2 > 10\.244\.0\.4: ICMP echo request/,
    );
  });

  it('a live switch leaves the stale flannel.1 behind (scenario host-gw is after its deletion)', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      NODE,
      `${SWITCH_TO('host-gw')}\nip -br link show flannel.1\nip neigh show dev flannel.1`,
    );
    expect(outputOf(text, 'ip -br link show flannel.1')).toMatch(/^flannel\.1 +UNKNOWN +06:74:ad:94:9f:06/);
    expect(outputOf(text, 'ip neigh show dev flannel.1')).toBe('10.244.0.0 lladdr be:1d:47:c2:90:0a PERMANENT ');
    const hg = loadScenario('host-gw');
    const r = await runTranscript(hg, NODE, 'ip link show flannel.1');
    expect(r.text).toContain('Device "flannel.1" does not exist.');
  });
});

describe('deleting a route by hand', () => {
  it('host-gw puts it back within 10 s and logs Route recovered', async () => {
    const w = loadScenario('host-gw');
    const { text } = await runTranscript(
      w,
      NODE,
      'ip route del 10.244.0.0/24\nip r\nsleep 10\nip r\nkubectl -n kube-flannel logs ds/kube-flannel-ds --tail 1',
    );
    expect(outputOf(text, 'ip r', 0)).not.toContain('10.244.0.0/24');
    expect(outputOf(text, 'ip r', 1)).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0 ');
    const pod = w.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === NODE)!;
    const logs = await runTranscript(w, NODE, `kubectl -n kube-flannel logs ${pod.metadata.name} --tail 1`);
    expect(logs.text).toMatch(/route_network\.go:\d+\] Route recovered 10\.244\.0\.0\/24 : 10\.7\.160\.190\n$/);
  });

  it('vxlan does not: the route stays gone and pods lose each other', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      NODE,
      'ip route del 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink\nsleep 30\nip r\nk exec ubuntu-664c5f866b-865jb -- ping -c 2 -W 1 10.244.0.4',
    );
    expect(outputOf(text, 'ip r')).not.toContain('10.244.0.0/24');
    expect(text).toContain('2 packets transmitted, 0 received, 100% packet loss');
  });

  it('vxlan recreates a deleted flannel.1 with its address and peers', async () => {
    const w = loadScenario('article');
    const { text } = await runTranscript(
      w,
      NODE,
      'ip link del flannel.1\nsleep 5\nip -br addr show flannel.1\nip r\nk exec ubuntu-664c5f866b-865jb -- ping -c 1 10.244.0.4',
    );
    expect(outputOf(text, 'ip -br addr show flannel.1')).toMatch(/^flannel\.1 +UNKNOWN +10\.244\.1\.0\/32/);
    expect(outputOf(text, 'ip r')).toContain('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ');
    expect(text).toContain('1 received');
    const pod = w.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === NODE)!;
    const logs = await runTranscript(w, NODE, `kubectl -n kube-flannel logs ${pod.metadata.name} --tail 3`);
    expect(logs.text).toMatch(
      /Interface flannel\.1 deleted\n.*vxlan device missing, attempting to recreate\.\.\.\n.*VXLAN device flannel\.1 recreated successfully\n$/,
    );
  });
});

describe('scenario l3: two nodes behind a router', () => {
  const l3 = (type: string, extra: Record<string, unknown> = {}) => {
    const w = loadScenario('l3');
    applyManifest(w.cluster!, manifestWith({ Network: '10.244.0.0/16', Backend: { Type: type, ...extra } }));
    w.clock.runUntil(w.clock.now + 90 * US_PER_S);
    return w;
  };

  it('host-gw: the kernel refuses the route and flanneld logs the error', async () => {
    const w = l3('host-gw');
    const pod = w.cluster!.pods('kube-flannel').find((p) => p.spec.nodeName === NODE)!;
    const { text } = await runTranscript(w, NODE, `ip r\nkubectl -n kube-flannel logs ${pod.metadata.name}`);
    expect(outputOf(text, 'ip r')).not.toContain('10.244.1.0/24 via');
    expect(text).toMatch(
      /E0515 [\d:.]+ +1 route_network\.go:\d+\] Error adding route to \{Ifindex: 2 Dst: 10\.244\.\d\.0\/24 Src: <nil> Gw: 10\.8\.0\.5 Flags: \[\] Table: 0 Realm: 0\}: invalid argument/,
    );
  });

  it('DirectRouting falls back to VXLAN for a peer that is not directly connected', async () => {
    const w = l3('vxlan', { DirectRouting: true });
    const { text } = await runTranscript(w, NODE, 'ip r\nkubectl get po -o wide');
    expect(outputOf(text, 'ip r')).toMatch(/10\.244\.\d\.0\/24 via 10\.244\.\d\.0 dev flannel\.1 onlink /);
    const podOnOther = w.cluster!.pods('default').find((p) => p.spec.nodeName === '10-8-0-5' && p.status.podIP)!;
    const mine = w.cluster!.pods('default').find((p) => p.spec.nodeName === NODE && p.status.podIP)!;
    const ping = await runTranscript(w, NODE, `k exec ${mine.metadata.name} -- ping -c 1 ${podOnOther.status.podIP}`);
    expect(ping.text).toMatch(/ttl=62 /);
  });
});

describe('DirectRouting on one L2 segment uses plain routes', () => {
  it('no flannel.1 entries, routes via the peer', async () => {
    const w = loadScenario('article');
    switchBackend(w.cluster!, 'vxlan', { DirectRouting: true });
    w.clock.runUntil(w.clock.now + 60 * US_PER_S);
    const { text } = await runTranscript(w, NODE, 'ip r');
    expect(outputOf(text, 'ip r')).toContain('10.244.0.0/24 via 10.7.160.190 dev eth0 ');
  });
});

describe('clusters the article never showed', () => {
  it('three nodes, Network 10.50.0.0/16, VNI 2, Port 4789', () => {
    const { world } = handBuilt(
      [
        { name: 'a', ip: '192.168.5.1' },
        { name: 'b', ip: '192.168.5.2' },
        { name: 'c', ip: '192.168.5.3' },
      ],
      {
        podNetworkCidr: '10.50.0.0/16',
        manifest: manifestWith({ Network: '10.50.0.0/16', Backend: { Type: 'vxlan', VNI: 2, Port: 4789 } }),
      },
    );
    return (async () => {
      const { text } = await runTranscript(
        world,
        'b',
        'ip -d link show flannel.2\nip r\ncat /run/flannel/subnet.env\nbridge fdb show dev flannel.2',
      );
      expect(outputOf(text, 'ip -d link show flannel.2')).toMatch(
        /mtu 1450 .*\n.*\n +vxlan id 2 local 192\.168\.5\.2 dev eth0 srcport 0 0 dstport 4789 nolearning/,
      );
      expect(outputOf(text, 'ip r')).toContain('10.50.0.0/24 via 10.50.0.0 dev flannel.2 onlink ');
      expect(outputOf(text, 'ip r')).toContain('10.50.2.0/24 via 10.50.2.0 dev flannel.2 onlink ');
      expect(outputOf(text, 'cat /run/flannel/subnet.env')).toBe(
        'FLANNEL_NETWORK=10.50.0.0/16\nFLANNEL_SUBNET=10.50.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true',
      );
      expect(outputOf(text, 'bridge fdb show dev flannel.2').split('\n')).toHaveLength(2);
      const pods = world.cluster!.pods('default').filter((p) => p.status.podIP);
      const from = pods.find((p) => p.spec.nodeName === 'a')!;
      const to = pods.find((p) => p.spec.nodeName === 'c')!;
      const ping = await runTranscript(world, 'a', `k exec ${from.metadata.name} -- ping -c 1 ${to.status.podIP}`);
      expect(ping.text).toMatch(/1 received/);
    })();
  });

  it('the article manifest on a 1500-MTU LAN gives FLANNEL_MTU=1450', async () => {
    const { world } = handBuilt(
      [
        { name: 'x', ip: '10.1.0.1' },
        { name: 'y', ip: '10.1.0.2' },
      ],
      { manifest: KUBE_FLANNEL_YML },
    );
    const { text } = await runTranscript(world, 'x', 'cat /run/flannel/subnet.env');
    expect(text).toContain('FLANNEL_MTU=1450');
  });
});
