/**
 * `ip netns`: list, list-id, identify and exec NAME CMD over the namespaces
 * named under /run/netns (none here: see findNetns), so exec and `ip -n`
 * refuse every name the way iproute2 does.
 */
import type { Host } from '../../../world/host.js';
import type { World } from '../../../world/world.js';
import { ToolExit, isPrefix } from '../iproute2/utils.js';
import type { IpOutput } from '../iproute2/print.js';

const NETNS_USAGE =
  'Usage:\tip netns list\n' +
  '\tip netns add NAME\n' +
  '\tip netns attach NAME PID\n' +
  '\tip netns set NAME NETNSID\n' +
  '\tip [-all] netns delete [NAME]\n' +
  '\tip netns identify [PID]\n' +
  '\tip netns pids NAME\n' +
  '\tip [-all] netns exec [NAME] cmd ...\n' +
  '\tip netns monitor\n' +
  '\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n' +
  'NETNSID := auto | POSITIVE-INT\n';

/**
 * The named namespaces a host can see. The pods' namespaces are not bind-mounted
 * under /run/netns here, which is also why their veths show `link-netnsid N`
 * rather than `link-netns NAME` (reference/README.md), so there are none.
 */
export function findNetns(world: World, host: Host, name: string): Host | undefined {
  void world;
  void host;
  void name;
  return undefined;
}

export type NetnsResult = number | { exec: { host: Host; argv: string[] } };

export function doIpnetns(io: IpOutput, world: World, host: Host, argv: string[]): NetnsResult {
  const w = argv[0];
  if (w === undefined || isPrefix(w, 'list') || w === 'show' || w === 'lst' || w === 'list-id') return 0;
  if (w === 'identify') {
    io.out('\n');
    return 0;
  }
  if (w === 'exec') {
    const name = argv[1];
    if (name === undefined) {
      io.err('No netns name specified\n');
      return 255;
    }
    const pod = findNetns(world, host, name);
    if (!pod) {
      io.err(`Cannot open network namespace "${name}": No such file or directory\n`);
      return 255;
    }
    if (argv.length < 3) {
      io.err('No command specified\n');
      return 1;
    }
    return { exec: { host: pod, argv: argv.slice(2) } };
  }
  if (['add', 'attach', 'set', 'delete', 'del', 'pids', 'monitor'].includes(w)) {
    io.err(`ip netns ${w}: not modelled by this emulator (the pods' namespaces are made by their runtime)\n`);
    return 1;
  }
  if (isPrefix(w, 'help')) {
    io.err(NETNS_USAGE);
    throw new ToolExit(-1);
  }
  io.err(`Command "${w}" is unknown, try "ip netns help".\n`);
  throw new ToolExit(-1);
}
