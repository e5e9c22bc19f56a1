/**
 * The page ↔ emulator boundary. One Worker per page holds one world per sandbox
 * on the page; every terminal of a sandbox is a session in that world. The page
 * reaches this through comlink; Node tests call `createSandboxApi()` directly.
 */
import * as Comlink from 'comlink';
import { loadScenario, isScenarioName } from './scenarios/index.js';
import { Session } from './shell/session.js';
import { InstantDriver, RealtimeDriver } from './shell/driver.js';
import { macrotask } from './shell/macrotask.js';
import type { EditorBridge } from './shell/command.js';
import { JOURNAL_VERSION, appendEntry, validateJournal, type Journal } from './workbench/journal.js';
import { topology as computeTopology, type Topology } from './workbench/topology.js';
import { isPacketEvent } from './kernel/trace.js';
import { applyRoutes, type RouteProblem } from './workbench/routes.js';
import { decodeFrame, summarizeFrame, type Layer } from './workbench/decode.js';
import { VirtualFS } from './world/fs.js';
import type { World } from './world/world.js';
import type { Host } from './world/host.js';
import type { Netns } from './kernel/netns.js';
import { checkExercise, exerciseById, exerciseHint, prepareExercise, type Lang } from './exercises/index.js';
import { recordObservation } from './world/observations.js';

export type WorldId = number;
export type SessionId = number;

/** A saved world: its scenario and the journal of inputs that rebuilds it (sandbox/workbench/journal.ts). */
export type Snapshot = Journal;
export type { Topology, Journal };

/** What the page's live view hears: packet decisions (hops) and configuration changes. */
export type WorldEvent =
  | {
      readonly type: 'packet';
      readonly at: number;
      readonly ns: string;
      readonly dev?: string;
      readonly decision: string;
      readonly row: string;
      readonly packet?: string;
      readonly reason?: string;
      readonly traceId: number;
    }
  | { readonly type: 'changed'; readonly at: number; readonly ns: string; readonly what: string };

export type EditCallback = (opts: {
  title: string;
  text: string;
  language: 'yaml' | 'json' | 'text' | 'routes';
}) => Promise<string | undefined> | string | undefined;

export type TimeAction =
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'skip'; seconds: number }
  | { op: 'speed'; speed: number }
  /** Pause, then run the events of the next scheduled instant only. */
  | { op: 'step' };
export interface TimeState {
  readonly now: number;
  readonly paused: boolean;
  readonly speed: number;
  /** Virtual time of the next scheduled event, if any: what a step would reach. */
  readonly next?: number;
}

export interface FrameInfo {
  readonly id: number;
  readonly at: number;
  readonly host: string;
  readonly dev: string;
  readonly dir: 'in' | 'out';
  readonly traceId: number;
  readonly len: number;
  readonly summary: string;
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
    onEdit?: EditCallback,
  ): Promise<SessionId>;
  input(id: SessionId, data: string): void;
  resize(id: SessionId, cols: number, rows: number): void;
  close(id: SessionId): void;
  /** True while a command runs in the session's foreground (a run button sends Ctrl-C first). */
  busy(id: SessionId): boolean;
  files(world: WorldId, host: string, path: string): Promise<Uint8Array>;
  topology(world: WorldId): Promise<Topology>;
  /** Live events in batches (at most every 50 ms); returns when subscribed. Tracing costs: only while a view listens. */
  onEvent(world: WorldId, cb: (batch: WorldEvent[]) => void): void;
  /** What `ip addr`, `ip route`, `ip neigh` and `bridge fdb` say about a device, run on its host. */
  inspect(world: WorldId, host: string, dev: string): Promise<{ command: string; output: string }[]>;
  /** Capture files (`*.pcap`, `*.pcapng`, `*.cap`) on the world's nodes and pods, for the download buttons. */
  captures(world: WorldId): Promise<{ host: string; path: string; size: number }[]>;
  /**
   * Frames seen lately on every device of the nodes and pods (while a view listens), newest last;
   * `traceId` ties a frame to the packet decisions (WorldEvent 'packet') made about it.
   */
  frames(world: WorldId): Promise<FrameInfo[]>;
  /** One of those frames, header by header, field by field. */
  decode(world: WorldId, id: number, lang?: 'zh' | 'en'): Promise<Layer[]>;
  /** A host's main routing table as `ip route` prints it, for the route editor. */
  routes(world: WorldId, host: string): Promise<string>;
  /** Apply an edited table as its difference; the kernel's error for the first failing line, nothing changed then. */
  applyRoutes(world: WorldId, host: string, text: string): Promise<RouteProblem[]>;
  /** Pause, resume, skip ahead or change the speed of the world's clock. */
  time(world: WorldId, action?: TimeAction): Promise<TimeState>;
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

