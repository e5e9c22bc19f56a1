/** ps on the article's nodes and pod: the table follows the cluster's pods; formats as procps prints them. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { runLine } from './helpers.js';
import type { World } from '../../sandbox/world/world.js';

const NODE = '10-7-111-92';
const OTHER = '10-7-160-190';
const POD = 'ubuntu-664c5f866b-865jb';

const run = runLine;

function runningPodsOn(w: World, node: string): number {
  return w.cluster!.pods().filter((p) => p.spec.nodeName === node && p.status.phase === 'Running').length;
}

describe('ps', () => {
  it('-ef: header, systemd as pid 1, one shim and pause per running pod, flanneld where flannel runs', async () => {
    const w = loadScenario('article');
    const { out, status } = await run(w, 'ps -ef');
    expect(status).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(lines[1]).toMatch(/^root {11}1 {7}0 {2}0 \w{3}\d\d \? {8}00:00:00 \/sbin\/init$/);
    for (const node of [NODE, OTHER]) {
      const o = (await run(w, 'ps -ef', node)).out;
      expect(o.split('\n').filter((l) => l.endsWith(' /pause')).length).toBe(runningPodsOn(w, node));
      expect(o).toContain('/opt/bin/flanneld --ip-masq --kube-subnet-mgr');
      expect(o).toContain(`--hostname-override=${node}`);
    }
    expect(out).not.toContain('/coredns');
    expect((await run(w, 'ps -ef', OTHER)).out).toContain('/coredns -conf /etc/coredns/Corefile\n');
    expect(lines.at(-1)).toMatch(/ pts\/0 {4}00:00:00 ps -ef$/);
  });

  it('plain ps shows the terminal’s processes; aux has the BSD columns; a pod sees only its own', async () => {
    const w = loadScenario('article');
    expect((await run(w, 'ps')).out).toMatch(
      /^ {4}PID TTY {10}TIME CMD\n +\d+ pts\/0 {4}00:00:00 bash\n +\d+ pts\/0 {4}00:00:00 ps\n$/,
    );
    const aux = (await run(w, 'ps aux')).out.split('\n');
    expect(aux[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(aux[1]).toMatch(/^root {11}1  0\.0 +\d+\.\d +167744 +11520 \? {8}Ss {3}\w{3}\d\d {3}0:00 \/sbin\/init$/);
    const inPod = (await run(w, 'ps -ef', POD)).out.split('\n');
    expect(inPod[1]).toMatch(/^root {11}1 {7}0 .* sleep infinity$/);
    expect(inPod.join('\n')).not.toContain('kubelet');
  });

  it('unknown options fail without crashing', async () => {
    const w = loadScenario('article');
    const r = await run(w, 'ps -Q');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^error: /);
  });
});
