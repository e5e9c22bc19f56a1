/** Tab completion for ip and bridge, through the shell's completer. */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sandbox/scenarios/index.js';
import { completeLine } from '../../sandbox/shell/complete.js';
import { commandRegistry } from '../../sandbox/commands/registry.js';

function complete(line: string): { insert?: string; candidates: string[] } {
  const world = loadScenario('article');
  const host = world.host('10-7-111-92')!;
  return completeLine(line, { world, host, cwd: '/root', registry: commandRegistry(), aliases: new Map() });
}

describe('completion', () => {
  it('offers objects, then commands, then device names', () => {
    expect(complete('ip ').candidates).toEqual(['address', 'link', 'neighbour', 'route', 'rule']);
    expect(complete('ip ro').insert).toBe('ute ');
    expect(complete('ip -d link s').candidates).toEqual(['set', 'show']);
    expect(complete('ip route ').candidates).toEqual(['add', 'append', 'del', 'flush', 'get', 'replace', 'show']);
    expect(complete('ip link add x type v').candidates).toEqual(['veth', 'vxlan']);
    expect(complete('ip -d link show fla').insert).toBe('nnel.1 ');
    expect(complete('bridge fdb show dev ve').candidates).toEqual(['veth4891a1c9', 'vethc408576a']);
    expect(complete('bridge f').insert).toBe('db ');
  });
});
