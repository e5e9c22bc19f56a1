/**
 * The exercises through `npm run sandbox`: the list, and one exercise solved
 * from a script, exactly as a reader would do it in a real terminal.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { allExercises } from '../../sandbox/exercises/index.js';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'sandbox/cli.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function run(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('npm run sandbox -- --exercise', () => {
  it('list prints every exercise as `ID  title`', () => {
    const r = run(['--exercise', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      allExercises()
        .map((e) => `${e.id}  ${e.title.en}\n`)
        .join(''),
    );
  });

  it('ID starts the exercise on its host with the fault in place; check grades what was done', () => {
    const r = run(
      ['--exercise', 'restore-neighbour'],
      'ip neigh show dev flannel.1\ncheck\nip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent\ncheck --lang zh\n',
    );
    const P = 'root@10-7-111-92:~# ';
    expect(r.stdout).toBe(
      `${P}ip neigh show dev flannel.1\n` +
        `${P}check\n` +
        '[ ] flannel.1 has the neighbour entry 10.244.0.0 lladdr be:1d:47:c2:90:0a PERMANENT\n' +
        '[ ] the latest cross-node ping from a pod on 10-7-111-92 to 10.244.0.0/24 got a reply\n' +
        'score: 0% (0/2)\n' +
        `${P}ip neigh replace 10.244.0.0 lladdr be:1d:47:c2:90:0a dev flannel.1 nud permanent\n` +
        `${P}check --lang zh\n` +
        '[x] flannel.1 上有邻居表项 10.244.0.0 lladdr be:1d:47:c2:90:0a PERMANENT\n' +
        '[ ] 最近一次从 10-7-111-92 上的 Pod 跨节点 ping 10.244.0.0/24 收到了回复\n' +
        'score: 50% (1/2)\n',
    );
    expect(r.status).toBe(0);
  });

  it('refuses an unknown exercise', () => {
    const r = run(['--exercise', 'no-such-exercise']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no exercise no-such-exercise');
  });
});
