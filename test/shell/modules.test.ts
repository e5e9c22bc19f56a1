/** lsmod/modprobe on the article's node: the list, errors, and br_netfilter's sysctls following it. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runLine } from './helpers.js';

const POD = 'ubuntu-664c5f866b-865jb';

const run = runLine;

describe('lsmod and modprobe', () => {
  it('lsmod prints columns with holders, and a pod sees its node’s modules', async () => {
    const w = loadScenario('article');
    const out = (await run(w, 'lsmod')).out;
    expect(out.startsWith('Module                  Size  Used by\nvxlan                 110592  0\n')).toBe(true);
    expect(out).toContain('ip6_udp_tunnel         16384  1 vxlan\n');
    expect(out).toContain('bridge                311296  1 br_netfilter\n');
    expect(out).toContain('llc                    16384  2 bridge,stp\n');
    expect((await run(w, 'lsmod', POD)).out).toBe(out);
  });

  it('modprobe -r br_netfilter removes the bridge-nf-call sysctls; modprobe puts all three back', async () => {
    const w = loadScenario('article');
    expect((await run(w, 'sysctl -a | grep bridge-nf')).out).toBe('net.bridge.bridge-nf-call-iptables = 1\n');
    expect(await run(w, 'modprobe -r br_netfilter')).toEqual({ out: '\n', status: 0 });
    expect((await run(w, 'sysctl -a | grep -c bridge-nf')).out).toBe('0\n');
    expect((await run(w, 'lsmod | grep -c br_netfilter')).out).toBe('0\n');
    expect((await run(w, 'lsmod | grep ^bridge')).out).toBe('bridge                311296  0\n');
    expect(await run(w, 'modprobe br_netfilter')).toEqual({ out: '\n', status: 0 });
    expect((await run(w, 'sysctl -a | grep bridge-nf')).out).toBe(
      'net.bridge.bridge-nf-call-arptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-iptables = 1\n',
    );
    expect((await run(w, 'lsmod | head -2 | tail -1')).out).toBe('br_netfilter           32768  0\n');
  });

  it('errors as kmod prints them', async () => {
    const w = loadScenario('article');
    expect(await run(w, 'modprobe nosuch')).toEqual({
      out: 'modprobe: FATAL: Module nosuch not found in directory /lib/modules/6.1.0-9-amd64\n',
      status: 1,
    });
    expect(await run(w, 'modprobe -r nosuch')).toEqual({
      out: 'modprobe: FATAL: Module nosuch not found.\n',
      status: 1,
    });
    expect(await run(w, 'modprobe -r dummy')).toEqual({
      out: 'modprobe: FATAL: Module dummy is not in kernel.\n',
      status: 1,
    });
    expect(await run(w, 'modprobe -r bridge')).toEqual({
      out: 'modprobe: FATAL: Module bridge is in use.\n',
      status: 1,
    });
    expect(await run(w, 'modprobe')).toEqual({ out: 'modprobe: FATAL: Module name required.\n', status: 1 });
    expect((await run(w, 'uname -r')).out).toBe('6.1.0-9-amd64\n');
  });
});
