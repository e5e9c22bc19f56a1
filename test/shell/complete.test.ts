import { describe, expect, it } from 'vitest';
import { completeLine, type CompleteEnv } from '../../sandbox/shell/complete.js';
import { commandRegistry } from '../../sandbox/commands/registry.js';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { bareWorld, NODE, POD } from './helpers.js';

function env(world = bareWorld(), host = NODE): CompleteEnv {
  return {
    world,
    host: world.host(host)!,
    cwd: '/root',
    registry: commandRegistry(),
    aliases: new Map([['k', 'kubectl']]),
  };
}

describe('Tab completion', () => {
  it('completes a unique command with a space, shares a common prefix, lists several', () => {
    expect(completeLine('hostn', env())).toEqual({ insert: 'ame ', candidates: ['hostname'] });
    const r = completeLine('wh', env());
    expect(r.candidates).toEqual(expect.arrayContaining(['which', 'whoami']));
    expect(r.insert).toBeUndefined();
    expect(completeLine('zzz', env())).toEqual({ candidates: [] });
  });

  it('offers only the commands the host has: kubectl on a node, not in an application pod', () => {
    const world = loadScenario('article');
    expect(completeLine('kubec', env(world, '10-7-111-92')).candidates).toEqual(['kubectl']);
    expect(completeLine('kubec', env(world, 'ubuntu-664c5f866b-865jb')).candidates).toEqual([]);
    expect(completeLine('kubectl g', env(world, 'ubuntu-664c5f866b-865jb')).candidates).toEqual([]);
    expect(completeLine('kubectl g', env(world, '10-7-111-92')).candidates).toContain('get');
  });

  it('completes aliases as commands', () => {
    expect(completeLine('k', env()).candidates).toContain('k');
  });

  it('completes ssh with node names only', () => {
    const r = completeLine('ssh 10-7-16', env());
    expect(r).toEqual({ insert: '0-190 ', candidates: ['10-7-160-190'] });
    expect(completeLine('ssh ubuntu', env()).candidates).toEqual([]);
  });

  it('completes pod names and files (directories get a slash)', () => {
    const world = bareWorld();
    world.host(NODE)!.fs.write('/root/capture.pcap', '');
    world.host(NODE)!.fs.mkdirp('/root/dir');
    expect(completeLine('cat cap', env(world))).toEqual({ insert: 'ture.pcap ', candidates: ['capture.pcap'] });
    expect(completeLine('ls di', env(world))).toEqual({ insert: 'r/', candidates: ['dir'] });
    expect(completeLine('cat /etc/cn', env(world))).toEqual({ insert: 'i/', candidates: ['/etc/cni'] });
    expect(completeLine('echo ubuntu-664c5f866b-8', env(world)).candidates).toEqual([POD]);
  });

  it("completes the current host's device names in the article's world", () => {
    const world = loadScenario('article');
    const names = completeLine('tcpdump -i fla', env(world)).candidates;
    expect(names).toContain('flannel.1');
  });
});

describe('Tab completion of ~/', () => {
  it('lists the home directory and keeps ~/ in the word', () => {
    const world = bareWorld();
    world.host(NODE)!.fs.write('/root/notes.txt', '');
    expect(completeLine('cat ~/no', env(world))).toEqual({ insert: 'tes.txt ', candidates: ['~/notes.txt'] });
  });
});
