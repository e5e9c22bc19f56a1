/**
 * Commands the reference does not cover, recorded on the same kernel and
 * tools (fixtures/real-linux, see fixtures/README.md) and reproduced on
 * scenario `article`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';

const NODE = '10-7-111-92';

const CASES: Record<string, string> = {
  'arp-n': 'arp -n',
  'route-n': 'route -n',
  'bridge-link': 'bridge link',
  'bridge-d-link': 'bridge -d link',
  'bridge-j-link': 'bridge -j link',
  'bridge-j-fdb-show-dev-flannel.1': 'bridge -j fdb show dev flannel.1',
  'bridge-fdb-show': 'bridge fdb show',
  'bridge-fdb-show-br-cni0': 'bridge fdb show br cni0',
  'bridge-fdb-show-dev-veth4891a1c9': 'bridge fdb show dev veth4891a1c9',
  'ip-j-r': 'ip -j r',
  'ip-j-p-r': 'ip -j -p r',
  'ip-o-4-a': 'ip -o -4 a',
  'ip-r-show-table-local': 'ip route show table local',
  'ip-d-r': 'ip -d r',
  'ip-j-d-link-show-flannel.1': 'ip -j -d link show flannel.1',
  'ip-j-d-link-show-cni0': 'ip -j -d link show cni0',
  'ip-route-get-local': 'ip route get 10.244.1.1',
  'ip-route-get-pod': 'ip route get 10.244.1.3',
  'ip-j-route-get': 'ip -j route get 10.244.0.4',
  'ip-r-show-dev-cni0': 'ip r show dev cni0',
  'ip-r-show-proto-kernel': 'ip r show proto kernel',
  'ip-route-show-10.244.0.0-24': 'ip route show 10.244.0.0/24',
  'ip-route-show-match': 'ip route show match 10.244.0.4',
  'ip-rule': 'ip rule',
  'ip-6-a': 'ip -6 a',
  'ip-route-show-table-all': 'ip route show table all',
  'ip-6-r': 'ip -6 r',
  'ip-route-get-from': 'ip route get 10.244.0.4 from 10.244.1.1',
  'ip-route-get-zero': 'ip route get 0.0.0.0',
  'ip-6-route-show-table-local': 'ip -6 route show table local',
  'ip-route-get-broadcast': 'ip route get 10.7.255.255',
  'ip-d-route-get': 'ip -d route get 10.244.0.4',
  'ip-j-addr-show-cni0': 'ip -j addr show cni0',
  'ip-j-p-addr-show-flannel.1': 'ip -j -p addr show flannel.1',
  'ip-j-p-link-show-flannel.1': 'ip -j -p link show flannel.1',
  'ip-o-link-show-cni0': 'ip -o link show cni0',
  'ip-link-show-type-bridge': 'ip link show type bridge',
  'ip-d-addr-show-flannel.1': 'ip -d addr show flannel.1',
  'ip-s-s-link-show-lo': 'ip -s -s link show lo',
  'ip-neigh-show-nud-permanent': 'ip neigh show nud permanent',
  'ip-4-neigh': 'ip -4 neigh',
  'ip-route-get-8.8.8.8': 'ip route get 8.8.8.8',
  'ip-bad-option': 'ip -q r',
  'ip-link-set-cni0-down': 'ip link set cni0 down; ip r; ip link show cni0; ip link set cni0 up; ip r',
  'ip-route-add-more':
    'ip route add 192.168.5.0/24 dev cni0 metric 100; ip route add blackhole 10.99.0.0/16; ip route add unreachable 10.98.0.0/16; ip route append 10.97.0.0/16 via 10.7.0.1; ip r; route -n; ip route del 10.97.0.0/16; ip route flush proto boot; ip r',
};

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/real-linux/${name}.txt`, import.meta.url), 'utf8');
}

async function output(line: string): Promise<string> {
  const r = await runTranscript(loadScenario('article'), NODE, line);
  return r.text.slice(r.text.indexOf('\n') + 1);
}

describe('commands beyond the reference, against real Linux', () => {
  for (const [name, line] of Object.entries(CASES)) {
    it(`${line}`, async () => {
      const gc = /"gc_timer":\d+\.\d\d/;
      let got = await output(line);
      let want = fixture(name);
      if (gc.test(want)) {
        expect(got).toMatch(gc);
        got = got.replace(gc, '"gc_timer":X');
        want = want.replace(gc, '"gc_timer":X');
      }
      expect(got).toBe(want);
    });
  }

  it('ip addr add/del with a secondary, a label and a wildcard delete', async () => {
    const world = loadScenario('article');
    const r = await runTranscript(
      world,
      NODE,
      'ip addr add 10.244.1.9/24 dev cni0\nip addr add 10.8.0.1/16 brd + dev cni0 label cni0:1\nip -4 a show dev cni0\nip addr del 10.244.1.9/24 dev cni0\nip addr del 10.8.0.1 dev cni0\nip -4 a show cni0',
    );
    expect(r.text).toBe(
      [
        'root@10-7-111-92:~# ip addr add 10.244.1.9/24 dev cni0',
        'root@10-7-111-92:~# ip addr add 10.8.0.1/16 brd + dev cni0 label cni0:1',
        'root@10-7-111-92:~# ip -4 a show dev cni0',
        '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1402 qdisc noqueue state UP group default qlen 1000',
        '    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0',
        '       valid_lft forever preferred_lft forever',
        '    inet 10.8.0.1/16 brd 10.8.255.255 scope global cni0:1',
        '       valid_lft forever preferred_lft forever',
        '    inet 10.244.1.9/24 scope global secondary cni0',
        '       valid_lft forever preferred_lft forever',
        'root@10-7-111-92:~# ip addr del 10.244.1.9/24 dev cni0',
        'root@10-7-111-92:~# ip addr del 10.8.0.1 dev cni0',
        'Warning: Executing wildcard deletion to stay compatible with old scripts.',
        '         Explicitly specify the prefix length (10.8.0.1/32) to avoid this warning.',
        '         This special behaviour is likely to disappear in further releases,',
        '         fix your scripts!',
        'root@10-7-111-92:~# ip -4 a show cni0',
        '4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1402 qdisc noqueue state UP group default qlen 1000',
        '    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    );
  });
});

/** brctl showstp's live timers (the bridge's gc work, a port's forward delay) read 0.00 in the fixture. */
function maskTimers(text: string): string {
  return text.replace(/(gc timer\t\t|forward delay timer\t) *\d+\.\d\d/g, '$1   0.00');
}

