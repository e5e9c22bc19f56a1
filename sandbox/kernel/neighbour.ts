/**
 * The neighbour (ARP) cache and its state machine (net/core/neighbour.c):
 * INCOMPLETE while resolving (packets wait in a small queue, broadcast
 * probes every retrans_time), REACHABLE after a reply, STALE once
 * reachable_time passes, DELAY → PROBE (unicast probes) when a STALE entry
 * is used again, FAILED after the probes run out, at which point every
 * queued packet is reported back to its sender (ICMP host unreachable).
 * Timers run on the world's virtual clock; the REACHABLE → STALE step is
 * computed when the entry is next looked at, as it makes no packet.
 */
import type { NetDevice } from './netdevice.js';
import type { Skb } from './skb.js';
import type { TimerHandle } from '../world/clock.js';
import type { KernelEnv } from './env.js';

export type NudState =
  'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'NOARP' | 'PERMANENT' | 'NONE';

export interface NeighParams {
  baseReachableUs: number;
  retransUs: number;
  delayProbeUs: number;
  ucastProbes: number;
  mcastProbes: number;
  appProbes: number;
  mcastReprobes: number;
  /** unres_qlen: packets held while resolving. */
  unresQlen: number;
}

export const DEFAULT_NEIGH_PARAMS: NeighParams = {
  baseReachableUs: 30_000_000,
  retransUs: 1_000_000,
  delayProbeUs: 5_000_000,
  ucastProbes: 3,
  mcastProbes: 3,
  appProbes: 0,
  mcastReprobes: 0,
  unresQlen: 101,
};

export interface NeighEntry {
  readonly dev: NetDevice;
  readonly ip: number;
  lladdr: string | undefined;
  state: NudState;
  router: boolean;
  probes: number;
  confirmedAt: number;
  usedAt: number;
  updatedAt: number;
  /** Packets waiting for resolution. */
  queue: Skb[];
  timer: TimerHandle | undefined;
  /** Set by `ip neigh add/replace` (NEIGH_UPDATE_F_ADMIN). */
  admin: boolean;
}

export const NUD_VALID: ReadonlySet<NudState> = new Set(['PERMANENT', 'NOARP', 'REACHABLE', 'PROBE', 'STALE', 'DELAY']);
const NUD_CONNECTED: ReadonlySet<NudState> = new Set(['PERMANENT', 'NOARP', 'REACHABLE']);

/** What the table asks of the protocol (ARP) and the IP layer. */
export interface NeighOps {
  /** Send an ARP request: unicast to `entry.lladdr` when `unicast`, else broadcast. */
  solicit(entry: NeighEntry, unicast: boolean): void;
  /** Transmit a packet now that the entry has a link-layer address. */
  output(entry: NeighEntry, s: Skb): void;
  /** The entry failed: report a queued packet to its sender. */
  errorReport(entry: NeighEntry, s: Skb): void;
  /** A state change worth reporting (for trace and the page). */
  changed(entry: NeighEntry, from: NudState): void;
}

export class NeighTable {
  private entries = new Map<number, NeighEntry>();
  reachableUs: number;

  constructor(
    private readonly env: KernelEnv,
    private readonly ops: NeighOps,
    readonly params: NeighParams = DEFAULT_NEIGH_PARAMS,
  ) {
    this.reachableUs = this.randomReachable();
  }

  /** neigh_rand_reach_time: uniform in [base/2, 3·base/2). */
  private randomReachable(): number {
    const base = this.params.baseReachableUs;
    return Math.floor(base / 2 + this.env.rng.next() * base);
  }

  /** ifindex and address packed in one number (exact below 2^53): no string per packet. */
  private key(dev: NetDevice, ip: number): number {
    return dev.ifindex * 4294967296 + (ip >>> 0);
  }

  get(dev: NetDevice, ip: number): NeighEntry | undefined {
    const e = this.entries.get(this.key(dev, ip));
    if (e) this.refresh(e);
    return e;
  }

  list(dev?: NetDevice): NeighEntry[] {
    const out: NeighEntry[] = [];
    for (const e of this.entries.values()) {
      if (dev && e.dev !== dev) continue;
      this.refresh(e);
      out.push(e);
    }
    return out;
  }

  create(dev: NetDevice, ip: number): NeighEntry {
    const now = this.env.clock.now;
    const e: NeighEntry = {
      dev,
      ip: ip >>> 0,
      lladdr: undefined,
      state: 'NONE',
      router: false,
      probes: 0,
      confirmedAt: now,
      usedAt: now,
      updatedAt: now,
      queue: [],
      timer: undefined,
      admin: false,
    };
    this.entries.set(this.key(dev, ip), e);
    return e;
  }

  delete(e: NeighEntry): void {
    e.timer?.cancel();
    e.timer = undefined;
    e.queue = [];
    this.entries.delete(this.key(e.dev, e.ip));
  }

  /** neigh_ifdown: a device went down — its entries go (permanent ones too, as Linux flushes on down). */
  flushDev(dev: NetDevice, keepPermanent: boolean): void {
    for (const e of [...this.entries.values()]) {
      if (e.dev !== dev) continue;
      if (keepPermanent && (e.state === 'PERMANENT' || e.state === 'NOARP')) continue;
      this.delete(e);
    }
  }

