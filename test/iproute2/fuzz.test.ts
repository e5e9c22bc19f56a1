/**
 * Random command lines — from the grammar of ip, bridge, brctl, arp and route,
 * and plain garbage — never throw out of a command, always return an exit
 * status, and leave a world every listing command can still print.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { ipCommand } from '../../sandbox/commands/net/ip/ip.js';
import { bridgeCommand } from '../../sandbox/commands/net/bridge.js';
import { brctlCommand } from '../../sandbox/commands/net/brctl.js';
import { arpCommand } from '../../sandbox/commands/net/arp.js';
import { routeCommand } from '../../sandbox/commands/net/route.js';
import type { Command } from '../../sandbox/shell/command.js';
import { runCommand } from './harness.js';

const NODE = '10-7-111-92';
const COMMANDS: Record<string, Command> = {
  ip: ipCommand,
  bridge: bridgeCommand,
  brctl: brctlCommand,
  arp: arpCommand,
  route: routeCommand,
};

const word = fc.constantFrom(
  'ip',
  'bridge',
  'brctl',
  'arp',
  'route',
  '-d',
  '-s',
  '-j',
  '-p',
  '-4',
  '-6',
  '-o',
  '-br',
  '-n',
  '-a',
  '-e',
  '-x',
  '--',
  'link',
  'l',
  'addr',
  'a',
  'route',
  'r',
  'ro',
  'neigh',
  'n',
  'rule',
  'fdb',
  'show',
  'sh',
  'set',
  'add',
  'del',
  'delete',
  'replace',
  'append',
  'prepend',
  'change',
  'flush',
  'get',
  'list',
  'help',
  'showmacs',
  'addbr',
  'delbr',
  'addif',
  'delif',
  'hairpin',
  'stp',
  'dev',
  'br',
  'brport',
  'master',
  'nomaster',
  'up',
  'down',
  'mtu',
  'address',
  'name',
  'type',
  'peer',
  'veth',
  'bridge',
  'vxlan',
  'dummy',
  'bridge_slave',
  'id',
  'local',
  'remote',
  'dstport',
  'nolearning',
  'learning',
  'ttl',
  'srcport',
  'via',
  'onlink',
  'scope',
  'link',
  'host',
  'global',
  'proto',
  'kernel',
  'static',
  'metric',
  'table',
  'all',
  'main',
  'src',
  'from',
  'to',
  'blackhole',
  'unreachable',
  'lladdr',
  'nud',
  'permanent',
  'reachable',
  'stale',
  'self',
  'dst',
  'on',
  'off',
  'default',
  'brd',
  '+',
  'label',
  'eth0',
  'flannel.1',
  'cni0',
  'veth4891a1c9',
  'vethc408576a',
  'lo',
  'x0',
  'br9',
  'nosuch',
  '10.244.0.0',
  '10.244.0.0/24',
  '10.244.9.0/24',
  '10.7.0.1',
  '10.7.160.190',
  '10.244.1.7/24',
  '1.2.3',
  '0/0',
  '10.244.0.256',
  '10.0.0.0/33',
  '255.255.255.255',
  'be:1d:47:c2:90:0a',
  '02:00:00:00:00:01',
  'zz:zz',
  '1500',
  '1402',
  '70000',
  '0',
  '-1',
  '8472',
  '42',
  '99999999999',
  '',
);
const garbage = fc.string({ maxLength: 12 });
const line = fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: garbage }), {
  minLength: 1,
  maxLength: 9,
});

const LISTINGS = [
  'ip -d addr',
  'ip route show table all',
  'ip neigh show nud all',
  'ip -s -d link',
  'bridge fdb show',
  'bridge -d link',
  'brctl show',
  'arp -n',
  'route -n',
  'ip -j -d addr',
];

describe('fuzz: ip, bridge, brctl, arp and route', () => {
  it('never throw and keep the world printable', async () => {
    const world = loadScenario('article');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(COMMANDS)), line, async (tool, words) => {
        const cmd = COMMANDS[tool]!;
        const quoted = [tool, ...words].map((w) => `'${w.replace(/'/g, '')}'`).join(' ');
        const r = await runCommand(cmd, world, NODE, quoted);
        expect(Number.isInteger(r.status)).toBe(true);
        expect(r.status).toBeGreaterThanOrEqual(0);
        expect(r.status).toBeLessThanOrEqual(255);
        if (++n % 50 === 0) {
          for (const l of LISTINGS) {
            const tool2 = l.split(' ')[0]!;
            const out = await runCommand(COMMANDS[tool2]!, world, NODE, l);
            expect(out.status, `${l}\n${out.stderr}`).toBe(0);
            if (l.startsWith('ip -j')) expect(() => JSON.parse(out.stdout)).not.toThrow();
          }
        }
      }),
      { numRuns: 4000, seed: 20230515 },
    );
  });

  it('structured changes (links, addresses, routes, neighbours, FDB) keep every listing consistent', async () => {
    const world = loadScenario('article');
    const dev = fc.constantFrom('eth0', 'flannel.1', 'cni0', 'veth4891a1c9', 'x0', 'x1', 'br9', 'vx9');
    const ip4 = fc.tuple(fc.constantFrom(10, 192), fc.nat(3), fc.nat(3), fc.nat(255)).map((a) => a.join('.'));
    const pfx = fc.tuple(ip4, fc.integer({ min: 0, max: 32 })).map(([a, l]) => `${a}/${l}`);
    const mac = fc
      .tuple(fc.nat(255), fc.nat(255))
      .map(([a, b]) => `02:00:00:00:${a.toString(16).padStart(2, '0')}:${b.toString(16).padStart(2, '0')}`);
    const cmd = fc.oneof(
      fc.tuple(dev, dev).map(([a, b]) => `ip link add ${a} type veth peer name ${b}`),
      dev.map((a) => `ip link add ${a} type bridge`),
      fc.tuple(dev, fc.nat(20)).map(([a, id]) => `ip link add ${a} type vxlan id ${id} dev eth0 dstport 4789`),
      fc
        .tuple(dev, fc.constantFrom('up', 'down', 'nomaster', 'mtu 1300', 'mtu 9000', 'master cni0', 'master br9'))
        .map(([a, c]) => `ip link set ${a} ${c}`),
      dev.map((a) => `ip link del ${a}`),
      fc.tuple(pfx, dev).map(([p, d]) => `ip addr add ${p} dev ${d}`),
      fc.tuple(pfx, dev).map(([p, d]) => `ip addr del ${p} dev ${d}`),
      fc
        .tuple(pfx, ip4, dev, fc.boolean())
        .map(([p, g, d, o]) => `ip route add ${p} via ${g} dev ${d}${o ? ' onlink' : ''}`),
      fc.tuple(pfx, dev).map(([p, d]) => `ip route replace ${p} dev ${d} metric 5`),
      pfx.map((p) => `ip route del ${p}`),
      fc.tuple(ip4, mac, dev).map(([a, m, d]) => `ip neigh replace ${a} lladdr ${m} dev ${d} nud permanent`),
      fc.tuple(ip4, dev).map(([a, d]) => `ip neigh del ${a} dev ${d}`),
      fc.tuple(mac, dev, ip4).map(([m, d, a]) => `bridge fdb append ${m} dev ${d} dst ${a} self permanent`),
      fc.tuple(mac, dev).map(([m, d]) => `bridge fdb del ${m} dev ${d}`),
      fc.tuple(dev, dev).map(([b, d]) => `brctl addif ${b} ${d}`),
      dev.map((d) => `ip route flush dev ${d}`),
      dev.map((d) => `ip addr flush dev ${d}`),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(cmd, async (text) => {
        const tool = text.split(' ')[0]!;
        const r = await runCommand(COMMANDS[tool]!, world, NODE, text);
        expect([0, 1, 2, 255]).toContain(r.status);
        if (r.status === 0) expect(r.stderr).toBe('');
        if (++n % 20 === 0) {
          for (const l of LISTINGS) {
            const out = await runCommand(COMMANDS[l.split(' ')[0]!]!, world, NODE, l);
            expect(out.status, `${l}\n${out.stderr}`).toBe(0);
            if (l.startsWith('ip -j')) expect(() => JSON.parse(out.stdout)).not.toThrow();
          }
        }
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});
