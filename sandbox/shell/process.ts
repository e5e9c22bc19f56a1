/**
 * A running command: its pid and the signals sent to it. Sleeping happens on
 * the world's virtual clock; a signal wakes every sleep at once.
 */
import type { Signal } from './command.js';
import { SIGNAL_NUMBERS } from './command.js';
import type { World } from '../world/world.js';
import type { Host } from '../world/host.js';

const nextPidByHost = new WeakMap<Host, number>();

/** The first pid a shell hands out on a host; low enough to look like a freshly booted machine. */
export const FIRST_PID = 4211;

export function allocPid(host: Host): number {
  const pid = nextPidByHost.get(host) ?? FIRST_PID;
  nextPidByHost.set(host, pid + 1);
  return pid;
}

export class Proc {
  signal: Signal | undefined;
  readonly signalled: Promise<Signal>;
  private resolveSignal!: (s: Signal) => void;
  private listeners = new Set<(s: Signal) => void>();
  /** Set when the command has returned (or was cut off). */
  finished = false;

  constructor(
    readonly pid: number,
    readonly world: World,
  ) {
    this.signalled = new Promise<Signal>((resolve) => {
      this.resolveSignal = resolve;
    });
  }

  kill(sig: Signal): void {
    if (this.finished) return;
    if (this.signal === undefined || sig === 'KILL') this.signal = sig;
    this.resolveSignal(sig);
    for (const l of [...this.listeners]) l(sig);
  }

  onSignal(cb: (s: Signal) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  sleep(us: number): Promise<boolean> {
    if (this.signal !== undefined) return Promise.resolve(false);
    if (!Number.isFinite(us) || us < 0) us = 0;
    return new Promise<boolean>((resolve) => {
      const timer = this.world.clock.after(us, () => {
        off();
        resolve(true);
      });
      const off = this.onSignal(() => {
        timer.cancel();
        off();
        resolve(false);
      });
    });
  }
}

export function signalStatus(sig: Signal): number {
  return 128 + SIGNAL_NUMBERS[sig];
}
