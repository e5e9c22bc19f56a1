/**
 * Worlds for the shell's tests. The shell needs hosts with a file system; the
 * kernel's namespaces are not its concern, so a bare world gets namespaces with
 * no devices when the scenario has no hosts of its own.
 */
import { World } from '../../sandbox/world/world.js';
import { VirtualFS } from '../../sandbox/world/fs.js';
import type { Host } from '../../sandbox/world/host.js';
import type { Netns } from '../../sandbox/kernel/netns.js';
import { runTranscriptDetailed, type TranscriptOptions } from '../../sandbox/shell/transcript.js';

export const NODE = '10-7-111-92';
export const OTHER_NODE = '10-7-160-190';
export const POD = 'ubuntu-664c5f866b-865jb';

function bareHost(world: World, name: string, kind: Host['kind'], node?: string): Host {
  const fs = new VirtualFS(() => world.clock.now);
  for (const d of kind === 'pod'
    ? ['/root', '/etc', '/tmp']
    : ['/root', '/etc', '/tmp', '/etc/cni/net.d', '/run/flannel'])
    fs.mkdirp(d);
  const ns = { name } as unknown as Netns;
  return { name, kind, fs, ns, node, namespace: kind === 'pod' ? 'default' : undefined, sysctl: new Map() };
}

/** Two nodes and a pod with file systems only. */
export function bareWorld(seed = 1): World {
  const world = new World({ seed });
  world.addHost(bareHost(world, NODE, 'node'));
  world.addHost(bareHost(world, OTHER_NODE, 'node'));
  world.addHost(bareHost(world, POD, 'pod', NODE));
  return world;
}

/** Type `script` on a host of a fresh bare world; fails the test on an internal error. */
export async function transcript(
  script: string,
  opts: TranscriptOptions & { host?: string; world?: World } = {},
): Promise<{ text: string; status: number }> {
  const world = opts.world ?? bareWorld();
  const r = await runTranscriptDetailed(world, opts.host ?? NODE, script, opts);
  if (r.internalErrors.length > 0) throw r.internalErrors[0]!.error;
  return { text: r.text, status: r.status };
}

/** The transcript a script gives, as the lines a reader would expect: `$ cmd` lines are typed. */
export function expected(prompt: string, lines: string[]): string {
  return lines.map((l) => (l.startsWith('$ ') ? prompt + l.slice(2) : l) + '\n').join('');
}

/** What one line typed on `host` prints (its prompt line left out) and its status, read from `$?`. */
export async function runLine(world: World, line: string, host = NODE): Promise<{ out: string; status: number }> {
  const r = await runTranscriptDetailed(world, host, `${line}\necho "rc=$?"`);
  if (r.internalErrors.length > 0) throw r.internalErrors[0]!.error;
  const lines = r.text.split('\n');
  const rcLine = lines.findIndex((l) => l.startsWith('rc='));
  return { out: lines.slice(1, rcLine - 1).join('\n') + '\n', status: Number(lines[rcLine]!.slice(3)) };
}
