/**
 * The single virtual clock and event queue of a world.
 *
 * Time is an integer count of microseconds since the Unix epoch: tcpdump prints
 * microseconds, and integers keep every run of a script bit-for-bit identical.
 * Events at the same instant run in the order they were scheduled (a sequence
 * number breaks ties), which is what makes transcripts deterministic.
 */
export type Micros = number;

export const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

/** 2023-05-15 18:00:00 at UTC+8, the day of the article. */
export const ARTICLE_EPOCH_US: Micros = Date.UTC(2023, 4, 15, 10, 0, 0) * 1000;

/** Tools print local time in this zone (the article's nodes ran in China). */
export const LOCAL_TZ_OFFSET_US: Micros = 8 * 3600 * US_PER_S;

interface QueuedEvent {
  at: Micros;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export interface TimerHandle {
  cancel(): void;
  readonly at: Micros;
}

/** Bound on pending events, so a runaway timer loop cannot eat the worker's memory. */
export const MAX_PENDING_EVENTS = 1_000_000;

export class VirtualClock {
  private _now: Micros;
  private seq = 0;
  private heap: QueuedEvent[] = [];

  constructor(start: Micros = ARTICLE_EPOCH_US) {
    this._now = start;
  }

  get now(): Micros {
    return this._now;
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Run `fn` `delay` microseconds from now (0 = after everything already due now). */
  after(delay: Micros, fn: () => void): TimerHandle {
    return this.at(this._now + Math.max(0, Math.round(delay)), fn);
  }

  at(when: Micros, fn: () => void): TimerHandle {
    if (this.heap.length >= MAX_PENDING_EVENTS) {
      throw new Error('virtual clock: too many pending events');
    }
    const ev: QueuedEvent = { at: Math.max(when, this._now), seq: this.seq++, fn, cancelled: false };
    this.push(ev);
    return {
      at: ev.at,
      cancel: () => {
        ev.cancelled = true;
      },
    };
  }

  /**
   * Run `fn` at `when` without a handle to cancel it: the cheap form the
   * network datapath uses for every frame crossing a link.
   */
  post(when: Micros, fn: () => void): void {
    if (this.heap.length >= MAX_PENDING_EVENTS) {
      throw new Error('virtual clock: too many pending events');
    }
    this.push({ at: Math.max(when, this._now), seq: this.seq++, fn, cancelled: false });
  }

  /** Time of the next live event, or undefined when nothing is scheduled. */
  nextTime(): Micros | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Run the next event (advancing the clock to it). Returns false when the queue is empty. */
  step(): boolean {
    this.dropCancelled();
    const ev = this.pop();
    if (!ev) return false;
    this._now = Math.max(this._now, ev.at);
    ev.fn();
    return true;
  }

  /** Run every event due up to and including `t`, then leave the clock at `t`. */
  runUntil(t: Micros): void {
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > t) break;
      this.step();
    }
    if (t > this._now) this._now = t;
  }

  /** Move the clock forward without running anything (used only when nothing is due). */
  advanceTo(t: Micros): void {
    const next = this.nextTime();
    if (next !== undefined && next < t) {
      throw new Error('virtual clock: advanceTo would skip pending events');
    }
    if (t > this._now) this._now = t;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  private less(a: QueuedEvent, b: QueuedEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(ev: QueuedEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): QueuedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
