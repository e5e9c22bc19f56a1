/** Runs one of our commands with a minimal context and captures what it writes, in order. */
import type { Command, CommandContext } from '../../sandbox/shell/command.js';
import type { World } from '../../sandbox/world/world.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as a terminal shows them. */
  both: string;
  status: number;
}

export async function runCommand(cmd: Command, world: World, hostName: string, line: string): Promise<RunResult> {
  const host = world.host(hostName);
  if (!host) throw new Error(`no host ${hostName}`);
  const argv = splitWords(line);
  let stdout = '';
  let stderr = '';
  let both = '';
  const never = new Promise<never>(() => {});
  const ctx = {
    world,
    host,
    argv,
    stdin: { readAll: async () => '', isTerminal: true },
    stdout: { write: (t: string) => ((stdout += t), (both += t)) },
    stderr: { write: (t: string) => ((stderr += t), (both += t)) },
    env: new Map<string, string>(),
    cwd: '/root',
    cols: 80,
    pid: 100,
    shell: {} as CommandContext['shell'],
    sleep: async () => true,
    signal: undefined,
    signalled: never,
  } as unknown as CommandContext;
  const status = await cmd.run(ctx);
  return { stdout, stderr, both, status };
}

/** Shell-like word splitting with single and double quotes (enough for test lines). */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let q: string | null = null;
  for (const ch of line) {
    if (q) {
      if (ch === q) q = null;
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      q = ch;
      inWord = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (inWord) out.push(cur);
  return out;
}
