/** ethtool on the article's node and pod: formats per driver, peer_ifindex, -K, errors. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runLine } from '../shell/helpers.js';

const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';

const run = runLine;

describe('ethtool', () => {
  it('veth link settings: 10000Mb/s full duplex, twisted pair', async () => {
    const w = loadScenario('article');
    const veth = w
      .host(NODE)!
      .ns.devices()
      .find((d) => d.kind === 'veth')!;
    const { out, status } = await run(w, `ethtool ${veth.name}`);
    expect(status).toBe(0);
    expect(out).toContain(`Settings for ${veth.name}:\n\tSupported ports: [  ]\n`);
    expect(out).toContain('\tSpeed: 10000Mb/s\n\tDuplex: Full\n\tAuto-negotiation: off\n\tPort: Twisted Pair\n');
    expect(out.endsWith('\tMDI-X: Unknown\n\tLink detected: yes\n')).toBe(true);
  });

  it('vxlan reports only link state; eth0 is a virtio_net with unknown speed', async () => {
    const w = loadScenario('article');
    expect((await run(w, 'ethtool flannel.1')).out).toBe('Settings for flannel.1:\n\tLink detected: yes\n');
    const eth0 = (await run(w, 'ethtool eth0')).out;
    expect(eth0).toContain('\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n');
    expect((await run(w, 'ethtool -i eth0')).out).toMatch(/^driver: virtio_net\nversion: 1.0.0\n/);
    expect((await run(w, 'ethtool -i cni0')).out).toBe(
      'driver: bridge\nversion: 2.3\nfirmware-version: N/A\nexpansion-rom-version: \nbus-info: N/A\n' +
        'supports-statistics: no\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\n' +
        'supports-priv-flags: no\n',
    );
  });

  it("the pod's eth0 peer_ifindex is the ifindex of a node veth, whose own peer_ifindex is the pod's eth0", async () => {
    const w = loadScenario('article');
    const inPod = await run(w, 'ethtool -S eth0', POD);
    expect(inPod.status).toBe(0);
    const m = /^NIC statistics:\n {5}peer_ifindex: (\d+)\n {5}rx_queue_0_xdp_packets: 0\n/.exec(inPod.out);
    expect(m).not.toBeNull();
    const links = (await run(w, 'ip -o link')).out;
    const hostLine = links.split('\n').find((l) => l.startsWith(`${m![1]}: `))!;
    const hostVeth = /^\d+: ([^@:]+)@/.exec(hostLine)![1]!;
    expect(hostVeth).toMatch(/^veth/);
    const podIndex = /^(\d+): eth0@/m.exec((await run(w, 'ip -o link', POD)).out)![1];
    expect((await run(w, `ethtool -S ${hostVeth}`)).out).toContain(`     peer_ifindex: ${podIndex}\n`);
  });

  it('-k lists features with [fixed]; -K changes what may change and refuses the rest', async () => {
    const w = loadScenario('article');
    const k = (await run(w, 'ethtool -k flannel.1')).out;
    expect(k).toMatch(
      /^Features for flannel.1:\nrx-checksumming: on \[fixed\]\ntx-checksumming: on\n\ttx-checksum-ipv4: off \[fixed\]\n/,
    );
    expect(k).toContain('generic-receive-offload: on\n');
    expect(k).toContain('tx-lockless: on [fixed]\n');
    expect((await run(w, 'ethtool -K flannel.1 gro off')).status).toBe(0);
    expect((await run(w, 'ethtool -k flannel.1 | grep generic-receive')).out).toBe('generic-receive-offload: off\n');
    expect(await run(w, 'ethtool -K flannel.1 lro on')).toEqual({
      out: 'Could not change any device features\n',
      status: 1,
    });
    expect(await run(w, 'ethtool -K flannel.1 nosuch on')).toEqual({
      out: 'ethtool: bad command line argument(s)\nFor more information run ethtool -h\n',
      status: 1,
    });
  });

  it('a missing device, missing stats and bad arguments give ethtool’s messages without crashing', async () => {
    const w = loadScenario('article');
    expect(await run(w, 'ethtool -i nosuch')).toEqual({
      out: 'Cannot get driver information: No such device\n',
      status: 71,
    });
    expect((await run(w, 'ethtool nosuch')).out).toBe(
      'netlink error: no device matches name (offset 24)\nnetlink error: No such device\n',
    );
    expect(await run(w, 'ethtool -S cni0')).toEqual({ out: 'no stats available\n', status: 94 });
    for (const line of ['ethtool', 'ethtool -Z eth0', 'ethtool -K eth0', 'ethtool -K eth0 gro', 'ethtool -i eth0 x']) {
      expect((await run(w, line)).status).toBe(1);
    }
  });
});
