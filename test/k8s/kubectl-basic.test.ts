import { describe, expect, it } from 'vitest';
import { World } from '../../sandbox/world/world.js';
import { kubectl } from '../../sandbox/commands/k8s/kubectl/index.js';
import { makeHost, runCommand } from './harness.js';
import { humanDuration } from '../../sandbox/k8s/time.js';
import { tabwrite } from '../../sandbox/commands/k8s/kubectl/tabwriter.js';

function world(): World {
  const w = new World({ seed: 7 });
  makeHost(w, '10-7-111-92', 'node');
  makeHost(w, '10-7-160-190', 'node');
  makeHost(w, 'ubuntu-664c5f866b-865jb', 'pod', { node: '10-7-111-92', namespace: 'default' });
  return w;
}

describe('kubectl basics on a hand-built world', () => {
  it('HumanDuration matches apimachinery', () => {
    const s = 1_000_000;
    expect(humanDuration(5 * s)).toBe('5s');
    expect(humanDuration(119 * s)).toBe('119s');
    expect(humanDuration(125 * s)).toBe('2m5s');
    expect(humanDuration(43 * 60 * s)).toBe('43m');
    expect(humanDuration(47 * 3600 * s)).toBe('47h');
    expect(humanDuration((3 * 3600 + 20 * 60) * s)).toBe('3h20m');
    expect(humanDuration(50 * 3600 * s)).toBe('2d2h');
  });

  it('tabwriter pads like kubectl', () => {
    expect(
      tabwrite([
        ['NAME', 'AGE'],
        ['a', '5s'],
      ]),
    ).toBe('NAME   AGE\na      5s\n');
  });

  it('get no / get po -o wide / exec', async () => {
    const w = world();
    const node = w.host('10-7-111-92')!;
    const no = await runCommand(w, node, kubectl, ['kubectl', 'get', 'no']);
    expect(no.stdout).toBe(
      'NAME           STATUS   ROLES    AGE   VERSION\n' +
        '10-7-111-92    Ready    <none>   0s    v1.28.2\n' +
        '10-7-160-190   Ready    <none>   0s    v1.28.2\n',
    );
    const po = await runCommand(w, node, kubectl, ['kubectl', 'get', 'po', '-o', 'wide']);
    expect(po.stdout.split('\n')[0]).toBe(
      'NAME                      READY   STATUS    RESTARTS   AGE   IP       NODE          NOMINATED NODE   READINESS GATES',
    );
    const ex = await runCommand(w, node, kubectl, [
      'kubectl',
      'exec',
      '-it',
      'ubuntu-664c5f866b-865jb',
      '--',
      'ping',
      '10.244.1.3',
    ]);
    expect(ex.execs).toEqual([{ host: 'ubuntu-664c5f866b-865jb', argv: ['ping', '10.244.1.3'] }]);
    const sh = await runCommand(w, node, kubectl, ['kubectl', 'exec', '-it', 'ubuntu-664c5f866b-865jb', '--', 'bash']);
    expect(sh.entered).toEqual(['ubuntu-664c5f866b-865jb']);
    const nf = await runCommand(w, node, kubectl, ['kubectl', 'exec', 'nope', '--', 'ls']);
    expect(nf.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(nf.status).toBe(1);
    const bad = await runCommand(w, node, kubectl, ['kubectl', 'get', 'foo']);
    expect(bad.stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    const empty = await runCommand(w, node, kubectl, ['kubectl', 'get', 'ds']);
    expect(empty.stderr).toBe('No resources found in default namespace.\n');
    const flag = await runCommand(w, node, kubectl, ['kubectl', 'get', 'po', '--bogus']);
    expect(flag.stderr).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
  });
});
