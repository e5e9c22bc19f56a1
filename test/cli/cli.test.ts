import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'sandbox/cli.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function run(args: string[], input?: string, cwd = ROOT): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd, input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('npm run sandbox', () => {
  it('types stdin lines and prints the transcript, exit 0', () => {
    const r = run(['--scenario', 'article'], 'hostname\necho ok\n');
    expect(r.stdout).toBe('root@10-7-111-92:~# hostname\n10-7-111-92\nroot@10-7-111-92:~# echo ok\nok\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('--script FILE with @N and ^C lines, and failing commands still exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    const script = join(dir, 's.txt');
    writeFileSync(script, 'sleep 100\n@2 ^C\nnosuch\ndate\n');
    const r = run(['--script', script]);
    expect(r.stdout).toBe(
      'root@10-7-111-92:~# sleep 100\n^C\nroot@10-7-111-92:~# nosuch\nbash: nosuch: command not found\nroot@10-7-111-92:~# date\nMon May 15 18:00:02 CST 2023\n',
    );
    expect(r.status).toBe(0);
  });

  it('rejects an unknown scenario and argument with status 2', () => {
    expect(run(['--scenario', 'nope']).status).toBe(2);
    const r = run(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown argument: --bogus');
  });

  it('download copies a plain file name into the real current directory, never over a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-dl-'));
    writeFileSync(join(dir, 'taken.txt'), 'mine');
    const r = run(
      [],
      "printf 'abc' > a.txt\ndownload a.txt\nprintf x > taken.txt\ndownload taken.txt\ndownload ../etc\n",
      dir,
    );
    expect(r.stdout).toContain('download a.txt\nsaved a.txt (3 bytes)\n');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('abc');
    expect(r.stdout).toContain('download taken.txt\ndownload: taken.txt: a file of that name exists');
    expect(readFileSync(join(dir, 'taken.txt'), 'utf8')).toBe('mine');
    expect(r.stdout).toContain('download: ../etc: give a plain file name');
    expect(existsSync(join(dir, 'etc'))).toBe(false);
    expect(r.status).toBe(0);
  });
});

describe('npm run sandbox -- --exercise', () => {
  it('lists exercises as ID  title and refuses an unknown one', () => {
    const r = run(['--exercise', 'list']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*  \S/);
    expect(run(['--exercise', 'no-such-exercise']).status).toBe(2);
  });
});
