/**
 * Tab completion: command names first, then each command's own words
 * (subcommands, flags), then names the world knows (hosts, network devices,
 * pods) and files.
 */
import type { Command, CompletionContext } from './command.js';
import { lookupCommand } from './command.js';
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';
import { roughWords } from './parser.js';
import { normalizePath } from '../world/fs.js';

export interface CompleteEnv {
  world: World;
  host: Host;
  cwd: string;
  registry: ReadonlyMap<string, Command>;
  aliases: ReadonlyMap<string, string>;
}

export interface Completion {
  /** Text to insert at the cursor (a unique match, or the candidates' common prefix). */
  insert?: string;
  /** Every match, for the listing on a second Tab. */
  candidates: string[];
}

function commonPrefix(items: string[]): string {
  if (items.length === 0) return '';
  let p = items[0]!;
  for (const it of items) {
    while (!it.startsWith(p)) p = p.slice(0, -1);
  }
  return p;
}

/** Device names of a host's netns, when the kernel model offers them. */
function deviceNames(host: Host): string[] {
  const ns = host.ns as unknown as { devices?: () => Iterable<{ name: string }> };
  if (typeof ns.devices !== 'function') return [];
  try {
    return [...ns.devices()].map((d) => d.name);
  } catch {
    return [];
  }
}

function fileCandidates(env: CompleteEnv, partial: string): { names: string[]; dirs: Set<string> } {
  const slash = partial.lastIndexOf('/');
  const dirPart = slash >= 0 ? partial.slice(0, slash + 1) : '';
  // `~/` lists the home directory and stays `~/` in what is inserted.
  const real = dirPart.startsWith('~/') ? `/root/${dirPart.slice(2)}` : dirPart;
  const dir = normalizePath(real === '' ? '.' : real, env.cwd);
  const dirs = new Set<string>();
  let names: string[] = [];
  try {
    names = env.host.fs.list(dir).map((n) => {
      const full = dirPart + n;
      if (env.host.fs.isDir(normalizePath(n, dir))) dirs.add(full);
      return full;
    });
  } catch {
    names = [];
  }
  return { names, dirs };
}

export function completeLine(before: string, env: CompleteEnv): Completion {
  const words = roughWords(before);
  const partial = words[words.length - 1] ?? '';
  let pool: string[];
  let dirs = new Set<string>();
  if (words.length <= 1) {
    // Only what this host has: a pod's image has no kubectl, so Tab must not offer it there.
    const present = [...env.registry.keys()].filter((n) => lookupCommand(env.registry, n, env.host));
    pool = [...new Set([...present, ...env.aliases.keys()])];
    if (partial.includes('/')) {
      const f = fileCandidates(env, partial);
      pool = f.names;
      dirs = f.dirs;
    }
  } else {
    let name = words[0]!;
    const alias = env.aliases.get(name);
    if (alias !== undefined) name = alias.split(/\s+/)[0] ?? name;
    const command = lookupCommand(env.registry, name, env.host);
    const cctx: CompletionContext = { world: env.world, host: env.host, cwd: env.cwd };
    let own: string[] = [];
    try {
      own = command?.complete?.(cctx, words.slice(1)) ?? [];
    } catch {
      own = [];
    }
    pool = own.filter((c) => c.startsWith(partial));
    if (pool.length === 0) {
      const world =
        name === 'ssh'
          ? env.world.hosts('node').map((h) => h.name)
          : [
              ...deviceNames(env.host),
              ...env.world.hosts('pod').map((h) => h.name),
              ...env.world.hosts('node').map((h) => h.name),
            ];
      const f = fileCandidates(env, partial);
      dirs = f.dirs;
      pool = name === 'ssh' ? world : [...world, ...f.names];
    }
  }
  const candidates = [...new Set(pool.filter((c) => c.startsWith(partial)))].sort();
  if (candidates.length === 0) return { candidates };
  if (candidates.length === 1) {
    const only = candidates[0]!;
    const rest = only.slice(partial.length) + (dirs.has(only) ? '/' : ' ');
    return { insert: rest, candidates };
  }
  const prefix = commonPrefix(candidates);
  if (prefix.length > partial.length) return { insert: prefix.slice(partial.length), candidates };
  return { candidates };
}
