/**
 * The page ↔ emulator boundary. One Worker per page holds one world per sandbox
 * on the page; every terminal of a sandbox is a session in that world. The page
 * reaches this through comlink; Node tests call `createSandboxApi()` directly.
 */
import * as Comlink from 'comlink';
import { loadScenario, isScenarioName } from './scenarios/index.js';
import { Session } from './shell/session.js';
import { RealtimeDriver } from './shell/driver.js';
import { VirtualFS } from './world/fs.js';
import type { World } from './world/world.js';
import type { Host } from './world/host.js';
import type { Netns } from './kernel/netns.js';
import { checkExercise, exerciseById, exerciseHint, prepareExercise, type Lang } from './exercises/index.js';
import { recordObservation } from './world/observations.js';

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
export type DownloadCallback = (name: string, data: Uint8Array) => void;

export interface SandboxApi {
  load(scenario: string, saved?: Snapshot): Promise<WorldId>;
  /** A shell session on `host`; `onDownload` receives what `download FILE` hands to the page. */
  open(
    world: WorldId,
    host: string,
    onOutput: OutputCallback,
    opts?: OpenOptions,
    onDownload?: DownloadCallback,
  ): Promise<SessionId>;
  input(id: SessionId, data: string): void;
  resize(id: SessionId, cols: number, rows: number): void;
  close(id: SessionId): void;
  /** True while a command runs in the session's foreground (a run button sends Ctrl-C first). */
  busy(id: SessionId): boolean;
  files(world: WorldId, host: string, path: string): Promise<Uint8Array>;
  topology(world: WorldId): Promise<Topology>;
  onEvent(world: WorldId, cb: (e: WorldEvent) => void): void;
  check(world: WorldId, exerciseId: string, lang?: 'zh' | 'en'): Promise<Verdict>;
  /** Hint number n (1-based) of an exercise, computed in its world; undefined when there are no more. */
  hint(
    world: WorldId,
    exerciseId: string,
    n: number,
    lang?: 'zh' | 'en',
  ): Promise<{ n: number; text: string; dynamic: boolean } | undefined>;
  /** The page's answer box: recorded as if typed with `answer TEXT`. */
  answer(world: WorldId, text: string): Promise<void>;
  snapshot(world: WorldId): Promise<Snapshot>;
}

/**
 * Cap on text waiting for the page: a command that floods output cannot make the
 * worker hold more than this; the excess is dropped with a visible marker.
 */
const MAX_PENDING_OUTPUT = 1 << 20;

