/**
 * The world's event bus. The kernel reports every decision it makes on a packet
 * here (route matched, neighbour used, bridged, encapsulated, dropped…); the
 * `trace` command and the page's topology view listen. Listeners are called
 * synchronously and must not throw into the emitter.
 */
export interface WorldEventBase {
  /** Virtual time in microseconds. */
  at: number;
  type: string;
}

export type Listener<E> = (e: E) => void;

export class EventBus<E extends WorldEventBase = WorldEventBase> {
  private listeners = new Set<Listener<E>>();

  on(cb: Listener<E>): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(e: E): void {
    for (const cb of this.listeners) {
      try {
        cb(e);
      } catch {
        // A broken listener (say, a page that went away) must not break the kernel.
      }
    }
  }
}
