/**
 * The page's one emulator worker, started on first use, and the worlds it holds:
 * one per sandbox name, so every terminal with the same `sandbox` attribute is a
 * session in the same world.
 */
import * as Comlink from 'comlink';
import type { SandboxApi, WorldId } from '../../sandbox/worker';

let api: Comlink.Remote<SandboxApi> | undefined;
const worlds = new Map<string, Promise<WorldId>>();

/** Event on document when the worker dies or fails to load: every terminal says so. */
export const WORKER_ERROR_EVENT = 'flannel-worker-error';

let rejectFailed: (e: Error) => void = () => {};
/** Rejects when the worker fails; a comlink call to a dead worker would wait forever. */
export const workerFailed = new Promise<never>((_, reject) => (rejectFailed = reject));
workerFailed.catch(() => {});

export function sandboxApi(): Comlink.Remote<SandboxApi> {
  if (!api) {
    const worker = new Worker(new URL('../../sandbox/worker.ts', import.meta.url), {
      type: 'module',
      name: 'flannel-lab-sandbox',
    });
    worker.addEventListener('error', (ev) => {
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
    w = sandboxApi().load(scenario);
    worlds.set(sandbox, w);
  }
  return w;
}