  private setState(e: NeighEntry, s: NudState): void {
    if (e.state === s) return;
    const from = e.state;
    e.state = s;
    e.updatedAt = this.env.clock.now;
    this.ops.changed(e, from);
  }

  /** The timer-less REACHABLE → STALE/DELAY step, applied when the entry is looked at. */
  private refresh(e: NeighEntry): void {
    if (e.state !== 'REACHABLE') return;
    const now = this.env.clock.now;
    const expiry = e.confirmedAt + this.reachableUs;
    if (now < expiry) return;
    // neigh_timer_handler ran at `expiry`: DELAY if the entry had been used recently, else STALE.
    if (e.usedAt + this.params.delayProbeUs >= expiry) {
      this.setState(e, 'DELAY');
      this.arm(e, expiry + this.params.delayProbeUs);
    } else {
      this.setState(e, 'STALE');
    }
  }

  private arm(e: NeighEntry, at: number): void {
    e.timer?.cancel();
    e.timer = this.env.clock.at(at, () => this.timer(e));
  }

  private maxProbes(e: NeighEntry): number {
    const p = this.params;
    return p.ucastProbes + p.appProbes + (e.state === 'PROBE' ? p.mcastReprobes : p.mcastProbes);
  }

  /** neigh_timer_handler. */
  private timer(e: NeighEntry): void {
    e.timer = undefined;
    if (this.entries.get(this.key(e.dev, e.ip)) !== e) return;
    const now = this.env.clock.now;
    if (e.state === 'DELAY') {
      if (now <= e.confirmedAt + this.params.delayProbeUs) {
        this.setState(e, 'REACHABLE');
        return;
      }
      this.setState(e, 'PROBE');
      e.probes = 0;
    }
    if (e.state !== 'INCOMPLETE' && e.state !== 'PROBE') return;
    if (e.probes >= this.maxProbes(e)) {
      this.setState(e, 'FAILED');
      const q = e.queue;
      e.queue = [];
      for (const s of q) this.ops.errorReport(e, s);
      return;
    }
    this.arm(e, now + this.params.retransUs);
    const unicast = e.probes < this.params.ucastProbes && e.lladdr !== undefined;
    this.ops.solicit(e, unicast);
    e.probes++;
  }

  /** neigh_resolve_output / __neigh_event_send: send now or hold the packet until resolved. */
  send(e: NeighEntry, s: Skb): void {
    this.refresh(e);
    const now = this.env.clock.now;
    e.usedAt = now;
    if (NUD_CONNECTED.has(e.state) || e.state === 'DELAY' || e.state === 'PROBE') {
      this.ops.output(e, s);
      return;
    }
    if (e.state === 'STALE') {
      this.setState(e, 'DELAY');
      this.arm(e, now + this.params.delayProbeUs);
      this.ops.output(e, s);
      return;
    }
    if (e.state !== 'INCOMPLETE') {
      // NONE or FAILED: start resolving.
      e.probes = this.params.ucastProbes;
      this.setState(e, 'INCOMPLETE');
      this.arm(e, now);
    }
    if (e.queue.length >= this.params.unresQlen) e.queue.shift();
    e.queue.push(s);
  }

  /**
   * neigh_update from the wire: an ARP reply (`solicited`) makes the entry
   * REACHABLE; a request or unsolicited reply makes it STALE, unless the address
   * is unchanged, in which case a valid entry keeps its state.
   */
  learn(e: NeighEntry, lladdr: string, solicited: boolean): void {
    if (e.state === 'PERMANENT' || e.state === 'NOARP') return;
    const now = this.env.clock.now;
    const same = e.lladdr === lladdr;
    if (solicited) {
      e.confirmedAt = now;
      e.lladdr = lladdr;
      e.timer?.cancel();
      e.timer = undefined;
      this.setState(e, 'REACHABLE');
    } else if (!same || !NUD_VALID.has(e.state)) {
      e.lladdr = lladdr;
      e.timer?.cancel();
      e.timer = undefined;
      this.setState(e, 'STALE');
    }
    if (e.queue.length > 0) {
      const q = e.queue;
      e.queue = [];
      for (const s of q) this.ops.output(e, s);
    }
  }

  /** An administrative update (ip neigh add/replace/change). */
  adminSet(e: NeighEntry, lladdr: string | undefined, state: NudState): void {
    const now = this.env.clock.now;
    e.timer?.cancel();
    e.timer = undefined;
    e.admin = true;
    if (lladdr !== undefined) e.lladdr = lladdr;
    e.confirmedAt = now;
    if (state === 'INCOMPLETE' || state === 'PROBE' || state === 'DELAY') {
      e.probes = state === 'INCOMPLETE' ? this.params.ucastProbes : 0;
      this.setState(e, state);
      this.arm(e, now);
    } else {
      this.setState(e, state);
    }
    if (NUD_VALID.has(e.state) && e.lladdr !== undefined && e.queue.length > 0) {
      const q = e.queue;
      e.queue = [];
      for (const s of q) this.ops.output(e, s);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
