/**
 * The page ↔ emulator boundary. One Worker per page holds one world per sandbox
 * on the page; every terminal of a sandbox is a session in that world. The page
 * reaches this through comlink; Node tests call `createSandboxApi()` directly.
 */
import * as Comlink from 'comlink';
import { loadScenario, isScenarioName } from './scenarios/index.js';
import type { World } from './world/world.js';
import type { Host } from './world/host.js';

export type WorldId = number;
export type SessionId = number;

/** Opaque for now: a later issue defines what a saved world holds. */
export interface Snapshot {
  readonly version: number;
  readonly data: unknown;
}

export interface Topology {
  readonly hosts: readonly { name: string; kind: Host['kind'] }[];
}

export interface WorldEvent {
  readonly type: string;
  readonly at: number;
}

export interface Verdict {
  readonly score: number;
  readonly items: readonly { text: string; ok: boolean }[];
}

export interface OpenOptions {
  cols: number;
  rows: number;
}

export type OutputCallback = (text: string) => void;

export interface SandboxApi {
  load(scenario: string, saved?: Snapshot): Promise<WorldId>;
  open(world: WorldId, host: string, onOutput: OutputCallback, opts?: OpenOptions): Promise<SessionId>;
  input(id: SessionId, data: string): void;
  resize(id: SessionId, cols: number, rows: number): void;
  close(id: SessionId): void;
  files(world: WorldId, host: string, path: string): Promise<Uint8Array>;
  topology(world: WorldId): Promise<Topology>;
  onEvent(world: WorldId, cb: (e: WorldEvent) => void): void;
  check(world: WorldId, exerciseId: string): Promise<Verdict>;
  snapshot(world: WorldId): Promise<Snapshot>;
}

/** What the worker needs of a terminal session (the shell's Session satisfies it). */
export interface TerminalSession {
  input(data: string): void;
  resize(cols: number, rows: number): void;
}

export type SessionFactory = (
  world: World,
  host: Host | undefined,
  hostName: string,
  output: (text: string) => void,
  opts: OpenOptions,
) => TerminalSession;

/**
 * Cap on text waiting for the page: a command that floods output cannot make the
 * worker hold more than this; the excess is dropped with a visible marker.
 */
const MAX_PENDING_OUTPUT = 1 << 20;

interface OpenSession {
  readonly world: WorldId;
  readonly session: TerminalSession;
  readonly sink: BatchedOutput;
}

/** Coalesces a burst of writes into one message to the page. */
class BatchedOutput {
  private buf = '';
  private scheduled = false;
  private dropped = false;

  constructor(private readonly deliver: OutputCallback) {}

  write(text: string): void {
    if (this.buf.length + text.length > MAX_PENDING_OUTPUT) {
      this.dropped = true;
      return;
    }
    this.buf += text;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    let text = this.buf;
    this.buf = '';
    if (this.dropped) {
      text += '\r\n[output truncated]\r\n';
      this.dropped = false;
    }
    if (text === '') return;
    try {
      // Through comlink this returns a promise that rejects if the page went away.
      void Promise.resolve(this.deliver(text) as unknown).catch(() => {});
    } catch {
      // The page went away (tab closed, terminal removed): nothing to do.
    }
  }
}

export function createSandboxApi(makeSession: SessionFactory = standInSession): SandboxApi {
  const worlds = new Map<WorldId, World>();
  const sessions = new Map<SessionId, OpenSession>();
  let nextWorld = 1;
  let nextSession = 1;

  const worldOf = (id: WorldId): World => {
    const w = worlds.get(id);
    if (!w) throw new Error(`no world ${id}`);
    return w;
  };
  const notYet = (what: string): Promise<never> => Promise.reject(new Error(`${what}: not yet available`));

  return {
    async load(scenario, saved) {
      if (!isScenarioName(scenario)) throw new Error(`unknown scenario: ${scenario}`);
      if (saved !== undefined) throw new Error('restoring a snapshot: not yet available');
      const id = nextWorld++;
      worlds.set(id, loadScenario(scenario));
      return id;
    },

    async open(worldId, hostName, onOutput, opts = { cols: 80, rows: 24 }) {
      const world = worldOf(worldId);
      const sink = new BatchedOutput(onOutput);
      const session = makeSession(world, world.host(hostName), hostName, (t) => sink.write(t), opts);
      const id = nextSession++;
      sessions.set(id, { world: worldId, session, sink });
      return id;
    },

    input(id, data) {
      const s = sessions.get(id);
      if (!s) return;
      try {
        s.session.input(data);
      } catch (e) {
        reportCrash(s.sink, e);
      }
    },

    resize(id, cols, rows) {
      const s = sessions.get(id);
      if (!s || !(cols > 0 && rows > 0)) return;
      try {
        s.session.resize(cols, rows);
      } catch (e) {
        reportCrash(s.sink, e);
      }
    },

    close(id) {
      sessions.delete(id);
    },

    async files(worldId, hostName, path) {
      const host = worldOf(worldId).host(hostName);
      if (!host) throw new Error(`no host ${hostName}`);
      return host.fs.readBytes(path);
    },

    async topology(worldId) {
      return {
        hosts: worldOf(worldId)
          .hosts()
          .map((h) => ({ name: h.name, kind: h.kind })),
      };
    },

    onEvent() {
      // Live events arrive with the topology view (a later issue).
    },

    check: () => notYet('exercise check'),
    snapshot: () => notYet('snapshot'),
  };
}

/** An emulator bug must show in the terminal, not kill the worker (and every terminal with it). */
function reportCrash(sink: BatchedOutput, e: unknown): void {
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  sink.write(`\r\nflannel-lab: internal error: ${msg.replace(/\n/g, '\r\n')}\r\n`);
  console.error(e);
}

/**
 * Stand-in until the shell's Session lands: echoes keystrokes and answers
 * `hostname`, so the page ↔ worker path can be exercised end to end.
 */
function standInSession(
  _world: World,
  _host: Host | undefined,
  hostName: string,
  output: (text: string) => void,
): TerminalSession {
  const prompt = `root@${hostName}:~# `;
  let line = '';
  output(prompt);
  return {
    input(data) {
      for (const ch of data) {
        if (ch === '\r') {
          output('\r\n');
          const cmd = line.trim();
          if (cmd === 'hostname') output(`${hostName}\r\n`);
          else if (cmd !== '') output(`bash: ${cmd.split(/\s+/)[0]}: command not found\r\n`);
          line = '';
          output(prompt);
        } else if (ch === '\x7f') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            output('\b \b');
          }
        } else if (ch === '\x03') {
          line = '';
          output(`^C\r\n${prompt}`);
        } else if (ch >= ' ') {
          line += ch;
          output(ch);
        }
      }
    },
    resize() {},
  };
}

declare const WorkerGlobalScope: { new (): unknown } | undefined;

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  Comlink.expose(createSandboxApi());
}