async function replay(name: string, steps: number, scenario: 'article' | 'fresh' = 'article'): Promise<void> {
  const world = loadScenario(scenario);
  const blocks = fixture(name).split(/^\$ /m).slice(1);
  expect(blocks.length).toBe(steps);
  for (const b of blocks) {
    const cmd = b.slice(0, b.indexOf('\n'));
    const r = await runTranscript(world, NODE, `${cmd}\necho "[exit $?]"`);
    const got = maskTimers(r.text)
      .split('\n')
      .filter((l) => !l.startsWith('root@'))
      .join('\n');
    expect(`$ ${cmd}\n${got}`).toBe(`$ ${b}`);
  }
}

describe('sequences of changes and errors, step by step, against real Linux', () => {
  it('bridge fdb changes, bridge and arp errors (fixtures/real-linux/fdb-arp-errors.txt)', async () => {
    await replay('fdb-arp-errors', 20);
  });

  it('ip link/addr/route/neigh changes and errors (fixtures/real-linux/ip-changes-and-errors.txt)', async () => {
    await replay('ip-changes-and-errors', 44);
  });

  it('usage texts and parse errors of ip, bridge and arp (fixtures/real-linux/usage-and-parse-errors.txt)', async () => {
    await replay('usage-and-parse-errors', 32, 'fresh');
  });

  it('route and arp of net-tools: -e, -ee, -i, route add/del (fixtures/real-linux/net-tools.txt)', async () => {
    await replay('net-tools', 24);
  });

  it('ip route get iif/oif/fibmatch, ip neigh get, ip maddr (fixtures/real-linux/route-get-neigh-get-maddr.txt)', async () => {
    await replay('route-get-neigh-get-maddr', 16);
  });

  it('show filters and -s/-d/-j/-br/-o formats (fixtures/real-linux/filters-and-formats.txt)', async () => {
    await replay('filters-and-formats', 27);
  });

  it('brctl show, showmacs, showstp and its errors (fixtures/real-linux/brctl.txt)', async () => {
    await replay('brctl', 30);
  });
});
