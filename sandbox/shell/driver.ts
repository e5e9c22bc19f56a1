/**
 * Time drivers: who advances the world's virtual clock.
 *
 * InstantDriver (tests, CLI): runs queued events back to back until the
 * foreground command is done, yielding one macrotask after each event so the
 * promise chains of async commands progress. When nothing is scheduled (or
 * the next event lies past the bound) it stops and the next line is typed.
 *
 * RealtimeDriver (the page's worker): advances the clock in step with
 * performance.now(), times a speed factor, so `ping` ticks once a second; it
 * can pause, and bounds the work done per tick.
 */
import type { World } from '../world/world.js';
import { US_PER_S } from '../world/clock.js';
import { macrotask } from './macrotask.js';

export type RunResult = 'done' | 'stuck' | 'limit';

/** Virtual time one typed line may take before the driver gives up waiting (ping without -c). */
export const DEFAULT_MAX_WAIT_US = 3600 * US_PER_S;

/** Events one wait may run: a timer that keeps rescheduling itself at the same instant cannot hang a script. */
export const MAX_EVENTS_PER_WAIT = 200_000;

export class InstantDriver {
  /** Turns of zero-time work (a loop without sleep) one wait allows before it gives up. */
  readonly maxSpins: number;

  constructor(
    readonly world: World,
    opts: { maxSpins?: number } = {},
  ) {
    this.maxSpins = opts.maxSpins ?? MAX_EVENTS_PER_WAIT;
  }

  /**
   * Run events until `done()`; 'stuck' when nothing is scheduled, 'limit' when the next
   * event is past `deadline` or too many ran.
   */
  async runUntil(done: () => boolean, deadline: number, progress?: () => number): Promise<RunResult> {
    const clock = this.world.clock;
    let seen = progress?.();
    let spins = 0;
    for (let n = 0; ; n++) {
      await macrotask();
      if (done()) return 'done';
      // The foreground still works without waiting on the clock (a loop): no time passes meanwhile.
      const now = progress?.();
      if (now !== seen) {
        seen = now;
        if (++spins >= this.maxSpins) return 'limit';
        continue;
      }
      const next = clock.nextTime();
      if (next === undefined) return 'stuck';
      if (next > deadline || n >= MAX_EVENTS_PER_WAIT) return 'limit';
      clock.step();
    }
  }

  /** Run every event up to `t` (whatever runs in the foreground), then leave the clock at `t`. */
  async advanceTo(t: number): Promise<void> {
    const clock = this.world.clock;
    for (let n = 0; ; n++) {
      await macrotask();
      const next = clock.nextTime();
      if (next === undefined || next > t) {
        clock.advanceTo(Math.max(t, clock.now));
        break;
      }
      // A runaway timer loop: leave the clock where the events left it.
      if (n >= MAX_EVENTS_PER_WAIT) break;
      clock.step();
    }
    await macrotask();
  }
}

export interface RealtimeOptions {
  /** Virtual seconds per real second. */
  speed?: number;
  /** Milliseconds between ticks. */
  tickMs?: number;
  /** Events run per tick at most; beyond it the virtual clock falls behind rather than freeze the worker. */
  maxEventsPerTick?: number;
  /** Real milliseconds of work per tick at most. */
  maxWorkMs?: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class RealtimeDriver {
  speed: number;
  private readonly tickMs: number;
  private readonly maxEvents: number;
  private readonly maxWorkMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastReal = 0;
  private running = false;
  private ticking = false;

  constructor(
    readonly world: World,
    opts: RealtimeOptions = {},
  ) {
    this.speed = opts.speed ?? 1;
    this.tickMs = opts.tickMs ?? 20;
    this.maxEvents = opts.maxEventsPerTick ?? 5000;
    this.maxWorkMs = opts.maxWorkMs ?? 25;
  }

  get paused(): boolean {
    return !this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastReal = now();
    this.schedule();
  }

  /** Stop the clock (the workbench's pause); commands keep waiting. */
  pause(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Advance the virtual clock by `us` at once (the workbench's step), running what falls due. */
  async skip(us: number): Promise<void> {
    const clock = this.world.clock;
    const target = clock.now + us;
    for (let n = 0; n < this.maxEvents * 20; n++) {
      const next = clock.nextTime();
      if (next === undefined || next > target) break;
      clock.step();
      await macrotask();
    }
    const next = clock.nextTime();
    if (next === undefined || next > target) clock.advanceTo(target);
  }

  /**
   * Run the events of the next scheduled instant and stop there (the workbench's "next event"):
   * the clock pauses first, so the reader sees one thing happen at a time. Returns the new time,
   * or undefined when nothing is scheduled.
   */
  async stepEvent(): Promise<number | undefined> {
    this.pause();
    const clock = this.world.clock;
    const at = clock.nextTime();
    if (at === undefined) return undefined;
    // Every event of that instant, and the promise chains they wake (a reply sent at once).
    for (let n = 0; n < this.maxEvents; n++) {
      if (clock.nextTime() !== at) break;
      clock.step();
      await macrotask();
    }
    await macrotask();
    return clock.now;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), this.tickMs);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const real = now();
      const elapsedMs = Math.max(0, real - this.lastReal);
      this.lastReal = real;
      const clock = this.world.clock;
      const target = clock.now + Math.round(elapsedMs * 1000 * this.speed);
      const started = now();
      let n = 0;
      let caughtUp = true;
      for (;;) {
        await macrotask();
        const next = clock.nextTime();
        if (next === undefined || next > target) break;
        if (n >= this.maxEvents || now() - started > this.maxWorkMs) {
          caughtUp = false;
          break;
        }
        clock.step();
        n++;
      }
      if (caughtUp) clock.advanceTo(target);
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }
}
