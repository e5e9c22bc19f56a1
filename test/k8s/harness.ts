/**
 * Run one command with a minimal CommandContext (until the shell's
 * runTranscript covers a test, or where a test wants stdout and stderr apart).
 */
import type { Command, CommandContext, InputSource, ShellControl } from '../../sandbox/shell/command.js';
import type { World } from '../../sandbox/world/world.js';
import type { Host } from '../../sandbox/world/host.js';
import { VirtualFS } from '../../sandbox/world/fs.js';
import { Netns } from '../../sandbox/kernel/netns.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
  execs: { host: string; argv: string[] }[];
  entered: string[];
}

export function makeHost(world: World, name: string, kind: Host['kind'], extra: Partial<Host> = {}): Host {
  const h: Host = {
    name,
    kind,
    fs: new VirtualFS(() => world.clock.now),
    ns: new Netns(name, world),
    sysctl: new Map(),
    ...extra,
  };
  world.addHost(h);
  return h;
}

export async function runCommand(
  world: World,
  host: Host,
  cmd: Command,
  argv: string[],
  opts: { stdin?: string; env?: Record<string, string>; interruptAfterUs?: number; installed?: string[] } = {},
): Promise<RunResult> {
  const res: RunResult = { stdout: '', stderr: '', status: 0, execs: [], entered: [] };
  let signal: 'INT' | undefined;
  let fire: (s: 'INT') => void = () => {};
  const signalled = new Promise<'INT'>((r) => (fire = r));
  const stdin: InputSource = { isTerminal: opts.stdin === undefined, readAll: async () => opts.stdin ?? '' };
  const shell = {
    exec: async (h: Host, a: string[]) => {
      res.execs.push({ host: h.name, argv: a });
      return 0;
    },
    enter: (h: Host) => {
      res.entered.push(h.name);
    },
    // The programs every host has here (the harness tests kubectl, not the images).
    commandNames: () => opts.installed ?? ['bash', 'ip', 'ls', 'ping', 'sh'],
  } as unknown as ShellControl;
  const ctx: CommandContext = {
    world,
    host,
    argv,
    stdin,
    stdout: { write: (t) => (res.stdout += t) },
    stderr: { write: (t) => (res.stderr += t) },
    env: new Map(Object.entries(opts.env ?? {})),
    cwd: '/root',
    cols: 120,
    pid: 1000,
    shell,
    sleep: async (us: number) => {
      if (signal) return false;
      const target = world.clock.now + us;
      while (world.clock.now < target && !signal) {
        const next = world.clock.nextTime();
        if (next === undefined || next > target) {
          world.clock.advanceTo(target);
          break;
        }
        world.clock.step();
      }
      return !signal;
    },
    get signal() {
      return signal;
    },
    signalled,
  };
  const p = Promise.resolve(cmd.run(ctx));
  if (opts.interruptAfterUs !== undefined) {
    await new Promise((r) => setTimeout(r, 0));
    world.clock.runUntil(world.clock.now + opts.interruptAfterUs);
    signal = 'INT';
    fire('INT');
  }
  res.status = await p;
  return res;
}