interface OpenSession {
  readonly world: WorldId;
  readonly session: Session;
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

export interface SandboxOptions {
  /** Pace each world's clock to real time (the page). Off in tests that drive the clock themselves. */
  realtime?: boolean;
}

interface LoadedWorld {
  readonly world: World;
  readonly driver: RealtimeDriver | undefined;
  /** The scenario came without hosts (still being built): terminals get bare hosts to type in. */
  readonly bare: boolean;
}

export function createSandboxApi(options: SandboxOptions = {}): SandboxApi {
  const worlds = new Map<WorldId, LoadedWorld>();
  const sessions = new Map<SessionId, OpenSession>();
  /** ↑/↓ history is kept per page, shared by its terminals. */
  const history: string[] = [];
  let nextWorld = 1;
  let nextSession = 1;

  const loaded = (id: WorldId): LoadedWorld => {
    const w = worlds.get(id);
    if (!w) throw new Error(`no world ${id}`);
    return w;
  };
  const notYet = (what: string): Promise<never> => Promise.reject(new Error(`${what}: not yet available`));

  return {
    async load(scenario, saved) {
      // `exercise:ID?lang=zh` is an exercise's own world: its scenario with the fault already in place.
      const ex = /^exercise:([a-z0-9-]+)(?:\?lang=(zh|en))?$/.exec(scenario);
      const exercise = ex ? exerciseById(ex[1]!) : undefined;
      if (ex && !exercise) throw new Error(`unknown exercise: ${ex[1]}`);
      const name = exercise ? exercise.scenario : scenario;
      if (!isScenarioName(name)) throw new Error(`unknown scenario: ${scenario}`);
      if (saved !== undefined) throw new Error('restoring a snapshot: not yet available');
      const world = loadScenario(name);
      if (exercise) prepareExercise(world, exercise, ex?.[2] as Lang | undefined);
      const driver = options.realtime ? new RealtimeDriver(world) : undefined;
      driver?.start();
      const id = nextWorld++;
      worlds.set(id, { world, driver, bare: world.hosts().length === 0 });
      return id;
    },

    async open(worldId, hostName, onOutput, opts = { cols: 80, rows: 24 }, onDownload) {
      const w = loaded(worldId);
      let host = w.world.host(hostName);
      if (!host && w.bare) host = addBareHost(w.world, hostName);
      if (!host) throw new Error(`no host named ${hostName} in this sandbox`);
      const sink = new BatchedOutput(onOutput);
      const session = new Session(w.world, host, {
        output: (t) => sink.write(t),
        cols: opts.cols,
        rows: opts.rows,
        tty: true,
        history,
        download: onDownload
          ? (name, data) => void Promise.resolve(onDownload(name, data) as unknown).catch(() => {})
          : undefined,
      });
      const id = nextSession++;
      sessions.set(id, { world: worldId, session, sink });
      return id;
    },

    input(id, data) {
      const s = sessions.get(id);
      if (!s) return;
      try {
        // One key at a time, as a terminal delivers them: the line editor redraws after each,
        // so a paste echoes exactly as typing it would.
        for (const key of splitKeys(data)) s.session.input(key);
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

    busy(id) {
      return sessions.get(id)?.session.foregroundRunning ?? false;
    },

    close(id) {
      const s = sessions.get(id);
      if (!s) return;
      s.session.shutdown();
      sessions.delete(id);
    },

    async files(worldId, hostName, path) {
      const host = loaded(worldId).world.host(hostName);
      if (!host) throw new Error(`no host ${hostName}`);
      return host.fs.readBytes(path);
    },

    async topology(worldId) {
      return {
        hosts: loaded(worldId)
          .world.hosts()
          .map((h) => ({ name: h.name, kind: h.kind })),
      };
    },

    onEvent() {
      // Live events arrive with the topology view (a later issue).
    },

    async check(worldId, exerciseId, lang = 'en') {
      const v = checkExercise(loaded(worldId).world, exerciseId, lang);
      if (!v) throw new Error(`unknown exercise: ${exerciseId}`);
      return v;
    },

    async hint(worldId, exerciseId, n, lang = 'en') {
      const h = exerciseHint(loaded(worldId).world, exerciseId, n);
      return h ? { n: h.n, text: h.text[lang], dynamic: h.dynamic } : undefined;
    },

    async answer(worldId, text) {
      const world = loaded(worldId).world;
      recordObservation(world, { kind: 'answer', at: world.clock.now, host: 'page', text: text.slice(0, 500) });
    },

    snapshot: () => notYet('snapshot'),
  };
}

/** Split terminal input into keys: an escape sequence (arrows, Home, F-keys) or one character. */
export function splitKeys(data: string): string[] {
  return data.match(/\x1b\[[0-?]*[ -/]*[@-~]|\x1bO.|\x1b[^[O]|\x1b|[\s\S]/gu) ?? [];
}

/** A node with a file system and no devices, so the shell is usable before a scenario has hosts. */
function addBareHost(world: World, name: string): Host {
  const fs = new VirtualFS(() => world.clock.now);
  for (const d of ['/root', '/etc', '/tmp']) fs.mkdirp(d);
  const host: Host = { name, kind: 'node', fs, ns: { name } as unknown as Netns, sysctl: new Map() };
  world.addHost(host);
  return host;
}

/** An emulator bug must show in the terminal, not kill the worker (and every terminal with it). */
function reportCrash(sink: BatchedOutput, e: unknown): void {
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  sink.write(`\r\nflannel-lab: internal error: ${msg.replace(/\n/g, '\r\n')}\r\n`);
  console.error(e);
}

declare const WorkerGlobalScope: { new (): unknown } | undefined;

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  Comlink.expose(createSandboxApi({ realtime: true }));
}