/** Validate a journal from outside; the reason it was refused, or undefined. */
export function snapshotProblem(x: unknown): string | undefined {
  const r = validateJournal(x);
  return r.ok ? undefined : r.reason;
}

/**
 * Cap on text waiting for the page: a command that floods output cannot make the
 * worker hold more than this; the excess is dropped with a visible marker.
 */
const MAX_PENDING_OUTPUT = 1 << 20;

/** Screen text a session keeps while no terminal shows it (a restored one), so the reader sees where they were. */
const DETACHED_TAIL = 64 * 1024;

/**
 * A session of a world: opened by a terminal, or rebuilt from a journal and then taken
 * by the first terminal of its host that opens.
 */
interface Slot {
  readonly index: number;
  readonly host: string;
  session: Session;
  sink: BatchedOutput | undefined;
  detached: string;
  onEdit: EditCallback | undefined;
  onDownload: DownloadCallback | undefined;
  /** During a replay, the editor waits for the journal's next editor entry of this slot. */
  pendingEdit: ((text: string | undefined) => void) | undefined;
}

interface OpenSession {
  readonly world: WorldId;
  readonly slot: Slot;
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
  readonly journal: Journal;
  readonly slots: Slot[];
  replaying: boolean;
  /** The journal is full: inputs still work, but are no longer saved. */
  full: boolean;
  /** Frames on the devices, kept while the page's view listens (bounded). */
  readonly wire: {
    id: number;
    at: number;
    host: string;
    dev: string;
    dir: 'in' | 'out';
    traceId: number;
    bytes: Uint8Array;
    /** One line for the list, worked out the first time the page asks for it. */
    summary?: string;
  }[];
  wireTapped: boolean;
  /** Devices already tapped (devices appear as pods start; each gets its tap once). */
  readonly tapped: WeakSet<object>;
}

