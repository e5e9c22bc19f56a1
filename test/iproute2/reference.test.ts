/**
 * The reference recordings (a real Linux 6.18 kernel with iproute2 6.1 and
 * bridge-utils 1.7.1, same names, addresses and MACs) reproduced byte for
 * byte on scenario `article`. Where the recording's node differs from a real
 * node (its eth0 was a veth end, which also shifted the pods' link-netnsid by
 * one; see reference/README.md), the expected text is adjusted for that only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runTranscript } from '../../sandbox/shell/transcript.js';
import { ipCommand } from '../../sandbox/commands/net/ip/ip.js';
import { runCommand } from './harness.js';

const REF = new URL('./fixtures', import.meta.url).pathname;
const NODE = '10-7-111-92';
const POD = 'ubuntu-664c5f866b-865jb';

function ref(path: string): string {
  return readFileSync(`${REF}/${path}`, 'utf8');
}

/** The recording's eth0 was a veth to the gateway namespace; a real node's is a NIC. */
function asRealNode(text: string): string {
  return text
    .replace(/^2: eth0@if3: (<[^>]*>) mtu 1452 qdisc noqueue state UP/m, '2: eth0: $1 mtu 1452 qdisc fq_codel state UP')
    .replace(/^(    link\/ether 52:54:00:07:6f:5c brd ff:ff:ff:ff:ff:ff) link-netnsid 0$/m, '$1')
    .replace(/link-netnsid (\d+)/g, (_m, n: string) => `link-netnsid ${Number(n) - 1}`);
}

async function show(host: string, line: string): Promise<string> {
  const world = loadScenario('article');
  const r = await runTranscript(world, host, line);
  // Drop the typed line; keep exactly what the command printed.
  return r.text.slice(r.text.indexOf('\n') + 1);
}

describe('ip on scenario article equals the reference', () => {
  it('ip r', async () => {
    expect(await show(NODE, 'ip r')).toBe(ref('vxlan/node111-ip-r.txt'));
  });

  it('ip addr', async () => {
    expect(await show(NODE, 'ip addr')).toBe(asRealNode(ref('vxlan/node111-ip-addr.txt')));
  });

  it('ip link', async () => {
    expect(await show(NODE, 'ip link')).toBe(asRealNode(ref('vxlan/node111-ip-link.txt')));
  });

  it('ip -d link show cni0 (the live gc_timer aside)', async () => {
    const gc = /gc_timer +\d+\.\d\d/;
    const got = await show(NODE, 'ip -d link show cni0');
    const want = ref('vxlan/node111-ip-d-link-show-cni0.txt');
    expect(got).toMatch(gc);
    expect(got.replace(gc, 'gc_timer X')).toBe(want.replace(gc, 'gc_timer X'));
  });

  it('ip -d link show flannel.1', async () => {
    expect(await show(NODE, 'ip -d link show flannel.1')).toBe(ref('vxlan/node111-ip-d-link-show-flannel.1.txt'));
  });

  it('ip neigh show dev flannel.1', async () => {
    expect(await show(NODE, 'ip neigh show dev flannel.1')).toBe(ref('vxlan/node111-ip-neigh-show-dev-flannel.1.txt'));
  });

  it('ip route get 10.244.0.4', async () => {
    expect(await show(NODE, 'ip route get 10.244.0.4')).toBe(ref('vxlan/node111-ip-route-get-10.244.0.4.txt'));
  });

  it('in pod 10.244.1.2: ip r and ip addr', async () => {
    expect(await show(POD, 'ip r')).toBe(ref('vxlan/pod-10-244-1-2-ip-r.txt'));
    expect(await show(POD, 'ip addr')).toBe(ref('vxlan/pod-10-244-1-2-ip-addr.txt'));
  });

  it('abbreviations reach the same objects', async () => {
    const full = await show(NODE, 'ip route show');
    for (const l of ['ip r', 'ip ro', 'ip route list', 'ip r s', 'ip -4 r']) expect(await show(NODE, l)).toBe(full);
    expect(await show(NODE, 'ip -d l sh flannel.1')).toBe(ref('vxlan/node111-ip-d-link-show-flannel.1.txt'));
    expect(await show(NODE, 'ip a')).toBe(await show(NODE, 'ip addr show'));
    expect(await show(NODE, 'ip l')).toBe(await show(NODE, 'ip link show'));
    expect(await show(NODE, 'ip n show dev flannel.1')).toBe(ref('vxlan/node111-ip-neigh-show-dev-flannel.1.txt'));
  });
});

