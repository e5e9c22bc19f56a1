/**
 * `ip rule`: the model has Linux's three default rules and no policy routing,
 * so `show` prints them and changes are refused.
 */
import { PT } from '../iproute2/print.js';
import { ToolExit, isPrefix } from '../iproute2/utils.js';
import type { IpEnv } from './env.js';
import { IP_RULE_USAGE } from '../iproute2/usage.js';

const DEFAULT_RULES: [number, string][] = [
  [0, 'local'],
  [32766, 'main'],
  [32767, 'default'],
];

export function doIprule(env: IpEnv, argv: string[]): number {
  const w = argv[0];
  if (w === undefined || isPrefix(w, 'list') || isPrefix(w, 'show') || isPrefix(w, 'lst')) {
    const p = env.p;
    p.newJsonObj(env.o.json, env.o.pretty);
    if (env.o.family !== 'inet6') {
      for (const [prio, table] of DEFAULT_RULES) {
        p.openObject();
        p.uint(PT.ANY, 'priority', '%u:\t', prio);
        p.string(PT.ANY, 'src', 'from %s ', 'all');
        p.string(PT.ANY, 'table', 'lookup %s', table);
        p.fp('\n');
        p.closeObject();
      }
    }
    p.deleteJsonObj();
    return 0;
  }
  if (isPrefix(w, 'help')) {
    env.io.err(IP_RULE_USAGE);
    throw new ToolExit(-1);
  }
  if (isPrefix(w, 'add') || isPrefix(w, 'delete') || isPrefix(w, 'flush')) {
    env.io.err('Error: policy routing rules are not modelled by this emulator.\n');
    return -1;
  }
  env.io.err(`Command "${w}" is unknown, try "ip rule help".\n`);
  throw new ToolExit(-1);
}
