/**
 * The page's one emulator worker, started on first use, and the worlds it holds:
 * one per sandbox name, so every terminal with the same `sandbox` attribute is a
 * session in the same world.
 */
import * as Comlink from 'comlink';
import type { Journal, SandboxApi, WorldId } from '../../sandbox/worker';
import { JOURNAL_MAX } from '../../sandbox/workbench/journal';
import { linkState, notify, readStored, writeStored } from './workbench/state';

/** What Terminal.astro's inline script leaves: the worker it started (if any) and the file to start again. */
interface EarlyWorker {
  url: string;
  worker: Worker | undefined;
  error: string | undefined;
}
declare global {
  interface Window {
    flannelLabWorker?: EarlyWorker;
  }
}

let api: Comlink.Remote<SandboxApi> | undefined;
const worlds = new Map<string, Promise<WorldId>>();

/** Event on document when the worker dies or fails to load: every terminal says so. */
export const WORKER_ERROR_EVENT = 'flannel-worker-error';

/** Event on document when a dead worker was replaced by a new one (worlds restored from the last save). */
export const WORKER_RESTART_EVENT = 'flannel-worker-restart';
/** A worker that keeps dying is not restarted forever. */
const MAX_RESTARTS = 3;
let restarts = 0;
let loadedOnce = false;

let rejectFailed: (e: Error) => void = () => {};
/** Rejects when the worker fails; a comlink call to a dead worker would wait forever. */
export const workerFailed = new Promise<never>((_, reject) => (rejectFailed = reject));
workerFailed.catch(() => {});

export function sandboxApi(): Comlink.Remote<SandboxApi> {
  if (!api) {
    const early = window.flannelLabWorker;
    if (!early) throw new Error('no emulator on this page (no terminal)');
    // The page's inline script started it while parsing; a restart starts a new one from the same file.
    const worker = early.worker ?? new Worker(early.url, { type: 'module', name: 'flannel-lab-sandbox' });
    early.worker = undefined;
    const failedEarly = early.error;
    early.error = undefined;
    if (failedEarly !== undefined) {
      // It failed before this module listened: report it as the listener below would have.
      queueMicrotask(() => worker.dispatchEvent(new ErrorEvent('error', { message: failedEarly })));
    }
    worker.addEventListener('error', (ev) => {
      // A worker that ran a world and then died starts again from the last saved state.
      if (loadedOnce && restarts < MAX_RESTARTS) {
        restarts++;
        worker.terminate();
        api = undefined;
        const sandboxes = [...worlds.keys()];
        worlds.clear();
        for (const sb of sandboxes) notify({ sandbox: sb, kind: 'worker-restarted', detail: ev.message ?? '' });
        document.dispatchEvent(new CustomEvent(WORKER_RESTART_EVENT));
        return;
      }
      const err = new Error(ev.message || 'the emulator worker failed');
      rejectFailed(err);
      document.dispatchEvent(new CustomEvent(WORKER_ERROR_EVENT, { detail: err.message }));
    });
    api = Comlink.wrap<SandboxApi>(worker);
  }
  return api;
}

/** The world of a sandbox, loaded once per page whatever the number of terminals. */
export function sandboxWorld(sandbox: string, scenario: string): Promise<WorldId> {
  // The first terminal of a sandbox names its scenario; later ones join that world.
  let w = worlds.get(sandbox);
  if (!w) {
    w = restore(sandbox, scenario);
    worlds.set(sandbox, w);
    scenarios.set(sandbox, scenario);
  }
  return w;
}

const scenarios = new Map<string, string>();
let linkReported = false;

/**
 * Load a sandbox's world as the reader left it: the state of a share link first, then the one
 * saved in this browser; anything refused gives the chapter's own world and a message.
 */
async function restore(sandbox: string, scenario: string): Promise<WorldId> {
  const api = sandboxApi();
  let saved: unknown;
  let source: 'link' | 'stored' | undefined;
  const link = await linkState();
  if (link && !link.ok && !linkReported) {
    linkReported = true;
    notify({ sandbox, kind: 'link-broken', detail: link.reason });
  } else if (link?.ok && link.value.sandbox === sandbox) {
    saved = link.value.journal;
    source = 'link';
  }
  if (saved === undefined) {
    saved = readStored(sandbox);
    if (saved !== undefined) source = 'stored';
  }
  if (saved !== undefined) {
    try {
      const id = await api.load(scenario, saved as Journal);
      if (source === 'link') writeStored(sandbox, saved as Journal);
      loadedOnce = true;
      return id;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (source === 'link') notify({ sandbox, kind: 'link-broken', detail: reason });
      else notify({ sandbox, kind: 'restore-failed', detail: reason });
      if (source === 'stored') writeStored(sandbox, undefined);
    }
  }
  const id = await api.load(scenario);
  loadedOnce = true;
  return id;
}

const fullReported = new Set<string>();
const saveTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Save a sandbox's journal soon (after a command line, an editor save); bursts make one save. */
export function scheduleSave(sandbox: string, delayMs = 400): void {
  clearTimeout(saveTimers.get(sandbox));
  saveTimers.set(
    sandbox,
    setTimeout(() => void saveNow(sandbox), delayMs),
  );
}

export async function saveNow(sandbox: string): Promise<Journal | undefined> {
  const w = worlds.get(sandbox);
  if (!w) return undefined;
  try {
    const j = await sandboxApi().snapshot(await w);
    writeStored(sandbox, j);
    // The worker stops recording at the bound: say so once, rather than lose work silently.
    if (j.entries.length >= JOURNAL_MAX && !fullReported.has(sandbox)) {
      fullReported.add(sandbox);
      notify({ sandbox, kind: 'journal-full', detail: String(JOURNAL_MAX) });
    }
    return j;
  } catch {
    return undefined;
  }
}

/** The scenario a sandbox of this page was loaded with. */
export function sandboxScenario(sandbox: string): string | undefined {
  return scenarios.get(sandbox);
}

if (typeof document !== 'undefined') {
  // The clock ran on since the last command: keep where it got to when the reader leaves.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') for (const sb of worlds.keys()) void saveNow(sb);
  });
}
