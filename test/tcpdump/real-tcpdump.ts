/**
 * Running the real tcpdump (Debian's package) as the oracle. A missing binary
 * fails the test with what to install, unless SKIP_REAL_TCPDUMP=1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/tcpdump', '/usr/sbin/tcpdump'];

export const skipRealTcpdump = process.env['SKIP_REAL_TCPDUMP'] === '1';

export function realTcpdump(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('the real tcpdump is missing: apt-get install tcpdump (or set SKIP_REAL_TCPDUMP=1)');
  return found;
}

let dir: string | undefined;

export function writeTemp(name: string, bytes: Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'flannel-lab-tcpdump-'));
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** stdout of `tcpdump -r FILE ARGS…` in UTC; stderr is dropped (the `reading from file` line). */
export function runRealTcpdump(file: string, args: string[]): string {
  return execFileSync(realTcpdump(), ['-r', file, ...args], {
    env: { ...process.env, TZ: 'UTC' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** stdout, stderr and exit status of `tcpdump -r FILE ARGS…` in UTC. */
export function runRealTcpdumpFull(file: string, args: string[]): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(realTcpdump(), ['-r', file, ...args], { env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}