describe('bridge and brctl on scenario article equal the reference', () => {
  it('brctl show', async () => {
    expect(await show(NODE, 'brctl show')).toBe(ref('vxlan/node111-brctl-show.txt'));
    expect(await show(NODE, 'brctl show cni0')).toBe(ref('vxlan/node111-brctl-show.txt'));
  });

  it('bridge fdb show dev flannel.1', async () => {
    expect(await show(NODE, 'bridge fdb show dev flannel.1')).toBe(
      ref('vxlan/node111-bridge-fdb-show-dev-flannel.1.txt'),
    );
  });
});

interface Step {
  cmd: string;
  stdout: string;
  stderr: string;
  code: number;
}

function steps(path: string): Step[] {
  return ref(path)
    .split(/^=== step /m)
    .slice(1)
    .map((s) => ({
      cmd: /^\$ (.*)$/m.exec(s)![1]!,
      stdout: /--- stdout \(\d+ bytes\) ---\n([\s\S]*?)--- stderr/.exec(s)![1]!,
      stderr: /--- stderr \(\d+ bytes\) ---\n([\s\S]*?)--- exit code/.exec(s)![1]!,
      code: Number(/--- exit code: (\d+) ---/.exec(s)![1]),
    }));
}

describe('reference/failures/ip-errors.txt, step by step', () => {
  const all = steps('failures/ip-errors.txt');
  // One world for the whole file, as it was recorded: vxtest is added, shown and deleted.
  const world = loadScenario('article');

  it('has the 35 recorded steps', () => {
    expect(all).toHaveLength(35);
  });

  for (const [i, s] of all.entries()) {
    it(`step ${i + 1}: ${s.cmd}`, async () => {
      const before =
        (await runCommand(ipCommand, world, NODE, 'ip -d addr')).stdout +
        (await runCommand(ipCommand, world, NODE, 'ip route show table all')).stdout;
      const r = await runCommand(ipCommand, world, NODE, s.cmd);
      // vxtest gets a random MAC from the kernel, as on Linux.
      const mac = /link\/ether ([0-9a-f:]{17}) brd/;
      const want =
        s.cmd === 'ip -d link show vxtest'
          ? s.stdout.replace(mac, `link/ether ${mac.exec(r.stdout)?.[1] ?? '?'} brd`)
          : s.stdout;
      expect({ stdout: r.stdout, stderr: r.stderr, code: r.status }).toEqual({
        stdout: want,
        stderr: s.stderr,
        code: s.code,
      });
      if (s.code !== 0) {
        const after =
          (await runCommand(ipCommand, world, NODE, 'ip -d addr')).stdout +
          (await runCommand(ipCommand, world, NODE, 'ip route show table all')).stdout;
        expect(after).toBe(before);
      }
    });
  }
});

describe('reference/failures/vxlan-route-deleted.txt: the ip steps', () => {
  it('deleting and restoring the flannel.1 route prints what Linux printed', async () => {
    const world = loadScenario('article');
    for (const s of steps('failures/vxlan-route-deleted.txt')) {
      if (!s.cmd.startsWith('ip ')) continue;
      const r = await runCommand(ipCommand, world, NODE, s.cmd);
      expect({ cmd: s.cmd, stdout: r.stdout, stderr: r.stderr, code: r.status }).toEqual({
        cmd: s.cmd,
        stdout: s.stdout,
        stderr: s.stderr,
        code: s.code,
      });
    }
    expect((await runCommand(ipCommand, world, NODE, 'ip r')).stdout).toBe(ref('vxlan/node111-ip-r.txt'));
  });
});