/** Frames kept for the packet panel: a cross-node ping leaves about ten per packet. */
const WIRE_MAX = 400;

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

  const record = (w: LoadedWorld, e: Parameters<typeof appendEntry>[1]): void => {
    if (w.replaying) return;
    if (!appendEntry(w.journal, e)) w.full = true;
  };

  /** Keystrokes typed at the prompt join the previous entry until Enter: a command costs two entries, not one per key. */
  const recordKeys = (w: LoadedWorld, slot: Slot, data: string): void => {
    if (w.replaying) return;
    const t = w.world.clock.now;
    const last = w.journal.entries.at(-1);
    const plain = !/[\r\x03\x04]/.test(data);
    if (
      plain &&
      last &&
      'd' in last &&
      last.s === slot.index &&
      !/[\r\x03\x04]/.test(last.d) &&
      !slot.session.foregroundRunning &&
      last.d.length + data.length <= 4096
    ) {
      last.d += data;
      return;
    }
    record(w, { t, s: slot.index, d: data });
  };

  const newSlot = (w: LoadedWorld, host: Host): Slot => {
    const index = w.slots.length;
    const slot: Slot = {
      index,
      host: host.name,
      session: undefined as unknown as Session,
      sink: undefined,
      detached: '',
      onEdit: undefined,
      onDownload: undefined,
      pendingEdit: undefined,
    };
    const editor: EditorBridge = {
      edit: async (o) => {
        if (w.replaying) return new Promise<string | undefined>((resolve) => (slot.pendingEdit = resolve));
        if (!slot.onEdit) return undefined;
        let text: string | undefined;
        try {
          const r = await slot.onEdit(o);
          text = typeof r === 'string' ? r : undefined;
        } catch {
          text = undefined;
        }
        record(w, { t: w.world.clock.now, s: slot.index, e: text ?? null });
        return text;
      },
    };
    slot.session = new Session(w.world, host, {
      output: (t) => {
        if (slot.sink) slot.sink.write(t);
        else {
          slot.detached += t;
          if (slot.detached.length > DETACHED_TAIL) {
            const cut = slot.detached.indexOf('\n', slot.detached.length - DETACHED_TAIL);
            slot.detached = slot.detached.slice(cut < 0 ? -DETACHED_TAIL : cut + 1);
          }
        }
      },
      cols: 80,
      rows: 24,
      tty: true,
      history,
      editor,
      // A download during a replay is not repeated: the reader has the file already.
      download: (name, data) => {
        const cb = w.replaying ? undefined : slot.onDownload;
        if (cb) void Promise.resolve(cb(name, data) as unknown).catch(() => {});
      },
    });
    w.slots.push(slot);
    if (!w.replaying && w.journal.slots.length === index) w.journal.slots.push(host.name);
    return slot;
  };

  const replay = async (w: LoadedWorld, j: Journal): Promise<void> => {
    const driver = new InstantDriver(w.world);
    w.replaying = true;
    try {
      for (const host of j.slots) {
        const h = w.world.host(host) ?? (w.bare ? addBareHost(w.world, host) : undefined);
        if (!h) throw new Error(`the saved state names a host this scenario lacks: ${host}`);
        newSlot(w, h);
      }
      for (const e of j.entries) {
        await driver.advanceTo(e.t);
        if ('a' in e) {
          recordObservation(w.world, { kind: 'answer', at: w.world.clock.now, host: 'page', text: e.a });
        } else if ('r' in e) {
          const host = w.world.host(e.h);
          if (host) await applyRoutes((line) => runQuiet(w.world, host, line), e.r);
        } else if ('d' in e) {
          const s = w.slots[e.s]!;
          for (const key of splitKeys(e.d)) s.session.input(key);
        } else {
          const s = w.slots[e.s]!;
          const resolve = s.pendingEdit;
          s.pendingEdit = undefined;
          resolve?.(e.e ?? undefined);
        }
        await macrotask();
      }
      await driver.advanceTo(j.now);
    } finally {
      w.replaying = false;
    }
    w.journal.slots.push(...j.slots);
    w.journal.entries.push(...j.entries);
    w.journal.now = j.now;
  };

  return {
    async load(scenario, saved) {
      // `exercise:ID?lang=zh` is an exercise's own world: its scenario with the fault already in place.
      const ex = /^exercise:([a-z0-9-]+)(?:\?lang=(zh|en))?$/.exec(scenario);
      const exercise = ex ? exerciseById(ex[1]!) : undefined;
      if (ex && !exercise) throw new Error(`unknown exercise: ${ex[1]}`);
      const name = exercise ? exercise.scenario : scenario;
      if (!isScenarioName(name)) throw new Error(`unknown scenario: ${scenario}`);
      let journal: Journal | undefined;
      if (saved !== undefined) {
        const v = validateJournal(saved);
        if (!v.ok) throw new Error(`saved state refused: ${v.reason}`);
        if (v.value.scenario !== scenario) throw new Error('saved state refused: another scenario');
        journal = v.value;
      }
      const world = loadScenario(name);
      if (exercise) prepareExercise(world, exercise, ex?.[2] as Lang | undefined);
      if (journal && journal.start !== world.clock.now) throw new Error('saved state refused: another clock');
      const driver = options.realtime ? new RealtimeDriver(world) : undefined;
      const w: LoadedWorld = {
        world,
        driver,
        bare: world.hosts().length === 0,
        journal: { v: JOURNAL_VERSION, scenario, start: world.clock.now, now: world.clock.now, slots: [], entries: [] },
        slots: [],
        replaying: false,
        full: false,
        wire: [],
        wireTapped: false,
        tapped: new WeakSet(),
      };
      if (journal) await replay(w, journal);
      driver?.start();
      const id = nextWorld++;
      worlds.set(id, w);
      return id;
    },

    async open(worldId, hostName, onOutput, opts = { cols: 80, rows: 24 }, onDownload, onEdit) {
      const w = loaded(worldId);
      const sink = new BatchedOutput(onOutput);
      // A session rebuilt from the saved journal goes to the first terminal of its host.
      let slot = w.slots.find((s) => s.host === hostName && !s.sink);
      if (!slot) {
        let host = w.world.host(hostName);
        if (!host && w.bare) host = addBareHost(w.world, hostName);
        if (!host) throw new Error(`no host named ${hostName} in this sandbox`);
        slot = newSlot(w, host);
      }
      slot.sink = sink;
      slot.onEdit = onEdit;
      slot.session.resize(opts.cols, opts.rows);
      slot.onDownload = onDownload;
      if (slot.detached) {
        sink.write(slot.detached.replace(/\r?\n/g, '\r\n').replace(/\r\r\n/g, '\r\n'));
        slot.detached = '';
      }
      const id = nextSession++;
      sessions.set(id, { world: worldId, slot, session: slot.session, sink });
      return id;
    },

    input(id, data) {
      const s = sessions.get(id);
      if (!s) return;
      try {
        recordKeys(loaded(s.world), s.slot, data);
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
      // The session stays in its world (the journal replays it); it waits for the next terminal of its host.
      if (s.slot.sink === s.sink) {
        s.slot.sink = undefined;
        s.slot.onEdit = undefined;
        s.slot.onDownload = undefined;
      }
      sessions.delete(id);
    },

    async files(worldId, hostName, path) {
      const host = loaded(worldId).world.host(hostName);
      if (!host) throw new Error(`no host ${hostName}`);
      return host.fs.readBytes(path);
    },

    async topology(worldId) {
      return computeTopology(loaded(worldId).world);
    },

    onEvent(worldId, cb) {
      const w = loaded(worldId);
      let nextFrame = w.wire.at(-1)?.id ?? 0;
      // Every device of the nodes and pods, both directions: the frame as each one saw it.
      const tapAll = (): void => {
        for (const h of w.world.hosts()) {
          if (h.kind === 'router') continue;
          for (const dev of h.ns.devices?.() ?? []) {
            if (dev.kind === 'loopback' || w.tapped.has(dev)) continue;
            w.tapped.add(dev);
            dev.addTap((frame, dir, ts, traceId) => {
              if (w.replaying) return;
              w.wire.push({ id: ++nextFrame, at: ts, host: h.name, dev: dev.name, dir, traceId, bytes: frame.slice() });
              if (w.wire.length > WIRE_MAX) w.wire.shift();
            });
          }
        }
      };
      if (!w.wireTapped) {
        w.wireTapped = true;
        tapAll();
      }
      let batch: WorldEvent[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        timer = undefined;
        const b = batch;
        batch = [];
        try {
          void Promise.resolve(cb(b) as unknown).catch(() => off());
        } catch {
          off();
        }
      };
      const push = (e: WorldEvent): void => {
        if (w.replaying) return;
        // Bounded: a flood (ping -f) keeps the first events of the window, the view is throttled anyway.
        if (batch.length < 500) batch.push(e);
        timer ??= setTimeout(flush, 50);
      };
      const off = w.world.events.on((e) => {
        if (isPacketEvent(e)) {
          push({
            type: 'packet',
            at: e.at,
            ns: e.ns,
            decision: e.decision,
            row: e.row,
            traceId: e.traceId,
            ...(e.dev !== undefined ? { dev: e.dev } : {}),
            ...(e.packet !== undefined ? { packet: e.packet } : {}),
            ...(e.reason !== undefined ? { reason: e.reason } : {}),
          });
        } else if (e.type.startsWith('kernel.') || e.type.startsWith('k8s.')) {
          if (e.type === 'kernel.link') tapAll();
          const ns = (e as { ns?: unknown }).ns;
          push({ type: 'changed', at: e.at, ns: typeof ns === 'string' ? ns : '', what: e.type });
        }
      });
    },

    async inspect(worldId, hostName, devName) {
      const w = loaded(worldId);
      const host = w.world.host(hostName);
      const dev = host?.ns.dev?.(devName);
      if (!host || !dev) throw new Error(`no device ${devName} on ${hostName}`);
      const lines = [`ip -br addr show dev ${devName}`, `ip route show dev ${devName}`, `ip neigh show dev ${devName}`];
      if (dev.kind === 'bridge' || dev.kind === 'vxlan' || dev.master) lines.push(`bridge fdb show dev ${devName}`);
      const out: { command: string; output: string }[] = [];
      for (const line of lines) out.push({ command: line, output: await runQuiet(w.world, host, line) });
      return out;
    },

    async frames(worldId) {
      return loaded(worldId).wire.map((f) => ({
        id: f.id,
        at: f.at,
        host: f.host,
        dev: f.dev,
        dir: f.dir,
        traceId: f.traceId,
        len: f.bytes.length,
        summary: (f.summary ??= summarizeFrame(f.bytes)),
      }));
    },

    async decode(worldId, id, lang = 'en') {
      const f = loaded(worldId).wire.find((x) => x.id === id);
      if (!f) throw new Error(`no frame ${id}`);
      return decodeFrame(f.bytes, lang);
    },

    async captures(worldId) {
      const out: { host: string; path: string; size: number }[] = [];
      for (const h of loaded(worldId).world.hosts()) {
        for (const path of h.fs.paths()) {
          if (!/\.(pcap|pcapng|cap)$/.test(path) || h.fs.isDir(path)) continue;
          out.push({ host: h.name, path, size: h.fs.readBytes(path).length });
          if (out.length >= 50) return out;
        }
      }
      return out;
    },

    async routes(worldId, hostName) {
      const w = loaded(worldId);
      const host = w.world.host(hostName);
      if (!host) throw new Error(`no host ${hostName}`);
      return runQuiet(w.world, host, 'ip route show');
    },

    async applyRoutes(worldId, hostName, text) {
      const w = loaded(worldId);
      const host = w.world.host(hostName);
      if (!host) throw new Error(`no host ${hostName}`);
      if (text.length > 64 * 1024) return [{ line: 1, column: 1, message: 'too long' }];
      record(w, { t: w.world.clock.now, h: hostName, r: text });
      return applyRoutes((line) => runQuiet(w.world, host, line), text);
    },

    async time(worldId, action) {
      const w = loaded(worldId);
      const d = w.driver;
      if (d && action) {
        if (action.op === 'pause') d.pause();
        else if (action.op === 'resume') d.start();
        else if (action.op === 'step') await d.stepEvent();
        else if (action.op === 'speed' && action.speed > 0 && action.speed <= 100) d.speed = action.speed;
        else if (action.op === 'skip' && action.seconds > 0 && action.seconds <= 3600) {
          await d.skip(Math.round(action.seconds * 1_000_000));
        }
      }
      const next = w.world.clock.nextTime();
      return {
        now: w.world.clock.now,
        paused: d?.paused ?? true,
        speed: d?.speed ?? 1,
        ...(next !== undefined ? { next } : {}),
      };
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
      const w = loaded(worldId);
      const world = w.world;
      const a = text.slice(0, 500);
      record(w, { t: world.clock.now, a });
      recordObservation(world, { kind: 'answer', at: world.clock.now, host: 'page', text: a });
    },

    async snapshot(worldId) {
      const w = loaded(worldId);
      const j = w.journal;
      return { ...j, now: w.world.clock.now, slots: [...j.slots], entries: j.entries.map((e) => ({ ...e })) };
    },
  };
}

/** A command run on a host with its output collected, for the page's panels (no terminal, no journal). */
async function runQuiet(world: World, host: Host, line: string): Promise<string> {
  let out = '';
  const session = new Session(world, host, { output: (t) => (out += t), tty: false, cols: 200 });
  session.input(line + '\n');
  for (let i = 0; i < 50 && session.busy; i++) await macrotask();
  session.shutdown();
  // Drop the echoed prompt and line.
  const nl = out.indexOf('\n');
  return nl < 0 ? '' : out.slice(nl + 1);
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
