/**
 * What a network namespace needs from the world around it: time, randomness
 * and somewhere to report decisions. The World provides all three.
 */
import type { VirtualClock } from '../world/clock.js';
import type { Rng } from '../world/rng.js';
import type { EventBus, WorldEventBase } from '../world/events.js';

export interface KernelEnv {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly events: EventBus<WorldEventBase>;
}

/**
 * Per-hop latencies (µs). Chosen so that a same-node ping reads ≈0.1 ms and a
 * cross-node one ≈0.3 ms, as on the article's cluster.
 */
export const DELAY = {
  /** A veth pair hands the frame to its peer's backlog. */
  vethUs: 22,
  /** A frame crossing the underlay switch between two NICs. */
  wireUs: 95,
  /** Loopback: netif_rx on the same host. */
  loopbackUs: 5,
  /** Random extra per hop, so RTTs are not all identical (mdev ≠ 0). */
  jitterUs: 8,
} as const;
