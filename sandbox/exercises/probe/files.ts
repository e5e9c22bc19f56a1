/** Files graders read on a host, e.g. /run/flannel/subnet.env. */
import type { World } from '../../world/world.js';

export function readFile(world: World, host: string, path: string): string | undefined {
  const fs = world.host(host)?.fs;
  try {
    return fs?.exists(path) ? fs.readText(path) : undefined;
  } catch {
    return undefined;
  }
}

/** KEY=VALUE lines (subnet.env) as a map. */
export function envFile(world: World, host: string, path: string): Map<string, string> | undefined {
  const text = readFile(world, host, path);
  if (text === undefined) return undefined;
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) m.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return m;
}

export const SUBNET_ENV = '/run/flannel/subnet.env';
